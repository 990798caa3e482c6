/**
 * A pool of writer threads (src/threads/worker.ts), one per core by default: each runs jobs of any
 * kind, one at a time, most urgent first, but a thread keeps to the writers it has loaded while
 * another can take the first job (`pick`). A build hands it its PDF and EPUB, a batch hands it every
 * file's, so `--jobs N` means N writers at work at once. Threads start on demand (or early,
 * with `warm`), keep their libraries loaded for the next job, and stop when the pool is closed.
 * The pool knows no output format: its caller names the module that runs the jobs (by URL, for the
 * threads) and hands over the same functions (for a pool without threads); each job says its `kind`.
 */
import { availableParallelism } from 'node:os';
import { threadSettings, type ThreadSettings } from './settings.js';
import { startWriterThread, threadAvailable, type RunJob, type WriterThread } from './thread.js';

const entry = new URL('./worker.js', import.meta.url);

/** What a job module exports: `runJob`, and `preload`, which loads a kind's libraries ahead of its first job. */
export interface JobModule<Job, Result> {
  runJob: RunJob<Job, Result>;
  preload?: (kind: string) => Promise<unknown>;
}

/** The job module twice: where a thread imports it from, and as loaded here, for a pool without threads. */
export interface Jobs<Job, Result> extends JobModule<Job, Result> {
  url: URL;
}

/** What a writer thread is started with (src/threads/worker.ts). */
export interface WorkerData {
  /** The job module's URL. */
  jobs: string;
  /** The kind whose libraries the thread loads at once. */
  preload?: string;
  settings: ThreadSettings;
}

type Job = { kind: string };

/** One writer thread per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export interface RunOptions {
  /**
   * Lower runs first (a batch gives each file its place, so early files finish early); ties in order of
   * arrival. A free thread may take a later job of a writer it has loaded while another thread, busy,
   * has the first job's writer (`pick`).
   */
  priority?: number;
  onProgress?: (progress: unknown) => void;
}

interface Slot<J extends Job, R> {
  thread: WriterThread<J, R>;
  busy: boolean;
  /** The kinds of job this thread has loaded the libraries of: a job goes to a thread that has them when one is free. */
  loaded: Set<J['kind']>;
}

interface Waiting<J extends Job, R> extends RunOptions {
  job: J;
  seq: number;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class ThreadPool<J extends Job, R> {
  readonly size: number;
  private readonly threaded: boolean;
  private readonly jobs: Jobs<J, R>;
  private slots: Slot<J, R>[] = [];
  private waiting: Waiting<J, R>[] = [];
  private seq = 0;
  private closed = false;

  private holds = 0;
  private retiring = false;
  /** Threads told to stop (retired), until they have: `close` waits for them too. */
  private stopping = new Set<Promise<void>>();

  /**
   * At most `size` threads. With `inline`, or where no thread can start (sources run as TypeScript),
   * jobs run on the calling thread, one after another.
   */
  constructor(jobs: Jobs<J, R>, size = defaultThreads(), options: { inline?: boolean } = {}) {
    this.jobs = jobs;
    this.size = Math.max(1, Math.floor(size));
    this.threaded = !options.inline && threadAvailable(entry) && threadAvailable(jobs.url);
  }

  /** Whether jobs run on threads of their own (false: on the calling thread). */
  get onThreads(): boolean {
    return this.threaded;
  }

  /**
   * Says more jobs are coming; the function it returns says they have all been handed over. Once
   * every hold is released, a thread with nothing to do stops and gives its memory back (the
   * 1,000-statement briefing's EPUB thread is done ~3 s before its PDF thread and held ~80 MB of
   * the peak); a later job starts another. A pool never held keeps its threads until it is closed
   * (the watcher's rebuilds reuse them).
   */
  hold(): () => void {
    this.holds++;
    this.retiring = false;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) {
        this.retiring = true;
        this.retireIdle();
      }
    };
  }

  /** How many threads there are now: started and not yet stopped (a retired thread counts until it has exited). */
  get threads(): number {
    return this.slots.filter((s) => s.thread.running).length + this.stopping.size;
  }

  /** Starts a thread per kind now (while there is room), each loading that writer while the caller renders. */
  warm(kinds: readonly J['kind'][]): void {
    if (!this.threaded || this.closed) return;
    for (const kind of kinds) if (this.slots.length < this.size) this.spawn(kind);
  }

  run(job: J, options: RunOptions = {}): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the writer pool is closed'));
    if (!this.threaded) return this.jobs.runJob(job, options.onProgress ?? (() => {}));
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ ...options, job, seq: this.seq++, resolve, reject });
      this.waiting.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.seq - b.seq);
      this.dispatch();
    });
  }

  /**
   * Runs a job only if a thread is free for it now and no job is waiting (work that may turn out
   * unneeded, done while a core would otherwise idle); else undefined.
   */
  runIfFree(job: J, options: RunOptions = {}): Promise<R> | undefined {
    if (this.closed || !this.threaded || this.waiting.length > 0) return undefined;
    if (this.slots.length >= this.size && this.slots.every((s) => s.busy || !s.thread.running)) return undefined;
    return this.run(job, options);
  }

  /** Stops every thread, mid-job if need be; jobs still waiting or running reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('the writer pool is closed'));
    await Promise.all([...this.slots.map((s) => s.thread.close()), ...this.stopping]);
  }

  private dispatch(): void {
    // A thread that stopped while idle (it crashed) is replaced on demand.
    this.slots = this.slots.filter((s) => s.busy || s.thread.running);
    while (this.waiting.length > 0 && !this.closed) {
      const picked = this.pick();
      if (!picked) return;
      const { slot } = picked;
      const [next] = this.waiting.splice(picked.index, 1) as [Waiting<J, R>];
      slot.busy = true;
      slot.loaded.add(next.job.kind);
      void slot.thread
        .run(next.job, next.onProgress)
        .then(next.resolve, next.reject)
        .finally(() => {
          slot.busy = false;
          this.dispatch();
          this.retireIdle();
        });
    }
  }

  /** When no more jobs are coming (see `hold`), stops the threads that have nothing to do. */
  private retireIdle(): void {
    if (!this.retiring || this.closed || this.waiting.length > 0) return;
    for (const slot of this.slots.filter((s) => !s.busy)) {
      const stopped = slot.thread.close().finally(() => this.stopping.delete(stopped));
      this.stopping.add(stopped);
    }
    this.slots = this.slots.filter((s) => s.busy);
  }

  /**
   * The next job and its thread: the most urgent job, on a free thread with its writer loaded, else
   * on a new thread while there is room. Else a free thread takes the most urgent job of a writer it
   * has loaded, if a busy thread has the first job's writer loaded and will take it when it comes
   * free: in a batch the thread that starts with the PDF writer then never loads the EPUB writer too
   * (~0.3 s of CPU, the most of what a second thread costs beyond the work it shares). Else any free
   * thread takes the most urgent job, loading its writer.
   */
  private pick(): { slot: Slot<J, R>; index: number } | undefined {
    const kind = this.waiting[0]!.job.kind;
    const free = this.slots.filter((s) => !s.busy);
    const loaded = free.find((s) => s.loaded.has(kind));
    if (loaded) return { slot: loaded, index: 0 };
    if (this.slots.length < this.size) return { slot: this.spawn(kind), index: 0 };
    if (free.length === 0) return undefined;
    if (this.slots.some((s) => s.busy && s.loaded.has(kind))) {
      for (const slot of free) {
        const index = this.waiting.findIndex((w) => slot.loaded.has(w.job.kind));
        if (index >= 0) return { slot, index };
      }
    }
    return { slot: free[0]!, index: 0 };
  }

  private spawn(kind: J['kind']): Slot<J, R> {
    const data: WorkerData = { jobs: this.jobs.url.href, preload: kind, settings: threadSettings() };
    const slot: Slot<J, R> = { thread: startWriterThread<J, R>(entry, data), busy: false, loaded: new Set([kind]) };
    this.slots.push(slot);
    return slot;
  }
}
