import type { Direction } from './bidi.js';
import { flattenText, isolatedText, resolveDirection, splitByLevel } from './runs.js';
import { markPrepared } from './prepared.js';
import { breakLongWords } from './long-words.js';

type Node = Record<string, unknown>;
type Dir = Direction | 'auto';

// Node keys whose values are content, by pdfmake's document structure.
const LIST_KEYS = ['stack', 'columns', 'ul', 'ol'] as const;
// Document-level keys that hold content or functions returning content.
const DOC_KEYS = ['content', 'header', 'footer', 'background'] as const;

/**
 * Returns a copy of a pdfmake document definition (or any content fragment) in which every text
 * node carries its resolved `dir` and its text as inlines split by embedding level, each marked
 * with `bidiLevel`/`bidiBase` for the hooks installed by `installRtl`. `dir` is inherited from the
 * nearest ancestor that has one, else `baseDir`. Functions (header, footer, background) are wrapped
 * so what they return is prepared too.
 */
export function prepareBidi<T>(doc: T, options: { baseDir: Direction }): T {
  const base = options.baseDir;
  // A fragment is marked too: a document whose content is it, or holds it at the top level, gets the hooks.
  if (!isObject(doc) || Array.isArray(doc) || !DOC_KEYS.some((k) => k in doc)) return markPrepared(walk(doc, base, base)) as T;
  const out: Node = { ...doc };
  for (const key of DOC_KEYS) if (key in doc) out[key] = walk(doc[key], base, base);
  // The hooks act on documents whose content carries this mark, and on no other (see installScope).
  markPrepared(out.content);
  return out as T;
}

function walk(value: unknown, inherited: Dir, base: Direction): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => walk(fn(...args), inherited, base);
  }
  if (typeof value === 'string' || typeof value === 'number') return prepareText({ text: String(value) }, inherited, base);
  if (Array.isArray(value)) return value.map((v) => walk(v, inherited, base));
  if (!isObject(value)) return value;
  const node: Node = value;
  const dir = isDir(node.dir) ? node.dir : inherited;
  // Page and text references are filled in by pdfmake after layout; leave them to it.
  if ('text' in node && !('pageReference' in node) && !('textReference' in node)) return prepareText(node, dir, base);
  const out: Node = { ...node };
  for (const key of LIST_KEYS) if (Array.isArray(node[key])) out[key] = walk(node[key], dir, base);
  if (isObject(node.table) && Array.isArray(node.table.body)) {
    out.table = { ...node.table, body: node.table.body.map((row: unknown) => walk(row, dir, base)) };
  }
  if (isObject(node.toc) && 'title' in node.toc) out.toc = { ...node.toc, title: walk(node.toc.title, dir, base) };
  return out;
}

function prepareText(node: Node, inherited: Dir, base: Direction): Node {
  // Long words get break opportunities here, so they break inside their column (long-words.ts).
  const inlines = flattenText(node.text).map((i) => (i.text.length > 20 ? { ...i, text: breakLongWords(i.text) } : i));
  // With isolate marks: 'auto' looks past isolated inlines for the first strong character (P2).
  const plain = isolatedText(inlines).text;
  const own = isDir(node.dir) ? node.dir : inherited;
  // 'auto' with no strong character falls back to the enclosing direction, else the document's.
  const dir = resolveDirection(own, plain, base);
  return { ...node, dir, text: splitByLevel(inlines, dir) };
}

function isDir(v: unknown): v is Dir {
  return v === 'rtl' || v === 'ltr' || v === 'auto';
}

function isObject(v: unknown): v is Node {
  return typeof v === 'object' && v !== null;
}
