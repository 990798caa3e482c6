/**
 * Runs the EPUB writer on a worker thread (src/epub/worker.ts) when the PDF is built too:
 * both writers are CPU-bound, and on one thread they only take turns.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import type { Briefing } from '../model/schema.js';
import type { Rendered } from '../render/index.js';

export interface EpubJob {
  briefing: Briefing;
  rendered: Rendered;
  templatesDir: string;
  date: Date;
}

export interface EpubReply {
  bytes?: Uint8Array;
  error?: { name?: string; message: string; stack?: string; code?: string; diagnostics?: Diagnostic[] };
}

export interface EpubWorker {
  /** Builds one book, then stops the thread. */
  render(job: EpubJob): Promise<Buffer>;
  /** Stops the thread; a render still running rejects. */
  close(): Promise<void>;
}

const entry = new URL('./worker.js', import.meta.url);

/** Only compiled JavaScript can start a worker (under vitest the sources are TypeScript). */
export function epubWorkerAvailable(): boolean {
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry));
}

/** Starts the thread now, so it loads its libraries while the caller does other work. */
export function startEpubWorker(): EpubWorker {
  const worker = new Worker(entry);
  let closed = false;
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(closed ? 'EPUB worker stopped' : `EPUB worker exited with code ${code}`)));
  });
  // Nobody may be waiting on the worker when it fails (e.g. the PDF failed first and it is being closed).
  failed.catch(() => {});
  return {
    render(job) {
      const reply = new Promise<Buffer>((resolve, reject) => {
        worker.once('message', (message: EpubReply) => {
          if (message.bytes) resolve(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
          else reject(reviveError(message.error ?? { message: 'EPUB worker gave no result' }));
        });
      });
      worker.postMessage(job);
      // One book per thread: ending it at once hands its memory back while the PDF is still being built.
      return Promise.race([reply, failed]).finally(() => this.close());
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
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
