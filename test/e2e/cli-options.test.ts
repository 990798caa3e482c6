// Options that could make a build do something else than it was asked (issue 23): files after `--`,
// a --report that would replace what it reports on, a date no output can hold, and --jobs beyond reason.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { poolFor, startNow } from '../../src/build/writer-pool.js';
import { fixtures, root, runCli, tempDir } from '../helpers.js';

/** A folder as an analyst has it: data/ with a briefing, and another beside it. */
function project(): string {
  const dir = tempDir('briefing-options-');
  mkdirSync(join(dir, 'data'));
  copyFileSync(join(fixtures, 'one-pager.yaml'), join(dir, 'data', 'one-pager.yaml'));
  copyFileSync(join(fixtures, 'minimal.yaml'), join(dir, '-dash.yaml'));
  return dir;
}

describe('files after --', () => {
  it('build and validate take every name after -- as a file, even one starting with "-", and build nothing else', () => {
    const dir = project();
    const built = runCli(['build', '--format', 'pdf', '--', '-dash.yaml'], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    // Only the named file: not every briefing of data/.
    expect(readdirSync(join(dir, 'out'))).toEqual(['minimal-test.pdf']);
    // The same through the full parser (an option it reads only there: --templates).
    const full = runCli(['build', '--format', 'pdf', '--out', 'out2', '--templates', join(fixtures, '..', '..', 'templates'), '--', '-dash.yaml'], { cwd: dir });
    expect(full.status).toBe(0);
    expect(readdirSync(join(dir, 'out2'))).toEqual(['minimal-test.pdf']);
    const checked = runCli(['validate', '--', '-dash.yaml', 'data/one-pager.yaml'], { cwd: dir });
    expect(checked.stdout).toBe('-dash.yaml: ok\ndata/one-pager.yaml: ok\n');
    expect(checked.status).toBe(0);
  });
});

describe('short options', () => {
  it('with the value attached (-o=dir, -f=html, -j=1) mean what yargs reads: the folder "dir", not "=dir"', () => {
    const dir = project();
    const r = runCli(['build', '-o=site', '-f=html', '-j=1', '-q', '--', '-dash.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'site'))).toEqual(['minimal-test.html']);
    expect(existsSync(join(dir, '=site'))).toBe(false);
  });
});

describe('--report', () => {
  it('never replaces a briefing being built or an output: a usage error before anything is built', () => {
    const dir = project();
    const input = join(dir, 'data', 'one-pager.yaml');
    const before = readFileSync(input);
    symlinkSync(input, join(dir, 'link.yaml'));
    for (const [report, says] of [
      ['data/one-pager.yaml', 'is one of the briefings being built'],
      ['link.yaml', 'is one of the briefings being built'],
      ['out/one-pager.pdf', 'a .pdf name is where outputs go'],
      ['out/one-pager.epub', 'a .epub name is where outputs go'],
    ] as const) {
      const r = runCli(['build', 'data/one-pager.yaml', '--report', report], { cwd: dir });
      expect(r.status, report).toBe(2);
      expect(r.stderr).toBe(`briefing: --report ${report}: ${says}${says.startsWith('is') ? '; name a new file such as out/report.json' : '; the report is JSON (e.g. out/report.json)'}\n`);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
    expect(readFileSync(input).equals(before)).toBe(true);
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it('after the year 9999 is a usage error: no PDF or EPUB date can hold it', () => {
    const dir = project();
    for (const epoch of ['253402300800', '99999999999999999999']) {
      const r = runCli(['build', 'data/one-pager.yaml'], { cwd: dir, env: { SOURCE_DATE_EPOCH: epoch } });
      expect(r.status, epoch).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^briefing: SOURCE_DATE_EPOCH ${epoch} is after the year 9999`));
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('--jobs', () => {
  it('never starts more writer threads than there are cores', async () => {
    const pool = poolFor(100, ['pdf', 'epub'], 1000);
    try {
      expect(pool.size).toBe(availableParallelism());
    } finally {
      await pool.close();
    }
  });

  it('starts before any job only the writers this thread leaves a core for, and at least one', async () => {
    // 2 cores: this thread and the PDF writer load at once; the EPUB writer starts with its job.
    expect([startNow(2, 1), startNow(2, 2), startNow(2, 3), startNow(2, 8), startNow(1, 8)]).toEqual([1, 1, 2, 2, 1]);
    // Threads start only from compiled code: the pool of dist/.
    const dist = (await import(join(root, 'dist', 'build', 'writer-pool.js'))) as typeof import('../../src/build/writer-pool.js');
    const pool = dist.poolFor(1, ['pdf', 'epub']);
    try {
      expect(pool.threads).toBe(startNow(2));
    } finally {
      await pool.close();
    }
  });
});

describe('merge-reports', () => {
  it('refuses a forged or broken shard report with one line, and merges real ones', () => {
    const dir = project();
    // Two real shards of the same batch.
    for (const i of [1, 2]) {
      expect(runCli(['build', '--format', 'pdf', '--shard', `${i}/2`, '--report', `r${i}.json`, '--', 'data/one-pager.yaml', '-dash.yaml'], { cwd: dir }).status).toBe(0);
    }
    const real = JSON.parse(readFileSync(join(dir, 'r1.json'), 'utf8'));
    const merged = runCli(['merge-reports', 'r1.json', 'r2.json'], { cwd: dir });
    expect(merged.status).toBe(0);
    expect(JSON.parse(merged.stdout).built.map((b: { file: string }) => b.file)).toEqual(['-dash.yaml', 'data/one-pager.yaml']);
    const forged: [string, unknown, RegExp][] = [
      ['index past count', { ...real, shard: { index: 7, count: 3 } }, /^briefing: f\.json: not a briefing build report \(shard: the shard index is larger than the count\)$/],
      ['a billion shards', { ...real, shard: { index: 1, count: 1e9 } }, /^briefing: f\.json: not a briefing build report \(shard\.count: /],
      ['a null entry', { ...real, built: [null] }, /^briefing: f\.json: not a briefing build report \(built\.0: /],
      ['a null artifact', { ...real, built: [{ ...real.built[0], artifacts: [null] }] }, /^briefing: f\.json: not a briefing build report \(built\.0\.artifacts\.0: /],
      ['a checksum that is not one', { ...real, built: [{ ...real.built[0], artifacts: [{ ...real.built[0].artifacts[0], sha256: 'x' }] }] }, /sha256/],
      ['not a report at all', [1, 2, 3], /^briefing: f\.json: not a briefing build report/],
    ];
    // A forged report's names reach the terminal only as printable text: no ESC, no BEL.
    // (The same file in two reports: the message names it.)
    const { shard: _shard, ...unsharded } = real;
    const escape = { ...unsharded, built: [], failed: [{ file: '\u001b]0;PWNED\u0007\u001b[2J', diagnostics: [] }] };
    writeFileSync(join(dir, 'e.json'), JSON.stringify(escape));
    const shown = runCli(['merge-reports', 'e.json', 'e.json'], { cwd: dir });
    expect(shown.status).toBe(1);
    expect(shown.stderr).toContain('\\u{1b}]0;PWNED\\u{7}');
    expect(shown.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    for (const [what, report, message] of forged) {
      writeFileSync(join(dir, 'f.json'), JSON.stringify(report));
      const r = runCli(['merge-reports', 'f.json', 'r2.json'], { cwd: dir });
      expect(r.status, what).toBe(1);
      expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
      expect(r.stderr.trim(), what).toMatch(message);
    }
  });
});

describe('a YAML slip through the CLI', () => {
  it('is at most two lines in a log or pipe (the message with its hint, the line that is wrong); --verbose adds the caret', () => {
    const dir = project();
    const slipped = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace('    kind: paraphrase', '     kind: paraphrase');
    writeFileSync(join(dir, 'slip.yaml'), slipped);
    const r = runCli(['validate', 'slip.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^slip\.yaml:39:6: statements\.1\.kind: .*\(hint: .*4 spaces/);
    expect(lines[1]).toBe('> 39 |      kind: paraphrase');
    const verbose = runCli(['validate', 'slip.yaml', '--verbose'], { cwd: dir });
    expect(verbose.stderr).toMatch(/\n {5}\| {6}\^\n {2}hint: /);
  });
});

describe('where the outputs are written', () => {
  it('on writer threads by default, on the main thread with --jobs 0: the same bytes', () => {
    const dir = project();
    const settings = (args: string[]) => runCli(['build', '--verbose', ...args], { cwd: dir }).stdout.split('\n')[0];
    expect(settings(['--out', 'a', '--jobs', '0', '--', '-dash.yaml'])).toMatch(/ on the main thread;/);
    expect(settings(['--out', 'b', '--jobs', '2', '--', '-dash.yaml'])).toMatch(/ on 2 writer threads;/);
    expect(settings(['--out', 'c', '--', '-dash.yaml', 'data/one-pager.yaml'])).toMatch(/ on \d writer threads?;/);
    expect(settings([join(fixtures, '..', '..', 'data', 'mcis-2023.yaml'), '--out', 'd', '--jobs', '0'])).toMatch(/ on the main thread;/);
    for (const ext of ['pdf', 'epub']) {
      expect(readFileSync(join(dir, 'a', `minimal-test.${ext}`)).equals(readFileSync(join(dir, 'b', `minimal-test.${ext}`))), ext).toBe(true);
    }
  });
});
