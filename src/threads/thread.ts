/**
 * A writer thread, both ends: the client that starts the thread and sends it jobs, and the loop the
 * thread runs (src/threads/worker.ts). Jobs and results are the caller's own types, structured-cloned;
 * a typed array at a result's top level (an output's bytes) comes back transferred. One job at a
 * time, in order; a job may send progress before its result (the PDF thread says which layout fits as
 * soon as it knows, before it draws). The thread stays until closed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';

type WriterMessage =
  | { result: unknown }
  | { progress: unknown }
  | { error: { name?: string; message: string; stack?: string; code?: string; diagnostics?: Diagnostic[] } };

export interface WriterThread<Job, Result> {
  /** Runs one job; jobs wait for the one before. `onProgress` hears what the job says before its result. */
  run(job: Job, onProgress?: (progress: unknown) => void): Promise<Result>;
  /** Stops the thread, mid-job if need be; a job still running rejects. */
  close(): Promise<void>;
  /** False once the thread has stopped or failed: start another. */
  readonly running: boolean;
}

/** Only compiled JavaScript can start a worker (under vitest the sources are TypeScript). */
export function threadAvailable(entry: URL): boolean {
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry));
}

/** Starts the thread at `entry` now, so it loads its libraries (`workerData` says which) while the caller works. */
export function startWriterThread<Job extends object, Result>(entry: URL, workerData?: unknown): WriterThread<Job, Result> {
  const worker = new Worker(entry, { workerData });
  let closed = false;
  let stopped = false;
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', (err) => {
      stopped = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      stopped = true;
      reject(new Error(closed ? 'writer thread stopped' : `writer thread exited with code ${code}`));
    });
  });
  // Nobody may be waiting on the thread when it fails (e.g. another job failed first and the pool is closing).
  failed.catch(() => {});

  const runOne = (job: Job, onProgress?: (progress: unknown) => void): Promise<Result> => {
    const reply = new Promise<Result>((resolve, reject) => {
      const listen = (message: WriterMessage) => {
        if ('progress' in message) return onProgress?.(message.progress);
        worker.off('message', listen);
        if ('result' in message) resolve(message.result as Result);
        else reject(reviveError(message.error));
      };
      worker.on('message', listen);
    });
    worker.postMessage(job);
    return Promise.race([reply, failed]);
  };
  // One message, one result: a job waits for the one before it.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    run(job, onProgress) {
      const turn = queue.then(() => runOne(job, onProgress));
      queue = turn.catch(() => {});
      return turn;
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

/** Runs one job in a thread (or, for a pool without threads, on the caller's): `progress` says things before the result. */
export type RunJob<Job, Result> = (job: Job, progress: (p: unknown) => void) => Promise<Result>;

/** The thread's side: runs a job per message with `run`, which may report progress on the way. */
export function serveWriterJobs<Job, Result>(run: RunJob<Job, Result>): void {
  const post = (message: WriterMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  parentPort?.on('message', (job: Job) => {
    run(job, (progress) => post({ progress })).then(
      (result) => post({ result }, transferable(result)),
      (err: unknown) => post({ error: serialiseError(err) }),
    );
  });
}

/** The buffers of the typed arrays at a result's top level: moved to the main thread, not copied. */
function transferable(result: unknown): ArrayBuffer[] {
  if (typeof result !== 'object' || result === null) return [];
  const buffers = Object.values(result).flatMap((v) => (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer ? [v.buffer] : []));
  return [...new Set(buffers)];
}

function serialiseError(err: unknown): Extract<WriterMessage, { error: unknown }>['error'] {
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

/** The thread's error as the main thread would have thrown it: diagnostics stay diagnostics. */
function reviveError(e: Extract<WriterMessage, { error: unknown }>['error']): Error {
  if (e.diagnostics) return new BriefingError(e.diagnostics);
  const err = new Error(e.message) as Error & { code?: string };
  if (e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  if (e.code) err.code = e.code;
  return err;
}
