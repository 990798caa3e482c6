/**
 * A pool of writer threads (src/writer-worker.ts), one per core by default: each runs PDF and EPUB
 * jobs alike, one at a time, most urgent first. A build hands it its PDF and EPUB, a batch hands it
 * every file's, so `--jobs N` means N writers at work at once. Threads start on demand (or early,
 * with `warm`), keep their libraries loaded for the next job, and stop when the pool is closed.
 */
import { availableParallelism } from 'node:os';
import { writerKinds, type Format } from './formats.js';
import { runWriterJob, type WriterJob, type WriterKind } from './writer-jobs.js';
import { startWriterThread, threadAvailable, type WriterResult, type WriterThread } from './writer-thread.js';

const entry = new URL('./writer-worker.js', import.meta.url);

/** One writer thread per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export interface RunOptions {
  /** Lower runs first (a batch gives each file its place, so early files finish early); ties in order of arrival. */
  priority?: number;
  onProgress?: (progress: unknown) => void;
}

interface Slot {
  thread: WriterThread<WriterJob>;
  busy: boolean;
  /** Set while a thread that has done a job sits idle, when the pool retires idle threads. */
  retire?: ReturnType<typeof setTimeout>;
  /** The writers this thread has loaded: a job goes to a thread that has its writer when one is free. */
  loaded: Set<WriterKind>;
}

export interface PoolOptions {
  /** Stop a thread that has been idle this long after a job (default: threads stay until the pool closes). */
  retireIdleAfterMs?: number;
}

/**
 * For a pool that builds a known set of briefings and closes: a thread idle this long has no job
 * coming (in a batch the next file's jobs come within ~0.1-0.25 s). The 1,000-statement briefing's
 * EPUB thread is done ~3 s before its PDF thread, and held ~80 MB of the build's peak.
 */
export const RETIRE_IDLE_AFTER_MS = 500;

interface Waiting extends RunOptions {
  job: WriterJob;
  seq: number;
  resolve: (result: WriterResult) => void;
  reject: (error: unknown) => void;
}

export class WriterPool {
  readonly size: number;
  private readonly threaded = threadAvailable(entry);
  private slots: Slot[] = [];
  private waiting: Waiting[] = [];
  private seq = 0;
  private closed = false;

  private readonly idleMs: number | undefined;

  /**
   * At most `size` threads. Where no thread can start (sources run as TypeScript), jobs run on the
   * calling thread. With `retireIdleAfterMs`, a thread that has done a job and then waits that long
   * with nothing to do stops (and gives its memory back); a later job starts another.
   */
  constructor(size = defaultThreads(), options: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(size));
    this.idleMs = options.retireIdleAfterMs;
  }

  /** How many threads are running now (started, not yet stopped or retired). */
  get threads(): number {
    return this.slots.filter((s) => s.thread.running).length;
  }

  /** Starts a thread per kind now (while there is room), each loading that writer while the caller renders. */
  warm(kinds: readonly WriterKind[]): void {
    if (!this.threaded || this.closed) return;
    for (const kind of kinds) if (this.slots.length < this.size) this.spawn(kind);
  }

  run(job: WriterJob, options: RunOptions = {}): Promise<WriterResult> {
    if (this.closed) return Promise.reject(new Error('the writer pool is closed'));
    if (!this.threaded) return runWriterJob(job, options.onProgress);
    return new Promise<WriterResult>((resolve, reject) => {
      this.waiting.push({ ...options, job, seq: this.seq++, resolve, reject });
      this.waiting.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.seq - b.seq);
      this.dispatch();
    });
  }

  /**
   * Runs a job only if a thread is free for it now and no job is waiting (work that may turn out
   * unneeded, done while a core would otherwise idle); else undefined.
   */
  runIfFree(job: WriterJob, options: RunOptions = {}): Promise<WriterResult> | undefined {
    if (this.closed || !this.threaded || this.waiting.length > 0) return undefined;
    if (this.slots.length >= this.size && this.slots.every((s) => s.busy || !s.thread.running)) return undefined;
    return this.run(job, options);
  }

  /** Stops every thread, mid-job if need be; jobs still waiting or running reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('the writer pool is closed'));
    await Promise.all(this.slots.map((s) => s.thread.close()));
  }

  private dispatch(): void {
    // A thread that stopped while idle (it crashed) is replaced on demand.
    this.slots = this.slots.filter((s) => s.busy || s.thread.running);
    while (this.waiting.length > 0 && !this.closed) {
      const next = this.waiting[0]!;
      const slot = this.freeSlot(next.job.kind);
      if (!slot) return;
      this.waiting.shift();
      clearTimeout(slot.retire);
      slot.busy = true;
      slot.loaded.add(next.job.kind);
      void slot.thread
        .run(next.job, next.onProgress)
        .then(next.resolve, next.reject)
        .finally(() => {
          slot.busy = false;
          this.dispatch();
          if (!slot.busy) this.retireLater(slot);
        });
    }
  }

  private retireLater(slot: Slot): void {
    if (this.idleMs === undefined || this.closed) return;
    slot.retire = setTimeout(() => {
      if (slot.busy || this.closed) return;
      this.slots = this.slots.filter((s) => s !== slot);
      void slot.thread.close();
    }, this.idleMs);
    // An idle thread's timer never keeps the process alive: the caller closes the pool.
    slot.retire.unref();
  }

  /** A free thread with this writer loaded, else a new one while there is room, else any free one. */
  private freeSlot(kind: WriterKind): Slot | undefined {
    const free = this.slots.filter((s) => !s.busy);
    return free.find((s) => s.loaded.has(kind)) ?? (this.slots.length < this.size ? this.spawn(kind) : free[0]);
  }

  private spawn(kind: WriterKind): Slot {
    const slot: Slot = { thread: startWriterThread<WriterJob>(entry, { preload: kind }), busy: false, loaded: new Set([kind]) };
    this.slots.push(slot);
    return slot;
  }
}

/**
 * The pool `count` briefings of these formats are written on, its threads started now so they load
 * the writers while the caller loads everything else: `jobs` threads (default: one per core), never
 * more than there are outputs for them to write.
 */
export function poolFor(count: number, formats: readonly Format[] | undefined, jobs = defaultThreads(), options: PoolOptions = {}): WriterPool {
  const kinds = writerKinds(formats);
  const pool = new WriterPool(Math.min(Math.max(1, jobs), Math.max(1, count * kinds.length)), options);
  pool.warm(kinds);
  return pool;
}
