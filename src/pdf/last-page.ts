/**
 * No near-empty last page (README, "Print typography"): the last page of a PDF of two pages or
 * more holds at least `MIN_LAST_PAGE_FILL` of a page, when whole blocks can be moved there.
 *
 * A typesetter does not leave a few lines (the sources, a heading and two entries) alone on the
 * last page while the page before ends with room to spare: a whole block from the foot of the page
 * before (a section with its heading, a statement with its label) goes over with them. Only at a
 * block's start (pdfmake/last-page.ts finds them: sections, headings and the labels kept with what
 * follows, never between a kept label and its block), never adding a page, and never making the
 * page before shorter than the last one. The layout is made once more only when a block moves, and
 * that layout is kept only when it has as many pages and a fuller last page
 * (`keepsRelayout`); else the first one stands.
 */

/** The least a last page should hold, as a fraction of the page's body height. */
export const MIN_LAST_PAGE_FILL = 0.3;
/**
 * The most a last page may be filled to by a move (a fraction): room for what the estimate misses
 * (the moved block's top margin, a heading's keep space), so a move does not push a line onto a
 * page of its own.
 */
export const MAX_LAST_PAGE_FILL = 0.9;

/** How full (a fraction of the body height, from its top to the foot of the lowest line) the last two pages are. */
export interface LastPages {
  penultimate: number;
  last: number;
}

/** Whether a last page this full (a fraction of its body height) is one to fill up. */
export function nearEmptyLastPage(last: number): boolean {
  return last < MIN_LAST_PAGE_FILL;
}

/**
 * Which break point to start the last page at, or undefined to keep the layout. `points` are where
 * blocks start on the page before last (a fraction of its body height, ascending): the latest one
 * that brings the last page to `MIN_LAST_PAGE_FILL` is taken (the least moved), if the last page
 * stays under `MAX_LAST_PAGE_FILL` and the page before stays at least as full as the last.
 */
export function lastPageBreak(fills: LastPages, points: readonly number[]): number | undefined {
  if (!nearEmptyLastPage(fills.last)) return undefined;
  for (let i = points.length - 1; i >= 0; i--) {
    const at = points[i]!;
    const last = fills.last + (fills.penultimate - at);
    // Earlier points move more: past the limit here, past it there too.
    if (last > MAX_LAST_PAGE_FILL) return undefined;
    if (last < MIN_LAST_PAGE_FILL) continue;
    return at >= last ? i : undefined;
  }
  return undefined;
}

/** Whether the layout made with the break keeps its place: as many pages, and a fuller last page. */
export function keepsRelayout(before: { pages: number; last: number }, after: { pages: number; last: number }): boolean {
  return after.pages === before.pages && after.last > before.last;
}
