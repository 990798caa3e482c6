/**
 * Several briefings in one call, on one pool of writer threads (one per core by default, `--jobs N`):
 * every file's PDF and EPUB go to the pool, earlier files first, and a thread takes the next job as
 * soon as it is free, so the cores stay busy however PDF and EPUB times differ. The main thread
 * loads and renders the next files meanwhile, and publishes each file when its outputs are done.
 * Outputs are the bytes a one-by-one build writes.
 */
import { normalize } from 'node:path';
import { buildFile, writerKinds, type BuildOptions, type BuildResult, type BuildWorkers } from './index.js';
import { defaultThreads, WriterPool } from './writer-pool.js';

export interface BatchOutcome {
  file: string;
  result?: BuildResult;
  error?: unknown;
}

export interface BatchOptions {
  /** How many writer threads work at once (default: one per core). */
  jobs?: number;
  /** Called when a file's turn comes (in the order files start). */
  onStart?: (file: string, index: number) => void;
  /** Called once per file, in the order of `files`, however the builds finish. */
  onDone?: (outcome: BatchOutcome, index: number) => void;
  /** How one file is built on the batch's pool (default: `buildFile`). */
  build?: (file: string, workers: BuildWorkers) => Promise<BuildResult>;
}

/** One writer thread per core. */
export function defaultJobs(): number {
  return defaultThreads();
}

export async function buildFiles(files: readonly string[], options: BuildOptions, batch: BatchOptions = {}): Promise<BatchOutcome[]> {
  const jobs = Math.max(1, batch.jobs ?? defaultJobs());
  // A file has at most one job per threaded writer: more threads than that would idle.
  const pool = new WriterPool(Math.min(jobs, Math.max(1, files.length * writerKinds(options.formats).length)));
  pool.warm(writerKinds(options.formats));
  const outcomes: (BatchOutcome | undefined)[] = new Array(files.length);
  let next = 0;
  let reported = 0;
  const report = () => {
    while (reported < files.length && outcomes[reported]) batch.onDone?.(outcomes[reported]!, reported++);
  };
  // One file more in progress than there are threads: its XHTML is ready when a thread comes free.
  const runner = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      batch.onStart?.(file, index);
      // A file alone may use a thread its layout choice leaves free; in a batch the next file's jobs need it.
      const workers: BuildWorkers = { pool, priority: index, speculate: files.length === 1 };
      try {
        outcomes[index] = { file, result: await (batch.build ? batch.build(file, workers) : buildFile(file, options, workers)) };
      } catch (error) {
        outcomes[index] = { file, error };
      }
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(files.length, pool.size + 1) }, runner));
  } finally {
    await pool.close();
  }
  return outcomes as BatchOutcome[];
}

export interface Shard {
  index: number;
  count: number;
}

/** `i/n` with 1 ≤ i ≤ n, as `--shard` takes it; undefined for anything else. */
export function parseShard(value: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Shard `index` of `count`: the files whose position in the list sorted by path is `index - 1`
 * modulo `count`. Every machine of a CI matrix given the same files (in any order) gets a disjoint
 * share, and the shares together are the whole list. The files keep their given order.
 */
export function selectShard(files: readonly string[], shard: Shard): string[] {
  const sorted = [...new Set(files.map((f) => normalize(f)))].sort(comparePaths);
  const mine = new Set(sorted.filter((_, k) => k % shard.count === shard.index - 1));
  return files.filter((f) => mine.has(normalize(f)));
}

/** Code-unit order, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
