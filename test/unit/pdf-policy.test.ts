// pdfmake may load the fonts the build chose and nothing else, whatever a document definition asks for.
import { describe, expect, it } from 'vitest';
import pdfmake from 'pdfmake';
import { fontFace } from '../../src/fonts/index.js';
import { allowOnlyFiles, type ResourcePolicies } from '../../src/pdf/policy.js';
import { fixtures } from '../helpers.js';
import { join } from 'node:path';

const regular = fontFace(400).path;
pdfmake.setFonts({ Vazirmatn: { normal: regular, bold: regular, italics: regular, bolditalics: regular } });
allowOnlyFiles(pdfmake as unknown as ResourcePolicies, [regular]);

const build = (doc: Record<string, unknown>) =>
  pdfmake.createPdf({ defaultStyle: { font: 'Vazirmatn' }, ...doc } as never).getBuffer() as Promise<Buffer>;

describe('the PDF resource policy', () => {
  it('lets a document use the chosen font', async () => {
    const bytes = await build({ content: 'سلام' });
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses another local file asked for as an image', async () => {
    await expect(build({ content: [{ image: join(fixtures, 'minimal.yaml') }] })).rejects.toThrow(/Access to local file denied/);
    await expect(build({ content: [{ image: 'pic' }], images: { pic: '/etc/passwd' } })).rejects.toThrow(/Access to local file denied/);
  });

  it('refuses a local file asked for as a font or an attachment', async () => {
    pdfmake.addFonts({ Other: { normal: '/etc/hostname' } });
    await expect(build({ content: { text: 'x', font: 'Other' } })).rejects.toThrow(/Access to local file denied/);
    await expect(build({ content: 'x', files: { f: { src: '/etc/hostname' } } })).rejects.toThrow();
  });

  it('refuses every URL, without fetching it', async () => {
    await expect(build({ content: [{ image: 'pic' }], images: { pic: 'https://example.org/pic.png' } })).rejects.toThrow(/denied|not allowed|policy/i);
    await expect(build({ content: [{ image: 'pic' }], images: { pic: 'http://127.0.0.1:9/x.png' } })).rejects.toThrow(/denied|not allowed|policy/i);
  });
});
