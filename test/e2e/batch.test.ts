// Batch builds on a pool of threads: the same bytes, lines, summary and report as one file at a
// time, and `--shard i/n` + `merge-reports` to split a batch across the machines of a CI matrix.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, root, runCli, tempDir, type CliResult } from '../helpers.js';

const env = { SOURCE_DATE_EPOCH: '1700000000' };

/** Every file of a folder with a hash of its bytes. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((n) => [n, createHash('sha256').update(readFileSync(join(dir, n))).digest('hex')]));
}

describe('a batch on a pool of threads', () => {
  const work = tempDir('briefing-batch-');
  const files: string[] = [];
  const runs: Record<string, CliResult> = {};
  /** Builds `args` in a folder of its own, `--out out --report report.json`, so paths in reports compare. */
  const build = (name: string, args: string[]) => {
    const cwd = join(work, name);
    mkdirSync(cwd);
    runs[name] = runCli(['build', ...files, '--out', 'out', '--report', 'report.json', ...args], { cwd, env });
    return cwd;
  };
  const report = (name: string) => JSON.parse(readFileSync(join(work, name, 'report.json'), 'utf8'));

  beforeAll(() => {
    // Four briefings (copies of the small fixture under their own ids) and, fourth, one that fails.
    const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
    mkdirSync(join(work, 'data'));
    for (const n of [1, 2, 3, 4]) {
      const file = join(work, 'data', `b${n}.yaml`);
      writeFileSync(file, minimal.replace(/^id: .*$/m, `id: brief-${n}`));
      files.push(file);
      if (n === 3) {
        files.push(join(work, 'data', 'bad.yaml'));
        writeFileSync(files.at(-1)!, minimal.replace(/^date: .*$/m, 'date: "2024-02-31"'));
      }
    }
    build('one', ['--jobs', '1']);
    build('pool', []);
    build('three', ['-j', '3']);
  }, 600_000);

  it('writes the same bytes, lines, summary and report on the default pool and on three threads as one file at a time', () => {
    expect(runs.one!.status).toBe(1);
    expect(runs.one!.stdout).toMatch(/^4 built, 1 failed: .*bad\.yaml$/m);
    expect(runs.one!.stderr).toMatch(/bad\.yaml:\d+:\d+: date: /);
    expect(Object.keys(outputs(join(work, 'one', 'out')))).toHaveLength(8);
    for (const name of ['pool', 'three']) {
      expect(runs[name]!.status).toBe(1);
      expect(runs[name]!.stdout).toBe(runs.one!.stdout);
      expect(runs[name]!.stderr).toBe(runs.one!.stderr);
      expect(outputs(join(work, name, 'out'))).toEqual(outputs(join(work, 'one', 'out')));
      expect(report(name)).toEqual(report('one'));
    }
    // In the order of the files given, however the threads finished.
    expect(report('pool').built.map((b: { id: string }) => b.id)).toEqual([1, 2, 3, 4].map((n) => `brief-${n}`));
  });

  it('splits the batch with --shard into disjoint shares whose merged report is the batch\'s', () => {
    build('shard1', ['--shard', '1/2']);
    build('shard2', ['--shard', '2/2']);
    const [a, b] = ['shard1', 'shard2'].map((s) => Object.keys(outputs(join(work, s, 'out'))));
    expect(a!.length).toBeGreaterThan(0);
    expect(b!.length).toBeGreaterThan(0);
    expect(a!.filter((n) => b!.includes(n))).toEqual([]);
    expect({ ...outputs(join(work, 'shard1', 'out')), ...outputs(join(work, 'shard2', 'out')) }).toEqual(outputs(join(work, 'one', 'out')));
    expect(report('shard1').shard).toEqual({ index: 1, count: 2 });

    const out = join(work, 'merged.json');
    const merged = runCli(['merge-reports', join(work, 'shard2', 'report.json'), join(work, 'shard1', 'report.json'), '--out', out]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report('one'));

    const missing = runCli(['merge-reports', join(work, 'shard1', 'report.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('briefing: shard 2/2 missing: merge the reports of every shard');
  });

  it('writes the same bytes for a file built alone, whose EPUB may start before its layout is chosen, as in a batch', () => {
    // One briefing whose brief fits (it prints as a brief) and one whose brief does not (a report).
    const dir = tempDir();
    const files = [join(fixtures, 'one-pager.yaml'), join(root, 'data', 'mcis-2023.yaml')];
    const alone = files.map((file, i) => {
      const out = join(dir, `alone${i}`);
      expect(runCli(['build', file, '--out', out], { env }).status).toBe(0);
      return outputs(out);
    });
    const both = join(dir, 'both');
    expect(runCli(['build', ...files, '--out', both], { env }).status).toBe(0);
    expect({ ...alone[0], ...alone[1] }).toEqual(outputs(both));
  });

  it('writes each PDF as alone when one thread writes them all (fonts are opened once per thread)', () => {
    // English first, then Persian briefings of both layouts: every glyph a document draws must carry
    // its own text (ToUnicode), whatever the thread drew before with the same font.
    const dir = tempDir();
    const files = [join(root, 'data', 'sample-en.yaml'), join(fixtures, 'mixed-markup.yaml'), join(fixtures, 'minimal.yaml'), join(root, 'data', 'mcis-2023.yaml')];
    const all = join(dir, 'all');
    expect(runCli(['build', ...files, '--format', 'pdf', '--jobs', '1', '--out', all], { env }).status).toBe(0);
    const alone: Record<string, string> = {};
    files.forEach((file, i) => {
      const out = join(dir, `alone${i}`);
      expect(runCli(['build', file, '--format', 'pdf', '--out', out], { env }).status).toBe(0);
      Object.assign(alone, outputs(out));
    });
    expect(outputs(all)).toEqual(alone);
  });

  it('refuses a --shard or --jobs it cannot read as a usage error', () => {
    for (const args of [['--shard', '3/2'], ['--shard', 'half'], ['--jobs', '-1'], ['--jobs', 'many']]) {
      const r = runCli(['build', files[0]!, '--out', tempDir(), ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^briefing: --(shard|jobs) must be/);
    }
  });
});
