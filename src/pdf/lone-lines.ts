/**
 * Orphans and widows: a paragraph split across two pages must not leave its first line alone at
 * the foot of the first page, nor its last line alone at the head of the next.
 *
 * pdfmake can only move a whole node to the next page (`pageBreakBefore`, which re-lays the whole
 * document once per break) and never pulls a line back, so:
 * - an orphan: the paragraph moves to the next page;
 * - a widow: the paragraph moves too when it is short (`MAX_MOVED_LINES` lines at most), so the
 *   page it leaves has a few empty lines at most; a longer paragraph keeps its widow.
 * pdfmake tells the hook where a node starts and which pages it is on, not how its lines fall:
 * the lines are counted from the room left on the page and from where the next node starts on the
 * next page, in lines of body text (`linePitch` points).
 */

/** A paragraph of this many lines or fewer moves whole rather than leave a widow. */
export const MAX_MOVED_LINES = 4;

interface Position {
  pageNumber: number;
  verticalRatio: number;
  pageInnerHeight: number;
}
interface NodeInfo {
  text?: unknown;
  style?: string | string[];
  pageNumbers?: number[];
  startPosition?: Position;
}
export interface PageNodes {
  getNodesOnNextPage(): NodeInfo[];
  getPreviousNodesOnPage(): NodeInfo[];
}

/**
 * `slack`: room below the last line of a page that a line cannot take: the padding a box (a
 * quote) keeps at the foot of a page. Counting it for every paragraph moves a paragraph that
 * would just have fitted two lines, never leaves one line alone.
 */
export function loneLineBreak(linePitch: number, slack: number, keeps: (styles: string[]) => boolean) {
  const introduced = (nodes: PageNodes) => introducedBy(keeps, nodes);
  return (info: NodeInfo, nodes?: PageNodes): boolean => {
    const start = info.startPosition;
    // Only text (a paragraph, a cell's text) split over exactly two pages.
    if (info.text === undefined || !start || info.pageNumbers?.length !== 2 || !nodes) return false;
    const room = (1 - start.verticalRatio) * start.pageInnerHeight;
    const linesHere = Math.floor((room - slack) / linePitch);
    // A heading or label kept with this paragraph (keep-with-next.ts) would stay behind alone:
    // a lone line is the lesser fault.
    if (linesHere <= 1) return !introduced(nodes);
    // Where the first node after this one starts on the next page: below the lines carried over.
    const next = nodes.getNodesOnNextPage().find((n) => n.startPosition?.pageNumber === start.pageNumber + 1);
    if (!next?.startPosition) return false;
    // Less than two lines above it: one line, a margin and a box's padding. A quote's last line
    // followed by what comes after the quote may go unseen; two lines are never taken for one.
    const carried = next.startPosition.verticalRatio * next.startPosition.pageInnerHeight;
    const widow = carried < 1.5 * linePitch + slack;
    return widow && linesHere + 1 <= MAX_MOVED_LINES;
  };
}

/** Whether the last text before this node on its page is kept with what follows it. */
function introducedBy(keeps: (styles: string[]) => boolean, nodes: PageNodes): boolean {
  const before = nodes.getPreviousNodesOnPage().filter((n) => n.text !== undefined).at(-1);
  const style = before?.style;
  return style !== undefined && keeps(Array.isArray(style) ? style : [style]);
}
