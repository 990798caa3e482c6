// What keeps the hooks to our own documents, and which copy of pdfmake they go on.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { hook, pdfmakeModule } from './registry.js';
import { isPrepared } from '../rtl/prepared.js';

const require = createRequire(import.meta.url);

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

/*
 * Scope. The hooks replace members of pdfmake's classes, which every pdfmake user in the process
 * shares (a host application's own documents too). They act only on documents made by prepareBidi:
 * its content (or a fragment it prepared, at the top level of the content) carries a mark, and
 * laying such content out makes its pdfkit document one of ours.
 * Any other document goes through stock code from start to end.
 */
const ownDocuments = new WeakSet<object>();
/** The pdfkit document of ours being laid out now (layout is synchronous: nothing else runs meanwhile). */
let layingOut: object | null = null;

/** Whether a pdfkit document is one of ours (laid out from prepared content). */
export function isOwnDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && ownDocuments.has(doc);
}

/** Whether one of our documents is being laid out right now (for hooks that get no document). */
export function layingOutOwnDocument(): boolean {
  return layingOut !== null;
}

const SCOPED = Symbol.for('briefing.scope.installed');

/** Installs the gate that tells our documents from others, once per copy of pdfmake (`dir`: see pdfmakeModule). */
export function installScope(dir?: string): void {
  type Layout = (this: unknown, content: unknown, pdfDocument: object, ...rest: unknown[]) => unknown;
  const proto = pdfmakeModule<{ prototype: Record<symbol, boolean> }>('pdfmake/js/LayoutBuilder.js', dir).prototype;
  if (proto[SCOPED]) return;
  proto[SCOPED] = true;
  hook<Layout>('scope.ts', 'pdfmake/js/LayoutBuilder.js', '#layoutDocument', (layoutDocument) =>
    function (content, pdfDocument, ...rest) {
      if (!isPrepared(content) && !(Array.isArray(content) && content.some(isPrepared))) {
        return layoutDocument.call(this, content, pdfDocument, ...rest);
      }
      ownDocuments.add(pdfDocument);
      const outer = layingOut;
      layingOut = pdfDocument;
      try {
        return layoutDocument.call(this, content, pdfDocument, ...rest);
      } finally {
        layingOut = outer;
      }
    },
    dir,
  );
}
