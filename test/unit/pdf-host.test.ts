// A host application that uses pdfmake itself keeps its own configuration and stock behaviour
// after building briefings through the library in the same process.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/index.js';
import { loadBriefing } from '../../src/model/load.js';
import { fontFace } from '../../src/fonts/index.js';
import { fixtures, pdfFonts, tempDir } from '../helpers.js';
import { installRtl, prepareBidi } from '../../src/pdfmake-rtl.js';
import { visualLines, visualMismatch } from '../support/pdf-compare.js';

interface HostPdfmake {
  fonts?: unknown;
  urlAccessPolicy?: unknown;
  localAccessPolicy?: unknown;
  setFonts(fonts: object): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(doc: object): { getBuffer(): Promise<Buffer> };
}
const host = pdfmake as unknown as HostPdfmake;
// The host's own font: a face the library never uses, under a family name of the host's.
const hostFont = fontFace(700).path.replace(/Vazirmatn-Bold\.ttf$/, 'Vazirmatn-Black.ttf');

/** A left-to-right document of the host's: styles, a table, a list, tagging, an attached file, its own font. */
function hostDocument(): object {
  return {
    info: { title: 'Host report', creationDate: new Date(0), modDate: new Date(0) },
    tagged: true,
    // An attached file: its /CheckSum stays pdfkit's (the MD5 as text); the library rewrites it in its own PDF/A documents only.
    files: { figures: { src: `data:text/csv;base64,${Buffer.from('item,value\nAlpha,1234\n').toString('base64')}`, name: 'figures.csv' } },
    defaultStyle: { font: 'HostSans', fontSize: 11 },
    styles: { heading: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] }, note: { italics: true, color: '#555' } },
    content: [
      { text: 'Quarterly figures', style: 'heading' },
      { text: ['Revenue rose by ', { text: '12 %', bold: true }, ' (see table). ', { text: 'Preliminary.', style: 'note' }], alignment: 'justify' },
      { table: { widths: ['*', 'auto'], body: [['Item', 'Value'], ['Alpha (a)', '1,234'], ['Beta [b]', '5,678']] } },
      { ul: ['first point', 'second point, a longer one that wraps onto a second line of the page to exercise line breaking'] },
    ],
  };
}

describe('a host application using pdfmake beside the library', () => {
  it("keeps its fonts and access policies, and its own documents come out exactly as stock pdfmake makes them", async () => {
    const fonts = { HostSans: { normal: hostFont, bold: hostFont, italics: hostFont, bolditalics: hostFont } };
    const allowUrls = () => true;
    const allowFiles = () => true;
    host.setFonts(fonts);
    host.setUrlAccessPolicy(allowUrls);
    host.setLocalAccessPolicy(allowFiles);
    // Stock pdfmake output, before the library has built anything in this process.
    const before = await host.createPdf(hostDocument()).getBuffer();

    const out = tempDir();
    const result = await buildBriefing(await loadBriefing(join(fixtures, 'minimal.yaml')), { outDir: out, formats: ['pdf'] });
    expect(result.artifacts[0]?.pages).toBeGreaterThan(1);

    // The host's configuration is as it set it.
    expect(host.fonts).toBe(fonts);
    expect(host.urlAccessPolicy).toBe(allowUrls);
    expect(host.localAccessPolicy).toBe(allowFiles);
    // Its document still builds with its own font, byte for byte as before.
    const after = await host.createPdf(hostDocument()).getBuffer();
    const file = join(out, 'host.pdf');
    writeFileSync(file, after);
    expect(pdfFonts(file).map((f) => f.name)).toEqual(['Vazirmatn-Black']);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Quarterly figures');
    expect(after.equals(before)).toBe(true);
  });

  it('sets right to left the fragments it prepares with the RTL layer, and only those', async () => {
    const persian = fontFace(400).path;
    host.setFonts({ Persian: { normal: persian, bold: persian, italics: persian, bolditalics: persian } });
    installRtl(host);
    const text = 'نشست مسکو (Moscow Conference) در ۱۴۰۲ برگزار شد';
    const render = async (content: unknown[]) => {
      const file = join(tempDir(), 'fragment.pdf');
      writeFileSync(file, await host.createPdf({ defaultStyle: { font: 'Persian' }, content }).getBuffer());
      return visualMismatch(text, 'rtl', visualLines(file, 1));
    };
    // A prepared fragment at the top level of the content: drawn in bidi order.
    expect(await render([prepareBidi({ text, dir: 'rtl' }, { baseDir: 'rtl' })])).toBeNull();
    // The same paragraph not prepared: stock pdfmake, which draws it left to right as typed.
    expect(await render([{ text }])).not.toBeNull();
  });
});
