/**
 * Which layout a briefing prints in when it names none (README, "Layouts"): `brief` when the brief
 * layout fits on `BRIEF_MAX_PAGES` pages, else `report`. The brief is laid out to find out; a
 * briefing far too long for two pages skips that. A build makes the choice on its PDF thread
 * (src/build/build.ts, `renderPdfIfFits`); `chooseLayout` makes it here, for a caller that needs the
 * view first (`renderBriefing`).
 */
import type { Briefing } from '../model/schema.js';
import type { Render, Rendered } from '../render/index.js';
import { paragraphText, toView, type View } from '../view/index.js';
import { NO_IMAGES, type BriefingImages } from '../model/images.js';

export const BRIEF_MAX_PAGES = 2;
/** Characters of text beyond which a brief cannot fit on two pages at any sensible type size. */
const SURELY_TOO_LONG = 14000;

export interface Chosen {
  view: View;
  rendered: Rendered;
}

/** `countPages` lays a view out as the PDF writer would and says how many pages it takes. */
export async function chooseLayout(
  briefing: Briefing,
  render: Render,
  countPages: (view: View, rendered: Rendered) => Promise<number>,
  images: BriefingImages = NO_IMAGES,
): Promise<Chosen> {
  const as = (layout: 'brief' | 'report'): Chosen => {
    const view = toView(briefing, images, { layout });
    return { view, rendered: render(view) };
  };
  const fixed = fixedLayout(briefing);
  if (fixed) return as(fixed);
  const brief = as('brief');
  return (await countPages(brief.view, brief.rendered)) <= BRIEF_MAX_PAGES ? brief : as('report');
}

/** The layout a briefing prints in without laying anything out: its own, or `report` when far too long for a brief; else undefined (lay the brief out to see). */
export function fixedLayout(briefing: Briefing): 'brief' | 'report' | undefined {
  if (briefing.layout) return briefing.layout;
  return textLength(briefing) > SURELY_TOO_LONG ? 'report' : undefined;
}

function textLength(b: Briefing): number {
  const paragraphs = [...b.summary, ...b.statements.flatMap((s) => s.text)].map(paragraphText);
  return paragraphs.reduce((n, p) => n + p.length, 0) + b.themes.reduce((n, t) => n + (t.description?.length ?? 0), 0);
}
