// A text reference inside a paragraph (`{ textReference: id }` among its pieces) in a document passed
// through prepareBidi: the referenced node's text is printed there, in its own direction, where
// pdfmake printed "[object Object]" (a prepared node's text is a list of runs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import { describe, expect, it } from 'vitest';
import { installRtl, prepareBidi } from '../../../src/pdfmake-rtl.js';
import { pdfText, root, tempDir } from '../../helpers.js';

const font = join(root, 'node_modules', 'vazirmatn', 'fonts', 'ttf', 'Vazirmatn-Regular.ttf');

describe('a text reference inside a paragraph', () => {
  it('prints the referenced text, Persian or English, in a Persian or an English paragraph', async () => {
    pdfmake.addFonts({ VazirmatnRef: { normal: font, bold: font, italics: font, bolditalics: font } });
    installRtl(pdfmake);
    const doc = prepareBidi(
      {
        defaultStyle: { font: 'VazirmatnRef' },
        content: [
          { text: 'عنوان فصل', id: 'fa' },
          { text: 'Chapter One', id: 'en', dir: 'ltr' },
          { text: ['نگاه کنید به ', { textReference: 'fa' }, ' در متن.'] },
          { text: ['نگاه کنید به ', { textReference: 'en' }, ' در متن.'] },
          { text: ['See ', { textReference: 'fa' }, ' above.'], dir: 'ltr' },
        ],
      },
      { baseDir: 'rtl' },
    );
    const file = join(tempDir(), 'reference.pdf');
    writeFileSync(file, (await pdfmake.createPdf(doc as never).getBuffer()) as Buffer);
    // poppler orders a mixed-direction line its own way: the test counts what was printed.
    const text = pdfText(file);
    expect(text).not.toMatch(/object|tcejbo/i);
    expect(text.match(/عنوان فصل/g)).toHaveLength(3);
    expect(text.match(/Chapter One/g)).toHaveLength(2);
    expect(text).toMatch(/See/);
    expect(text).toMatch(/above\./);
  });
});
