/** The RTL line layer for pdfmake: bidi runs before layout, visual reordering after line breaking. */
export type { Direction } from './bidi.js';
export { paragraphDirection } from './bidi.js';
export { installRtl } from '../pdfmake/rtl-hooks.js';
export { prepareBidi } from './prepare.js';
