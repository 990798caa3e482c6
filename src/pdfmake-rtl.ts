/**
 * `briefing/pdfmake-rtl`: right-to-left and mixed-direction text for any pdfmake 0.3 document
 * definition, the layer this package's own PDFs are set with (src/pdf/rtl/README.md).
 *
 *   import pdfmake from 'pdfmake';
 *   import { installRtl, prepareBidi } from 'briefing/pdfmake-rtl';
 *   installRtl(pdfmake);                                            // once; idempotent
 *   pdfmake.createPdf(prepareBidi(docDefinition, { baseDir: 'rtl' })).write('out.pdf');
 *
 * Nodes prepareBidi has not seen go through pdfmake's stock code unchanged.
 */
export { prepareBidi, paragraphDirection, type Direction } from './pdf/rtl/index.js';
export { installRtl } from './pdf/pdfmake/rtl-hooks.js';
