// A left-to-right briefing (lang: en) through the same templates: English labels, Latin digits,
// text from the left margin in the PDF, ltr pages in the EPUB and the HTML page.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../src/index.js';
import { openEpub, pdfText, root, tempDir, xhtmlText } from '../helpers.js';
import { normalise, tokens } from '../support/pdf-compare.js';
import { openPdfjs } from '../support/pdfjs.js';
import { fold } from '../support/text.js';

const out = tempDir();
const file = (ext: string) => join(out, `sample-en.${ext}`);

beforeAll(async () => {
  await buildFile(join(root, 'data', 'sample-en.yaml'), { outDir: out, formats: ['pdf', 'epub', 'html'] });
});

describe('an English briefing', () => {
  it('reads left to right in the PDF, with English labels and Latin page numbers', () => {
    const text = pdfText(file('pdf'));
    for (const phrase of ['Statements', 'Speakers', 'Themes and speakers', '14 May 2024', 'Shared rivers need shared data. Without it, every dry season becomes a dispute.', 'He said that 3 of the 9 countries already exchange river-flow measurements every week']) {
      expect(fold(text)).toContain(phrase);
    }
    expect(text).toMatch(/^1 ?\/ ?\d+$/m);
    expect(text).not.toMatch(/[۰-۹]/);
    // Lines start at the left margin (56 pt), not the right one.
    const bbox = execFileSync('pdftotext', ['-f', '3', '-l', '3', '-bbox-layout', file('pdf'), '-'], { encoding: 'utf8' });
    const starts = [...bbox.matchAll(/<line xMin="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(starts.filter((x) => Math.abs(x - 56) < 2).length).toBeGreaterThan(starts.length / 2);
  });

  it('keeps a Persian phrase inside English text in reading order in the PDF', () => {
    // Words and numbers in order; poppler moves brackets and spaces at a change of direction (RESEARCH.md).
    const words = (s: string) => tokens(normalise(s)).map((t) => t.text);
    const expected = words('A Persian phrase stays right to left inside English text: نشست امنیت آب (water security meeting).');
    const got = words(pdfText(file('pdf')));
    const at = got.indexOf('A', got.indexOf('Persian') - 1);
    expect(got.slice(at, at + expected.length)).toEqual(expected);
  });

  it('marks the Persian phrase fa in the PDF (a Span with Lang and its logical text), the EPUB and the HTML', async () => {
    const doc = await openPdfjs(file('pdf'));
    const spans: { lang?: string; alt?: string }[] = [];
    const walk = (n: { role?: string; lang?: string; alt?: string; children?: unknown[] }) => {
      if (n.role === 'Span' && n.lang === 'fa') spans.push(n);
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as never);
    expect(spans.map((s) => s.alt)).toEqual(['نشست امنیت آب']);
    const fa = /<span lang="fa" xml:lang="fa" dir="rtl">\u2067?نشست امنیت آب\u2069?<\/span>/;
    const book = await openEpub(file('epub'));
    const pages = book.names.filter((n) => /\d+-[a-z-]+\.xhtml$/.test(n));
    expect((await Promise.all(pages.map((p) => book.text(p)))).join(' ')).toMatch(fa);
    expect(readFileSync(file('html'), 'utf8')).toMatch(fa);
  });

  it('gives the EPUB left-to-right pages and progression in English', async () => {
    const book = await openEpub(file('epub'));
    const opf = await book.text('OEBPS/content.opf');
    expect(opf).toMatch(/page-progression-direction="ltr"/);
    expect(opf).toMatch(/<dc:language>en<\/dc:language>/);
    const pages = book.names.filter((n) => /\d+-[a-z-]+\.xhtml$/.test(n));
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) expect(await book.text(p), p).toMatch(/<html[^>]+dir="ltr"/);
    const all = xhtmlText((await Promise.all(pages.map((p) => book.text(p)))).join(' '));
    expect(all).toContain('Which speaker addressed which theme');
  });

  it('gives the HTML page lang en and dir ltr', () => {
    const html = readFileSync(file('html'), 'utf8');
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toContain('Regional Water Security Forum');
  });
});
