/**
 * The jobs a writer thread runs, by kind; each writer's libraries are loaded on first use, so a
 * thread that only ever writes EPUBs never loads pdfmake. The main thread runs the same functions
 * when no thread can be started (under vitest the sources are TypeScript).
 */
import type { EpubJob } from '../epub/job.js';
import type { PdfJob } from '../pdf/job.js';
import type { WriterResult } from '../threads/thread.js';

export type WriterJob = PdfJob | EpubJob;
export type WriterKind = WriterJob['kind'];

export async function runWriterJob(job: WriterJob, progress: (p: unknown) => void = () => {}): Promise<WriterResult> {
  if (job.kind === 'pdf') return (await import('../pdf/job.js')).runPdfJob(job, progress);
  return (await import('../epub/job.js')).runEpubJob(job);
}

/** Loads a writer ahead of its first job (a thread started early loads while the main thread renders). */
export async function preloadWriter(kind: WriterKind): Promise<void> {
  await (kind === 'pdf' ? import('../pdf/index.js') : import('../epub/index.js'));
}
