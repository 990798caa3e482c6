/**
 * The PDF writer on a worker thread (see worker-client.ts for why). It loads pdfmake, the hooks and
 * the fonts as soon as it starts, then builds a PDF per message from data that survives structured
 * cloning: the Briefing (the View holds functions, so it is rebuilt here with the same `toView`),
 * the rendered XHTML and the theme.
 */
import { toView } from '../view.js';
import { serveWriterJobs } from '../writer-thread.js';
import { renderPdf } from './index.js';
import type { PdfJob } from './worker-client.js';

serveWriterJobs<PdfJob>(async (job) => {
  const buffer = await renderPdf(toView(job.briefing, job.images), job.rendered, { theme: job.theme, creationDate: job.creationDate, source: job.source });
  // A copy that owns its memory, so it can be transferred rather than cloned.
  return new Uint8Array(buffer);
});
