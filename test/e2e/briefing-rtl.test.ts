// The RTL cases through the product's own PDF path: XHTML → theme mapping → RTL layer → pdfmake,
// one top-level section (so one page) per case, read back with pdftotext in logical order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeText } from 'entities';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/model/load.js';
import { renderPdf } from '../../src/pdf/index.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { builtinTemplates } from '../../src/io/paths.js';
import { splitSections } from '../../src/render/sections.js';
import { toView } from '../../src/view/index.js';
import { copiedMismatch, drawnLines, pagesOf, pdfjsCopied, visualMismatch, type Band } from '../support/pdf-compare.js';
import { CASES, plain } from '../support/rtl-cases.js';
import { fixtures, tempDir } from '../helpers.js';

// Everything between the running header and the page number (A4, the theme's 64 pt margins).
const BODY: Band = { top: 60, height: 722 };
const pdf = join(tempDir(), 'cases.pdf');

beforeAll(async () => {
  const view = toView(parseBriefing(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'), 'minimal.yaml'));
  const xhtml = CASES.map((c, i) => {
    const body = typeof c.text === 'string' ? escapeText(c.text) : c.text.map((t) => (t.bold ? `<strong>${escapeText(t.text)}</strong>` : escapeText(t.text))).join('');
    return `<section id="case-${i}" class="new-page"><p dir="${c.dir ?? 'auto'}">${body}</p></section>`;
  }).join('\n');
  const theme = await loadTheme(builtinTemplates);
  writeFileSync(pdf, await renderPdf(view, { xhtml, sections: splitSections(xhtml) }, { theme, creationDate: new Date(0) }));
});

describe('Persian paragraphs in the product PDF', () => {
  it.each(CASES.map((c, i) => [c.id, i] as const))('%s: copied in logical order and drawn in bidi order', async (_id, i) => {
    const c = CASES[i]!;
    // The glyphs as drawn (ActualText is cut for PDFium's copy, not for the drawing: rtl/README.md).
    const lines = await drawnLines(pdf, i + 1, BODY);
    // Copied as pdf.js (Firefox) copies it: poppler reads the runs' ActualText, cut for PDFium (rtl/README.md).
    expect(copiedMismatch(plain(c.text), await pdfjsCopied(pdf, i + 1, BODY), lines)).toBeNull();
    expect(visualMismatch(plain(c.text), c.dir ?? 'auto', lines)).toBeNull();
  });

  it('keeps every ZWNJ (نیم‌فاصله) when the text is copied', () => {
    const pages = pagesOf(pdf, BODY);
    CASES.forEach((c, i) => {
      expect((pages[i]!.match(/\u200c/g) ?? []).length, c.id).toBe((plain(c.text).match(/\u200c/g) ?? []).length);
    });
  });
});
