/**
 * The EPUB writer on a worker thread, so that it runs beside the PDF writer on a second core.
 * It loads its libraries as soon as it starts (while the main thread loads and renders the
 * briefing), then builds a book per message from data that survives structured cloning:
 * the Briefing (the View holds functions, so it is rebuilt here with the same `toView`) and the
 * rendered XHTML. A watcher keeps one thread for all its rebuilds and sends no `last`.
 */
import { toView } from '../view.js';
import { serveWriterJobs } from '../writer-thread.js';
import { renderEpub } from './index.js';
import type { EpubJob } from './worker-client.js';

serveWriterJobs<EpubJob>(async (job) => {
  const buffer = await renderEpub(toView(job.briefing, job.images), job.rendered, { templatesDir: job.templatesDir, date: job.date });
  // A copy that owns its memory, so it can be transferred rather than cloned.
  return new Uint8Array(buffer);
});
