/**
 * Page breaks decided while laying out, so that pdfmake does not lay the document out again for each.
 *
 * The lone-lines rule (lone-lines.ts) and a report's section starts (layout.ts) are pdfmake
 * `pageBreakBefore` hooks: pdfmake lays the whole document out, asks the hook about each node in
 * order, sets `pageBreak: 'before'` on the first node it says yes to and starts over. The ~600
 * paragraphs took 16 passes that way, each as costly as the first but for measuring.
 *
 * Here the same rules are asked about a text node just before pdfmake places it, with where it
 * would be placed: its first line's position (after its top margin) and the pages its lines would
 * take, found by breaking it into lines on a copy of its words (pdfmake's own `buildNextLine`).
 * Everything before the node is final by then, as on the pass where pdfmake would ask. When a rule
 * says yes, the node gets the page break before pdfmake places it, as the hook's answer would
 * have given it on the next pass.
 *
 * Only a yes that is certain is acted on. A rule that needs what comes after the node (a widow
 * needs where the next node starts) or a node whose pages cannot be known here (in an unbreakable
 * block, taller than half a page on its second page) is left to the hook, which still runs after
 * each pass and sees the nodes this planner did not break: a missed break costs a pass, as before,
 * never a different PDF. Breaks set here are decided again on every pass (the layout before a node
 * may have changed), and a node the hook broke is left alone.
 *
 * One answer does change: the automatic brief/report choice counts the pages of the first pass
 * (index.ts, renderPdfIfFits). That pass now has the planned breaks; before, it had none, and a
 * brief that fitted on two pages until its orphans moved was drawn on three. Now it is a report.
 */
import { hook, pdfmakeModule } from './registry.js';
import { balanceLastPage, notePlace, type LastPageRule, type Places } from './last-page.js';

const INSTALLED = Symbol.for('briefing.breakPlanner.installed');
/** On a document's pageBreakBefore function: what the planner may decide in advance (a Plan). */
export const PLAN = Symbol.for('briefing.breakPlanner.plan');

/** What one layout of a document took: the breaks the planner set, and pdfmake's layout passes. */
export interface LayoutStats {
  plannedBreaks: number;
  passes: number;
}

/** A document's plan: its rules, whether the planner may use them, and who hears how the layout went. */
export interface Plan {
  rules: PlannedRule[];
  /** false: every break from pdfmake's hook, one layout pass each (the same bytes; to compare). */
  enabled: boolean;
  onLayoutDone?: (stats: LayoutStats) => void;
  /** No near-empty last page (last-page.ts): laid out once more, with a block moved, when the rule says so. */
  lastPage?: LastPageRule;
}
/** On a LayoutBuilder, while it lays out one of our documents: that document's planner. */
const PLANNER = Symbol('briefing.breakPlanner');

interface Position {
  pageNumber: number;
  verticalRatio: number;
  pageInnerHeight: number;
}
/** What pdfmake tells a pageBreakBefore hook about a node, as far as it is known before placing it. */
export interface PlannedInfo {
  id?: string;
  text?: unknown;
  style?: string | string[];
  headlineLevel?: unknown;
  startPosition: Position;
  pageNumbers: number[];
  /** The document's page count: not known yet (asking throws, and the hook decides). */
  readonly pages: number;
}
interface PlannedNode {
  text?: unknown;
  style?: string | string[];
  pageNumbers: number[];
}
/** pdfmake's second argument to the hook: only the nodes before this one are known yet. */
export interface PlannedNodes {
  getNodesOnNextPage(): PlannedNode[];
  getFollowingNodesOnPage(): PlannedNode[];
  getPreviousNodesOnPage(): PlannedNode[];
}
/** A rule as the hook asks it, on a node about to be placed. */
export type PlannedRule = (info: PlannedInfo, nodes: PlannedNodes) => boolean;

/** Thrown by a planned question the planner cannot answer before the node is placed. */
class Unknown extends Error {}

interface Context {
  x: number;
  y: number;
  page: number;
  availableHeight: number;
  availableWidth: number;
  addMargin(left: number, right?: number): void;
  pageMargins: { top: number; bottom: number };
  getCurrentPage(): { pageSize: { height: number } } | null;
}
interface LineLike {
  getHeight(): number;
}
interface LayoutNode {
  text?: unknown;
  id?: unknown;
  style?: unknown;
  headlineLevel?: unknown;
  pageBreak?: string;
  _margin?: number[];
  _inlines?: object[];
  positions?: { pageNumber: number }[];
  listMarker?: unknown;
  [key: string]: unknown;
}
interface Builder {
  writer: { context(): Context; transactionLevel?: number };
  linearNodeList: LayoutNode[];
  buildNextLine(node: { _inlines: object[] }): LineLike | null;
  processNode(node: LayoutNode, ...rest: unknown[]): void;
  layoutDocument(...args: unknown[]): unknown;
  [PLANNER]?: Planner;
}

/** Keys that make pdfmake lay a node out as something other than plain lines of text. */
const NOT_PLAIN = ['stack', 'section', 'columns', 'ul', 'ol', 'table', 'toc', 'image', 'svg', 'canvas', 'qr', 'attachment'] as const;
/** Keys that change how or where a node's lines are placed. */
const PLACED_OTHERWISE = ['unbreakable', 'absolutePosition', 'relativePosition', 'verticalAlignment', 'maxHeight', 'pageOrientation'] as const;

interface Planner {
  rules: PlannedRule[];
  /** The nodes this planner gave a page break (on this or an earlier pass). */
  broke: WeakSet<object>;
  /** Breaks set on this document, and layout passes (for Plan.onLayoutDone). */
  planned: number;
  passes: number;
  /** Where each node was about to be placed, for the last-page rule. */
  places?: Places;
}

export function installBreakPlanner(): void {
  const proto = pdfmakeModule<{ prototype: Record<symbol, boolean> }>('pdfmake/js/LayoutBuilder.js').prototype;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;

  hook<Builder['layoutDocument']>('break-planner.ts', 'pdfmake/js/LayoutBuilder.js', '#layoutDocument', (layoutDocument) =>
    function (this: Builder, ...args) {
      // pdfmake's ninth parameter: the document's pageBreakBefore function (registry.ts checks the arity).
      const hook = args[8] as (((...a: unknown[]) => unknown) & { [PLAN]?: Plan }) | undefined;
      const plan = typeof hook === 'function' ? hook[PLAN] : undefined;
      // Only our documents carry a plan (index.ts); scope.ts marks them as laid out inside this call.
      if (!plan) return layoutDocument.apply(this, args);
      const planner: Planner = { rules: plan.enabled ? plan.rules : [], broke: new WeakSet(), planned: 0, passes: 0, ...(plan.lastPage ? { places: new WeakMap() } : {}) };
      const outer = this[PLANNER];
      this[PLANNER] = planner;
      try {
        const pages = layoutDocument.apply(this, args);
        if (!plan.lastPage || !planner.places || !Array.isArray(pages)) return pages;
        // Laid out again, if at all, with this planner: it decides again the breaks it set (`broke`).
        return balanceLastPage(this, args[0], pages, planner.places, plan.lastPage, (node) => planner.broke.has(node), () => layoutDocument.apply(this, args) as never);
      } finally {
        this[PLANNER] = outer;
        plan.onLayoutDone?.({ plannedBreaks: planner.planned, passes: planner.passes });
      }
    },
  );

  hook<Builder['processNode']>('break-planner.ts', 'pdfmake/js/LayoutBuilder.js', '#processNode', (processNode) =>
    function (this: Builder, node, ...rest) {
      const planner = this[PLANNER];
      if (planner && this.linearNodeList.length === 0) planner.passes++;
      // pdfmake keeps on a table how far down each page its rows reached (and where row spans broke),
      // and starts from that on the next pass: a quote whose paragraph a break moved on would keep its
      // box as long as before.
      if (planner && node.table !== undefined) {
        delete node._bottomByPage;
        delete node._breaksBySpan;
      }
      if (planner && planner.rules.length > 0 && node.text !== undefined) plan(this, planner, node);
      if (planner?.places) notePlace(this, planner.places, node);
      return processNode.call(this, node, ...rest);
    },
  );
}

/** Decides, again, whether `node` starts a new page: before pdfmake places it. */
function plan(builder: Builder, planner: Planner, node: LayoutNode): void {
  if (planner.broke.has(node)) {
    delete node.pageBreak;
    planner.broke.delete(node);
  }
  if (node.pageBreak !== undefined) return;
  for (const key of NOT_PLAIN) if (node[key] !== undefined) return;
  for (const key of PLACED_OTHERWISE) if (node[key] !== undefined) return;
  if (!Array.isArray(node._inlines) || node._inlines.length === 0) return;
  if (node.text === '' && !node.listMarker) return;
  // In an unbreakable block the lines go to a page of the block's own; pdfmake moves it whole.
  if ((builder.writer.transactionLevel ?? 0) > 0) return;
  const context = builder.writer.context();
  const page = context.getCurrentPage();
  if (!page) return;
  const placed = wouldPlace(builder, context, node, page.pageSize.height);
  if (!placed) return;
  const info: PlannedInfo = {
    ...(typeof node.id === 'string' ? { id: node.id } : {}),
    text: node.text,
    ...(node.style !== undefined ? { style: node.style as string | string[] } : {}),
    ...(node.headlineLevel !== undefined ? { headlineLevel: node.headlineLevel } : {}),
    startPosition: placed.start,
    pageNumbers: placed.pageNumbers,
    get pages(): number {
      throw new Unknown();
    },
  };
  const unknown = (): never => {
    throw new Unknown();
  };
  const nodes: PlannedNodes = {
    getNodesOnNextPage: unknown,
    getFollowingNodesOnPage: unknown,
    getPreviousNodesOnPage: () => previousOnPage(builder.linearNodeList, placed.start.pageNumber),
  };
  for (const rule of planner.rules) {
    let yes: boolean;
    try {
      yes = rule(info, nodes);
    } catch (err) {
      if (err instanceof Unknown) return;
      throw err;
    }
    if (yes) {
      node.pageBreak = 'before';
      planner.broke.add(node);
      planner.planned++;
      return;
    }
  }
}

/**
 * Where pdfmake would put `node`'s lines from here, as its applyMargins and processLeaf do: the
 * first line's position and the pages the lines take. After a page break the next page is taken as
 * empty from its top margin (in a quote, pdfmake's row break puts the box's padding there first), so
 * the lines there are counted only up to half a page: past that, whether they run onto a third page
 * is not known here, and the answer is undefined.
 */
function wouldPlace(builder: Builder, context: Context, node: LayoutNode, pageHeight: number): { start: Position; pageNumbers: number[] } | undefined {
  const { top, bottom } = context.pageMargins;
  const innerHeight = pageHeight - top - bottom;
  const [left = 0, marginTop = 0, right = 0] = node._margin ?? [];
  const y = context.y + marginTop;
  const available = context.availableHeight - marginTop;
  // Lines are built from a copy of the words (buildNextLine consumes the list and splits words), in
  // the width the node's side margins leave, as pdfmake's applyMargins sets it before processLeaf.
  const copy = { _inlines: node._inlines!.map((inline) => ({ ...inline })) };
  context.addMargin(left, right);
  try {
    return linesFrom(builder, copy, context, { y, available, top, innerHeight });
  } finally {
    context.x -= left;
    context.availableWidth += left + right;
  }
}

/** The lines of `copy` from (y, available) on: the first line's position and the pages they take. */
function linesFrom(
  builder: Builder,
  copy: { _inlines: object[] },
  context: Context,
  at: { y: number; available: number; top: number; innerHeight: number },
): { start: Position; pageNumbers: number[] } | undefined {
  let { y, available } = at;
  const { top, innerHeight } = at;
  let page = 0;
  let startY: number | undefined;
  let startPage = 0;
  let onLastPage = 0;
  for (let line = builder.buildNextLine(copy); line; line = builder.buildNextLine(copy)) {
    const height = line.getHeight();
    if (height > available && y > top) {
      page++;
      y = top;
      available = innerHeight;
      onLastPage = 0;
    }
    if (startY === undefined) {
      startY = y;
      startPage = page;
    }
    y += height;
    available -= height;
    onLastPage += height;
    if (page > startPage && onLastPage > innerHeight / 2) return undefined;
  }
  if (startY === undefined) return undefined;
  const first = context.page + 1 + startPage;
  const pageNumbers = [];
  for (let p = first; p <= context.page + 1 + page; p++) pageNumbers.push(p);
  return { start: { pageNumber: first, verticalRatio: (startY - top) / innerHeight, pageInnerHeight: innerHeight }, pageNumbers };
}

/** As pdfmake's getPreviousNodesOnPage: the nodes placed so far that have a line on `pageNumber`. */
function previousOnPage(list: LayoutNode[], pageNumber: number): PlannedNode[] {
  const out = [];
  for (const node of list) {
    const positions = node.positions ?? [];
    if (positions.length === 0 || (node.text === '' && !node.listMarker)) continue;
    if (!positions.some((p) => p.pageNumber === pageNumber)) continue;
    out.push({
      ...(node.text !== undefined ? { text: node.text } : {}),
      ...(node.style !== undefined ? { style: node.style as string | string[] } : {}),
      pageNumbers: [...new Set(positions.map((p) => p.pageNumber))],
    });
  }
  return out;
}
