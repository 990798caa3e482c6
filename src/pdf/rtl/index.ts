/** The RTL line layer's algorithms: bidi runs before layout (the hooks that reorder lines after line breaking are in ../pdfmake/). */
export type { Direction } from './bidi.js';
export { paragraphDirection } from './bidi.js';
export { prepareBidi } from './prepare.js';
