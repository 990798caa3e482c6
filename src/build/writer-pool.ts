/**
 * The pool the build's writers run on: src/threads/pool.ts with the PDF and EPUB jobs of
 * writer-jobs.ts. `WriterPool` is the library's: a program may keep one for several builds.
 */
import { defaultThreads, ThreadPool } from '../threads/pool.js';
import { writerKinds, type Format } from './formats.js';
import * as writerJobs from './writer-jobs.js';
import type { PdfJob, PdfResult } from '../pdf/job.js';
import type { EpubJob, EpubResult } from '../epub/job.js';
import type { RunOptions } from '../threads/pool.js';

const jobs = { url: new URL('./writer-jobs.js', import.meta.url), runJob: writerJobs.runJob, preload: writerJobs.preload };

export class WriterPool extends ThreadPool<writerJobs.WriterJob, writerJobs.WriterResult> {
  /**
   * At most `size` threads. With `inline`, or where no thread can start (sources run as TypeScript),
   * jobs run on the calling thread, one after another.
   */
  constructor(size = defaultThreads(), options: { inline?: boolean } = {}) {
    super(jobs, size, options);
  }

  pdf(job: PdfJob, options?: RunOptions): Promise<PdfResult> {
    return this.run(job, options) as Promise<PdfResult>;
  }

  epub(job: EpubJob, options?: RunOptions): Promise<EpubResult> {
    return this.run(job, options) as Promise<EpubResult>;
  }
}

/**
 * How many writer threads to start before any job: one per core this thread leaves free. Loading the
 * code is most of a small build, and this thread's loading and rendering and the PDF writer's loading
 * are its critical path; on 2 cores a third thread started at once (the EPUB writer) makes the three
 * share two cores while they load, and slows both. It starts instead when its first job comes, once
 * this thread has rendered (bench/PROFILE.md, ninth round). At least one, so a writer always loads early.
 */
export function startNow(kinds: number, cores = defaultThreads()): number {
  return Math.max(1, Math.min(kinds, cores - 1));
}

/**
 * The pool `count` briefings of these formats are written on, its first threads started now
 * (`startNow`) so they load the writers while the caller loads everything else: `jobs` threads (default: one per core), never
 * more than there are cores, nor than there are outputs for them to write. `inline`: no threads.
 */
export function poolFor(count: number, formats: readonly Format[] | undefined, jobs = defaultThreads(), options: { inline?: boolean } = {}): WriterPool {
  const kinds = writerKinds(formats);
  // More threads than cores only cost memory (~100 MB each): `--jobs 1000` gets one per core.
  const pool = new WriterPool(Math.min(Math.max(1, jobs), defaultThreads(), Math.max(1, count * kinds.length)), options);
  pool.warm(kinds.slice(0, startNow(kinds.length)));
  return pool;
}
