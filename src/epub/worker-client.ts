/**
 * Runs the EPUB writer on a worker thread (src/epub/worker.ts) when the PDF is built too:
 * both writers are CPU-bound, and on one thread they only take turns.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';

export interface EpubJob {
  briefing: Briefing;
  /** The logo and figures: bytes the loader read, never fetched. */
  images?: BriefingImages;
  rendered: Rendered;
  templatesDir: string;
  date: Date;
  /** Set by the client: the thread ends after this book. */
  last?: boolean;
}

export interface EpubReply {
  bytes?: Uint8Array;
  error?: { name?: string; message: string; stack?: string; code?: string; diagnostics?: Diagnostic[] };
}

export interface EpubWorker {
  /** Builds one book; then stops the thread unless it was started with `reuse`. Books are built one at a time, in order. */
  render(job: EpubJob): Promise<Buffer>;
  /** Stops the thread; a render still running rejects. */
  close(): Promise<void>;
  /** False once the thread has stopped or failed: start another. */
  readonly running: boolean;
}

export interface EpubWorkerOptions {
  /** Keep the thread for more books (the watcher's rebuilds), its libraries loaded and compiled. */
  reuse?: boolean;
}

const entry = new URL('./worker.js', import.meta.url);

/** Only compiled JavaScript can start a worker (under vitest the sources are TypeScript). */
export function epubWorkerAvailable(): boolean {
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry));
}

/** Starts the thread now, so it loads its libraries while the caller does other work. */
export function startEpubWorker(options: EpubWorkerOptions = {}): EpubWorker {
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
      reject(new Error(closed ? 'EPUB worker stopped' : `EPUB worker exited with code ${code}`));
    });
  });
  // Nobody may be waiting on the worker when it fails (e.g. the PDF failed first and it is being closed).
  failed.catch(() => {});

  const renderOne = (job: EpubJob): Promise<Buffer> => {
    const reply = new Promise<Buffer>((resolve, reject) => {
      worker.once('message', (message: EpubReply) => {
        if (message.bytes) resolve(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        else reject(reviveError(message.error ?? { message: 'EPUB worker gave no result' }));
      });
    });
    worker.postMessage({ ...job, last: !reuse });
    return Promise.race([reply, failed]);
  };
  // One message, one reply: a book waits for the one before it (a watcher may rebuild several files at once).
  let queue: Promise<unknown> = Promise.resolve();

  return {
    render(job) {
      const turn = queue.then(() => renderOne(job));
      queue = turn.catch(() => {});
      // One book per thread: ending it at once hands its memory back while the PDF is still being built.
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
function reviveError(e: NonNullable<EpubReply['error']>): Error {
  if (e.diagnostics) return new BriefingError(e.diagnostics);
  const err = new Error(e.message) as Error & { code?: string };
  if (e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  if (e.code) err.code = e.code;
  return err;
}
