/**
 * Runs the PDF writer on a worker thread (src/pdf/worker.ts). pdfmake lays a document out in one
 * synchronous call that takes seconds for a long briefing; on the main thread nothing else runs
 * meanwhile, not even a Ctrl-C handler. On its own thread the main thread stays free to answer a
 * signal at once, and ending the process ends the thread mid-layout, before anything is written.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';
import type { PdfTheme } from './theme.js';

export interface PdfJob {
  briefing: Briefing;
  /** The logo and figures: bytes the loader read. */
  images?: BriefingImages;
  rendered: Rendered;
  theme: PdfTheme;
  creationDate: Date;
  /** The briefing's data file, embedded in the PDF. */
  source?: { name: string; bytes: Uint8Array; mediaType: string };
  /** Set by the client: the thread ends after this document. */
  last?: boolean;
}

export interface PdfReply {
  bytes?: Uint8Array;
  error?: { name?: string; message: string; stack?: string; code?: string; diagnostics?: Diagnostic[] };
}

export interface PdfWorker {
  /** Builds one PDF; then stops the thread unless it was started with `reuse`. One document at a time, in order. */
  render(job: PdfJob): Promise<Buffer>;
  /** Stops the thread, mid-layout if need be; a render still running rejects. */
  close(): Promise<void>;
  /** False once the thread has stopped or failed: start another. */
  readonly running: boolean;
}

export interface PdfWorkerOptions {
  /** Keep the thread for more documents (a watcher's rebuilds): fonts parsed, code compiled. */
  reuse?: boolean;
}

const entry = new URL('./worker.js', import.meta.url);

/** Only compiled JavaScript can start a worker (under vitest the sources are TypeScript). */
export function pdfWorkerAvailable(): boolean {
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry));
}

/** Starts the thread now, so it loads pdfmake and the fonts while the caller loads and renders the briefing. */
export function startPdfWorker(options: PdfWorkerOptions = {}): PdfWorker {
  const reuse = options.reuse ?? false;
  const worker = new Worker(entry);
  let closed = false;
  let stopped = false;
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', (err) => {
      stopped = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      stopped = true;
      reject(new Error(closed ? 'PDF worker stopped' : `PDF worker exited with code ${code}`));
    });
  });
  // Nobody may be waiting on the worker when it fails (e.g. the EPUB failed first and it is being closed).
  failed.catch(() => {});

  const renderOne = (job: PdfJob): Promise<Buffer> => {
    const reply = new Promise<Buffer>((resolve, reject) => {
      worker.once('message', (message: PdfReply) => {
        if (message.bytes) resolve(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        else reject(reviveError(message.error ?? { message: 'PDF worker gave no result' }));
      });
    });
    worker.postMessage({ ...job, last: !reuse });
    return Promise.race([reply, failed]);
  };
  let queue: Promise<unknown> = Promise.resolve();

  return {
    render(job) {
      const turn = queue.then(() => renderOne(job));
      queue = turn.catch(() => {});
      return reuse ? turn : turn.finally(() => this.close());
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
    get running() {
      return !closed && !stopped;
    },
  };
}

/** The worker's error as the main thread would have thrown it: diagnostics stay diagnostics. */
function reviveError(e: NonNullable<PdfReply['error']>): Error {
  if (e.diagnostics) return new BriefingError(e.diagnostics);
  const err = new Error(e.message) as Error & { code?: string };
  if (e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  if (e.code) err.code = e.code;
  return err;
}
