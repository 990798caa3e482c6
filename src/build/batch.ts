/**
 * Several briefings in one call, on one pool of writer threads (one per core by default, `--jobs N`):
 * every file's PDF and EPUB go to the pool, earlier files first, and a thread takes the next job as
 * soon as it is free, so the cores stay busy however PDF and EPUB times differ. The main thread
 * loads and renders the next files meanwhile, and publishes each file when its outputs are done.
 * Outputs are the bytes a one-by-one build writes.
 */
import { buildFile, type BuildOptions, type BuildResult, type BuildWorkers } from './build.js';
import { poolFor, type WriterPool } from './writer-pool.js';
import { resolveTemplates } from '../render/template-set.js';

export interface BatchOutcome {
  file: string;
  result?: BuildResult;
  error?: unknown;
}

export interface BatchOptions {
  /** How many writer threads work at once (default: one per core); not used when `pool` is given. */
  jobs?: number;
  /** Called when a file's turn comes (in the order files start). */
  onStart?: (file: string, index: number) => void;
  /** Called once per file, in the order of `files`, however the builds finish. */
  onDone?: (outcome: BatchOutcome, index: number) => void;
  /** The pool to build on, the caller's to close (default: one of the batch's own). */
  pool?: WriterPool;
  /** How one file is built on the batch's pool (default: `buildFile`). */
  build?: (file: string, workers: BuildWorkers) => Promise<BuildResult>;
}

export async function buildFiles(files: readonly string[], options: BuildOptions, batch: BatchOptions = {}): Promise<BatchOutcome[]> {
  const pool = batch.pool ?? poolFor(files.length, options.formats, batch.jobs);
  // Until the last file has started, more jobs are coming; each file's build says when it has handed
  // over its last. Then the threads left with nothing to do stop (WriterPool#hold).
  const releaseBatch = pool.hold();
  // The template set is resolved (the override folder and its style sheet checked) once for the
  // batch; a folder that fails fails every file with its message, as each would alone.
  const templates = resolveTemplates(options.templatesDir);
  templates.catch(() => {});
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
      const submitted = pool.hold();
      if (next === files.length) releaseBatch();
      try {
        batch.onStart?.(file, index);
        // A file alone may use a thread its layout choice leaves free; in a batch the next file's jobs need it.
        const workers: BuildWorkers = { pool, priority: index, speculate: files.length === 1, submitted, templates };
        try {
          outcomes[index] = { file, result: await (batch.build ? batch.build(file, workers) : buildFile(file, options, workers)) };
        } catch (error) {
          outcomes[index] = { file, error };
        }
      } finally {
        submitted();
      }
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(files.length, pool.size + 1) }, runner));
  } finally {
    releaseBatch();
    if (!batch.pool) await pool.close();
  }
  return outcomes as BatchOutcome[];
}
