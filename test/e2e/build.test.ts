// Builds the test briefing through the library and reads both outputs back as a reader's tools would.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, openEpub, pdfFonts, pdfPages, pdfText, xhtmlText } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { pdfiumPages } from '../support/text-engines.js';

let pdf: string;
let epub: string;

beforeAll(async () => {
  ({ pdf, epub } = await sharedBuild(join(fixtures, 'minimal.yaml')));
});

describe('PDF', () => {
  it('embeds Vazirmatn and no other font', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.name).toMatch(/^Vazirmatn-(Regular|Bold)$/);
      expect(f.embedded).toBe(true);
    }
  });

  it('holds the briefing text, as Chrome copies it (PDFium)', async () => {
    // Not poppler: it reads the runs' ActualText, cut for PDFium, and gives a Latin phrase inside
    // Persian in reversed word order (src/pdf/rtl/README.md, trade-offs).
    const text = (await pdfiumPages(pdf)).join('\n');
    for (const word of ['Regional Security Meeting', 'Example Wire', 'https://example.org/rsm', 'The meeting ended with a joint statement.', 'شفافیت', 'تهران', 'اظهارات', 'سخنرانان']) {
      expect(text).toContain(word);
    }
  });

  it('is A4 with numbered pages and the title in its metadata', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toContain('Title:           نشست آزمایشی امنیت منطقه‌ای');
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const lastPage = pdfText(pdf, ['-f', String(pages), '-l', String(pages)]);
    const persian = (n: number) => new Intl.NumberFormat('fa-IR').format(n);
    expect(lastPage).toContain(persian(pages));
  });
});

describe('EPUB', () => {
  it('is an EPUB 3 in Persian with right-to-left pages', async () => {
    const book = await openEpub(epub);
    expect(await book.text('mimetype')).toBe('application/epub+zip');
    const opf = await book.text('OEBPS/content.opf');
    expect(opf).toMatch(/<package[^>]+version="3.0"/);
    expect(opf).toMatch(/<dc:language>fa<\/dc:language>/);
    const pages = book.names.filter((n) => /^OEBPS\/\d+-.+\.xhtml$/.test(n));
    expect(pages.length).toBe(6);
    for (const page of pages) {
      const xhtml = await book.text(page);
      expect(xhtml, page).toMatch(/<html[^>]+lang="fa"[^>]+dir="rtl"/);
      expect(xhtml, page).toMatch(/xml:lang="fa"/);
    }
  });

  it('holds the briefing text and embeds the fonts', async () => {
    const book = await openEpub(epub);
    const pages = book.names.filter((n) => n.endsWith('.xhtml'));
    const text = xhtmlText((await Promise.all(pages.map((p) => book.text(p)))).join(' '));
    for (const phrase of ['همکاری منطقه‌ای کلید ثبات است و ۷۵٪ از شرکت‌کنندگان با آن موافق‌اند.', 'The meeting ended with a joint statement.', 'جان اسمیت', 'پژوهشگر مهمان']) {
      expect(text).toContain(phrase);
    }
    expect(book.names.some((n) => /fonts\/Vazirmatn-Regular\.(ttf|otf)$/.test(n))).toBe(true);
    expect(await book.text('OEBPS/style.css')).toContain('@font-face');
  });
});
