#!/usr/bin/env node
// Builds the same briefings with this checkout and with another commit (default: main) and compares
// the bytes of every PDF, EPUB and HTML: a speed change must not change outputs.
//   node bench/compare-base.mjs [REV] [--node PATH]
// The other commit is exported with `git archive` into a temporary folder (no worktree is added),
// shares this checkout's node_modules and is compiled there. Both sides build with SOURCE_DATE_EPOCH
// fixed and the disk cache off; this side builds once more with the cache on (cold, then warm).
// Exit code 1 when any output differs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { generate, generateParagraphs } from './inputs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const nodeAt = argv.indexOf('--node');
const node = nodeAt >= 0 ? argv.splice(nodeAt, 2)[1] : process.execPath;
const rev = argv[0] ?? 'main';
const work = mkdtempSync(join(tmpdir(), 'briefing-compare-'));
const log = (s) => process.stderr.write(s);

try {
  // The inputs: the data, the test fixtures and two generated briefings (100 statements, ~600 paragraphs).
  const inputs = join(work, 'in');
  mkdirSync(inputs);
  const base = YAML.parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8'));
  writeFileSync(join(inputs, 'bench-100.yaml'), YAML.stringify(generate(base, 'bench-100', 100), { lineWidth: 0 }));
  writeFileSync(join(inputs, 'bench-p600.yaml'), YAML.stringify(generateParagraphs(base, 'bench-p600', 600, 40, 8), { lineWidth: 0 }));
  const files = [
    ...readdirSync(join(root, 'data')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(root, 'data', f)),
    ...readdirSync(join(root, 'test', 'fixtures')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(root, 'test', 'fixtures', f)),
    join(inputs, 'bench-100.yaml'),
    join(inputs, 'bench-p600.yaml'),
  ];

  const other = join(work, 'other');
  mkdirSync(other);
  log(`exporting ${rev} … `);
  const commit = execFileSync('git', ['rev-parse', '--short', rev], { cwd: root, encoding: 'utf8' }).trim();
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${JSON.stringify(other)}`], { cwd: root });
  symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'));
  log('compiling … ');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: other, stdio: 'inherit' });
  log('done\n');

  const cache = join(work, 'cache');
  const sides = [
    { name: `${commit}`, dir: other, env: { BRIEFING_CACHE: 'off' } },
    { name: 'this checkout, cache off', dir: root, env: { BRIEFING_CACHE: 'off' } },
    { name: 'this checkout, cold cache', dir: root, env: { BRIEFING_CACHE_DIR: cache, NODE_COMPILE_CACHE: '' } },
    { name: 'this checkout, warm cache', dir: root, env: { BRIEFING_CACHE_DIR: cache, NODE_COMPILE_CACHE: '' } },
  ];
  const hashes = sides.map((side, k) => {
    const out = join(work, `out-${k}`);
    const result = new Map();
    for (const file of files) {
      log(`${side.name}: ${file.replace(`${root}/`, '')}\n`);
      const r = spawnSync(node, [join(side.dir, 'dist', 'cli.js'), 'build', file, '--out', out, '--format', 'pdf,epub,html'], {
        env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...side.env },
        encoding: 'utf8',
      });
      if (r.status !== 0) result.set(file, `build failed: ${r.stderr.trim().split('\n').pop()}`);
    }
    for (const f of readdirSync(out).sort()) result.set(f, createHash('sha256').update(readFileSync(join(out, f))).digest('hex'));
    return result;
  });

  let differ = 0;
  const names = [...new Set(hashes.flatMap((h) => [...h.keys()]))].sort();
  for (const name of names) {
    const values = hashes.map((h) => h.get(name) ?? 'missing');
    const same = values.every((v) => v === values[0]);
    if (!same) differ++;
    process.stdout.write(`${same ? 'same   ' : 'DIFFERS'} ${name}${same ? '' : `\n${sides.map((s, k) => `          ${s.name}: ${values[k]}`).join('\n')}`}\n`);
  }
  process.stdout.write(`\n${names.length - differ} of ${names.length} outputs identical across ${sides.map((s) => s.name).join(', ')} (Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()})\n`);
  process.exitCode = differ ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
