/**
 * Several briefings in one call. Files are built in lanes, one per core by default: a lane takes the
 * next file when its last one is done and builds it with the lane's own PDF and EPUB threads, which
 * it keeps for all its files (libraries loaded and compiled once per lane, not once per file). The
 * main thread only loads, renders and publishes; outputs are the bytes a one-by-one build writes.
 */
import { availableParallelism } from 'node:os';
import { normalize } from 'node:path';
import { startEpubWorker, type EpubWorker } from './epub/worker-client.js';
import { startPdfWorker, type PdfWorker } from './pdf/worker-client.js';
import { buildFile, wantsEpubWorker, wantsPdfWorker, type BuildOptions, type BuildResult, type BuildWorkers } from './index.js';

export interface BatchOutcome {
  file: string;
  result?: BuildResult;
  error?: unknown;
}

export interface BatchOptions {
  /** How many briefings are built at once (default: one per core, never more than there are files). */
  jobs?: number;
  /** Called when a file's turn comes (in the order files start). */
  onStart?: (file: string, index: number) => void;
  /** Called once per file, in the order of `files`, however the builds finish. */
  onDone?: (outcome: BatchOutcome, index: number) => void;
  /** How one file is built with its lane's threads (default: `buildFile`). */
  build?: (file: string, workers: BuildWorkers) => Promise<BuildResult>;
}

/** One lane per core: each lane keeps a PDF and an EPUB thread busy beside the main thread. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export async function buildFiles(files: readonly string[], options: BuildOptions, batch: BatchOptions = {}): Promise<BatchOutcome[]> {
  const lanes = Math.max(1, Math.min(batch.jobs ?? defaultJobs(), files.length));
  const outcomes: (BatchOutcome | undefined)[] = new Array(files.length);
  let next = 0;
  let reported = 0;
  const report = () => {
    while (reported < files.length && outcomes[reported]) batch.onDone?.(outcomes[reported]!, reported++);
  };
  const runLane = async () => {
    const lane = new Lane(options);
    try {
      while (next < files.length) {
        const index = next++;
        const file = files[index]!;
        batch.onStart?.(file, index);
        try {
          const workers = lane.workers();
          outcomes[index] = { file, result: await (batch.build ? batch.build(file, workers) : buildFile(file, options, workers)) };
        } catch (error) {
          outcomes[index] = { file, error };
        }
        report();
      }
    } finally {
      await lane.close();
    }
  };
  await Promise.all(Array.from({ length: lanes }, runLane));
  return outcomes as BatchOutcome[];
}

/** A lane's threads, started on its first file and started again if one has stopped (a crash). */
class Lane {
  private epub?: EpubWorker;
  private pdf?: PdfWorker;
  constructor(private readonly options: BuildOptions) {}

  workers(): BuildWorkers {
    if (wantsEpubWorker(this.options.formats) && !this.epub?.running) this.epub = startEpubWorker({ reuse: true });
    if (wantsPdfWorker(this.options.formats) && !this.pdf?.running) this.pdf = startPdfWorker({ reuse: true });
    return { epub: this.epub, pdf: this.pdf };
  }

  async close(): Promise<void> {
    await Promise.all([this.epub?.close(), this.pdf?.close()]);
  }
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
