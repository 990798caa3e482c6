#!/usr/bin/env node
// Batch builds (issue 15 item 4, issue 16's batch target): copies of the MCIS briefing built in one
// call, on the default pool (one writer thread per core) and with --jobs 1, and a batch of 12 against one
// alone. Runs are interleaved so the machine's load falls on every variant alike. Writes
// bench/BATCH.md (newest run first). Run: `npm run bench:batch` (builds first); `--runs N` (default 3).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const work = await mkdtemp(join(tmpdir(), 'briefing-bench-batch-'));
const mcis = await readFile(join(root, 'data', 'mcis-2023.yaml'), 'utf8');
/** `n` copies of the MCIS briefing under ids of their own (same content, so each costs the same). */
async function copies(name, n) {
  const dir = join(work, name);
  await mkdir(dir);
  const files = [];
  for (let i = 1; i <= n; i++) {
    const file = join(dir, `copy-${String(i).padStart(2, '0')}.yaml`);
    await writeFile(file, mcis.replace(/^id: .*$/m, `id: copy-${i}`));
    files.push(file);
  }
  return files;
}

async function time(args) {
  const out = join(work, `out-${process.hrtime.bigint()}`);
  const rss = join(work, 'time.txt');
  const argv = [cli, 'build', ...args, '--out', out];
  const [file, list] = TIME ? [TIME, ['-o', rss, '-f', '%U %S', process.execPath, ...argv]] : [process.execPath, argv];
  const start = process.hrtime.bigint();
  const code = await new Promise((done, fail) => {
    const child = spawn(file, list, { cwd: root, stdio: 'ignore', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
    child.on('error', fail);
    child.on('close', done);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0) throw new Error(`briefing ${args.join(' ')} exited with ${code}`);
  const cpu = TIME ? (await readFile(rss, 'utf8')).trim().split('\n').pop().split(' ').map(Number).reduce((a, b) => a + b, 0) : undefined;
  await rm(out, { recursive: true, force: true });
  return { seconds, cpu };
}

const six = await copies('six', 6);
const twelve = await copies('twelve', 12);
const variants = [
  { key: 'six-jobs1', label: 'batch of 6, --jobs 1', args: [...six, '--jobs', '1'] },
  { key: 'six-pool', label: `batch of 6, default pool (${availableParallelism()} threads)`, args: six },
  { key: 'one', label: 'one MCIS briefing alone', args: [twelve[0]] },
  { key: 'twelve-pool', label: 'batch of 12, default pool', args: twelve },
];
const results = Object.fromEntries(variants.map((v) => [v.key, []]));
const loads = [];
for (let run = 0; run < RUNS; run++) {
  // Rotate the order each round so no variant always runs first (cold caches) or last.
  const order = variants.map((_, k) => variants[(k + run) % variants.length]);
  for (const v of order) {
    loads.push(loadavg()[0]);
    const r = await time(v.args);
    results[v.key].push(r);
    process.stderr.write(`${v.label}: ${r.seconds.toFixed(2)} s\n`);
  }
}
await rm(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (key) => median(results[key].map((r) => r.seconds));
const cpu = (key) => (TIME ? median(results[key].map((r) => r.cpu)).toFixed(2) : '–');
const rows = variants.map((v) => `| ${v.label} | ${med(v.key).toFixed(2)} | ${results[v.key].map((r) => r.seconds.toFixed(2)).join(', ')} | ${cpu(v.key)} |`);
const poolRatio = med('six-pool') / med('six-jobs1');
const batchRatio = med('twelve-pool') / med('one');
const verdict = (ok) => (ok ? '**PASS**' : '**FAIL**');
const section = `<!-- run -->
## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; load average (1 min) during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.
- Command: \`npm run bench:batch -- --runs ${RUNS}\` (bench/batch.mjs); copies of data/mcis-2023.yaml under their own ids, PDF + EPUB, \`SOURCE_DATE_EPOCH\` set; ${RUNS} interleaved rounds, medians.

| build | median s | runs s | CPU s (user + sys, median) |
|---|---:|---:|---:|
${rows.join('\n')}

| target | limit | measured | result |
|---|---|---|---|
| batch of 6: default pool ÷ --jobs 1 (issue 15) | ≤ 0.75 | ${med('six-pool').toFixed(2)} s ÷ ${med('six-jobs1').toFixed(2)} s = **${poolRatio.toFixed(2)}** | ${verdict(poolRatio <= 0.75)} |
| batch of 12 ÷ one alone (issue 16) | ≤ 3 | ${med('twelve-pool').toFixed(2)} s ÷ ${med('one').toFixed(2)} s = **${batchRatio.toFixed(2)}** | ${verdict(batchRatio <= 3)} |
`;
process.stdout.write(`\n${section}\n`);
const file = join(root, 'bench', 'BATCH.md');
const header = '# Batch benchmark\n\nWritten by `npm run bench:batch` (bench/batch.mjs); the newest run first. Wall-clock seconds of a fresh process.\n';
const earlier = existsSync(file) ? (await readFile(file, 'utf8')).split('<!-- run -->').slice(1).map((s) => `<!-- run -->${s}`).join('') : '';
await writeFile(file, `${header}\n${section}\n${earlier}`.replace(/\n{3,}/g, '\n\n'));
