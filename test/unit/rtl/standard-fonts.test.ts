// pdfkit's standard 14 fonts (AFM metrics, no glyph layout) in a document passed through prepareBidi.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import { describe, expect, it } from 'vitest';
import { installRtl, prepareBidi } from '../../../src/pdfmake-rtl.js';
import { pdfText, tempDir } from '../../helpers.js';

describe('standard fonts', () => {
  it('lay out a prepared paragraph instead of failing on the missing glyph layout', async () => {
    pdfmake.addFonts({ Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' } });
    installRtl(pdfmake);
    const doc = prepareBidi({ defaultStyle: { font: 'Helvetica' }, content: ['Standard fonts have no glyph layout.', { text: 'Second line', bold: true }] }, { baseDir: 'ltr' });
    const file = join(tempDir(), 'standard.pdf');
    writeFileSync(file, (await pdfmake.createPdf(doc as never).getBuffer()) as Buffer);
    expect(pdfText(file).trim().split('\n')).toEqual(['Standard fonts have no glyph layout.', 'Second line']);
  });
});
