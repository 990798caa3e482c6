// English hyphenation in the PDF (issue 22): an English briefing's paragraphs break long words at a
// line's end with a drawn hyphen, inside the margin, where English patterns allow; the word is copied
// whole where engines join such lines (PDFium as Chrome copies, poppler) and read whole by a screen
// reader. Read from the PDF itself with pdf.js (where each line's glyphs are drawn), PDFium and poppler.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedBuild } from '../support/shared-builds.js';
import { openPdfjs } from '../support/pdfjs.js';
import { pdfiumPages, popplerPages, score } from '../support/text-engines.js';
import { fixtures, root } from '../helpers.js';

const SOURCE = join(fixtures, 'english-long.yaml');
const data = parse(readFileSync(SOURCE, 'utf8')) as { summary: string[]; statements: { text: string[] }[] };
const paragraphs = [...data.summary, ...data.statements.flatMap((s) => s.text)];
/** The theme's page margins (left, top, right, bottom) for a brief, points. */
const MARGINS = (JSON.parse(readFileSync(join(root, 'templates', 'pdf-theme.json'), 'utf8')) as { brief: { page: { margins: number[] } } }).brief.page.margins;

interface Line {
  text: string;
  right: number;
}

/** Each page's lines as pdf.js finds the glyphs drawn: their text left to right, and where the last one ends. */
async function linesOf(file: string): Promise<{ width: number; lines: Line[] }[]> {
  const doc = await openPdfjs(file);
  const pages = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const { items } = await page.getTextContent({ disableNormalization: true });
    const rows: { y: number; parts: { x: number; end: number; str: string }[] }[] = [];
    for (const item of items as { str?: string; transform?: number[]; width?: number }[]) {
      if (!item.transform || !item.str?.trim()) continue;
      const y = item.transform[5]!;
      let row = rows.find((r) => Math.abs(r.y - y) < 2);
      if (!row) rows.push((row = { y, parts: [] }));
      row.parts.push({ x: item.transform[4]!, end: item.transform[4]! + (item.width ?? 0), str: item.str });
    }
    const lines = rows
      .sort((a, b) => b.y - a.y)
      .map((r) => {
        const parts = r.parts.sort((a, b) => a.x - b.x);
        return { text: parts.map((q) => q.str).join('').replace(/\s+/g, ' ').trim(), right: Math.max(...parts.map((q) => q.end)) };
      });
    pages.push({ width: page.view[2]!, lines });
  }
  await doc.destroy();
  return pages;
}

describe('English hyphenation in the PDF', () => {
  let pdf: string;
  let pages: Awaited<ReturnType<typeof linesOf>>;
  /** Words broken at a line's end: the piece before the hyphen and the piece on the next line. */
  const broken: { before: string; after: string; line: Line }[] = [];

  beforeAll(async () => {
    ({ pdf } = await sharedBuild(SOURCE));
    pages = await linesOf(pdf);
    for (const { lines } of pages) {
      lines.forEach((line, i) => {
        const m = /(\p{L}+)-$/u.exec(line.text);
        const next = lines[i + 1];
        if (m && next) broken.push({ before: m[1]!, after: /^\p{L}+/u.exec(next.text)?.[0] ?? '', line });
      });
    }
  });

  it('breaks long words at line ends with a hyphen, only where the word allows and English typesetting does', () => {
    const words = new Set(paragraphs.join(' ').split(/[^\p{L}]+/u));
    expect(broken.length).toBeGreaterThanOrEqual(3);
    for (const { before, after } of broken) {
      // The two pieces make a word of the text: the hyphen is drawn, not typed, and nothing is lost.
      expect(words.has(before + after), `${before}-${after}`).toBe(true);
      expect(before.length, `${before}-${after}`).toBeGreaterThanOrEqual(2);
      expect(after.length, `${before}-${after}`).toBeGreaterThanOrEqual(3);
      // Never a name (capitalised) nor a compound's own hyphen doubled.
      expect(before[0], `${before}-${after}`).toMatch(/\p{Ll}/u);
    }
  });

  it('keeps the drawn hyphen inside the margin', () => {
    for (const { width, lines } of pages) {
      for (const line of lines) expect(line.right, line.text).toBeLessThanOrEqual(width - MARGINS[2]! + 0.5);
    }
    // And lines broken with a hyphen are full lines: they come within a few letters of the margin.
    for (const { line } of broken) expect(line.right, line.text).toBeGreaterThan(pages[0]!.width - MARGINS[2]! - 60);
  });

  it('is copied whole where the engine joins a hyphenated line (PDFium as Chrome copies, poppler)', async () => {
    const source = paragraphs.join('\n');
    for (const [engine, text] of [['PDFium', await pdfiumPages(pdf)], ['poppler', popplerPages(pdf)]] as const) {
      const s = score(text, paragraphs, source);
      expect(s.misses, engine).toEqual([]);
    }
  });

  it('gives a screen reader each paragraph whole, not in its drawn pieces', async () => {
    const doc = await openPdfjs(pdf);
    const read: string[] = [];
    type Node = { role?: string; alt?: string; children?: Node[] };
    const walk = (n: Node) => {
      if (n.role === 'P' && n.alt) read.push(n.alt);
      n.children?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as Node);
    await doc.destroy();
    for (const paragraph of paragraphs) expect(read).toContain(paragraph);
  });
});
