// The CLI with input that would lose or garble work: two files with one id, a bad --out, control characters.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli, tempDir } from '../helpers.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]|\u001b(?!\[K)/; // \x1b[K is the progress line's own, on a terminal only

describe('a batch with two files of one id', () => {
  it('builds neither, names both, builds the others and exits 1', () => {
    const dir = tempDir();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    const c = join(dir, 'c.yaml');
    writeFileSync(a, minimal.replace('id: minimal-test', 'id: same-id'));
    writeFileSync(b, minimal.replace('id: minimal-test', 'id: same-id').replace('title: نشست', 'title: دیگر نشست'));
    writeFileSync(c, minimal.replace('id: minimal-test', 'id: other-id'));
    const out = join(dir, 'out');
    const report = join(dir, 'report.json');
    const r = runCli(['build', a, b, c, '--out', out, '--format', 'epub', '--report', report]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${a}:2:5: id: "same-id" is also the id of ${b}: both would write ${join(out, 'same-id')}.*, so neither was built (give each briefing its own id)`,
      `${b}:2:5: id: "same-id" is also the id of ${a}: both would write ${join(out, 'same-id')}.*, so neither was built (give each briefing its own id)`,
    ]);
    expect(r.stdout).toContain(`1 built, 2 failed: ${a}, ${b}`);
    expect(readdirSync(out)).toEqual(['other-id.epub']);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.built.map((x: { id: string }) => x.id)).toEqual(['other-id']);
    expect(json.failed.map((x: { file: string }) => x.file)).toEqual([a, b]);
  });
});

describe('a bad --out', () => {
  it('naming a file: one line, exit 1, nothing built', () => {
    const dir = tempDir();
    const file = join(dir, 'taken.pdf');
    writeFileSync(file, 'not a folder');
    for (const out of [file, join(file, 'sub')]) {
      const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^briefing: --out ${out}: (${file} )?is a file, not a folder\\n$`));
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('naming a folder that cannot be written: one line, exit 1', () => {
    // root writes anywhere chmod forbids, but not in sysfs; others are stopped by the mode.
    let out = '/sys/briefing-test-out';
    if (process.getuid?.() !== 0) {
      const locked = join(tempDir(), 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      out = join(locked, 'out');
    }
    const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^briefing: --out \S+: cannot write in \S+ \((permission denied|operation not permitted|read-only file system)\)\n$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('control characters on the terminal', () => {
  it('are refused with their place and shown escaped, never raw', () => {
    const dir = tempDir();
    const file = join(dir, 'esc.yaml');
    // ESC [2J clears a terminal, BEL rings it: in a title and in a speaker id that is echoed back as unknown.
    writeFileSync(file, minimal.replace('title: نشست آزمایشی امنیت منطقه‌ای', 'title: "\\e[2Jنشست\\a"').replace('speaker: smith', 'speaker: "sm\\e]0;pwned\\aith"'));
    for (const command of ['validate', 'build']) {
      const r = runCli([command, file, '--out', join(dir, 'out')].slice(0, command === 'validate' ? 2 : 4));
      expect(r.status).toBe(1);
      expect(r.stderr + r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stderr).toContain(`${file}:4:8: title: contains the control character U+001B (ESC) at character 1 (and 1 more): remove it`);
      expect(r.stderr).toContain('unknown speaker "sm\\u{1b}]0;pwned\\u{7}ith"');
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('a bad --report', () => {
  it('is one line and exit 1 before anything is built', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    for (const [report, message] of [
      [dir, `briefing: --report ${dir}: is a folder, not a file`],
      [join(fixtures, 'minimal.yaml', 'r.json'), `briefing: --report ${join(fixtures, 'minimal.yaml', 'r.json')}: ${join(fixtures, 'minimal.yaml')} is a file, not a folder`],
      [join(dir, 'missing', 'r.json'), undefined],
    ] as const) {
      const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out, '--format', 'html', '--report', report]);
      if (message === undefined) {
        // A folder that does not exist yet is made, as for --out.
        expect(r.status).toBe(0);
        continue;
      }
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`${message}\n`);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('an output that cannot be written', () => {
  it('is named in one line when a folder stands where it goes, and the other outputs are left as they were', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'minimal-test.pdf'), { recursive: true });
    writeFileSync(join(out, 'minimal-test.epub'), 'earlier');
    const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${join(fixtures, 'minimal.yaml')}: error: cannot write ${join(out, 'minimal-test.pdf')}: a folder of that name is in the way\n`);
    expect(readFileSync(join(out, 'minimal-test.epub'), 'utf8')).toBe('earlier');
    expect(readdirSync(out).sort()).toEqual(['minimal-test.epub', 'minimal-test.pdf']);
  });
});

describe('a file past the size limit', () => {
  it('is refused in one line without being read, and an endless device is not read at all', () => {
    const dir = tempDir();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `${minimal}\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    const r = runCli(['validate', big]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${big}:1:1: file is 3.0 MB; the limit is 2.0 MB (split the briefing into several)\n`);
    const device = runCli(['validate', '/dev/zero']);
    expect(device.status).toBe(1);
    expect(device.stderr).toBe('/dev/zero: is a character device, not a regular file\n');
    rmSync(dir, { recursive: true, force: true });
  });
});
