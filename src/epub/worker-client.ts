/**
 * Runs the EPUB writer on a worker thread (src/epub/worker.ts) when the PDF is built too:
 * both writers are CPU-bound, and on one thread they only take turns.
 */
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';
import { startWriterThread, threadAvailable, type WriterThread } from '../writer-thread.js';

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

export type EpubWorker = WriterThread<EpubJob>;

export interface EpubWorkerOptions {
  /** Keep the thread for more books (the watcher's rebuilds), its libraries loaded and compiled. */
  reuse?: boolean;
}

const entry = new URL('./worker.js', import.meta.url);

export function epubWorkerAvailable(): boolean {
  return threadAvailable(entry);
}

/** Starts the thread now, so it loads its libraries while the caller does other work. */
export function startEpubWorker(options: EpubWorkerOptions = {}): EpubWorker {
  return startWriterThread<EpubJob>(entry, 'EPUB', options.reuse ?? false);
}
