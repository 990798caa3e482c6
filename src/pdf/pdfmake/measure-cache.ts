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
 * The hooks pdfmake calls while measuring (tagged.ts, rtl-hooks.ts, styles.ts) only set what the
 * copies carry or record what the first pass recorded already. A node whose text refers to another
 * node (a page or text reference, a table of contents item) is measured every time, as are the
 * nodes pdfmake makes anew on every pass (the header and footer of each page).
 *
 * When every text node of the first pass was cached this way, later passes skip pdfmake's
 * preprocessing and measuring of the document altogether (nothing of what they compute changes:
 * margins, table column widths, the text nodes' widths); the words are given back and the page
 * references measured again, in document order, as pdfmake would.
 */
import { layingOutOwnDocument } from './scope.js';
import { hook, pdfmakeModule } from './registry.js';

const INSTALLED = Symbol.for('briefing.measureCache.installed');

interface TextNode {
  text?: unknown;
  pageReference?: unknown;
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

/**
 * Per DocMeasure (one per layoutDocument call, dropped with it): the words are kept only while the
 * document is laid out, not while it is drawn (the 1,000-statement PDF held a second copy of every
 * word to the end).
 */
const measuredBy = new WeakMap<object, WeakMap<object, Measured>>();
function measuredFor(docMeasure: object): WeakMap<object, Measured> {
  let measured = measuredBy.get(docMeasure);
  if (!measured) measuredBy.set(docMeasure, (measured = new WeakMap()));
  return measured;
}
/** Keys of a text piece that make pdfmake read another node's text or page. */
const REFERENCES = ['_textRef', '_pageRef', 'pageReference', 'textReference', 'tocItem', '_tocItemRef'] as const;
/**
 * The same on a text node itself, but for a page reference: pdfmake sets its text to a
 * placeholder ('00000') and reads the page from the node (not its words) when it draws.
 */
const NODE_REFERENCES = ['_textRef', 'textReference', 'tocItem', '_tocItemRef'] as const;

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

interface DocMeasureLike {
  styleStack: { clone(): unknown };
  measureLeaf(node: TextNode): TextNode;
  measureDocument(doc: object): object;
}

export function installMeasureCache(): void {
  const proto = pdfmakeModule<{ prototype: Record<symbol, boolean> }>('pdfmake/js/DocMeasure.js').prototype;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  // The stock measureLeaf, which measureDocument below calls for a page reference it measures again.
  let measureLeaf!: DocMeasureLike['measureLeaf'];
  hook<DocMeasureLike['measureLeaf']>('measure-cache.ts', 'pdfmake/js/DocMeasure.js', '#measureLeaf', (stock) => (measureLeaf = stock, function (this: DocMeasureLike, node) {
    if (!layingOutOwnDocument()) return measureLeaf.call(this, node);
    const pass = passes.get(this);
    const uncached = () => {
      if (pass) pass.complete = false;
      return measureLeaf.call(this, node);
    };
    for (const key of NODE_REFERENCES) if ((node as Record<string, unknown>)[key] !== undefined) return uncached();
    // A page reference (a contents entry's page number) is measured every time, as pdfmake does:
    // what the tagging records while measuring it (tagged.ts) must stay as it was. Later passes
    // that reuse the document's measures measure it again with the styles it had (below).
    if (node.pageReference !== undefined) {
      if (typeof node.text !== 'string') return uncached();
      pass?.leaves.push({ node, stack: this.styleStack.clone() });
      return measureLeaf.call(this, node);
    }
    const parts = partsOf(node.text);
    if (!parts) return uncached();
    const measured = measuredFor(this);
    let known = measured.get(node);
    if (known && sameParts(known.parts, parts)) {
      node._inlines = known.inlines.map(copyInline);
      node._minWidth = known.minWidth;
      node._maxWidth = known.maxWidth;
    } else {
      const result = measureLeaf.call(this, node);
      if (result !== node || !Array.isArray(node._inlines)) return uncached();
      known = { parts, inlines: node._inlines.map(copyInline), minWidth: node._minWidth, maxWidth: node._maxWidth };
      measured.set(node, known);
    }
    pass?.leaves.push({ node, known });
    return node;
  }));

  // pdfmake draws while the LayoutBuilder (and its DocMeasure) is still in scope: the words kept for
  // later passes are let go as soon as the layout is done.
  type Layout = (this: { docMeasure?: object }, ...args: unknown[]) => unknown;
  hook<Layout>('measure-cache.ts', 'pdfmake/js/LayoutBuilder.js', '#layoutDocument', (layoutDocument) => function (...args) {
    try {
      return layoutDocument.apply(this, args);
    } finally {
      if (this.docMeasure) {
        measuredBy.delete(this.docMeasure);
        reusable.delete(this.docMeasure);
      }
    }
  });

  // Each layout pass preprocesses and measures the whole document again; when every text node of
  // the first pass came from the cache, the first pass's tree holds for the later ones as it is:
  // only the words (which layout consumes) are given back, and page references measured again.
  const prepared = new WeakMap<object, { input: unknown; output: unknown }>();
  hook<(this: object, doc: unknown) => unknown>('measure-cache.ts', 'pdfmake/js/DocPreprocessor.js', '#preprocessDocument', (preprocessDocument) => function (doc) {
    if (!layingOutOwnDocument()) return preprocessDocument.call(this, doc);
    const known = prepared.get(this);
    if (known && known.input === doc && reusableDocs.has(known.output as object)) return known.output;
    const output = preprocessDocument.call(this, doc);
    prepared.set(this, { input: doc, output });
    return output;
  });
  hook<DocMeasureLike['measureDocument']>('measure-cache.ts', 'pdfmake/js/DocMeasure.js', '#measureDocument', (measureDocument) => function (this: DocMeasureLike, doc) {
    if (!layingOutOwnDocument()) return measureDocument.call(this, doc);
    const last = reusable.get(this);
    const known = last?.doc === doc ? last.pass : undefined;
    if (known && known.leaves.every((leaf) => !leaf.known || sameParts(leaf.known.parts, partsOf(leaf.node.text) ?? []))) {
      for (const leaf of known.leaves) {
        if (leaf.known) {
          leaf.node._inlines = leaf.known.inlines.map(copyInline);
          continue;
        }
        // As measureNode would: the styles around the node, and its widths with its margins (kept).
        const { _minWidth, _maxWidth } = leaf.node;
        const stack = this.styleStack;
        this.styleStack = (leaf.stack as { clone(): unknown }).clone() as DocMeasureLike['styleStack'];
        try {
          measureLeaf.call(this, leaf.node);
        } finally {
          this.styleStack = stack;
        }
        Object.assign(leaf.node, { _minWidth, _maxWidth });
      }
      return doc;
    }
    const pass: Pass = { leaves: [], complete: true };
    passes.set(this, pass);
    try {
      const result = measureDocument.call(this, doc);
      if (pass.complete && result === doc) {
        reusable.set(this, { doc, pass });
        reusableDocs.add(doc);
      } else {
        reusable.delete(this);
        reusableDocs.delete(doc);
      }
      return result;
    } finally {
      passes.delete(this);
    }
  });
}

/**
 * One measuring of a whole document: its text nodes in order, each with its words (cached) or
 * the styles it was measured with (a page reference); and whether every other node was cached.
 */
interface Pass {
  leaves: { node: TextNode; known?: Measured; stack?: unknown }[];
  complete: boolean;
}
/** The DocMeasure measuring a whole document right now, and what it measured. */
const passes = new WeakMap<object, Pass>();
/** By DocMeasure: the preprocessed and measured document whose measures hold on its later layout passes. */
const reusable = new WeakMap<object, { doc: object; pass: Pass }>();
/** The documents of `reusable`, for their preprocessor. */
const reusableDocs = new WeakSet<object>();

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
