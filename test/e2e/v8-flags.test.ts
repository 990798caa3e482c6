// The command line's V8 flags (src/cli/startup.ts: heap growth, young generation, the TurboFan budget)
// keep a 1,000-statement build near 250 MB instead of 300-330 MB. On Node 20, starting a worker
// thread undoes the young generation's setting for the whole process, so each writer thread sets the
// flags again as it starts, from its workerData (src/threads/settings.ts, src/threads/worker.ts).
// `--semi-space-growth-factor=1` is the one checked here: whether it holds shows in how large the
// young generation has grown after the same churn of short-lived objects (~2 MB held, where V8 grows
// it to ~34 MB on Node 20 and ~134 MB on Node 24). The thread is a real writer thread of the pool,
// running a job module of the test's own.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from '../helpers.js';

const dir = tempDir('briefing-v8-flags-');
const dist = (name: string) => JSON.stringify(pathToFileURL(join(root, 'dist', name)).href);

/** Allocates short-lived objects, then gives the young generation's size in MB. */
writeFileSync(
  join(dir, 'churn.mjs'),
  `import { getHeapSpaceStatistics } from 'node:v8';
export function churn() {
  let keep = [];
  for (let i = 0; i < 2e6; i++) { keep.push({ a: i, b: [i] }); if (keep.length > 1e5) keep = []; }
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1e6;
}
`,
);
// A job module for the pool's writer threads: the churn, in the thread.
writeFileSync(
  join(dir, 'churn-jobs.mjs'),
  `import { churn } from './churn.mjs';
export async function runJob() { return churn(); }
`,
);

/** Runs a main thread that (with `cli`) sets the flags as the command line does, then runs a job on a writer thread. */
function youngGeneration(cli: boolean): { thread: number; main: number; settings: unknown; env: string[] } {
  const main = join(dir, `main-${cli}.mjs`);
  writeFileSync(
    main,
    `import { setV8Flags, threadSettings } from ${dist('threads/settings.js')};
import { churn } from './churn.mjs';
// The command line sets its flags first (src/cli.ts imports startup.js before anything); a program
// using the library loads it, and sets nothing.
if (${cli}) setV8Flags(['--semi-space-growth-factor=1']);
await import(${dist('index.js')});
const { ThreadPool } = await import(${dist('threads/pool.js')});
const pool = new ThreadPool({ url: new URL('./churn-jobs.mjs', import.meta.url), runJob: async () => { throw new Error('not on a thread'); } }, 1);
const thread = await pool.run({ kind: 'churn' });
await pool.close();
console.log(JSON.stringify({ thread, main: churn(), settings: threadSettings(), env: Object.keys(process.env).filter((k) => k.startsWith('BRIEFING_')) }));
`,
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRIEFING_')));
  const r = spawnSync(process.execPath, [main], { encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { thread: number; main: number; settings: unknown; env: string[] };
}

describe('the command line V8 flags', () => {
  it('hold in a writer thread and, after it has started, in the main thread, handed over in workerData, not the environment', () => {
    const sizes = youngGeneration(true);
    expect(sizes.settings).toEqual({ v8Flags: ['--semi-space-growth-factor=1'] });
    expect(sizes.env).toEqual([]);
    expect(sizes.thread).toBeLessThanOrEqual(8);
    expect(sizes.main).toBeLessThanOrEqual(8);
  });

  it('are not set for a program that uses the library: its threads keep V8 as it is', () => {
    const sizes = youngGeneration(false);
    expect(sizes.settings).toEqual({ v8Flags: [] });
    expect(sizes.env).toEqual([]);
    expect(sizes.thread).toBeGreaterThan(8);
    expect(sizes.main).toBeGreaterThan(8);
  });
});
