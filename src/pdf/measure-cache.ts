/**
 * Each text node measured once per document, not once per layout pass.
 *
 * Every page break a `pageBreakBefore` hook asks for (lone lines, a section's new page) makes
 * pdfmake lay the whole document out again, and each pass starts by measuring every node again:
 * breaking its text into words, shaping and measuring each word (DocMeasure#measureLeaf). Nothing
 * a text node's words depend on changes between passes: its text and the styles of the nodes
 * around it are the same objects, and the fonts the same. So the first pass's words are kept, and
 * later passes get fresh copies of them (layout consumes the list and moves, splits and merges the
 * words it holds).
 *
 * The hooks pdfmake calls while measuring (tagged.ts, rtl/install.ts, styles.ts) only set what the
 * copies carry or record what the first pass recorded already. A node whose text refers to another
 * node (a page or text reference, a table of contents item) is measured every time, as are the
 * nodes pdfmake makes anew on every pass (the header and footer of each page).
 */
import { layingOutOwnDocument, pdfmakeModule } from './pdfmake-internals.js';

const INSTALLED = Symbol.for('briefing.measureCache.installed');

interface TextNode {
  text?: unknown;
  _textRef?: unknown;
  _inlines?: object[];
  _minWidth?: number;
  _maxWidth?: number;
}
interface Measured {
  /** What the node's text was made of when it was measured (see `partsOf`). */
  parts: unknown[];
  inlines: object[];
  minWidth: number | undefined;
  maxWidth: number | undefined;
}

const measured = new WeakMap<object, Measured>();
/** Keys of a text piece that make pdfmake read another node's text or page. */
const REFERENCES = ['_textRef', '_pageRef', 'pageReference', 'textReference', 'tocItem', '_tocItemRef'] as const;

/**
 * The text of a node as a flat list of the values it is made of: each piece (an object of the
 * array) and its text, recursively. Undefined when a piece refers to another node.
 */
function partsOf(text: unknown, out: unknown[] = []): unknown[] | undefined {
  if (Array.isArray(text)) {
    out.push(text, text.length);
    for (const piece of text) if (!partsOf(piece, out)) return undefined;
    return out;
  }
  if (text !== null && typeof text === 'object') {
    const piece = text as Record<string, unknown>;
    for (const key of REFERENCES) if (piece[key] !== undefined) return undefined;
    out.push(piece);
    return partsOf(piece.text, out);
  }
  out.push(text);
  return out;
}

function sameParts(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A word as pdfmake measured it, copied (with the RTL layer's symbol-keyed marks on it). */
const copyInline = (inline: object): object => ({ ...inline });

export function installMeasureCache(): void {
  const DocMeasure = pdfmakeModule<{ prototype: { measureLeaf(node: TextNode): TextNode } & Record<symbol, boolean> }>('DocMeasure.js');
  const proto = DocMeasure.prototype;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const measureLeaf = proto.measureLeaf;
  proto.measureLeaf = function (node) {
    if (!layingOutOwnDocument() || node._textRef !== undefined) return measureLeaf.call(this, node);
    for (const key of REFERENCES) if ((node as Record<string, unknown>)[key] !== undefined) return measureLeaf.call(this, node);
    const parts = partsOf(node.text);
    if (!parts) return measureLeaf.call(this, node);
    const known = measured.get(node);
    if (known && sameParts(known.parts, parts)) {
      node._inlines = known.inlines.map(copyInline);
      node._minWidth = known.minWidth;
      node._maxWidth = known.maxWidth;
      return node;
    }
    const result = measureLeaf.call(this, node);
    if (result === node && Array.isArray(node._inlines)) {
      measured.set(node, { parts, inlines: node._inlines.map(copyInline), minWidth: node._minWidth, maxWidth: node._maxWidth });
    }
    return result;
  };
}

type PageFurniture = (page: number, pages: number, pageSize: unknown) => unknown;

/**
 * A header or footer function that gives the same node for the same page of the same page count:
 * pdfmake asks for them again on every layout pass, and a node it saw before is measured once
 * (above) and its bidi runs prepared once. pdfmake lays reused nodes out afresh, as it does the
 * body's on every pass.
 */
export function reusedPerPage<T>(furniture: T): T {
  if (typeof furniture !== 'function') return furniture;
  const fn = furniture as unknown as PageFurniture;
  const made = new Map<string, unknown>();
  return ((page: number, pages: number, pageSize: unknown) => {
    const key = `${page}/${pages}`;
    if (!made.has(key)) made.set(key, fn(page, pages, pageSize));
    return made.get(key);
  }) as unknown as T;
}
