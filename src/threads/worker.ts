/**
 * A writer thread's entry: runs the jobs a pool sends it with the job module the pool's caller named
 * (`workerData.jobs`, a URL: src/build/writer-jobs.ts for the build's writers). It first sets what
 * the command line set for its own process (V8 flags, the compile cache: settings.ts), then starts
 * loading the writer named in `workerData.preload` at once, while the main thread loads and renders
 * the briefing. pdfmake lays a document out in one synchronous call that takes seconds for a long
 * briefing; here, the main thread stays free to answer a signal, and ending the process ends the
 * thread mid-layout, before anything is written.
 */
import { workerData } from 'node:worker_threads';
import { applyThreadSettings } from './settings.js';
import { serveWriterJobs } from './thread.js';
import type { JobModule, WorkerData } from './pool.js';

const data = workerData as WorkerData;
// Before the job module is imported: starting this thread reset the flags (settings.ts).
applyThreadSettings(data.settings);
// Jobs sent meanwhile wait in the port until `serveWriterJobs` listens.
const jobs = (await import(data.jobs)) as JobModule<object, unknown>;
// A failed load fails again, with its message, in the first job that needs it.
if (data.preload) jobs.preload?.(data.preload).catch(() => {});
serveWriterJobs(jobs.runJob);
