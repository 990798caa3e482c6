/**
 * A PDF as a writer thread builds it, from data that survives structured cloning: the view the main
 * thread made (src/view/index.ts says what cloning leaves of it), the rendered XHTML, the theme.
 */
import type { Rendered } from '../render/index.js';
import type { View } from '../view/index.js';
import type { PdfTheme } from './theme.js';

export interface PdfJob {
  kind: 'pdf';
  /** In the layout the PDF is made in; its images are the logo and figures the loader read. */
  view: View;
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

/** What a PDF job gives back: the PDF and its page count, if it drew one; with `fit`, whether it fitted. */
export interface PdfResult {
  bytes?: Uint8Array;
  pages?: number;
  fits?: boolean;
}

/** The progress a fitting layout sends before it is drawn, so the EPUB in that layout can start. */
export const FITS = 'fits';

export async function runPdfJob(job: PdfJob, progress: (p: unknown) => void): Promise<PdfResult> {
  const { countPages, renderPdfIfFits, writePdf } = await import('./index.js');
  const { view, rendered } = job;
  const options = { theme: job.theme, creationDate: job.creationDate, source: job.source };
  // A copy that owns its memory, so it can be transferred rather than cloned.
  const own = (b: Buffer) => new Uint8Array(b);
  if (!job.fit) {
    const pdf = await writePdf(view, rendered, options);
    return { bytes: own(pdf.bytes), pages: pdf.pages };
  }
  if (!job.fit.draw) return { fits: (await countPages(view, rendered, options, job.fit.maxPages)) <= job.fit.maxPages };
  const pdf = await renderPdfIfFits(view, rendered, options, job.fit.maxPages, () => progress(FITS));
  return pdf ? { fits: true, bytes: own(pdf.bytes), pages: pdf.pages } : { fits: false };
}
