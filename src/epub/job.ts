/**
 * An EPUB as a writer thread builds it, from data that survives structured cloning: the view the
 * main thread made (src/view/index.ts says what cloning leaves of it), the rendered XHTML and the
 * build's template set.
 */
import type { Rendered } from '../render/index.js';
import type { TemplateSet } from '../render/template-set.js';
import type { View } from '../view/index.js';

export interface EpubJob {
  kind: 'epub';
  /** In the layout the EPUB is made in; its images are the logo and figures the loader read, never fetched. */
  view: View;
  rendered: Rendered;
  templates: TemplateSet;
  date: Date;
  /** The theme's accent colour, for the cover. */
  accent?: string;
}

export interface EpubResult {
  bytes: Uint8Array;
}

export async function runEpubJob(job: EpubJob): Promise<EpubResult> {
  const { renderEpub } = await import('./index.js');
  const buffer = await renderEpub(job.view, job.rendered, { templates: job.templates, date: job.date, accent: job.accent });
  // A copy that owns its memory, so it can be transferred rather than cloned.
  return { bytes: new Uint8Array(buffer) };
}
