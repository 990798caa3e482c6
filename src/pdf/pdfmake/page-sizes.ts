import { pdfmakeModule } from './registry.js';

/** pdfmake's own page sizes by name (A4, LETTER, …: width and height in points), from the pdfmake the writer uses. */
export const standardPageSizes = pdfmakeModule<Record<string, [number, number]>>('pdfmake/js/standardPageSizes.js');
