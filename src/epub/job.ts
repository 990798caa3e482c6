/**
 * An EPUB as a writer thread builds it, from data that survives structured cloning: the Briefing
 * (the View holds functions, so it is rebuilt here with the same `toView`) and the rendered XHTML.
 */
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';
import { toView } from '../view/index.js';
import type { WriterResult } from '../threads/thread.js';

export interface EpubJob {
  kind: 'epub';
  /** With `layout` set: the view is made in that layout. */
  briefing: Briefing;
  /** The logo and figures: bytes the loader read, never fetched. */
  images?: BriefingImages;
  rendered: Rendered;
  templatesDir: string;
  date: Date;
}

export async function runEpubJob(job: EpubJob): Promise<WriterResult> {
  const { renderEpub } = await import('./index.js');
  const buffer = await renderEpub(toView(job.briefing, job.images), job.rendered, { templatesDir: job.templatesDir, date: job.date });
  // A copy that owns its memory, so it can be transferred rather than cloned.
  return { bytes: new Uint8Array(buffer) };
}
