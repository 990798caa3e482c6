/**
 * Where pages break between the top-level sections, by layout (DESIGN.md, "Print design"):
 * - brief: no forced break; the sections flow under the compact title block.
 * - report: the cover (the first section) alone on page 1; the contents page follows, and the
 *   summary flows on after it; a later section starts a new page only when the page it would
 *   start on is already more than `NEW_PAGE_AFTER` full, so no page before a break is left
 *   under about half full.
 * pdfmake's pageBreakBefore hook decides each break from where the heading landed (one relayout
 * per break); those headings are not kept with the next block, since a heading low on its page
 * moves to the next one anyway.
 */
import type { PdfNode } from './from-xhtml.js';

/** A section starts a new page when the current one is fuller than this (a fraction of its height): the page before a break is never much under half full. */
export const NEW_PAGE_AFTER = 0.55;
/** Sections so small (a source credit) that they never start a page of their own. */
const NEVER_ALONE = new Set(['source']);


/** The first node of a heading level 1 inside `node`: the section's title, which the contents page points to. */
export function sectionHeading(node: unknown): PdfNode | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = sectionHeading(n);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const n = node as PdfNode;
  if (n.headlineLevel === 1) return n;
  return sectionHeading(n.stack) ?? sectionHeading(n.columns);
}

/**
 * The sections whose heading may start a new page: all but the cover, the one right after the
 * contents page, and those too small to stand alone.
 */
export function pageStartCandidates(ids: string[]): Set<string> {
  return new Set(ids.slice(2).filter((id) => !NEVER_ALONE.has(id)));
}

/** pdfmake's pageBreakBefore: a candidate heading breaks to a new page when its page is already well filled. */
export function reportPageBreak(headingIds: ReadonlySet<string>) {
  return (info: { id?: string; startPosition?: { verticalRatio: number } }): boolean =>
    info.id !== undefined && headingIds.has(info.id) && (info.startPosition?.verticalRatio ?? 0) > NEW_PAGE_AFTER;
}
