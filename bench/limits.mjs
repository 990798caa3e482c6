#!/usr/bin/env node
// What a briefing at the input limits costs: the theme × speaker table at its cell limit, the
// table past it (refused), and the largest file. Wall and CPU seconds and peak memory of one CLI
// build (PDF + EPUB), with the load average before and after. Writes a table to standard output.
//   npm run build && node bench/limits.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { generate, generateMatrix, generateParagraphs, generateThemeLists } from './inputs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const base = YAML.parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'briefing-limits-'));
const cases = [
  ['table at the limit: 20 themes × 1,000 speakers', generateMatrix(base, 'limit-wide', 20, 1000)],
  ['table at the limit: 500 themes × 40 speakers', generateMatrix(base, 'limit-tall', 500, 40)],
  ['table past the limit: 500 themes × 1,000 speakers', generateMatrix(base, 'past-limit', 500, 1000)],
  ['theme titles beside statements at the limit: 48 statements × 100 themes × 100 characters', generateThemeLists(base, 'limit-theme-lists', 100, 100, 48)],
  ['theme titles beside statements past it: 200 × 500 × 200', generateThemeLists(base, 'past-theme-lists', 500, 200, 200)],
  ['2,000 statements (the statement limit)', generate(base, 'limit-statements', 2000)],
  ['7,500 paragraphs (a file near the 2 MB limit)', generateParagraphs(base, 'limit-paragraphs', 7500, 40, 5)],
];
const rows = [];
try {
  for (const [what, briefing] of cases) {
    const file = join(work, `${briefing.id}.yaml`);
    writeFileSync(file, YAML.stringify(briefing, { lineWidth: 0, aliasDuplicateObjects: false }));
    const before = loadavg()[0];
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, join(root, 'dist', 'cli.js'), 'build', file, '--out', join(work, 'out')], { encoding: 'utf8', env: { ...process.env, BRIEFING_CACHE: 'off' } });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const [kb, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    const outcome = r.status === 0 ? r.stdout.match(/(\d+) pages/)?.[0] ?? 'built' : `refused: ${r.stderr.split('\n')[0].replace(/^.*?: /, '').slice(0, 90)}…`;
    rows.push(`| ${what} | ${Math.round(statSync(file).size / 1024)} KB | ${outcome} | ${wall.toFixed(2)} s | ${(user + sys).toFixed(2)} s | ${Math.round(kb / 1024)} MB | ${before.toFixed(2)} → ${loadavg()[0].toFixed(2)} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`| input | file | outcome | wall | CPU | peak RSS | load (1 min) before → after |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
