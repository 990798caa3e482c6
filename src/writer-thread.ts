/**
 * A writer (PDF or EPUB) on a worker thread, both ends: the client that starts the thread and sends
 * it jobs, and the loop the thread runs. Jobs and replies are structured-cloned; the bytes come back
 * transferred. One job at a time, in order; with `reuse` the thread stays for more jobs (a watcher's
 * rebuilds, a batch lane), else it ends after its one job and hands its memory back.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { BriefingError, type Diagnostic } from './model/diagnostic.js';

export interface WriterReply {
  bytes?: Uint8Array;
  error?: { name?: string; message: string; stack?: string; code?: string; diagnostics?: Diagnostic[] };
}

export interface WriterThread<Job> {
  /** Writes one output; then stops the thread unless it was started with `reuse`. One job at a time, in order. */
  render(job: Job): Promise<Buffer>;
  /** Stops the thread, mid-job if need be; a render still running rejects. */
  close(): Promise<void>;
  /** False once the thread has stopped or failed: start another. */
  readonly running: boolean;
}

/** Only compiled JavaScript can start a worker (under vitest the sources are TypeScript). */
export function threadAvailable(entry: URL): boolean {
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry));
}

/** Starts the thread at `entry` now, so it loads its libraries while the caller does other work. */
export function startWriterThread<Job extends object>(entry: URL, name: string, reuse: boolean): WriterThread<Job> {
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
      reject(new Error(closed ? `${name} worker stopped` : `${name} worker exited with code ${code}`));
    });
  });
  // Nobody may be waiting on the worker when it fails (e.g. the other writer failed first and it is being closed).
  failed.catch(() => {});

  const renderOne = (job: Job): Promise<Buffer> => {
    const reply = new Promise<Buffer>((resolve, reject) => {
      worker.once('message', (message: WriterReply) => {
        if (message.bytes) resolve(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        else reject(reviveError(message.error ?? { message: `${name} worker gave no result` }));
      });
    });
    worker.postMessage({ ...job, last: !reuse });
    return Promise.race([reply, failed]);
  };
  // One message, one reply: a job waits for the one before it (a watcher may rebuild several files at once).
  let queue: Promise<unknown> = Promise.resolve();

  return {
    render(job) {
      const turn = queue.then(() => renderOne(job));
      queue = turn.catch(() => {});
      // One job per thread: ending it at once hands its memory back while the other writer still works.
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

/**
 * The thread's side: writes an output per message with `write`. After the job marked `last`,
 * closing the port lets the thread end on its own (Node delivers the reply before 'exit').
 */
export function serveWriterJobs<Job extends { last?: boolean }>(write: (job: Job) => Promise<Uint8Array>): void {
  parentPort?.on('message', (job: Job) => {
    write(job)
      .then(
        (bytes) => parentPort!.postMessage({ bytes } satisfies WriterReply, [bytes.buffer as ArrayBuffer]),
        (err: unknown) => parentPort!.postMessage({ error: serialiseError(err) } satisfies WriterReply),
      )
      .finally(() => {
        if (job.last) parentPort!.close();
      });
  });
}

function serialiseError(err: unknown): NonNullable<WriterReply['error']> {
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

/** The worker's error as the main thread would have thrown it: diagnostics stay diagnostics. */
function reviveError(e: NonNullable<WriterReply['error']>): Error {
  if (e.diagnostics) return new BriefingError(e.diagnostics);
  const err = new Error(e.message) as Error & { code?: string };
  if (e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  if (e.code) err.code = e.code;
  return err;
}
