/**
 * Tagged PDF for pdfmake: the structure the XHTML mapping puts on text nodes (`structure`, see
 * from-xhtml.ts) becomes pdfkit's structure tree, and each drawn line becomes marked content of
 * its element. Only for documents created with `tagged: true`; others go through stock code.
 *
 * pdfmake/pdfkit internals touched (declared in registry.ts):
 * - TextInlines#measure and its `pdfDocument`, StyleContextStack.getStyleProperty: a node's
 *   `structure` is copied onto its inlines and recorded per document while pdfmake measures;
 * - Renderer#renderPages (builds the tree before drawing), #renderLine (marked content per line;
 *   per inline for links and other-language spans, by replacing the pdfkit document's `text` for
 *   the duration of the call), #renderVector/#renderImage/#renderSVG (artifacts);
 * - Line#clone shares `inlines`: a repeated table header row draws a line whose inlines were
 *   drawn before, which marks it as a repeat (an artifact);
 * - pdfkit's `options.tagged`, `struct`, `addStructure`, `markStructureContent`, `markContent`,
 *   `endMarkedContent`, and `_currentStructureElement`, which pdfkit reads to attach a link
 *   annotation to a `Link` element.
 */
import { checkPdfmakeInstance, installScope, isOwnDocument } from './scope.js';
import { during, hook, pdfmakeModule } from './registry.js';
import type { Structure } from '../from-xhtml.js';

const INSTALLED = Symbol.for('briefing.tagging.installed');

interface StructElement {
  add(child: unknown): StructElement;
}
interface TaggedDocument {
  options: { tagged?: boolean; lang?: string };
  struct(type: string, options?: Record<string, unknown>): StructElement;
  addStructure(el: StructElement): unknown;
  markStructureContent(tag: string, options?: Record<string, unknown>): unknown;
  markContent(tag: string, options?: Record<string, unknown> | null): unknown;
  endMarkedContent(): unknown;
  text(...args: unknown[]): unknown;
  link(x: number, y: number, w: number, h: number, url: unknown, options?: Record<string, unknown>): unknown;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: Record<string, unknown>): unknown;
  fill(color?: unknown): unknown;
  addContent(data: string): unknown;
  fillColor(color: unknown): unknown;
  _currentStructureElement?: StructElement;
  page: { height: number };
}
interface Inline {
  text: string;
  lineEnd?: boolean;
  structure?: Structure;
  link?: string | null;
  /** An internal link (pdfmake's `linkToDestination`): a Link too. */
  linkToDestination?: string;
  lang?: string;
  /** Set by the RTL layer on each run of one direction: its text for ActualText (copy-text.ts). */
  actualText?: string;
  /** The run's text in logical order, and its place in its paragraph's logical order (RTL layer). */
  logicalText?: string;
  bidiIndex?: number;
  bidiLevel?: number;
}
interface Line {
  inlines: Inline[];
  getHeight?(): number;
}
type StyleStack = unknown;
interface Renderer {
  pdfDocument: TaggedDocument;
  renderPages(pages: unknown[]): void;
  renderLine(line: Line, x: number, y: number): void;
  renderVector(vector: unknown): void;
  renderImage(image: unknown): void;
  renderSVG(svg: unknown): void;
}

/** What one document's tagging knows: structures seen while measuring, elements made from them. */
interface DocState {
  structures: Map<number, Structure>;
  /** Each text node's text in logical order, as pdfmake measures it (before lines are broken and reordered). */
  texts: Map<number, string>;
  /** The text node each structure's text came from, and the structures drawn from more than one. */
  textOwners: Map<number, object>;
  shared: Set<number>;
  elements: Map<number, StructElement>;
  root?: StructElement;
  /**
   * The text of each link of a text node (key: structure id and URL), per pdfmake node holding it
   * (a structure's text may come in more than one node): the annotation's description. pdfmake
   * measures a node again on every layout pass; it is the same text each time.
   */
  linkTexts: Map<string, Map<object, string>>;
  /** Inline arrays already drawn: a line drawn again is a repeated table header. */
  drawn: WeakSet<object>;
  /**
   * Structures holding Link or other-language Span elements: they get no ActualText of their own
   * (it would hide those from a screen reader); their runs and inline elements carry it instead.
   */
  inlineParents: Set<number>;
  /** The logical text of each inline element so far, by its place in the paragraph's logical order. */
  inlineTexts: WeakMap<StructElement, Map<number, string>>;
  /** Lines drawn so far: orders inline texts across lines (bidiIndex counts within a line). */
  lines: number;
  /** Where each Table and Figure is drawn, while it stays on one page: its BBox (Layout attribute). */
  boxes: Map<StructElement, { page: object; box: [number, number, number, number] } | null>;
  /** Ends the marked content a line left open (set while the line is drawn). */
  closeOpen?: () => void;
  /** The Link or Span element the last drawn inline went to, continued by the next inline with the same key. */
  inline?: { leaf: StructElement; key: string; element: StructElement };
}
const states = new WeakMap<object, DocState>();
/** A strong right-to-left letter (Hebrew, Arabic and their presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

function stateOf(doc: object): DocState {
  let s = states.get(doc);
  if (!s) states.set(doc, (s = { structures: new Map(), texts: new Map(), textOwners: new Map(), shared: new Set(), linkTexts: new Map(), elements: new Map(), drawn: new WeakSet(), inlineParents: new Set(), inlineTexts: new WeakMap(), lines: 0, boxes: new Map() }));
  return s;
}

/** Installs the hooks once per process; `pdfmake` is the instance the caller will use (checked, not patched). */
export function installTagging(pdfmake: unknown): void {
  checkPdfmakeInstance(pdfmake, 'installTagging');
  // Every hook here acts on our documents only (prepared by prepareBidi); others get stock pdfmake.
  installScope();
  const Styles = pdfmakeModule<{ getStyleProperty(item: object, stack: StyleStack, property: string, fallback: unknown): unknown }>('pdfmake/js/StyleContextStack.js');
  const marked = pdfmakeModule<{ prototype: Record<symbol, boolean> }>('pdfmake/js/Renderer.js').prototype;
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  type Measure = (this: { pdfDocument: object | null }, items: Inline[], stack: StyleStack) => Inline[];
  hook<Measure>('tagged.ts', 'pdfmake/js/TextInlines.js', '#measure', (measure) => function (items, stack) {
    // The text node is on top of the stack; containers carry no `structure`, so nothing is inherited.
    if (!isOwnDocument(this.pdfDocument)) return measure.call(this, items, stack);
    const structure = Styles.getStyleProperty({}, stack, 'structure', null) as Structure | null;
    if (structure && this.pdfDocument) {
      const state = stateOf(this.pdfDocument);
      state.structures.set(structure.id, structure);
      // A forced line break (<br/>) is a separate word to a reader.
      // Break controls the layout added (zero-width spaces and joiners in long words, rtl/long-words.ts) are not text.
      // So are soft hyphens (../hyphenate.ts).
      state.texts.set(structure.id, items.map((i) => (i.lineEnd ? `${i.text} ` : i.text)).join('').replace(/[\u00ad\u200b\u200d\u2060]/g, '').replace(/\s+/g, ' ').trim());
      // The node being measured is on top of the stack (pdfmake pushes it there).
      const node = (stack as { styleOverrides?: object[] }).styleOverrides?.at(-1) ?? state;
      // An element drawn from several text nodes (a contents entry and its page number) has no one
      // text to stand for it: the ActualText of its runs says it all.
      const owner = state.textOwners.get(structure.id);
      if (owner === undefined) state.textOwners.set(structure.id, node);
      else if (owner !== node) state.shared.add(structure.id);
      const links = new Map<string, string>();
      const docLang = (this.pdfDocument as Partial<TaggedDocument>).options?.lang;
      if (items.some((i) => i.link || i.linkToDestination || (i.lang && i.lang !== docLang))) state.inlineParents.add(structure.id);
      for (const item of items) {
        item.structure = structure;
        if (item.link) {
          const key = `${structure.id} ${item.link}`;
          links.set(key, `${links.get(key) ?? ''}${item.text}`);
        }
      }
      for (const [key, text] of links) {
        let byNode = state.linkTexts.get(key);
        if (!byNode) state.linkTexts.set(key, (byNode = new Map()));
        byNode.set(node, text);
      }
    }
    return measure.call(this, items, stack);
  });

  // Underlines and text backgrounds, drawn around a line's text: decoration, outside its marked content.
  type Draw = (this: { pdfDocument: TaggedDocument }, ...args: unknown[]) => void;
  for (const member of ['#drawBackground', '#drawDecorations'] as const) {
    hook<Draw>('tagged.ts', 'pdfmake/js/TextDecorator.js', member, (draw) => function (...args) {
      const doc = this.pdfDocument;
      const state = states.get(doc);
      // Inside an artifact already (page numbers): pdfkit would close it on opening another.
      if (!state?.root || inArtifact.has(doc)) return draw.apply(this, args);
      state.closeOpen?.();
      asArtifact(doc, 'Layout', () => draw.apply(this, args));
    });
  }

  const renderer = <K extends Exclude<keyof Renderer, 'pdfDocument'>>(member: K, make: (original: Renderer[K]) => (this: Renderer, ...args: Parameters<Renderer[K]>) => void) =>
    hook<Renderer[K]>('tagged.ts', 'pdfmake/js/Renderer.js', `#${member}`, make as unknown as (original: Renderer[K]) => Renderer[K]);

  renderer('renderPages', (renderPages) => function (pages) {
    const doc = this.pdfDocument;
    if (doc.options.tagged && isOwnDocument(doc)) {
      // Images are not measured as text: their structure (a Figure with Alt) is found on the pages.
      const state = stateOf(doc);
      for (const page of pages as { items?: { type: string; item: { structure?: Structure } }[] }[]) {
        for (const { type, item } of page.items ?? []) if (type === 'image' && item.structure) state.structures.set(item.structure.id, item.structure);
      }
      buildTree(doc);
    }
    renderPages.call(this, pages);
  });

  renderer('renderLine', (renderLine) => function (line, x, y) {
    const doc = this.pdfDocument;
    const state = doc.options.tagged ? states.get(doc) : undefined;
    if (!state?.root) return renderLine.call(this, line, x, y);
    const structure = line.inlines[0]?.structure;
    const repeat = state.drawn.has(line.inlines);
    state.drawn.add(line.inlines);
    // Running header, page numbers (no structure) and repeated table header rows are page furniture.
    if (!structure || repeat) return asArtifact(doc, 'Pagination', () => withActualText(doc, line.inlines, () => renderLine.call(this, line, x, y)));
    const leaf = elementFor(doc, state, structure);
    state.lines++;
    const table = ancestor(structure, 'Table');
    if (table) {
      const xs = line.inlines.map((i) => x + ((i as { x?: number }).x ?? 0));
      const ends = line.inlines.map((i) => x + ((i as { x?: number }).x ?? 0) + ((i as { width?: number }).width ?? 0));
      placeBox(doc, state, elementFor(doc, state, table), [Math.min(...xs), y, Math.max(...ends), y + (line.getHeight?.() ?? 0)]);
    }
    // The line's last inline in reading order: a line's end is a word's end to a screen reader.
    const lastOfLine = line.inlines.reduce<Inline | undefined>((last, i) => (!last || (i.bidiIndex ?? 0) >= (last.bidiIndex ?? 0) ? i : last), undefined);
    // The element whose marked content is open: one sequence per run of words of the same element.
    let open: StructElement | null = null;
    const previous = doc._currentStructureElement;
    let k = 0;
    state.closeOpen = () => {
      if (open) doc.endMarkedContent();
      open = null;
    };
    // pdfmake sets each word's colour with `fill(color)`, which also writes an `f` with no path:
    // a painting operator outside any marked content (PDF/UA wants none). The colour is all it needs.
    const fill = (fill: TaggedDocument['fill']) =>
      function (color?: unknown) {
        return color === undefined ? fill.call(doc) : doc.fillColor(color);
      };
    // A link annotation says what it links to: its text (PDF/UA 7.18.5, Matterhorn 28-004).
    const link = (link: TaggedDocument['link']): TaggedDocument['link'] =>
      function (x, y, w, h, url, options = {}) {
        const inline = line.inlines[k - 1];
        const texts = inline?.link ? state.linkTexts.get(`${structure.id} ${inline.link}`) : undefined;
        const described = texts ? [...texts.values()].join('').replace(/\s+/g, ' ').trim() : undefined;
        return link.call(doc, x, y, w, h, url, { ...options, Contents: new String(described || String(url)) });
      };
    // An internal link (to a source in the list): described by its text, and owned by its Link element.
    const goTo = (goTo: TaggedDocument['goTo']): TaggedDocument['goTo'] =>
      function (x, y, w, h, name, options = {}) {
        const inline = line.inlines[k - 1];
        const own = (inline?.logicalText ?? inline?.text ?? '').replace(/\s+/g, ' ').trim();
        // A contents entry's page number says which entry it is: the title with it.
        const title = structure.role === 'Reference' && structure.parent ? [...state.structures.values()].find((s) => s.parent === structure.parent && s.role === 'P') : undefined;
        const described = [title && state.texts.get(title.id), own].filter(Boolean).join(' ');
        const owner = doc._currentStructureElement;
        return goTo.call(doc, x, y, w, h, name, { ...options, Contents: new String(described || name), ...(owner ? { structParent: owner } : {}) });
      };
    // Links and other-language words are elements of their own inside the paragraph. They get
    // marked content of their own rather than nested marks: poppler ends an MCID at any EMC.
    const text = (text: TaggedDocument['text']) =>
      function (...args: unknown[]) {
        const inline = line.inlines[k++];
        const role = inline?.link || inline?.linkToDestination ? 'Link' : inline?.lang && inline.lang !== doc.options.lang ? 'Span' : null;
        if (!role) state.inline = undefined;
        let target = inline && role ? inlineElement(doc, state, leaf, role, inline) : leaf;
        // A run of a paragraph that also holds links or other-language words, drawn with its own
        // ActualText (visual order, for copying): a Span of its own carries its logical text.
        if (inline && !role && inline.actualText !== undefined && state.inlineParents.has(structure.id)) leaf.add((target = doc.struct('Span')));
        if (inline && target !== leaf) readAs(state, target, inline, inline === lastOfLine);
        // A run of the RTL layer is marked content of its own carrying ActualText (copy-text.ts), on a
        // Span tag as ActualText in content asks (ISO 32000-1 14.9.4), inside the text object: poppler
        // places ActualText with the transformation in force at its end, and pdfkit's own restores
        // (Q) after ET would put it upside down. Each sequence is also one text item for pdf.js.
        const actual = inline?.actualText;
        if (actual !== undefined) {
          if (open) doc.endMarkedContent();
          open = null;
          return insideTextObject(doc, () => target.add(doc.markStructureContent('Span', { actual })), () => {
            doc._currentStructureElement = role === 'Link' ? target : previous;
            return text.apply(doc, args);
          });
        }
        if (target !== open) {
          if (open) doc.endMarkedContent();
          target.add(doc.markStructureContent(role ?? structure.role));
          open = target;
        }
        // pdfkit attaches a link's annotation to the current structure element when it is a Link.
        doc._currentStructureElement = role === 'Link' ? target : previous;
        return text.apply(doc, args);
      };
    try {
      during('tagged.ts', 'pdfkit', doc, { '#text': text, '#link': link, '#goTo': goTo, '#fill': fill }, () => renderLine.call(this, line, x, y));
    } finally {
      doc._currentStructureElement = previous;
      state.closeOpen = undefined;
      if (open) doc.endMarkedContent();
    }
  });

  // Rules, cell fills and the quote's bar are decoration.
  renderer('renderVector', (renderVector) => function (vector) {
    const doc = this.pdfDocument;
    if (!states.get(doc)?.root) return renderVector.call(this, vector);
    asArtifact(doc, 'Layout', () => renderVector.call(this, vector));
  });
  // The briefing's images (an <img> with alt text) are Figures; any other image is decoration.
  renderer('renderImage', (renderImage) => function (image) {
    const doc = this.pdfDocument;
    const state = states.get(doc);
    if (!state?.root) return renderImage.call(this, image);
    const structure = (image as { structure?: Structure }).structure;
    if (!structure) return asArtifact(doc, 'Layout', () => renderImage.call(this, image));
    const figure = elementFor(doc, state, structure);
    figure.add(doc.markStructureContent('Figure'));
    const { x = 0, y = 0, _width = 0, _height = 0 } = image as { x?: number; y?: number; _width?: number; _height?: number };
    placeBox(doc, state, figure, [x, y, x + _width, y + _height]);
    try {
      renderImage.call(this, image);
    } finally {
      doc.endMarkedContent();
    }
  });
  renderer('renderSVG', (renderSVG) => function (svg) {
    const doc = this.pdfDocument;
    if (!states.get(doc)?.root) return renderSVG.call(this, svg);
    asArtifact(doc, 'Layout', () => renderSVG.call(this, svg));
  });
}

/** The whole tree before anything is drawn, in document order (ids), so drawing order cannot change it. */
function buildTree(doc: TaggedDocument): void {
  const state = stateOf(doc);
  state.root = doc.struct('Document');
  doc.addStructure(state.root);
  [...state.structures.values()].sort((a, b) => a.id - b.id).forEach((s) => elementFor(doc, state, s));
}

function elementFor(doc: TaggedDocument, state: DocState, s: Structure): StructElement {
  let el = state.elements.get(s.id);
  if (el) return el;
  const parent = s.parent ? elementFor(doc, state, s.parent) : state.root!;
  const options: Record<string, unknown> = {};
  if (s.lang && s.lang !== doc.options.lang) options.lang = s.lang;
  if (s.scope) options.scope = s.scope;
  if (s.alt !== undefined) options.alt = s.alt;
  const text = state.texts.get(s.id);
  // Glyphs are drawn in visual order, so right-to-left content read back in content order comes out
  // reversed: the element carries its text in logical order (what assistive technology reads).
  if (text && RTL.test(text) && !state.shared.has(s.id) && !state.inlineParents.has(s.id)) options.actual = text;
  el = doc.struct(s.role, options);
  parent.add(el);
  state.elements.set(s.id, el);
  return el;
}

function ancestor(s: Structure, role: Structure['role']): Structure | undefined {
  for (let at: Structure | undefined = s; at; at = at.parent) if (at.role === role) return at;
  return undefined;
}

/**
 * Grows the box an element is drawn in (pdfkit's space: from the top) and writes it as the
 * element's Layout BBox in PDF space (PDF/UA wants one on a Figure and a Table); an element drawn
 * on more than one page gets none (a BBox lies on one page).
 */
function placeBox(doc: TaggedDocument, state: DocState, el: StructElement, [x0, y0, x1, y1]: [number, number, number, number]): void {
  const known = state.boxes.get(el);
  if (known === null) return;
  const data = (el as unknown as { dictionary?: { data: Record<string, unknown> } }).dictionary?.data;
  if (!data) return;
  if (known && known.page !== doc.page) {
    state.boxes.set(el, null);
    const { BBox: _, ...rest } = (data.A ?? {}) as Record<string, unknown>;
    data.A = Object.keys(rest).length > 1 ? rest : undefined;
    if (data.A === undefined) delete data.A;
    return;
  }
  const box: [number, number, number, number] = known ? [Math.min(known.box[0], x0), Math.min(known.box[1], y0), Math.max(known.box[2], x1), Math.max(known.box[3], y1)] : [x0, y0, x1, y1];
  state.boxes.set(el, { page: doc.page, box });
  const height = doc.page.height;
  const round = (n: number) => Math.round(n * 100) / 100;
  data.A = { ...((data.A ?? {}) as Record<string, unknown>), O: 'Layout', BBox: [round(box[0]), round(height - box[3]), round(box[2]), round(height - box[1])] };
}

/** One element per link (or foreign-language run) and paragraph, whatever number of words and lines it spans. */
function inlineElement(doc: TaggedDocument, state: DocState, leaf: StructElement, role: 'Link' | 'Span', inline: Inline): StructElement {
  const key = `${role} ${inline.link ?? inline.linkToDestination ?? ''} ${inline.lang ?? ''}`;
  if (state.inline && state.inline.leaf === leaf && state.inline.key === key) return state.inline.element;
  const options: Record<string, unknown> = {};
  if (inline.lang && inline.lang !== doc.options.lang) options.lang = inline.lang;
  const element = doc.struct(role, options);
  leaf.add(element);
  state.inline = { leaf, key, element };
  return element;
}

/**
 * Adds an inline's text, in logical order, to the ActualText of the element it is drawn in (a
 * Link, a Span with a language, or the Span of one run): what a screen reader reads for it.
 */
function readAs(state: DocState, element: StructElement, inline: Inline, endsLine: boolean): void {
  let parts = state.inlineTexts.get(element);
  if (!parts) state.inlineTexts.set(element, (parts = new Map()));
  const typed = inline.logicalText ?? inline.text ?? '';
  const own = typed.replace(/[\u00ad\u200b\u200d\u2060]/g, '');
  // A word broken at a soft hyphen (../hyphenate.ts) goes on whole on the next line.
  const text = endsLine && typed !== '' && !/[\s\u00ad]$/.test(typed) ? `${own} ` : own;
  parts.set(state.lines * 100000 + (inline.bidiIndex ?? parts.size), text);
  const actual = [...parts].sort((a, b) => a[0] - b[0]).map(([, t]) => t).join('').replace(/\s+/g, ' ');
  const data = (element as unknown as { dictionary?: { data: Record<string, unknown> } }).dictionary?.data;
  if (data && actual) data.ActualText = new String(actual);
}

/** Runs `draw` (one pdfkit text call) with `begin` right after its BT and the marked content ended right before its ET. */
function insideTextObject(doc: TaggedDocument, begin: () => void, draw: () => unknown): unknown {
  let inside = false;
  const addContent = (addContent: TaggedDocument['addContent']) =>
    function (data: string) {
      if (data === 'ET' && inside) {
        inside = false;
        doc.endMarkedContent();
      }
      const result = addContent.call(doc, data);
      if (data === 'BT' && !inside) {
        inside = true;
        begin();
      }
      return result;
    };
  try {
    return during('tagged.ts', 'pdfkit', doc, { '#addContent': addContent }, draw);
  } finally {
    if (inside) doc.endMarkedContent();
  }
}

/**
 * Draws an artifact line with each run that carries ActualText (a right-to-left run of the RTL layer)
 * inside a `/Span <</ActualText …>>` marked content of its own, nested in the artifact, without MCID:
 * not structure, only the text a viewer copies.
 */
function withActualText(doc: TaggedDocument, inlines: { actualText?: string }[], draw: () => void): void {
  let k = 0;
  const text = (text: TaggedDocument['text']) =>
    function (...args: unknown[]) {
      const actual = inlines[k++]?.actualText;
      if (actual === undefined) return text.apply(doc, args);
      return insideTextObject(doc, () => doc.markContent('Span', { actual }), () => text.apply(doc, args));
    };
  during('tagged.ts', 'pdfkit', doc, { '#text': text }, draw);
}

/** Documents drawing an artifact now: pdfkit closes any open marked content when an artifact opens, so they do not nest. */
const inArtifact = new WeakSet<object>();

function asArtifact(doc: TaggedDocument, type: 'Pagination' | 'Layout', draw: () => void): void {
  doc.markContent('Artifact', { type });
  inArtifact.add(doc);
  try {
    draw();
  } finally {
    inArtifact.delete(doc);
    doc.endMarkedContent();
  }
}
