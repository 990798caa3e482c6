#!/usr/bin/env node
// Stock pdfmake as a reference for `npm run bench`: the floor of the PDF engine the product is built
// on. The same text as the Typst reference (`briefingBlocks`), set by pdfmake as published, with no
// RTL layer, no tagging, no copy text and no EPUB, in a fresh process as our CLI is: what pdfmake
// alone costs for the words, so the bench shows how much of a target is left for the product's own
// work. Its pages are not right-to-left Persian as a reader needs them (pdfmake does no bidi).
//   node bench/stock-pdfmake.mjs IN.json OUT.pdf      IN.json: the document definition
// `stockDocument(briefing)` writes that definition.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { briefingBlocks, typstFonts } from './typst.mjs';

const styles = {
  title: { fontSize: 22, bold: true, alignment: 'center' },
  subtitle: { fontSize: 14, alignment: 'center' },
  section: { fontSize: 16, bold: true, pageBreak: 'before', margin: [0, 0, 0, 8] },
  heading: { fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
  bold: { bold: true },
  quote: { margin: [24, 0, 24, 6] },
  source: { pageBreak: 'before' },
};

/** A pdfmake document definition holding the text the Typst reference sets, A4 with its margins. */
export function stockDocument(b) {
  const rtl = (b.lang ?? 'fa').startsWith('fa');
  return {
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: 'Vazirmatn', fontSize: 11, lineHeight: 1.3, alignment: rtl ? 'right' : 'left' },
    content: briefingBlocks(b).map(({ kind, text }) => ({ text: kind === 'item' ? `• ${text}` : text, margin: [0, 0, 0, 6], ...styles[kind] })),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [input, output] = process.argv.slice(2);
  const pdfmake = createRequire(import.meta.url)('pdfmake');
  const font = (weight) => resolve(typstFonts, `Vazirmatn-${weight}.ttf`);
  pdfmake.setFonts({ Vazirmatn: { normal: font('Regular'), bold: font('Bold'), italics: font('Regular'), bolditalics: font('Bold') } });
  // Files only from the font folder, nothing from the network: as the product's own build.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => resolve(path).startsWith(typstFonts));
  // Page numbers as the other references print them (a function: JSON cannot carry it).
  const doc = { ...JSON.parse(readFileSync(input, 'utf8')), footer: (page, pages) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 9 }) };
  writeFileSync(output, await pdfmake.createPdf(doc).getBuffer());
}
