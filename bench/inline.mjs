#!/usr/bin/env node
// Writer threads or the main thread, for one briefing: each size built with `--jobs 0` (every output
// on the main thread) and `--jobs 2` (the PDF and the EPUB on two writer threads), interleaved,
// wall and CPU seconds and peak memory, medians of --runs (default 5). Waits for a 1-minute load
// average below 1 before it starts and records it before and after: with other work on two cores the
// thread figures mean little. The CLI's own choice (src/cli/main.ts, INLINE_BYTES) comes from these.
//   npm run build && node bench/inline.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { generate, generateParagraphs } from './inputs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const work = mkdtempSync(join(tmpdir(), 'briefing-inline-'));
const base = YAML.parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8'));
const write = (name, data) => {
  const file = join(work, name);
  writeFileSync(file, YAML.stringify(data, { lineWidth: 0, aliasDuplicateObjects: false }));
  return file;
};
const inputs = [
  ['minimal (test/fixtures)', join(root, 'test', 'fixtures', 'minimal.yaml')],
  ['one-pager (test/fixtures)', join(root, 'test', 'fixtures', 'one-pager.yaml')],
  ['MCIS (data/)', join(root, 'data', 'mcis-2023.yaml')],
  ['MCIS × 2 (26 statements)', write('x2.yaml', generate(base, 'x2', 26))],
  ['MCIS × 4 (52 statements)', write('x4.yaml', generate(base, 'x4', 52))],
  ['~600 paragraphs', write('p600.yaml', generateParagraphs(base, 'p600', 600, 40, 8))],
];

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
let waited = 0;
while (loadavg()[0] >= 1 && waited < 300) {
  sleep(5000);
  waited += 5;
}
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(', ');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const [name, file] of inputs) {
    const t = { 0: [], 2: [] };
    for (let r = 0; r <= runs; r++) {
      for (const jobs of [0, 2]) {
        const t0 = process.hrtime.bigint();
        const p = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, join(root, 'dist', 'cli.js'), 'build', file, '--out', join(work, 'out'), '--jobs', String(jobs)], { encoding: 'utf8' });
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        if (p.status !== 0) throw new Error(`${name} --jobs ${jobs}: ${p.stderr}`);
        const [kb, user, sys] = p.stderr.trim().split('\n').pop().split(' ').map(Number);
        // The first round warms the disk cache and the file system cache: not counted.
        if (r > 0) t[jobs].push({ wall, cpu: user + sys, mb: kb / 1024 });
      }
    }
    const m = (jobs, k) => median(t[jobs].map((x) => x[k]));
    rows.push(`| ${name} | ${Math.round(statSync(file).size / 1024)} KB | ${m(0, 'wall').toFixed(2)} s / ${m(0, 'cpu').toFixed(2)} s / ${Math.round(m(0, 'mb'))} MB | ${m(2, 'wall').toFixed(2)} s / ${m(2, 'cpu').toFixed(2)} s / ${Math.round(m(2, 'mb'))} MB | ${(m(0, 'wall') / m(2, 'wall')).toFixed(2)} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg().map((l) => l.toFixed(2)).join(', ')}; ${runs} runs each, medians; Node ${process.version}\n\n`);
process.stdout.write(`| briefing | file | main thread (--jobs 0): wall / CPU / peak | two writer threads (--jobs 2): wall / CPU / peak | wall, main ÷ threads |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
