import type { PdfNode } from './from-xhtml.js';
import type { PdfTheme } from './theme.js';

/**
 * Headings and the small labels that introduce a block (a speaker's role, a statement's context)
 * must not end a page with what they introduce on the next one (CSS `break-after: avoid`).
 *
 * pdfmake can only re-lay the whole document for each page break its `pageBreakBefore` adds, and
 * drops whatever of an `unbreakable` block does not fit on one page. So the introducing nodes
 * alone become an unbreakable block that also holds `space` points of empty room, then a node with
 * a negative margin takes that room back: the block moves to the next page unless there is room on
 * this one for it and the first lines of what follows. Nothing is laid out twice. A run of kept
 * nodes with more than `MAX_KEPT_CHARACTERS` of text is left alone: it could be taller than a page.
 */

/** About six lines of body text: far less than a page, whatever the heading sizes. */
export const MAX_KEPT_CHARACTERS = 480;

export interface KeepWithNext {
  /** Style names (`h2`, `p.context`) of the elements kept with the block after them. */
  elements: string[];
  /** Lines of body text that must fit below them on the same page. */
  lines: number;
}

/** Without the key in a theme: headings keep with what follows. */
export const DEFAULT_KEEP_WITH_NEXT: KeepWithNext = { elements: ['h1', 'h2', 'h3'], lines: 2 };

/** Which elements a document keeps with the next block, and the room (points) they need below them. */
export interface KeepRule {
  keeps(styles: string[]): boolean;
  space: number;
}

export function keepWithNextOf(theme: PdfTheme): KeepRule {
  const rule = theme.keepWithNext ?? DEFAULT_KEEP_WITH_NEXT;
  const names = new Set(rule.elements);
  // The lines, plus half a line for the next block's own top margin or padding, plus a quote's
  // padding: with less, its first line alone may end the page (lone-lines.ts leaves it there).
  const space = (rule.lines + 0.5) * theme.baseFontSize * theme.lineHeight + theme.blockquote.padding;
  return { keeps: (styles) => styles.some((s) => names.has(s)), space };
}

/**
 * `nodes` are the blocks of one container in order, `keep[i]` whether node i is kept with the
 * next. Each run of kept nodes followed by another node becomes one unbreakable block (see above);
 * a run at the end of the container is left as it is.
 */
export function groupKeptNodes(nodes: PdfNode[], keep: boolean[], space: number): PdfNode[] {
  const out: PdfNode[] = [];
  for (let i = 0; i < nodes.length; ) {
    if (!keep[i]) {
      out.push(nodes[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < nodes.length && keep[j]) j++;
    const run = nodes.slice(i, j);
    if (j === nodes.length || run.reduce((n, node) => n + textLength(node), 0) > MAX_KEPT_CHARACTERS) {
      out.push(...run);
      i = j;
      continue;
    }
    // An empty canvas draws nothing and carries no structure: only its margin takes room.
    out.push({ stack: [...run, { canvas: [], margin: [0, space, 0, 0] }], unbreakable: true });
    out.push({ canvas: [], margin: [0, -space, 0, 0] });
    i = j;
  }
  return out;
}

/** Characters of text in a node and the nodes inside it. */
function textLength(node: unknown): number {
  if (typeof node === 'string') return node.length;
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + textLength(item), 0);
  if (node === null || typeof node !== 'object') return 0;
  const { text, stack, columns, table } = node as { text?: unknown; stack?: unknown; columns?: unknown; table?: { body?: unknown } };
  return textLength(text) + textLength(stack) + textLength(columns) + textLength(table?.body);
}
