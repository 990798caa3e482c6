// The one way our hooks (rtl/install.ts, tagged.ts, styles.ts) reach pdfmake's internal classes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Loads one of pdfmake's compiled modules from `dir` (a `pdfmake/js` folder; default: the pdfmake this
 * package depends on): the very instance that folder's server entry (`index.js`) uses.
 */
export function pdfmakeModule<T>(name: string, dir = ownPdfmakeDir()): T {
  return (require(join(dir, name)) as { default: T }).default;
}

function ownPdfmakeDir(): string {
  return dirname(require.resolve('pdfmake/js/index.js'));
}

/**
 * The `pdfmake/js` folder a pdfmake instance was loaded from, found by identity in Node's module
 * cache: a user's pdfmake may be another copy than ours (another version, not deduplicated), and
 * hooks must go on the classes that instance uses. Undefined when it is not in the cache.
 */
export function pdfmakeDirOf(pdfmake: object): string | undefined {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!mod || !/[\\/]pdfmake[\\/]js[\\/]index\.js$/.test(file)) continue;
    const exported = mod.exports as { default?: unknown } | undefined;
    if (exported === pdfmake || exported?.default === pdfmake) return dirname(file);
  }
  return undefined;
}

/** Refuses anything but the pdfmake instance, naming the installer that was given it. */
export function checkPdfmakeInstance(pdfmake: unknown, installer: string): void {
  if (pdfmake === null || typeof pdfmake !== 'object' || typeof (pdfmake as { createPdf?: unknown }).createPdf !== 'function') {
    throw new TypeError(`${installer} expects the pdfmake instance (import pdfmake from "pdfmake")`);
  }
}
