import { parseDocument } from 'htmlparser2';
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { Direction } from '../view/locale.js';
import type { ColumnWidth, PdfTheme } from './theme.js';
import { groupKeptNodes, keepWithNextOf, type KeepRule } from './keep-with-next.js';
import type { BidiIsolate } from './rtl/runs.js';
import { paragraphDirection } from './rtl/bidi.js';
import { balancingMargins, measureOf } from './balance-lines.js';
import { isEnglish, type Hyphenate } from './hyphenate.js';

/** A pdfmake content node; pdfmake's own types lag behind 0.3, so nodes stay loosely typed here. */
export type PdfNode = Record<string, unknown>;
type Inline = { text: string } & Record<string, unknown>;

/** Tagged-PDF roles (ISO 32000-1, 14.8.4) the XHTML vocabulary maps to. */
export type StructureRole =
  | 'Sect' | 'Div' | 'H1' | 'H2' | 'H3' | 'P' | 'Caption' | 'BlockQuote'
  | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'THead' | 'TBody' | 'TFoot' | 'TR' | 'TH' | 'TD' | 'Figure' | 'TOC' | 'TOCI' | 'Reference';

/**
 * Where a text node sits in the document's logical structure: carried on each text node as
 * `structure` (pdfmake hands it on to the node's inlines) and turned into the PDF's structure tree
 * by `installTagging`. Ids follow document order; a parent always has a smaller id than its children.
 */
export interface Structure {
  role: StructureRole;
  id: number;
  parent?: Structure;
  /** The element's own `lang`, when it differs from the document's. */
  lang?: string;
  /** Header cells: what they head. */
  scope?: 'Column' | 'Row';
  /** Figures: the alternative text a screen reader reads instead of the image. */
  alt?: string;
}

/** The size in pixels of each image the XHTML may show, by its `src`. */
export type ImageSizes = ReadonlyMap<string, { width: number; height: number }>;

interface Context {
  theme: PdfTheme;
  /** The theme's keep-with-next rule, read once per document. */
  keep: KeepRule;
  /** Bookmark ids, shared by the whole document. */
  outlines: { count: number; sectionHeading: Map<string, string> };
  /** Direction inherited from the nearest ancestor with `dir` ('auto' is left for the RTL layer to resolve). */
  dir: Direction | 'auto';
  /** Depth of the enclosing top-level section's heading, for bookmarks. */
  outlineParent?: string;
  /** Structure ids, shared by the whole document. */
  structures: { count: number };
  /** The structure element that blocks inside belong to (none: the document). */
  parent?: Structure;
  /** A container that takes inline-only content itself (a table cell, a list body) instead of a `P`. */
  leaf?: Structure;
  /** Inside a table cell or list item (quotes are one-cell tables): no keep-with-next groups, which pdfmake breaks across rows badly. */
  inCell?: boolean;
  images: ImageSizes;
  /** Directly inside a section whose h1 may start a page (see layout.ts): that h1 is not grouped with what follows. */
  freeH1?: boolean;
  /** Ids of the sections whose h1 may start a page. */
  freeH1Sections?: ReadonlySet<string>;
  /** Numbers in the briefing's digits (list markers): ۱. in a Persian briefing. */
  number: (n: number) => string;
  /** The language of the element's text (its own `lang`, else the nearest ancestor's, else the briefing's). */
  lang: string;
  /** English hyphenation (hyphenate.ts), when the briefing has it. */
  hyphenator?: Hyphenate;
  /** Set for the text of a left-to-right English paragraph: its words take soft hyphens. */
  hyphenate?: Hyphenate;
}

const BLOCKS = new Set(['section', 'div', 'p', 'h1', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'table', 'figure', 'caption', 'figcaption', 'img']);

/**
 * Maps the shared XHTML (its top-level sections) to pdfmake content, one stack per section, in
 * order; where pages break between sections is the caller's choice (see layout.ts).
 * Each element gets the theme styles of its name and of `name.class`; `dir` is carried on every
 * text node for the RTL layer, which alone decides how lines are ordered.
 */
export function xhtmlToPdf(
  sections: { xhtml: string }[],
  theme: PdfTheme,
  dir: Direction,
  images: ImageSizes = new Map(),
  options: { freeH1Sections?: ReadonlySet<string>; number?: (n: number) => string; lang?: string; hyphenate?: Hyphenate } = {},
): PdfNode[] {
  const ctx: Context = { theme, keep: keepWithNextOf(theme), dir, outlines: { count: 0, sectionHeading: new Map() }, structures: { count: 0 }, images, freeH1Sections: options.freeH1Sections, number: options.number ?? String, lang: options.lang ?? '', hyphenator: options.hyphenate };
  return sections.map((section) => {
    const doc = parseDocument(section.xhtml, { xmlMode: true });
    return { stack: blocks(doc.children, ctx) };
  });
}

function blocks(nodes: AnyNode[], ctx: Context): PdfNode[] {
  const out: PdfNode[] = [];
  // Per node of `out`: whether it is kept on the page of the node after it.
  const kept: boolean[] = [];
  let pendingInline: AnyNode[] = [];
  // Text with no block around it is the container's own content when nothing else is in it.
  const own = ctx.leaf && !nodes.some((n) => isTag(n) && BLOCKS.has(n.name)) ? ctx.leaf : undefined;
  const flushInline = () => {
    const inlines = inlineRuns(pendingInline, ctx, {});
    if (inlines.some((i) => i.text.trim() !== '')) {
      out.push(textNode(trimInlines(inlines), [], ctx, own ?? structure('P', ctx)));
      kept.push(false);
    }
    pendingInline = [];
  };
  const inner: Context = { ...ctx, leaf: undefined };
  for (const node of nodes) {
    if (isTag(node) && BLOCKS.has(node.name)) {
      flushInline();
      const made = block(node, inner);
      // A heading that may start a page is placed by the page-break hook instead (layout.ts).
      const keeps = ctx.keep.keeps(styleNames(node)) && !(ctx.freeH1 && node.name === 'h1');
      out.push(...made);
      kept.push(...made.map(() => keeps));
    } else {
      pendingInline.push(node);
    }
  }
  flushInline();
  // An empty cell still takes its place in the structure.
  if (own && out.length === 0) out.push(textNode([], [], ctx, own));
  return !ctx.inCell && kept.includes(true) ? groupKeptNodes(out, kept, ctx.keep.space) : out;
}

function block(el: Element, parent: Context): PdfNode[] {
  const ctx: Context = { ...parent, dir: dirOf(el, parent.dir), lang: el.attribs.lang ?? parent.lang };
  const styles = styleNames(el);
  switch (el.name) {
    case 'section':
    case 'div':
    case 'figure': {
      const id = el.attribs.id;
      // A figure is one Figure: its image is its content, its caption a child (ISO 32000-1 14.8.4.5).
      const role = el.name === 'section' ? 'Sect' : el.name === 'figure' ? 'Figure' : 'Div';
      const own = structure(role, ctx, el);
      if (role === 'Figure') own.alt = firstImage(el)?.attribs.alt ?? '';
      const sctx = { ...ctx, parent: own, freeH1: el.name === 'section' && !!id && !!ctx.freeH1Sections?.has(id) };
      const box = el.name === 'div' ? boxOf(styles, ctx) : undefined;
      const inner = blocks(el.children, id && el.name === 'section' ? { ...sctx, outlineParent: ctx.outlineParent ?? id } : box ? { ...sctx, inCell: true } : sctx);
      if (box) return [{ ...ruledBox(inner, box, ctx), ...(id ? { id: `anchor-${id}` } : {}) }];
      return [{ stack: inner, style: styles, ...(id ? { id: `anchor-${id}` } : {}) }];
    }
    case 'h1':
    case 'h2':
    case 'h3': {
      const role = el.name === 'h1' ? 'H1' : el.name === 'h2' ? 'H2' : 'H3';
      const node = textNode(tieLastWords(trimInlines(inlineRuns(el.children, ctx, {})), 3), styles, ctx, structure(role, ctx, el));
      // Headings become PDF bookmarks: h1 at the top level, h2 under the section's h1.
      if (el.name !== 'h3') {
        node.outline = true;
        node.outlineText = plainText(el);
        node.id = `heading-${++ctx.outlines.count}`;
        const ids = ctx.outlines.sectionHeading;
        if (el.name === 'h2' && ctx.outlineParent) node.outlineParentId = ids.get(ctx.outlineParent);
        if (el.name === 'h1' && ctx.outlineParent) ids.set(ctx.outlineParent, node.id as string);
      }
      return [{ ...node, ...balanced(el, styles, ctx), headlineLevel: Number(el.name[1]) }];
    }
    case 'p':
    case 'caption':
    case 'figcaption': {
      // Body text of an English paragraph is hyphenated; headings, captions, titles, labels and
      // metadata lines (a paragraph with a class of its own) and names in cells are not.
      const body = el.name === 'p' && (!el.attribs.class || HYPHENATED.has(el.attribs.class));
      const ltr = () => ctx.dir === 'ltr' || (ctx.dir === 'auto' && paragraphDirection(plainText(el), 'ltr') === 'ltr');
      const hyphenate = body && ctx.hyphenator && isEnglish(ctx.lang) && ltr() ? ctx.hyphenator : undefined;
      return [textNode(tieLastWords(trimInlines(inlineRuns(el.children, { ...ctx, hyphenate }, {}))), styles, ctx, structure(el.name === 'p' ? 'P' : 'Caption', ctx, el))];
    }
    case 'img':
      return image(el, styles, ctx);
    case 'blockquote': {
      const q = structure('BlockQuote', ctx, el);
      return [blockquote(blocks(el.children, { ...ctx, parent: q, leaf: structure('P', { ...ctx, parent: q }), inCell: true }), ctx)];
    }
    case 'ul':
    case 'ol':
      return [list(el, ctx)];
    case 'table':
      return table(el, ctx);
    default:
      return blocks(el.children, ctx);
  }
}

/**
 * An image of the briefing (the renderer has checked that `src` is one): a `Figure` with its alt
 * text in the structure tree, drawn at its size in pixels at 96 dpi, made smaller to fit the
 * theme's `maxWidth` and `maxHeight` for its style.
 */
function image(el: Element, styles: string[], ctx: Context): PdfNode[] {
  const src = el.attribs.src ?? '';
  const size = ctx.images.get(src);
  if (!size) return [];
  const look: Record<string, unknown> = Object.assign({}, ...styles.map((s) => ctx.theme.styles[s]));
  const { maxWidth, maxHeight, ...style } = look as { maxWidth?: number; maxHeight?: number } & Record<string, unknown>;
  const width = size.width * 0.75;
  const height = size.height * 0.75;
  const scale = Math.min(1, (maxWidth ?? Infinity) / width, (maxHeight ?? Infinity) / height);
  // Inside a <figure>, the image is that Figure's content; alone, it is a Figure of its own.
  const figure = ctx.parent?.role === 'Figure' ? ctx.parent : structure('Figure', ctx, el);
  figure.alt ??= el.attribs.alt ?? '';
  // 'start' and 'end' follow the direction, as for text: a brief's logo stands at the title block's side.
  const rtl = ctx.dir === 'rtl';
  if (style.alignment === 'start') style.alignment = rtl ? 'right' : 'left';
  else if (style.alignment === 'end') style.alignment = rtl ? 'left' : 'right';
  return [{ image: src, width: width * scale, height: height * scale, ...style, structure: figure }];
}

/** A quote set off by a rule on the side where lines start: the right in RTL. */
function blockquote(content: PdfNode[], ctx: Context): PdfNode {
  return ruledBox(content, ctx.theme.blockquote, ctx);
}

/** The theme's box for a block with one of these style names (the last that has one wins, as styles do). */
function boxOf(styles: string[], ctx: Context): PdfTheme['blockquote'] | undefined {
  const boxes = ctx.theme.boxes;
  return boxes ? styles.map((s) => boxes[s]).filter(Boolean).at(-1) : undefined;
}

/** Content in a one-cell table: a tint behind it and a rule on the side where lines start. */
function ruledBox(content: PdfNode[], q: PdfTheme['blockquote'], ctx: Context): PdfNode {
  const rtl = ctx.dir === 'rtl';
  return {
    table: { widths: ['*'], body: [[{ stack: content, fillColor: q.fillColor }]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => ((rtl ? i === 1 : i === 0) ? q.ruleWidth : 0),
      vLineColor: () => q.ruleColor,
      paddingLeft: () => q.padding,
      paddingRight: () => q.padding,
      paddingTop: () => q.padding / 2,
      paddingBottom: () => q.padding / 2,
    },
    margin: q.margin,
  };
}

/** Lists as two columns so the marker stands where lines start: on the right in RTL. */
function list(el: Element, ctx: Context): PdfNode {
  const ordered = el.name === 'ol';
  const items = el.children.filter((n): n is Element => isTag(n) && n.name === 'li');
  const l = structure('L', ctx, el);
  return {
    stack: items.map((li, i) => {
      const item = structure('LI', { ...ctx, parent: l }, li);
      const lctx = { ...ctx, parent: item };
      const marker = { text: ordered ? `${ctx.number(i + 1)}.` : ctx.theme.list.bullet, width: 'auto', dir: ctx.dir === 'rtl' ? 'rtl' : 'ltr', structure: structure('Lbl', lctx) };
      const lbody = structure('LBody', lctx);
      const body = { stack: blocks(li.children, { ...ctx, dir: dirOf(li, ctx.dir), parent: lbody, leaf: lbody, inCell: true }), width: '*' };
      return { columns: ctx.dir === 'rtl' ? [body, marker] : [marker, body], columnGap: ctx.theme.list.gap, margin: [0, 0, 0, 3] };
    }),
    style: styleNames(el),
  };
}

/** Tables keep their logical column order in the data; in RTL the first column is drawn on the right. */
function table(el: Element, ctx: Context): PdfNode[] {
  const t = ctx.theme.table;
  const rows: { cells: PdfNode[]; header: boolean }[] = [];
  const tableStruct = structure('Table', ctx, el);
  // The caption comes first in the structure, as it does in the XHTML, though it is drawn above the table.
  const caption = el.children.find((n): n is Element => isTag(n) && n.name === 'caption');
  const captionNodes = caption ? block(caption, { ...ctx, parent: tableStruct }) : [];
  const walk = (nodes: AnyNode[], header: boolean, parent: Structure) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (n.name === 'thead') walk(n.children, true, structure('THead', { ...ctx, parent }, n));
      else if (n.name === 'tbody' || n.name === 'tfoot') walk(n.children, false, structure(n.name === 'tbody' ? 'TBody' : 'TFoot', { ...ctx, parent }, n));
      else if (n.name === 'tr') {
        const tr = structure('TR', { ...ctx, parent }, n);
        const cells = n.children
          .filter((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'))
          .map((c, k) => {
            const cell = structure(c.name === 'th' ? 'TH' : 'TD', { ...ctx, parent: tr }, c);
            // A th heads its column in a header row, else its row (the matrix's theme names).
            if (c.name === 'th') cell.scope = header || k > 0 ? 'Column' : 'Row';
            const cctx = { ...ctx, dir: dirOf(c, ctx.dir), parent: cell, leaf: cell, inCell: true };
            const content = blocks(c.children, cctx);
            // Cells are centred vertically in their row, as DESIGN.md asks of tables (CSS vertical-align: middle).
            return { stack: content, style: styleNames(c), verticalAlignment: 'middle' };
          });
        rows.push({ cells: ctx.dir === 'rtl' ? cells.reverse() : cells, header });
      }
    }
  };
  walk(el.children, false, tableStruct);
  if (rows.length === 0) return [];
  const columns = Math.max(...rows.map((r) => r.cells.length));
  const body = rows.map((r) => [...r.cells, ...Array.from({ length: columns - r.cells.length }, () => ({ text: '' }))]);
  const widths = columnWidths(el, columns, ctx.theme, ctx.dir === 'rtl');
  const out: PdfNode[] = [...captionNodes];
  out.push({
    table: { headerRows: rows.filter((r) => r.header).length, widths, body, dontBreakRows: true },
    layout: {
      hLineColor: () => t.borderColor,
      vLineColor: () => t.borderColor,
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      paddingLeft: () => t.cellPadding,
      paddingRight: () => t.cellPadding,
      paddingTop: () => t.cellPadding / 2,
      paddingBottom: () => t.cellPadding / 2,
    },
    margin: t.margin,
    style: styleNames(el),
  });
  return out;
}

/**
 * Column widths from the theme's `table.widths`, by the table's style names (`table.facts`; the
 * most specific class wins), the last width standing for any further columns; without an entry
 * the columns share the width.
 */
function columnWidths(el: Element, columns: number, theme: PdfTheme, rtl: boolean): ColumnWidth[] {
  const byStyle = theme.table.widths ?? {};
  const given = styleNames(el).reverse().map((s) => byStyle[s]).find((w) => w !== undefined && w.length > 0) ?? ['*'];
  const widths = Array.from({ length: columns }, (_, i) => given[Math.min(i, given.length - 1)]!);
  return rtl ? widths.reverse() : widths;
}

function textNode(inlines: Inline[], styles: string[], ctx: Context, structure: Structure): PdfNode {
  return { text: inlines.length === 1 && Object.keys(inlines[0]!).length === 1 ? inlines[0]!.text : inlines, style: styles, dir: ctx.dir, structure };
}

/**
 * A title set centred or at its side over two lines or more gets lines of about equal length
 * (balance-lines.ts): margins that narrow its measure, both sides when centred, the end side else.
 */
function balanced(el: Element, styles: string[], ctx: Context): { margin?: number[] } {
  if (!styles.some((s) => BALANCED.has(s))) return {};
  const look: Record<string, unknown> = Object.assign({}, ...styles.map((s) => ctx.theme.styles[s]));
  const fontSize = typeof look.fontSize === 'number' ? look.fontSize : ctx.theme.baseFontSize;
  const extra = balancingMargins(plainText(el), fontSize, look.bold === true, measureOf(ctx.theme.page.size, ctx.theme.page.margins));
  if (extra === undefined) return {};
  const [l, t, r, b] = marginOf(look.margin);
  if (look.alignment === 'center') return { margin: [l + extra / 2, t, r + extra / 2, b] };
  return { margin: ctx.dir === 'rtl' ? [l + extra, t, r, b] : [l, t, r + extra, b] };
}

/** Paragraphs of body text with a class of their own: hyphenated as the unclassed ones (hyphenate.ts). */
const HYPHENATED = new Set(['theme-description']);

/** Titles whose lines are balanced. */
const BALANCED = new Set(['h1.title', 'h1.brief-title']);

function marginOf(m: unknown): [number, number, number, number] {
  if (typeof m === 'number') return [m, m, m, m];
  if (Array.isArray(m) && m.length === 2) return [m[0], m[1], m[0], m[1]];
  if (Array.isArray(m) && m.length === 4) return m as [number, number, number, number];
  return [0, 0, 0, 0];
}

function firstImage(el: Element): Element | undefined {
  for (const n of el.children) {
    if (!isTag(n)) continue;
    if (n.name === 'img') return n;
    const inner = firstImage(n);
    if (inner) return inner;
  }
  return undefined;
}

/** A new structure element under the context's parent, numbered in document order. */
function structure(role: StructureRole, ctx: Context, el?: Element): Structure {
  const s: Structure = { role, id: ++ctx.structures.count };
  if (ctx.parent) s.parent = ctx.parent;
  const lang = el?.attribs.lang;
  if (lang) s.lang = lang;
  return s;
}

/** Flattens inline markup into styled runs, collapsing white space as CSS `white-space: normal` does. */
function inlineRuns(nodes: AnyNode[], ctx: Context, inherited: Record<string, unknown>): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (isText(n)) {
      let text = n.data.replace(/[ \t\r\n]+/g, ' ');
      // Not inside a link (an address or a title to find) nor a span in another language.
      if (ctx.hyphenate && !inherited.link && (inherited.lang === undefined || isEnglish(inherited.lang as string))) text = ctx.hyphenate(text);
      if (text) out.push(...(ctx.inCell ? unbreakable(text, inherited) : [{ text, ...inherited }]));
    } else if (isTag(n)) {
      if (n.name === 'br') {
        out.push({ text: '\n', ...inherited });
        continue;
      }
      const own: Record<string, unknown> = {};
      for (const s of styleNames(n)) Object.assign(own, ctx.theme.styles[s]);
      if (n.name === 'a' && n.attribs.href) own.link = n.attribs.href;
      // A span in another language is marked as such in the tagged PDF.
      if (n.attribs.lang) own.lang = n.attribs.lang;
      // `dir` on an inline element and <bdi> isolate its text, as in HTML (unicode-bidi: isolate):
      // one isolate shared by every run inside the element (see rtl/runs.ts).
      const dir = inlineDir(n);
      if (dir) own.bidiIsolate = { dir, parent: inherited.bidiIsolate as BidiIsolate | undefined } satisfies BidiIsolate;
      // Margins and alignment belong to blocks; an inline span only changes the look of its letters.
      delete own.margin;
      delete own.alignment;
      out.push(...inlineRuns(n.children, ctx, { ...inherited, ...own }));
    }
  }
  // Merge neighbours with the same look so the RTL layer sees whole runs.
  const merged: Inline[] = [];
  for (const run of out) {
    const last = merged[merged.length - 1];
    if (last && sameStyle(last, run)) last.text += run.text;
    else merged.push({ ...run });
  }
  return merged;
}

/**
 * Words joined by no-break spaces (a name or a date kept whole, view.ts): in a table cell, where a
 * narrow column would split them, one unbreakable piece (pdfmake's noWrap) with plain spaces; the PDF
 * holds no U+00A0, which some engines copy as junk (PDFBox read a '>' before a date's digits).
 */
function unbreakable(text: string, inherited: Record<string, unknown>): Inline[] {
  if (!text.includes('\u00a0')) return [{ text, ...inherited }];
  return text
    .split(/([^ \u00a0]*(?:\u00a0[^ \u00a0]*)+)/)
    .filter((part) => part !== '')
    .map((part) => {
      if (!part.includes('\u00a0')) return { text: part, ...inherited };
      const spaced = part.replace(/\u00a0/g, ' ');
      // One direction only: a piece the bidi layer would have to split into runs stays breakable.
      return oneScript(spaced) ? { text: spaced, ...inherited, noWrap: true } : { text: spaced, ...inherited };
    });
}

/**
 * No paragraph of several lines, nor a heading of three words or more, ends on a line of one word (a
 * runt): the last two words of its last run are one unbreakable piece (pdfmake's noWrap), so they
 * wrap together, as a typesetter ties them. The space between them stays a space, in the drawing
 * and in copied text.
 */
function tieLastWords(inlines: Inline[], fewest = 4): Inline[] {
  const last = inlines.at(-1);
  if (!last || last.noWrap || inlines.map((i) => i.text).join('').trim().split(/\s+/).length < fewest) return inlines;
  const m = /(\S+ \S+)$/.exec(last.text);
  if (!m || m.index === 0 || !oneScript(m[1]!)) return inlines;
  return [...inlines.slice(0, -1), { ...last, text: last.text.slice(0, m.index) }, { ...last, text: m[1]!, noWrap: true }];
}

/** Letters of one direction only (Latin, or Arabic script), digits and marks aside: one bidi run. */
function oneScript(text: string): boolean {
  return !(/\p{Script=Latin}/u.test(text) && /[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(text));
}

function trimInlines(inlines: Inline[]): Inline[] {
  const out = inlines.map((i) => ({ ...i }));
  // White space after a line break would otherwise indent the next line.
  for (let i = 1; i < out.length; i++) if (out[i - 1]!.text.endsWith('\n')) out[i]!.text = out[i]!.text.replace(/^ +/, '');
  if (out[0]) out[0].text = out[0].text.replace(/^ +/, '');
  const last = out[out.length - 1];
  if (last) last.text = last.text.replace(/ +$/, '');
  return out.filter((i) => i.text !== '');
}

function sameStyle(a: Inline, b: Inline): boolean {
  const ka = Object.keys(a).filter((k) => k !== 'text');
  const kb = Object.keys(b).filter((k) => k !== 'text');
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

function styleNames(el: Element): string[] {
  const classes = (el.attribs.class ?? '').split(/\s+/).filter(Boolean);
  return [el.name, ...classes.map((c) => `${el.name}.${c}`)];
}

/** The direction an inline element isolates its text in: its `dir`, or `auto` for a <bdi> without one. */
function inlineDir(el: Element): BidiIsolate['dir'] | undefined {
  const d = el.attribs.dir;
  if (d === 'rtl' || d === 'ltr' || d === 'auto') return d;
  return el.name === 'bdi' ? 'auto' : undefined;
}

function dirOf(el: Element, inherited: Context['dir']): Context['dir'] {
  const d = el.attribs.dir;
  return d === 'rtl' || d === 'ltr' || d === 'auto' ? d : inherited;
}

function plainText(el: Element): string {
  const parts: string[] = [];
  const walk = (nodes: AnyNode[]) => nodes.forEach((n) => (isText(n) ? parts.push(n.data) : isTag(n) && walk(n.children)));
  walk(el.children);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
