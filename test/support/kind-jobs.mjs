// A job module for the thread pool's own tests (test/e2e/writer-pool.test.ts): each job waits its
// `ms` and says which writers its thread has loaded by then (a kind is loaded by `preload` or by its
// first job), and which kind the thread was started for.
const loaded = new Set();
let startedFor;

export async function preload(kind) {
  startedFor ??= kind;
  loaded.add(kind);
}

export async function runJob(job) {
  loaded.add(job.kind);
  await new Promise((resolve) => setTimeout(resolve, job.ms));
  return { name: job.name, startedFor, loaded: [...loaded].sort() };
}
