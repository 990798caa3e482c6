/**
 * No near-empty last page (the rule: ../last-page.ts). After pdfmake has laid a document out, the
 * fill of its last two pages is read from the laid-out pages, and where the rule says so a block
 * starting on the page before last gets `pageBreak: 'before'` and the document is laid out once
 * more, inside the same layoutDocument call (break-planner.ts calls this), so nothing else sees
 * the first layout.
 *
 * Why not pdfmake's `pageBreakBefore` hook: pdfmake asks it about each node once per document
 * (`pageBreakCalculated`), so in the last pass it is not asked about the nodes that end the
 * document, and it cannot know how full the last page will be before the last node is placed.
 *
 * Where a block starts is taken as each node is placed (`notePlace`: its page and the y the node
 * before it ended at), since the positions pdfmake records inside an unbreakable block (a heading
 * kept with its paragraph) are relative to the block.
 *
 * Breaks after the moved block were decided for the first layout: those of the break planner are
 * decided again (its broken nodes are known to it across both layouts), those of pdfmake's hook
 * are taken back and the hook asked again; a break the document itself asks for (a template's
 * `new-page` section) is never moved across.
 */
import type { LastPages } from '../last-page.js';

/** A laid-out page as pdfmake's DocumentContext makes it. */
interface Page {
  items: { type: string; item: PageItem }[];
  pageSize: { height: number };
  pageMargins: { top: number; bottom: number };
}
interface PageItem {
  y?: number;
  getHeight?(): number;
  _height?: number;
  type?: string;
  h?: number;
  y1?: number;
  y2?: number;
}
interface LayoutNode {
  stack?: unknown[];
  unbreakable?: unknown;
  headlineLevel?: unknown;
  canvas?: unknown[];
  pageBreak?: string;
  pageBreakCalculated?: boolean;
  [key: string]: unknown;
}
interface Builder {
  writer: { context(): { page: number; y: number }; transactionLevel?: number };
  linearNodeList: LayoutNode[];
}

/** Where each node was about to be placed in the layout now under way (not inside unbreakable blocks). */
export type Places = WeakMap<object, { page: number; y: number }>;

/** Called as pdfmake is about to place `node` (its page break and margins not applied yet). */
export function notePlace(builder: Builder, places: Places, node: object): void {
  if ((builder.writer.transactionLevel ?? 0) > 0) return;
  const context = builder.writer.context();
  places.set(node, { page: context.page, y: context.y });
}

/** The rule (../last-page.ts): whether a last page is too empty, which break point to take, whether the new layout is better. */
export type LastPageRule = {
  nearEmpty(last: number): boolean;
  choose(fills: LastPages, points: readonly number[]): number | undefined;
  keeps(before: { pages: number; last: number }, after: { pages: number; last: number }): boolean;
};

/**
 * The pages of a layout that leaves no near-empty last page where the rule can help: `pages` as they
 * are, or those of `relayout()` after a block has been moved (see above). `content` is the
 * document's content as given to layoutDocument; `broke` tells the break planner's own breaks.
 */
export function balanceLastPage(builder: Builder, content: unknown, pages: Page[], places: Places, rule: LastPageRule, broke: (node: object) => boolean, relayout: () => Page[]): Page[] {
  const count = pages.length;
  if (count < 2) return pages;
  const penultimate = pages[count - 2]!;
  const fills = { penultimate: fillOf(penultimate), last: fillOf(pages[count - 1]!) };
  if (!rule.nearEmpty(fills.last)) return pages;

  const list = builder.linearNodeList;
  const order = new Map<object, number>(list.map((node, i) => [node, i]));
  // A break the document asks for (not one of the planner's or pdfmake's hook's): nothing moves across it.
  let forced = -1;
  list.forEach((node, i) => {
    if (node.pageBreak !== undefined && !node.pageBreakCalculated && !broke(node)) forced = i;
  });
  const { top, bottom } = penultimate.pageMargins;
  const inner = penultimate.pageSize.height - top - bottom;
  const points: { node: LayoutNode; at: number }[] = [];
  for (const node of blockStarts(content)) {
    const place = places.get(node);
    const index = order.get(node);
    if (!place || index === undefined || index <= forced || place.page !== count - 2 || node.pageBreak !== undefined) continue;
    const at = (place.y - top) / inner;
    if (at <= 0 || points.some((p) => p.at === at)) continue;
    points.push({ node, at });
  }
  points.sort((a, b) => a.at - b.at);
  const chosen = rule.choose(fills, points.map((p) => p.at));
  if (chosen === undefined) return pages;
  const moved = points[chosen]!.node;

  // The breaks after the moved block were made for the first layout: decided again in the next.
  const after = list.slice(order.get(moved)! + 1);
  const saved = after.map((node) => ({ node, pageBreak: node.pageBreak, calculated: node.pageBreakCalculated }));
  for (const node of after) {
    if (!node.pageBreakCalculated) continue;
    if (node.pageBreak === 'before') delete node.pageBreak;
    delete node.pageBreakCalculated;
  }
  moved.pageBreak = 'before';
  const again = relayout();
  if (rule.keeps({ pages: count, last: fills.last }, { pages: again.length, last: fillOf(again.at(-1)!) })) return again;
  // Worse than before (a page more, or no fuller): the first layout, as it was.
  delete moved.pageBreak;
  for (const { node, pageBreak, calculated } of saved) {
    if (pageBreak === undefined) delete node.pageBreak;
    else node.pageBreak = pageBreak;
    if (calculated === undefined) delete node.pageBreakCalculated;
    else node.pageBreakCalculated = calculated;
  }
  return relayout();
}

/**
 * How full a page is: from the top of its body to the foot of the lowest thing drawn in it (lines,
 * images, rules and fills), as a fraction of the body height. The running header and footer stand
 * in the margins and do not count.
 */
function fillOf(page: Page): number {
  const { top, bottom } = page.pageMargins;
  const foot = page.pageSize.height - bottom;
  let lowest = top;
  for (const { type, item } of page.items) {
    let from: number | undefined;
    let to: number | undefined;
    if (type === 'line' && item.getHeight && item.y !== undefined) [from, to] = [item.y, item.y + item.getHeight()];
    else if ((type === 'image' || type === 'svg') && item.y !== undefined) [from, to] = [item.y, item.y + (item._height ?? 0)];
    else if (type === 'vector' && item.type === 'rect' && item.y !== undefined) [from, to] = [item.y, item.y + (item.h ?? 0)];
    else if (type === 'vector' && item.y1 !== undefined && item.y2 !== undefined) [from, to] = [Math.min(item.y1, item.y2), Math.max(item.y1, item.y2)];
    if (from === undefined || to === undefined || from < top - 0.5 || from >= foot) continue;
    lowest = Math.max(lowest, to);
  }
  return (lowest - top) / (foot - top);
}

/**
 * Where a page may start in the content, in document order: each block directly in a stack (a
 * section, a div, a heading, a group of kept elements) that is not the first of its stack (its
 * stack starts there) and does not follow an element kept with it (keep-with-next.ts: the kept
 * elements' unbreakable group, or a heading left ungrouped). Lists, tables and quotes are not
 * entered: a break inside them is theirs to make.
 */
function blockStarts(content: unknown): LayoutNode[] {
  const out: LayoutNode[] = [];
  const walk = (nodes: unknown[]) => {
    let previous: LayoutNode | undefined;
    nodes.forEach((value, i) => {
      if (value === null || typeof value !== 'object') return;
      const node = value as LayoutNode;
      // The empty canvas after a kept group takes back its room: it is not a block of its own.
      if (Array.isArray(node.canvas) && node.canvas.length === 0) return;
      const block = node.stack !== undefined || node.headlineLevel !== undefined || node.unbreakable !== undefined;
      const kept = previous !== undefined && (previous.unbreakable !== undefined || previous.headlineLevel !== undefined);
      if (i > 0 && previous !== undefined && block && !kept) out.push(node);
      if (Array.isArray(node.stack) && !node.unbreakable) walk(node.stack);
      previous = node;
    });
  };
  if (Array.isArray(content)) walk(content);
  else if (content !== null && typeof content === 'object' && Array.isArray((content as LayoutNode).stack)) walk((content as LayoutNode).stack!);
  return out;
}
