/**
 * Runs the PDF writer on a worker thread (src/pdf/worker.ts). pdfmake lays a document out in one
 * synchronous call that takes seconds for a long briefing; on the main thread nothing else runs
 * meanwhile, not even a Ctrl-C handler. On its own thread the main thread stays free to answer a
 * signal at once, and ending the process ends the thread mid-layout, before anything is written.
 */
import type { Briefing } from '../model/schema.js';
import type { BriefingImages } from '../model/images.js';
import type { Rendered } from '../render/index.js';
import { startWriterThread, threadAvailable, type WriterThread } from '../writer-thread.js';
import type { PdfTheme } from './theme.js';

export interface PdfJob {
  briefing: Briefing;
  /** The logo and figures: bytes the loader read. */
  images?: BriefingImages;
  rendered: Rendered;
  theme: PdfTheme;
  creationDate: Date;
  /** The briefing's data file, embedded in the PDF. */
  source?: { name: string; bytes: Uint8Array; mediaType: string };
  /** Set by the client: the thread ends after this document. */
  last?: boolean;
}

export type PdfWorker = WriterThread<PdfJob>;

export interface PdfWorkerOptions {
  /** Keep the thread for more documents (a watcher's rebuilds): fonts parsed, code compiled. */
  reuse?: boolean;
}

const entry = new URL('./worker.js', import.meta.url);

export function pdfWorkerAvailable(): boolean {
  return threadAvailable(entry);
}

/** Starts the thread now, so it loads pdfmake and the fonts while the caller loads and renders the briefing. */
export function startPdfWorker(options: PdfWorkerOptions = {}): PdfWorker {
  return startWriterThread<PdfJob>(entry, 'PDF', options.reuse ?? false);
}
