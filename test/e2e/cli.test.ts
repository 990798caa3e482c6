// The CLI as a user runs it: compiled JavaScript, real files, exit codes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliPath, fixtures, root, runCli, tempDir } from '../helpers.js';

describe('briefing CLI', () => {
  it('builds a briefing from outside the repository as JSON into a chosen folder', () => {
    const dir = tempDir();
    const data = parse(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'));
    data.id = 'other-briefing';
    writeFileSync(join(dir, 'other.json'), JSON.stringify(data, null, 2));
    const r = runCli(['build', join(dir, 'other.json'), '--out', join(dir, 'result')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'result')).sort()).toEqual(['other-briefing.epub', 'other-briefing.pdf']);
    expect(readFileSync(join(dir, 'result', 'other-briefing.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('builds only the formats asked for', () => {
    const dir = tempDir();
    const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', dir, '--format', 'epub']);
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['minimal-test.epub']);
  });

  it('builds every briefing in data/ by default', () => {
    const dir = tempDir();
    const r = runCli(['build', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['mcis-2023.epub', 'mcis-2023.pdf', 'sample-en.epub', 'sample-en.pdf']);
  });

  it('validates good and bad files, exiting 1 with one line per problem', () => {
    expect(runCli(['validate', join(root, 'data', 'mcis-2023.yaml')]).status).toBe(0);
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace('speaker: smith', 'speaker: nobody').replace('kind: quote', 'kind: rumour'));
    const r = runCli(['validate', bad]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${bad}:\\d+:\\d+: statements\\.0\\.kind: must be one of "quote", "paraphrase"$`));
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('fails a bad build with exit 1 and writes nothing', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: x\ntitle: [');
    const out = join(dir, 'out');
    const r = runCli(['build', bad, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad}:\\d+:\\d+: `));
    expect(existsSync(out)).toBe(false);
  });

  it('warns about characters the fonts cannot draw, naming character and field, and still builds', () => {
    const dir = tempDir();
    const file = join(dir, 'glyphs.yaml');
    const source = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace('  - The meeting ended with a joint statement.', '  - The meeting ended 🙂 with 会议 a joint statement.');
    writeFileSync(file, source);
    const line = source.split('\n').findIndex((l) => l.includes('🙂')) + 1;
    const r = runCli(['build', file, '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toEqual([
      `${file}:${line}:5: warning: summary.1: the embedded fonts have no glyph for "🙂" (U+1F642); it will show as a blank or a box`,
      `${file}:${line}:5: warning: summary.1: the embedded fonts have no glyph for "会" (U+4F1A); it will show as a blank or a box`,
      `${file}:${line}:5: warning: summary.1: the embedded fonts have no glyph for "议" (U+8BAE); it will show as a blank or a box`,
    ]);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['minimal-test.epub', 'minimal-test.pdf']);
  });

  it('exits 2 on a usage error and prints help and version', () => {
    expect(runCli(['build', '--format', 'docx']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    expect(runCli([]).status).toBe(2);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('briefing build');
    expect(runCli(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});

describe('help, as a new user reads it', () => {
  it('lists the commands in the order of the work, with examples', () => {
    const help = runCli(['--help']).stdout;
    const order = ['init', 'validate', 'watch', 'build', 'merge-reports'].map((c) => help.indexOf(`briefing ${c} `));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(help).toMatch(/^Examples:$/m);
    for (const command of ['init', 'validate', 'watch', 'build', 'merge-reports']) {
      const own = runCli([command, '--help']);
      expect(own.status, command).toBe(0);
      expect(own.stdout, command).toMatch(new RegExp(`^Examples:\\n  briefing ${command} `, 'm'));
      // Its own options before the ones every command takes.
      if (/^Options:$/m.test(own.stdout)) expect(own.stdout.indexOf('\nOptions:')).toBeLessThan(own.stdout.indexOf('Global options:'));
      expect(own.stdout, command).not.toContain('[default: []]');
    }
  });

  it('types --jobs as a number, offers --quiet, --verbose, watch --open and init --force', () => {
    expect(runCli(['build', '--help']).stdout).toMatch(/--jobs .*\[number\]/);
    expect(runCli(['build', '--help']).stdout).toMatch(/--quiet/);
    expect(runCli(['build', '--help']).stdout).toMatch(/--verbose/);
    expect(runCli(['watch', '--help']).stdout).toMatch(/--open .*\[boolean\]/);
    expect(runCli(['init', '--help']).stdout).toMatch(/--force .*\[boolean\]/);
    const bad = runCli(['build', '--jobs', 'two', '--out', tempDir()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('briefing: --jobs must be a whole number, 0 or more, not "two"\n');
  });
});

describe('what build says', () => {
  const onePager = join(fixtures, 'one-pager.yaml');

  it('names one page in the singular, and with --quiet says nothing when all went well', () => {
    const out = tempDir();
    const r = runCli(['build', onePager, '--out', out, '--format', 'pdf']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\.pdf \(\d+\.\d KB, 1 page\)\n$/);
    const quiet = runCli(['build', onePager, '--out', out, '--format', 'pdf', '--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
    expect(runCli(['validate', onePager, '-q']).stdout).toBe('');
  });

  it('with --verbose gives the settings and each output\'s sha256, as the file has it', () => {
    const out = tempDir();
    const r = runCli(['build', onePager, '--out', out, '--format', 'pdf', '--verbose'], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^building 1 file into .* \(pdf\) on 1 writer thread; dates: SOURCE_DATE_EPOCH=1700000000 \(2023-11-14T22:13:20\.000Z\)$/m);
    const pdf = readdirSync(out).find((n) => n.endsWith('.pdf'))!;
    expect(r.stdout).toContain(`  sha256 ${createHash('sha256').update(readFileSync(join(out, pdf))).digest('hex')}\n`);
    expect(runCli(['build', onePager, '--quiet', '--verbose']).status).toBe(2);
  });
});

describe('init', () => {
  it('suggests npx briefing, refuses to overwrite, and replaces the file with --force', () => {
    const dir = tempDir();
    const first = runCli(['init', 'summit', '--dir', dir]);
    expect(first.status).toBe(0);
    const file = join(dir, 'summit.yaml');
    expect(first.stdout).toContain(`npx briefing build ${file}`);
    writeFileSync(file, 'my own words');
    const again = runCli(['init', 'summit', '--dir', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`${file}: already exists; choose another id, or add --force to replace it\n`);
    expect(readFileSync(file, 'utf8')).toBe('my own words');
    expect(runCli(['init', 'summit', '--dir', dir, '--force']).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^id: summit/m);
  });
});

describe('watch, as run from the command line', () => {
  /** Runs `briefing watch` until it serves its preview, then stops it with `signal`. */
  async function watchUntilServed(args: string[], cwd: string, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, [cliPath, 'watch', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((served, failed) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('preview: http://127.0.0.1:')) served();
      });
      void exited.then(() => failed(new Error(`watch exited before serving:\n${stdout}\n${stderr}`)));
    });
    // Give an opener (--open) a moment to run before the watcher goes.
    await new Promise((r) => setTimeout(r, 300));
    child.kill(signal);
    return { code: await exited, stdout, stderr };
  }

  it('writes byte for byte what build writes, names files as given, opens the preview and exits 130 on Ctrl-C', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    copyFileSync(join(fixtures, 'minimal.yaml'), join(dir, 'data', 'live.yaml'));
    // A stand-in for the desktop's opener that notes the address it was given.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > "${join(dir, 'opened')}"\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, SOURCE_DATE_EPOCH: '1700000000' };
    const w = await watchUntilServed(['data/live.yaml', '--out', 'watched', '--port', '0', '--open'], dir, 'SIGINT', env);
    expect(w.stderr).toBe('');
    expect(w.code).toBe(130);
    expect(w.stdout).toMatch(/^data\/live\.yaml: built$/m); // as given, not an absolute path
    const url = /preview: (\S+)/.exec(w.stdout)![1];
    expect(readFileSync(join(dir, 'opened'), 'utf8')).toBe(url);

    const b = runCli(['build', 'data/live.yaml', '--out', 'built'], { cwd: dir, env });
    expect(b.status, b.stderr).toBe(0);
    for (const name of ['minimal-test.pdf', 'minimal-test.epub']) {
      expect(readFileSync(join(dir, 'watched', name)).equals(readFileSync(join(dir, 'built', name))), name).toBe(true);
    }
    // The data file travels in the PDF under its own name, as README's qpdf line takes it out.
    const { execFileSync } = await import('node:child_process');
    const attached = execFileSync('qpdf', ['--show-attachment=live.yaml', join(dir, 'watched', 'minimal-test.pdf')]);
    expect(attached.equals(readFileSync(join(dir, 'data', 'live.yaml')))).toBe(true);
  });

  it('goes on without a browser opener, saying so, and exits 143 on SIGTERM', async () => {
    const dir = tempDir();
    copyFileSync(join(fixtures, 'minimal.yaml'), join(dir, 'live.yaml'));
    const bin = join(dir, 'empty-bin'); // no xdg-open here: node is called by its full path
    mkdirSync(bin);
    const w = await watchUntilServed(['live.yaml', '--out', 'out', '--port', '0', '--open', '--format', 'html'], dir, 'SIGTERM', { PATH: bin });
    expect(w.code).toBe(143);
    expect(w.stderr).toMatch(/^briefing: could not open a browser \(xdg-open: not found\); open http:\/\/127\.0\.0\.1:\d+\/ yourself\n$/);
    expect(existsSync(join(dir, 'out', 'minimal-test.html'))).toBe(true);
  });
});
