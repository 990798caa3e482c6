// A briefing on a topic (issue 12): two sources each cited by one statement, no event, a marking,
// an author, an assessment, a logo and a chart, built by the CLI into PDF, EPUB and HTML.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { findAll, textContent } from 'domutils';
import { fixtures, openEpub, pdfPages, pdfText, runCli, tempDir } from '../helpers.js';
import { epubcheck } from '../support/epubcheck.js';
import { openPdfjs } from '../support/pdfjs.js';
import { fold } from '../support/text.js';
import { chromiumPdf, hasChromium } from '../support/chromium.js';

const topicDir = join(fixtures, 'topic');
const MARKING = 'فقط برای استفادهٔ داخلی';

const out = tempDir('briefing-topic-');
const pdf = join(out, 'topic-test.pdf');
const epub = join(out, 'topic-test.epub');
const html = join(out, 'topic-test.html');

beforeAll(() => {
  const r = runCli(['build', join(topicDir, 'topic-briefing.yaml'), '--out', out, '--format', 'pdf,epub,html']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

describe('topic briefing: PDF', () => {
  it('shows both sources, the author, the assessment and the caption', () => {
    const text = fold(pdfText(pdf));
    for (const s of ['خبرگزاری ایرنا', 'رویترز', 'سارا کریمی', 'واحد تحلیل', 'ارزیابی', 'به نظر نویسنده', 'صادرات نفت در چهار ماه اخیر', 'گزارش نشست انرژی']) {
      expect(text, s).toContain(s);
    }
  });

  it('prints no heading for a part it has nothing for (a topic briefing without themes)', () => {
    // The fixture has no themes: an empty «محورها» heading would stand over the sources.
    expect(fold(pdfText(pdf))).not.toContain('محورها');
  });

  it('shows each statement with the source it cites beside it', () => {
    const text = fold(pdfText(pdf));
    // poppler moves the colon across the direction change ("منبع :ایرنا"): spaces around it are free.
    expect(text).toMatch(/صادرات نفت در ماه گذشته افزایش یافت\.[^]*?منبع\s*:\s*خبرگزاری ایرنا/);
    expect(text).toMatch(/خریداران آسیایی نگران پایداری عرضه هستند\.[^]*?منبع\s*:\s*رویترز/);
  });

  // Exactly as written, hamza above included: the marking is page furniture (an artifact), and its
  // ActualText gives it back as typed (poppler read «استفادٔه» for «استفادهٔ» without it).
  it('prints the marking at the top and the bottom of every page', () => {
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) {
      const lines = pdfText(pdf, ['-f', String(p), '-l', String(p), '-layout']).split('\n').map((l) => l.trim()).filter(Boolean);
      // pdftotext may close the page with a form feed line: the last line with text is the foot.
      expect(lines[0]!, `top of page ${p}`).toContain(MARKING);
      expect(lines.at(-1)!, `bottom of page ${p}`).toContain(MARKING);
    }
  });

  it('tags the logo and the chart as Figure elements with their alt text', async () => {
    const doc = await openPdfjs(pdf);
    type JsNode = { role?: string; alt?: string; children?: JsNode[] };
    const figures: JsNode[] = [];
    const walk = (n: JsNode) => {
      if (n.role === 'Figure') figures.push(n);
      n.children?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as JsNode);
    expect(figures.map((f) => f.alt)).toEqual(['نشان واحد تحلیل', 'نمودار میله‌ای صادرات چهار ماه اخیر']);
    // The same in the PDF's own objects, as qpdf lists them.
    const { objects } = JSON.parse(execFileSync('qpdf', ['--json=1', '--json-key=objects', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { objects: Record<string, unknown> };
    const alts = Object.values(objects).flatMap((o) => ((o as Record<string, unknown> | null)?.['/S'] === '/Figure' ? [(o as Record<string, unknown>)['/Alt']] : []));
    expect(alts).toEqual(['نشان واحد تحلیل', 'نمودار میله‌ای صادرات چهار ماه اخیر']);
  });
});

describe('topic briefing: EPUB', () => {
  it('passes EPUBCheck with no fatal, error or warning', async () => {
    expect((await epubcheck(epub)).problems).toEqual([]);
  }, 240_000);

  it('has a cover image, and every image has alt text inside a figure with its caption', async () => {
    const book = await openEpub(epub);
    const opf = parseDocument(await book.text('OEBPS/content.opf'), { xmlMode: true });
    const items = findAll((e) => e.name === 'item', opf.children);
    const cover = items.find((i) => i.attribs.properties === 'cover-image');
    expect(cover?.attribs['media-type']).toBe('image/png');
    const png = await (await import('jszip')).default.loadAsync(readFileSync(epub)).then((z) => z.file(`OEBPS/${cover!.attribs.href}`)!.async('nodebuffer'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    const pages = book.names.filter((n) => n.endsWith('.xhtml') && !n.endsWith('toc.xhtml'));
    const imgs = [];
    for (const name of pages) {
      const doc = parseDocument(await book.text(name), { xmlMode: true });
      for (const img of findAll((e) => e.name === 'img', doc.children)) imgs.push({ name, img });
      for (const fig of findAll((e) => e.name === 'figure', doc.children)) {
        expect(findAll((e) => e.name === 'img', fig.children)).toHaveLength(1);
        expect(textContent(findAll((e) => e.name === 'figcaption', fig.children)[0]!)).toContain('صادرات نفت در چهار ماه اخیر');
      }
    }
    expect(imgs.map(({ img }) => img.attribs.alt)).toEqual(['نشان واحد تحلیل', 'نمودار میله‌ای صادرات چهار ماه اخیر']);
    // Each image is in the book, under the name the page uses: nothing is left to fetch.
    for (const { img } of imgs) expect(book.names).toContain(`OEBPS/${img.attribs.src}`);
  });

  it('dates the edition by its issue date and revision', async () => {
    const opf = await (await openEpub(epub)).text('OEBPS/content.opf');
    expect(opf).toContain('<meta property="dcterms:modified">2024-05-02T00:01:00Z</meta>');
    expect(opf).toContain('<dc:creator id="creator">سارا کریمی</dc:creator>');
  });
});

describe('topic briefing: HTML', () => {
  it('carries its images inside the page, with alt text, and the marking on the title page', () => {
    const page = readFileSync(html, 'utf8');
    const doc = parseDocument(page);
    const srcs = findAll((e) => e.name === 'img', doc.children).map((i) => i.attribs.src ?? '');
    expect(srcs).toHaveLength(2);
    for (const src of srcs) expect(src).toMatch(/^data:image\/(png|jpeg);base64,/);
    expect(page).toContain(`<p class="marking">${MARKING}</p>`);
  });
});

describe('topic briefing: errors', () => {
  it('refuses a statement that cites a source id that does not exist, naming it', () => {
    const dir = tempDir('briefing-topic-bad-');
    const source = readFileSync(join(topicDir, 'topic-briefing.yaml'), 'utf8').replace('source: reuters', 'source: afp');
    writeFileSync(join(dir, 'b.yaml'), source);
    copyFileSync(join(topicDir, 'logo.jpg'), join(dir, 'logo.jpg'));
    copyFileSync(join(topicDir, 'chart.png'), join(dir, 'chart.png'));
    const line = source.split('\n').findIndex((l) => l.includes('source: afp')) + 1;
    for (const command of ['validate', 'build']) {
      const r = runCli(command === 'build' ? [command, join(dir, 'b.yaml'), '--out', join(dir, 'out')] : [command, join(dir, 'b.yaml')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${join(dir, 'b.yaml')}:${line}:13: statements.1.source: unknown source "afp"`);
    }
  });
});

describe('topic briefing: the sources list in the readers', () => {
  /** The line holding `start`, without the bidi controls poppler puts around runs. */
  const entry = (text: string, start: string) => text.split('\n').map((l) => l.replace(/[\u200e\u200f\u202a-\u202e]/g, '')).find((l) => l.includes(start)) ?? '';

  it.skipIf(!hasChromium)('is numbered in Persian digits where the list style is known (Chromium printing our HTML), as in the PDF', () => {
    const printed = execFileSync('pdftotext', ['-enc', 'UTF-8', chromiumPdf(readFileSync(html, 'utf8')), '-'], { encoding: 'utf8' });
    expect(entry(printed, 'به گزارش خبرگزاری ایرنا')).toMatch(/^\s*(\.۱|۱\.)(?![۰-۹])/);
    expect(entry(printed, 'به گزارش رویترز')).toMatch(/^\s*(\.۲|۲\.)(?![۰-۹])/);
    expect(printed).not.toMatch(/(^|\s)[12]\.\s/m);
  });

  it('keeps its numbers in MuPDF, which knows no Persian list style (bullets would lose them)', () => {
    const drawn = execFileSync('mutool', ['draw', '-q', '-W', '360', '-H', '640', '-F', 'txt', '-o', '-', epub], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(drawn).toMatch(/^\s*1\.\s*به گزارش خبرگزاری ایرنا/m);
    expect(drawn).not.toContain('•');
  });
});
