// Paragraphs across page breaks, as a reader turning the pages sees them: no paragraph leaves its
// first line alone at the foot of a page (an orphan), nor, when it is short enough to move whole
// (lone-lines.ts: four lines at most), its last line alone at the head of the next (a widow). The
// widow check covers body paragraphs (the summary): a quote's last line is not always seen.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { MAX_MOVED_LINES } from '../../src/pdf/lone-lines.js';
import { pdfPages, pdfPageTexts, root, runCli, tempDir } from '../helpers.js';

const out = tempDir('briefing-widows-');
const mcis = YAML.parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8')) as Record<string, unknown> & {
  participants: { id: string }[];
};

// Every word of paragraph i starts with the two letters of its code: a line of the PDF text tells
// which paragraph it belongs to. Codes use letters that need no joining form to be read back.
const LETTERS = ['ب', 'پ', 'ت', 'ث', 'ج', 'چ', 'ح', 'خ', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ک', 'گ', 'ل', 'م', 'ن', 'ه', 'ی'];
const code = (i: number) => `${LETTERS[Math.floor(i / LETTERS.length) % LETTERS.length]}${LETTERS[i % LETTERS.length]}`;
const ENDINGS = ['ان', 'یم', 'ست', 'ند', 'یر', 'گر', 'مه', 'کت'];
/** Paragraph i: 5 to 85 words, lengths spread so that breaks land on every line of a paragraph. */
function paragraph(i: number): string {
  const words = 5 + ((i * 37) % 81);
  return Array.from({ length: words }, (_, w) => `${code(i)}${ENDINGS[(i + w) % ENDINGS.length]}${ENDINGS[(w * 3) % ENDINGS.length]}`).join(' ');
}

function briefing(layout: 'brief' | 'report', count: number, first: number): string {
  const ids = mcis.participants.map((p) => p.id);
  const summary = Array.from({ length: count }, (_, i) => paragraph(first + i));
  const statements = Array.from({ length: count }, (_, i) => ({
    speaker: ids[i % ids.length],
    kind: 'quote',
    text: [paragraph(first + count + 2 * i), paragraph(first + count + 2 * i + 1)],
  }));
  const file = join(out, `paragraphs-${layout}.yaml`);
  writeFileSync(file, YAML.stringify({ ...mcis, id: `paragraphs-${layout}`, layout, summary, statements, themes: undefined }, { lineWidth: 0 }));
  return file;
}

/** Per page, the code of the paragraph each line of body text belongs to ('' for any other line). */
function pageLines(pdf: string): string[][] {
  return Array.from({ length: pdfPages(pdf) }, (_, k) =>
    pdfPageTexts(pdf)[k]!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !/^[\d۰-۹]+ \/ [\d۰-۹]+$/.test(l) && l !== mcis.title)
      .map((l) => {
        const codes = new Set(l.split(/\s+/).map((w) => w.slice(0, 2)));
        const words = l.split(/\s+/);
        return codes.size === 1 && words.every((w) => w.length >= 5) && LETTERS.includes(words[0]![0]!) ? [...codes][0]! : '';
      }),
  );
}

/** Paragraphs split across pages with one line on either side: `page N: orphan|widow code`. */
function loneLines(pdf: string, body: Set<string>): { lone: string[]; splits: number } {
  const pages = pageLines(pdf);
  const lone: string[] = [];
  let splits = 0;
  for (let k = 0; k + 1 < pages.length; k++) {
    const here = pages[k]!;
    const next = pages[k + 1]!;
    const last = here.at(-1);
    if (!last || next[0] !== last) continue;
    splits++;
    const lines = here.filter((c) => c === last).length + next.filter((c) => c === last).length;
    if (here.at(-2) !== last) lone.push(`page ${k + 1}: orphan ${last}`);
    if (next[1] !== last && lines <= MAX_MOVED_LINES && body.has(last)) lone.push(`page ${k + 2}: widow ${last} of ${lines} lines`);
  }
  return { lone, splits };
}

let pdfs: Record<'brief' | 'report', string>;
/** The codes of the summary's paragraphs, per layout. */
const summaries = {
  report: new Set(Array.from({ length: 40 }, (_, i) => code(i))),
  brief: new Set(Array.from({ length: 30 }, (_, i) => code(200 + i))),
};
beforeAll(() => {
  const files = { report: briefing('report', 40, 0), brief: briefing('brief', 30, 200) };
  const r = runCli(['build', files.report, files.brief, '--out', out, '--format', 'pdf']);
  expect(r.status, r.stderr).toBe(0);
  pdfs = { report: join(out, 'paragraphs-report.pdf'), brief: join(out, 'paragraphs-brief.pdf') };
});

describe('paragraphs across page breaks', () => {
  for (const layout of ['report', 'brief'] as const) {
    it(`leave no single line of a paragraph alone at the foot or head of a page (${layout})`, () => {
      const { lone, splits } = loneLines(pdfs[layout], summaries[layout]);
      expect(pdfPages(pdfs[layout])).toBeGreaterThan(5);
      // The check sees paragraphs split across pages at all (it reads the paragraphs back).
      expect(splits).toBeGreaterThan(2);
      expect(lone).toEqual([]);
    });
  }
});
