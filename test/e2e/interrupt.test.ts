// Ctrl-C or SIGTERM in the middle of a long PDF layout: the build stops at once and earlier outputs stay as they were.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { cliPath, fixtures, root, tempDir } from '../helpers.js';
import { snapshot } from '../support/files.js';

/** Node's arguments for the CLI with a preload that prints a line on stderr as each PDF layout begins. */
const reportingLayout = ['--import', pathToFileURL(join(root, 'test', 'support', 'layout-started.mjs')).href, cliPath];

/** Every file in `dir` with its bytes. */
/** The minimal briefing with ~600 paragraphs of summary: its PDF takes well over a second to lay out. */
function longBriefing(dir: string): string {
  const b = parse(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8')) as { summary: string[] };
  const sentence = 'نشست امنیت منطقه‌ای (Regional Security Meeting) با حضور حدود 120 نماینده در تاریخ ۱۴۰۳/۰۱/۰۱ برگزار شد و گفت‌وگو دربارهٔ همکاری ادامه یافت.';
  b.summary = Array.from({ length: 600 }, (_, i) => `${i + 1}. ${sentence}`);
  const file = join(dir, 'minimal-test.json');
  writeFileSync(file, JSON.stringify(b));
  return file;
}

async function interruptDuringLayout(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; sawLayout: boolean; ms: number }> {
  const out = tempDir();
  // The outputs an earlier build left, which the interrupted build would replace.
  for (const ext of ['pdf', 'epub']) writeFileSync(join(out, `minimal-test.${ext}`), `an earlier build's ${ext}`);
  const before = snapshot(out);
  const child = spawn(process.execPath, [...reportingLayout, 'build', longBriefing(tempDir()), '--out', out], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let sawLayout = false;
  let sentAt = 0;
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (!sawLayout && stderr.includes('PDF layout started')) {
      sawLayout = true;
      // Well inside the layout, which takes seconds for this briefing.
      setTimeout(() => {
        sentAt = Date.now();
        child.kill(signal);
      }, 150);
    }
  });
  const code = await exited;
  const ms = sentAt ? Date.now() - sentAt : -1;
  expect(snapshot(out)).toEqual(before);
  return { code, stderr, sawLayout, ms };
}

describe('interrupting a build in the middle of the PDF layout', () => {
  it('Ctrl-C stops it within 2 s with exit 130 and leaves the earlier outputs byte-identical', async () => {
    const r = await interruptDuringLayout('SIGINT');
    expect(r.sawLayout, r.stderr).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted by SIGINT');
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(r.ms).toBeLessThan(2000);
  });

  it('SIGTERM does the same with exit 143', async () => {
    const r = await interruptDuringLayout('SIGTERM');
    expect(r.sawLayout, r.stderr).toBe(true);
    expect(r.code, r.stderr).toBe(143);
    expect(r.ms).toBeLessThan(2000);
  });
});

describe('stopping watch in the middle of a rebuild\'s PDF layout', () => {
  it('Ctrl-C ends it within 2 s and the outputs of the last good build stay byte-identical', async () => {
    const out = tempDir();
    const file = longBriefing(tempDir());
    const long = readFileSync(file, 'utf8');
    // The last good build is of the small briefing (quick); the save brings the long one, whose layout is interrupted.
    writeFileSync(file, JSON.stringify(parse(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'))));
    const child = spawn(process.execPath, [...reportingLayout, 'watch', file, '--port', '0', '--out', out], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    // Bounded: a save the watcher missed (it once began watching after the first build) fails here, saying so.
    const until = async (ok: () => boolean, what: string) => {
      for (const start = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 25))) {
        if (Date.now() - start > 60_000) throw new Error(`watch: no ${what} within 60 s\nstdout: ${stdout}\nstderr: ${stderr}`);
      }
    };
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await until(() => stdout.includes(': built'), 'first build');
      const before = snapshot(out);
      expect(Object.keys(before).sort()).toEqual(['minimal-test.epub', 'minimal-test.pdf']);
      // A save: the rebuild lays out the long PDF.
      writeFileSync(file, long);
      // The save comes right after the first build's line: the watcher must see it all the same.
      await until(() => stderr.split('PDF layout started').length > 2, 'rebuild after the save');
      await new Promise((r) => setTimeout(r, 150));
      const sentAt = Date.now();
      child.kill('SIGINT');
      await exited;
      expect(Date.now() - sentAt).toBeLessThan(2000);
      expect(snapshot(out)).toEqual(before);
      expect(stderr).not.toContain('error');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
