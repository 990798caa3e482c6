/**
 * A writer thread's entry: runs PDF and EPUB jobs (src/build/writer-jobs.ts) sent by a WriterPool. It
 * starts loading the writer named in `workerData` at once, while the main thread loads and renders
 * the briefing. pdfmake lays a document out in one synchronous call that takes seconds for a long
 * briefing; here, the main thread stays free to answer a signal, and ending the process ends the
 * thread mid-layout, before anything is written.
 */
// First: the command line's V8 flags, which starting this thread reset (src/threads/v8-flags.ts).
import './v8-flags-reapply.js';
import { workerData } from 'node:worker_threads';
import { preloadWriter, runWriterJob, type WriterJob, type WriterKind } from '../build/writer-jobs.js';
import { serveWriterJobs } from './thread.js';

const preload = (workerData as { preload?: WriterKind } | undefined)?.preload;
// A failed load fails again, with its message, in the first job that needs it.
if (preload) preloadWriter(preload).catch(() => {});
serveWriterJobs<WriterJob>(runWriterJob);
