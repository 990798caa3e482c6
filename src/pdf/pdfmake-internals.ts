// The one way our hooks (rtl/install.ts, tagged.ts, styles.ts) reach pdfmake's internal classes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Loads one of pdfmake's compiled modules: the very instance its server entry (`js/index.js`) uses. */
export function pdfmakeModule<T>(name: string): T {
  const dir = dirname(require.resolve('pdfmake/js/index.js'));
  return (require(join(dir, name)) as { default: T }).default;
}

/** Refuses anything but the pdfmake instance, naming the installer that was given it. */
export function checkPdfmakeInstance(pdfmake: unknown, installer: string): void {
  if (pdfmake === null || typeof pdfmake !== 'object' || typeof (pdfmake as { createPdf?: unknown }).createPdf !== 'function') {
    throw new TypeError(`${installer} expects the pdfmake instance (import pdfmake from "pdfmake")`);
  }
}
