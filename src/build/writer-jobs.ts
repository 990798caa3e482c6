/**
 * The job module of the build's writer threads (src/threads/worker.ts imports it by URL): the jobs by
 * kind; each writer's libraries are loaded on first use, so a thread that only ever writes EPUBs
 * never loads pdfmake. A pool without threads runs the same functions on the main thread (under
 * vitest the sources are TypeScript).
 */
import type { EpubJob, EpubResult } from '../epub/job.js';
import type { PdfJob, PdfResult } from '../pdf/job.js';

export type WriterJob = PdfJob | EpubJob;
export type WriterKind = WriterJob['kind'];
export type WriterResult = PdfResult | EpubResult;

export async function runJob(job: WriterJob, progress: (p: unknown) => void): Promise<WriterResult> {
  if (job.kind === 'pdf') return (await import('../pdf/job.js')).runPdfJob(job, progress);
  return (await import('../epub/job.js')).runEpubJob(job);
}

/** Loads a writer ahead of its first job (a thread started early loads while the main thread renders). */
export async function preload(kind: string): Promise<void> {
  await (kind === 'pdf' ? import('../pdf/index.js') : import('../epub/index.js'));
}
