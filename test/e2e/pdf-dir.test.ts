// `dir` on inline elements and <bdi> isolate their text in the PDF as they do in HTML: the PDF's word
// order must be Chromium's for the same XHTML, and the isolate marks are never drawn or copied.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/model/load.js';
import { renderPdf } from '../../src/pdf/index.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { builtinTemplates } from '../../src/io/paths.js';
import { splitSections } from '../../src/render/sections.js';
import { toView } from '../../src/view/index.js';
import { fontFace } from '../../src/fonts/index.js';
import { drawnLines, visualLines, type PdfWord } from '../support/pdf-compare.js';
import { chromiumPdf, hasChromium } from '../support/chromium.js';
import { fixtures, tempDir } from '../helpers.js';
import { openPdfjs } from '../support/pdfjs.js';

const CASES: { id: string; xhtml: string; logical: string }[] = [
  { id: 'span dir=ltr in Persian', xhtml: '<p>نشانی <span dir="ltr">version 2.0!</span> است</p>', logical: 'نشانی version 2.0! است' },
  { id: 'styled runs inside one span', xhtml: '<p>نشانی <span dir="ltr">version <strong>2.0</strong>!</span> است</p>', logical: 'نشانی version 2.0! است' },
  { id: 'bdi (auto) in Persian', xhtml: '<p>کاربر <bdi>alice!</bdi> پاسخ داد</p>', logical: 'کاربر alice! پاسخ داد' },
  { id: 'span dir=rtl in English', xhtml: '<p dir="ltr">The word <span dir="rtl">سلام، دنیا!</span> means hello.</p>', logical: 'The word سلام، دنیا! means hello.' },
  // Bidi controls in data (override, isolate, mark) between styled runs: the separator stays between the facts.
  { id: 'bidi controls from data between styled runs', xhtml: '<p dir="ltr"><strong>A:</strong> left \u202Eoverride\u202C and \u2067iso\u2069 and \u200Fmark · <strong>B:</strong> Org می‌خواهند</p>', logical: 'A: left \u202Eoverride\u202C and \u2067iso\u2069 and \u200Fmark · B: Org می‌خواهند' },
  { id: 'dir=auto skips an isolate', xhtml: '<p dir="auto"><bdi>GPT-4</bdi> یک مدل زبانی است</p>', logical: 'GPT-4 یک مدل زبانی است' },
];

const dir = tempDir();
const ours = join(dir, 'ours.pdf');
// Between the running header and the page number.
const BODY = { top: 60, height: 722 };

beforeAll(async () => {
  const view = toView(parseBriefing(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'), 'minimal.yaml'));
  const xhtml = CASES.map((c, i) => `<section id="case-${i}" class="new-page">${c.xhtml}</section>`).join('\n');
  const theme = await loadTheme(builtinTemplates);
  writeFileSync(ours, await renderPdf(view, { xhtml, sections: splitSections(xhtml) }, { theme, creationDate: new Date(0) }));
});

/** Chromium's print of the same paragraphs, one per page, in a right-to-left page with Vazirmatn (as XHTML, parsed as XML). */
function chromiumPage(): string {
  const face = (weight: number) => `@font-face { font-family: Vazirmatn; font-weight: ${weight}; src: url("${pathToFileURL(fontFace(weight as 400 | 700).path).href}"); }`;
  return `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" lang="fa" dir="rtl"><head><meta charset="utf-8"/><style>
${face(400)} ${face(700)}
@page { size: A4; margin: 56pt; }
body { margin: 0; font: 11pt/1.5 Vazirmatn; }
section { break-after: page; }
</style></head><body>
${CASES.map((c) => `<section>${c.xhtml}</section>`).join('\n')}
</body></html>`;
}

/**
 * The words of a page's one line left to right, each spelled so that renderers compare: poppler
 * spells a right-to-left word as drawn or as typed depending on the producer, so such a word is
 * given by its sorted letters.
 */
async function drawnWords(file: string, page: number, band?: typeof BODY, ourPdf = false): Promise<string[]> {
  // Ours as pdf.js reads its runs (drawnLines: their ActualText is cut for PDFium's copy, not for the
  // drawing); Chromium's as poppler reads its runs' ActualText, which follows its drawing.
  const lines = (ourPdf ? await drawnLines(file, page, band) : visualLines(file, page, band)).filter((l) => l.length > 0);
  expect(lines, `${file} page ${page}`).toHaveLength(1);
  // Bidi controls and ZWNJ draw nothing; Chromium keeps them in the copied text, pdf.js not always.
  const words = lines[0]!.flatMap((w: PdfWord) => w.text.replace(/[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').split(/\s+/).filter(Boolean));
  return words.map((w) => (/[\u0600-\u06ff]/.test(w) ? [...w].sort().join('') : w));
}

describe('dir on inline elements and <bdi> in the PDF', () => {
  it.skipIf(!hasChromium).each(CASES.map((c, i) => [c.id, i] as const))('%s: words drawn in the order Chromium draws them', async (_id, i) => {
    const reference = chromiumPdf(chromiumPage(), 'xhtml');
    expect(await drawnWords(ours, i + 1, BODY, true)).toEqual(await drawnWords(reference, i + 1));
  });

  it('draws no isolate mark, and gives readers each paragraph in logical order (ActualText)', async () => {
    // poppler's own bidi marks (U+202A-U+202C) are its doing; the isolates (U+2066-U+2069) would be ours.
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', ours, '-'], { encoding: 'utf8' })).not.toMatch(/[\u2066-\u2069]/);
    const doc = await openPdfjs(ours);
    const paragraphs: string[] = [];
    const walk = (n: { role?: string; alt?: string; children?: unknown[] }) => {
      if (n.role === 'P' && n.alt) paragraphs.push(n.alt);
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as never);
    expect(paragraphs).toEqual(CASES.map((c) => c.logical));
  });
});
