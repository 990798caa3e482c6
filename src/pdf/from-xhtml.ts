import { parseDocument } from 'htmlparser2';
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import type { Direction } from '../locale/index.js';
import type { PdfTheme } from './theme.js';

/** A pdfmake content node; pdfmake's own types lag behind 0.3, so nodes stay loosely typed here. */
export type PdfNode = Record<string, unknown>;
type Inline = { text: string } & Record<string, unknown>;

interface Context {
  theme: PdfTheme;
  /** Bookmark ids, shared by the whole document. */
  outlines: { count: number; sectionHeading: Map<string, string> };
  /** Direction inherited from the nearest ancestor with `dir` ('auto' is left for the RTL layer to resolve). */
  dir: Direction | 'auto';
  /** Depth of the enclosing top-level section's heading, for bookmarks. */
  outlineParent?: string;
}

const BLOCKS = new Set(['section', 'div', 'p', 'h1', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'table', 'figure', 'caption']);

/**
 * Maps the shared XHTML (its top-level sections) to pdfmake content, each section from a new page.
 * Each element gets the theme styles of its name and of `name.class`; `dir` is carried on every
 * text node for the RTL layer, which alone decides how lines are ordered.
 */
export function xhtmlToPdf(sections: { xhtml: string }[], theme: PdfTheme, dir: Direction): PdfNode[] {
  const ctx: Context = { theme, dir, outlines: { count: 0, sectionHeading: new Map() } };
  return sections.map((section, i) => {
    const doc = parseDocument(section.xhtml, { xmlMode: true });
    return { stack: blocks(doc.children, ctx), ...(i > 0 ? { pageBreak: 'before' } : {}) };
  });
}

function blocks(nodes: AnyNode[], ctx: Context): PdfNode[] {
  const out: PdfNode[] = [];
  let pendingInline: AnyNode[] = [];
  const flushInline = () => {
    const inlines = inlineRuns(pendingInline, ctx, {});
    if (inlines.some((i) => i.text.trim() !== '')) out.push(textNode(trimInlines(inlines), [], ctx));
    pendingInline = [];
  };
  for (const node of nodes) {
    if (isTag(node) && BLOCKS.has(node.name)) {
      flushInline();
      out.push(...block(node, ctx));
    } else {
      pendingInline.push(node);
    }
  }
  flushInline();
  return out;
}

function block(el: Element, parent: Context): PdfNode[] {
  const ctx: Context = { ...parent, dir: dirOf(el, parent.dir) };
  const styles = styleNames(el);
  switch (el.name) {
    case 'section':
    case 'div':
    case 'figure': {
      const id = el.attribs.id;
      const inner = blocks(el.children, id && el.name === 'section' ? { ...ctx, outlineParent: ctx.outlineParent ?? id } : ctx);
      return [{ stack: inner, style: styles, ...(id ? { id: `anchor-${id}` } : {}) }];
    }
    case 'h1':
    case 'h2':
    case 'h3': {
      const node = textNode(trimInlines(inlineRuns(el.children, ctx, {})), styles, ctx);
      // Headings become PDF bookmarks: h1 at the top level, h2 under the section's h1.
      if (el.name !== 'h3') {
        node.outline = true;
        node.outlineText = plainText(el);
        node.id = `heading-${++ctx.outlines.count}`;
        const ids = ctx.outlines.sectionHeading;
        if (el.name === 'h2' && ctx.outlineParent) node.outlineParentId = ids.get(ctx.outlineParent);
        if (el.name === 'h1' && ctx.outlineParent) ids.set(ctx.outlineParent, node.id as string);
      }
      return [{ ...node, headlineLevel: Number(el.name[1]) }];
    }
    case 'p':
    case 'caption':
      return [textNode(trimInlines(inlineRuns(el.children, ctx, {})), styles, ctx)];
    case 'blockquote':
      return [blockquote(blocks(el.children, ctx), ctx)];
    case 'ul':
    case 'ol':
      return [list(el, ctx)];
    case 'table':
      return table(el, ctx);
    default:
      return blocks(el.children, ctx);
  }
}

/** A quote set off by a rule on the side where lines start: the right in RTL. */
function blockquote(content: PdfNode[], ctx: Context): PdfNode {
  const q = ctx.theme.blockquote;
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
  return {
    stack: items.map((li, i) => {
      const marker = { text: ordered ? `${i + 1}.` : ctx.theme.list.bullet, width: 'auto', dir: ctx.dir === 'rtl' ? 'rtl' : 'ltr' };
      const body = { stack: blocks(li.children, { ...ctx, dir: dirOf(li, ctx.dir) }), width: '*' };
      return { columns: ctx.dir === 'rtl' ? [body, marker] : [marker, body], columnGap: ctx.theme.list.gap, margin: [0, 0, 0, 3] };
    }),
    style: styleNames(el),
  };
}

/** Tables keep their logical column order in the data; in RTL the first column is drawn on the right. */
function table(el: Element, ctx: Context): PdfNode[] {
  const t = ctx.theme.table;
  const rows: { cells: PdfNode[]; header: boolean }[] = [];
  const walk = (nodes: AnyNode[], header: boolean) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (n.name === 'thead') walk(n.children, true);
      else if (n.name === 'tbody' || n.name === 'tfoot') walk(n.children, false);
      else if (n.name === 'tr') {
        const cells = n.children
          .filter((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'))
          .map((c) => {
            const cctx = { ...ctx, dir: dirOf(c, ctx.dir) };
            const content = blocks(c.children, cctx);
            return { stack: content, style: styleNames(c) };
          });
        rows.push({ cells: ctx.dir === 'rtl' ? cells.reverse() : cells, header });
      }
    }
  };
  walk(el.children, false);
  if (rows.length === 0) return [];
  const columns = Math.max(...rows.map((r) => r.cells.length));
  const body = rows.map((r) => [...r.cells, ...Array.from({ length: columns - r.cells.length }, () => ({ text: '' }))]);
  const caption = el.children.find((n): n is Element => isTag(n) && n.name === 'caption');
  const widths = columnWidths(el, columns, ctx.dir === 'rtl');
  const out: PdfNode[] = [];
  if (caption) out.push(...block(caption, ctx));
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

/** The matrix and facts tables size their label column to the content; others share the width. */
function columnWidths(el: Element, columns: number, rtl: boolean): (string | number)[] {
  const cls = el.attribs.class ?? '';
  let widths: (string | number)[];
  if (cls.includes('facts')) widths = ['auto', '*'];
  else if (cls.includes('matrix')) widths = ['*', ...Array.from({ length: columns - 1 }, () => 'auto')];
  else if (cls.includes('participants')) widths = ['*', '*', 'auto', 'auto'];
  else widths = Array.from({ length: columns }, () => '*');
  widths = widths.slice(0, columns);
  while (widths.length < columns) widths.push('*');
  return rtl ? widths.reverse() : widths;
}

function textNode(inlines: Inline[], styles: string[], ctx: Context): PdfNode {
  return { text: inlines.length === 1 && Object.keys(inlines[0]!).length === 1 ? inlines[0]!.text : inlines, style: styles, dir: ctx.dir };
}

/** Flattens inline markup into styled runs, collapsing white space as CSS `white-space: normal` does. */
function inlineRuns(nodes: AnyNode[], ctx: Context, inherited: Record<string, unknown>): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (isText(n)) {
      const text = n.data.replace(/[ \t\r\n]+/g, ' ');
      if (text) out.push({ text, ...inherited });
    } else if (isTag(n)) {
      if (n.name === 'br') {
        out.push({ text: '\n', ...inherited });
        continue;
      }
      const own: Record<string, unknown> = {};
      for (const s of styleNames(n)) Object.assign(own, ctx.theme.styles[s]);
      if (n.name === 'a' && n.attribs.href) own.link = n.attribs.href;
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
