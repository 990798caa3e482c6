/**
 * The EPUB writer on a worker thread, so that it runs beside the PDF writer on a second core.
 * It loads its libraries as soon as it starts (while the main thread loads and renders the
 * briefing), then builds a book per message from data that survives structured cloning:
 * the Briefing (the View holds functions, so it is rebuilt here with the same `toView`) and the
 * rendered XHTML.
 */
import { parentPort } from 'node:worker_threads';
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';
import { toView } from '../view.js';
import { renderEpub } from './index.js';
import type { EpubJob, EpubReply } from './worker-client.js';

// After the job marked `last`, closing the port lets the thread end on its own and free its memory
// while the main thread is still busy with the PDF (it reads the reply only then; Node delivers it
// before 'exit'). A watcher keeps one thread for all its rebuilds and sends no `last`.
parentPort?.on('message', (job: EpubJob) => {
  build(job.briefing, job.images, job.rendered, job.templatesDir, job.date)
    .then(
      (bytes) => parentPort!.postMessage({ bytes } satisfies EpubReply, [bytes.buffer as ArrayBuffer]),
      (err: unknown) => parentPort!.postMessage({ error: serialiseError(err) } satisfies EpubReply),
    )
    .finally(() => {
      if (job.last) parentPort!.close();
    });
});

async function build(briefing: Briefing, images: BriefingImages | undefined, rendered: Rendered, templatesDir: string, date: Date): Promise<Uint8Array> {
  const buffer = await renderEpub(toView(briefing, images), rendered, { templatesDir, date });
  // A copy that owns its memory, so it can be transferred rather than cloned.
  return new Uint8Array(buffer);
}

function serialiseError(err: unknown): NonNullable<EpubReply['error']> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { diagnostics, code } = err as { diagnostics?: unknown; code?: unknown };
  return {
    name: err.name,
    message: err.message,
    stack: err.stack,
    ...(typeof code === 'string' ? { code } : {}),
    ...(Array.isArray(diagnostics) ? { diagnostics } : {}),
  };
}
