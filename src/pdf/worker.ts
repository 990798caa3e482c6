/**
 * The PDF writer on a worker thread (see worker-client.ts for why). It loads pdfmake, the hooks and
 * the fonts as soon as it starts, then builds a PDF per message from data that survives structured
 * cloning: the Briefing (the View holds functions, so it is rebuilt here with the same `toView`),
 * the rendered XHTML and the theme.
 */
import { parentPort } from 'node:worker_threads';
import { toView } from '../view.js';
import { renderPdf } from './index.js';
import type { PdfJob, PdfReply } from './worker-client.js';

parentPort?.on('message', (job: PdfJob) => {
  build(job)
    .then(
      (bytes) => parentPort!.postMessage({ bytes } satisfies PdfReply, [bytes.buffer as ArrayBuffer]),
      (err: unknown) => parentPort!.postMessage({ error: serialiseError(err) } satisfies PdfReply),
    )
    .finally(() => {
      // After its last document the thread ends on its own and hands its memory back.
      if (job.last) parentPort!.close();
    });
});

async function build(job: PdfJob): Promise<Uint8Array> {
  const buffer = await renderPdf(toView(job.briefing, job.images), job.rendered, { theme: job.theme, creationDate: job.creationDate, source: job.source });
  // A copy that owns its memory, so it can be transferred rather than cloned.
  return new Uint8Array(buffer);
}

function serialiseError(err: unknown): NonNullable<PdfReply['error']> {
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
