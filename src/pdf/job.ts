/**
 * A PDF as a writer thread builds it, from data that survives structured cloning: the Briefing (the
 * View holds functions, so it is rebuilt here with the same `toView`), the rendered XHTML, the theme.
 */
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';
import { toView } from '../view/index.js';
import type { WriterResult } from '../threads/thread.js';
import type { PdfTheme } from './theme.js';

export interface PdfJob {
  kind: 'pdf';
  /** With `layout` set: the view is made in that layout. */
  briefing: Briefing;
  /** The logo and figures: bytes the loader read. */
  images?: BriefingImages;
  rendered: Rendered;
  theme: PdfTheme;
  creationDate: Date;
  /** The briefing's data file, embedded in the PDF. */
  source?: { name: string; bytes: Uint8Array; mediaType: string };
  /**
   * The automatic layout choice (layout-choice.ts): the PDF only if it takes at most `maxPages`
   * pages; `draw: false` lays it out to count them and draws nothing (no PDF was asked for).
   */
  fit?: { maxPages: number; draw: boolean };
}

/** The progress a fitting layout sends before it is drawn, so the EPUB in that layout can start. */
export const FITS = 'fits';

export async function runPdfJob(job: PdfJob, progress: (p: unknown) => void): Promise<WriterResult> {
  const { countPages, renderPdfIfFits, renderPdf } = await import('./index.js');
  const view = toView(job.briefing, job.images);
  const options = { theme: job.theme, creationDate: job.creationDate, source: job.source };
  // A copy that owns its memory, so it can be transferred rather than cloned.
  const own = (b: Buffer) => new Uint8Array(b);
  if (!job.fit) return { bytes: own(await renderPdf(view, job.rendered, options)) };
  if (!job.fit.draw) return { fits: (await countPages(view, job.rendered, options, job.fit.maxPages)) <= job.fit.maxPages };
  const bytes = await renderPdfIfFits(view, job.rendered, options, job.fit.maxPages, () => progress(FITS));
  return bytes ? { fits: true, bytes: own(bytes) } : { fits: false };
}
