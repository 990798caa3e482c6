// English hyphenation in the PDF (issue 22): an English briefing's paragraphs break long words at a
// line's end with a drawn hyphen, inside the margin, where English patterns allow; the word is copied
// whole where engines join such lines (PDFium as Chrome copies, poppler), and as `emphas-` / `ising`
// where they do not (pdf.js, PDFBox, MuPDF), as from any hyphenated PDF, never twice. Read from the
// PDF itself with pdf.js (where each line's glyphs are drawn) and the engines of text-engines.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedBuild } from '../support/shared-builds.js';
import { openPdfjs } from '../support/pdfjs.js';
import { readAll, score } from '../support/text-engines.js';
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
    const text = paragraphs.join(' ');
    const words = new Set(text.split(/[^\p{L}]+/u));
    expect(broken.length).toBeGreaterThanOrEqual(3);
    for (const { before, after, line } of broken) {
      // A compound's own hyphen may end a line ("decision-" / "makers"): then it is the text's.
      if (text.includes(`${before}-${after}`)) continue;
      // Else the two pieces make a word of the text: the hyphen is drawn, not typed, and nothing is lost.
      expect(words.has(before + after), `${before}-${after}`).toBe(true);
      expect(before.length, `${before}-${after}`).toBeGreaterThanOrEqual(2);
      expect(after.length, `${before}-${after}`).toBeGreaterThanOrEqual(3);
      // Never a name (capitalised), nor inside a compound ("capa-city-building").
      expect(before[0], `${before}-${after}`).toMatch(/\p{Ll}/u);
      expect(line.text, `${before}-${after}`).not.toMatch(/-\p{L}+-$/u);
    }
  });

  it('keeps the drawn hyphen inside the margin', () => {
    for (const { width, lines } of pages) {
      for (const line of lines) expect(line.right, line.text).toBeLessThanOrEqual(width - MARGINS[2]! + 0.5);
    }
    // And lines broken with a hyphen are full lines: they come within a few letters of the margin.
    for (const { line } of broken) expect(line.right, line.text).toBeGreaterThan(pages[0]!.width - MARGINS[2]! - 60);
  });

  it('is copied whole by PDFium (as Chrome copies) and poppler, in two pieces by the others, and never twice', async () => {
    const [engines] = await readAll([pdf]);
    const source = paragraphs.join('\n');
    for (const [engine, pages] of Object.entries(engines!)) {
      if (engine === 'mutool') continue; // Debian's MuPDF 1.21: no ActualText, every right-to-left word reversed
      const text = pages.join('\f');
      // pdf.js, PDFBox and MuPDF give the hyphen and the line break, as from any hyphenated PDF:
      // joined again here as pdf.js's find does. PDFium and poppler join it themselves.
      const joined = engine === 'PDFium' || engine === 'poppler' ? text : text.replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2');
      expect(score([joined], paragraphs, source).misses, engine).toEqual([]);
      if (engine === 'PDFium' || engine === 'poppler') expect(text, engine).not.toMatch(/\p{Ll}-\n\p{Ll}/u);
      // MuPDF repeats an element's ActualText after its glyphs: no paragraph may come back twice.
      const flat = joined.replace(/\s+/g, ' ');
      for (const paragraph of paragraphs) expect(flat.split(paragraph.slice(0, 60)).length - 1, `${engine}: ${paragraph.slice(0, 30)}`).toBe(1);
    }
  });
});
