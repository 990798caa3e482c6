// Files that are not what a build can read, as a user meets them through the CLI: a FIFO or a device
// named as the briefing or an image, a decompression bomb, a truncated or CMYK image, a dangling
// --out, the temporary files of a killed build; and the data file a PDF carries is the one it shows.
// Every CLI run has a time limit: a hang fails its test instead of wedging the run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLoaded, loadBriefingWithPlaces } from '../../src/index.js';
import { cliPath, fixtures, holdingCli, pdfText, root } from '../helpers.js';
import { jpeg, png } from '../support/images.js';

const topicDir = join(fixtures, 'topic');
const LOGO = 'topic-briefing.yaml:12:15: logo.file:';
const FIGURE = 'topic-briefing.yaml:27:13: figures.0.file:';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-input-files-'));
  dirs.push(dir);
  return dir;
}

/** The topic briefing with its logo and chart in a folder of its own; `edit` changes the folder after. */
function topicFolder(edit: (dir: string) => void = () => {}): string {
  const dir = temp();
  for (const name of ['topic-briefing.yaml', 'logo.jpg', 'chart.png']) copyFileSync(join(topicDir, name), join(dir, name));
  edit(dir);
  return dir;
}

/** Replaces a file of the folder. */
const put = (dir: string, name: string, bytes: Buffer | string) => {
  rmSync(join(dir, name), { force: true });
  writeFileSync(join(dir, name), bytes);
};
const fifo = (dir: string, name: string) => {
  rmSync(join(dir, name), { force: true });
  execFileSync('mkfifo', [join(dir, name)]);
};

/** The CLI in `cwd`, killed after 60 s: a hang shows as signal SIGKILL. */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('a FIFO or a device is never read', () => {
  it('as the briefing: validate and build say so in one line and exit 1, without waiting for a writer', () => {
    const dir = temp();
    fifo(dir, 'x.yaml');
    expect(cli(['validate', 'x.yaml'], dir)).toMatchObject({ status: 1, stderr: 'x.yaml: is a FIFO (named pipe), not a regular file\n' });
    const build = cli(['build', 'x.yaml', '--out', 'out'], dir);
    expect(build).toMatchObject({ status: 1, stderr: 'x.yaml: is a FIFO (named pipe), not a regular file\n' });
    expect(existsSync(join(dir, 'out', 'x.pdf'))).toBe(false);
    for (const device of ['/dev/zero', '/dev/urandom']) {
      symlinkSync(device, join(dir, 'device.yaml'));
      expect(cli(['validate', 'device.yaml'], dir), device).toMatchObject({ status: 1, stderr: 'device.yaml: is a character device, not a regular file\n' });
      rmSync(join(dir, 'device.yaml'));
    }
  });

  it('as an image: refused with its place in validate and build', () => {
    const dir = topicFolder((d) => fifo(d, 'chart.png'));
    const line = `${FIGURE} chart.png is a FIFO (named pipe), not a regular file\n`;
    expect(cli(['validate', 'topic-briefing.yaml'], dir)).toMatchObject({ status: 1, stderr: line });
    expect(cli(['build', 'topic-briefing.yaml', '--out', 'out'], dir)).toMatchObject({ status: 1, stderr: line });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  // Only root may make a device node (and not in every container): elsewhere the unit test reads a link to one.
  const canMknod = process.getuid?.() === 0 && spawnSync('mknod', [join(tmpdir(), `briefing-mknod-probe-${process.pid}`), 'c', '1', '5']).status === 0;
  rmSync(join(tmpdir(), `briefing-mknod-probe-${process.pid}`), { force: true });
  it.skipIf(!canMknod)('as an image: a character device inside the folder (/dev/zero\'s major and minor) is refused, not read until memory runs out', () => {
    const dir = topicFolder((d) => {
      rmSync(join(d, 'chart.png'));
      execFileSync('mknod', [join(d, 'chart.png'), 'c', '1', '5']);
    });
    expect(cli(['validate', 'topic-briefing.yaml'], dir)).toMatchObject({ status: 1, stderr: `${FIGURE} chart.png is a character device, not a regular file\n` });
  });

  it('watch: a FIFO saved over the watched file is an error line, and the next good save builds again', async () => {
    const dir = topicFolder();
    const child = spawn(process.execPath, [cliPath, 'watch', 'topic-briefing.yaml', '--port', '0', '--format', 'html', '--out', 'out'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const waitFor = async (text: string, count = 1) => {
      const until = Date.now() + 30_000;
      while (log.split(text).length - 1 < count) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no "${text}" (${count}); log: ${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor('topic-briefing.yaml: built');
      fifo(dir, 'topic-briefing.yaml');
      // Named as given on the command line, as build names it.
      await waitFor('\ntopic-briefing.yaml: is a FIFO (named pipe), not a regular file');
      put(dir, 'topic-briefing.yaml', readFileSync(join(topicDir, 'topic-briefing.yaml')));
      await waitFor('topic-briefing.yaml: built', 2);
      child.kill('SIGTERM');
      expect(await exited).toBe(143); // stopped by SIGTERM, as README's exit codes say
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('images that would cost gigabytes or print half a picture are refused with their place', () => {
  it('a 109 KB PNG of 30000 × 30000 pixels as the logo (the EPUB cover would decode it), and a 20000 × 20000 RGBA figure', () => {
    const dir = topicFolder((d) => {
      put(d, 'logo.png', png({ width: 30_000, height: 30_000, colour: 0, depth: 1 }));
      put(d, 'chart.png', png({ width: 20_000, height: 20_000 }));
      put(d, 'topic-briefing.yaml', readFileSync(join(d, 'topic-briefing.yaml'), 'utf8').replace('logo: { file: logo.jpg', 'logo: { file: logo.png'));
    });
    const r = cli(['build', 'topic-briefing.yaml', '--out', 'out'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      `${LOGO} logo.png is 30000 × 30000 pixels; the limit is 10,000 pixels a side (scale it down)\n` +
        `${FIGURE} chart.png is 20000 × 20000 pixels; the limit is 10,000 pixels a side (scale it down)\n`,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a truncated PNG and a truncated JPEG fail validate, not the build', () => {
    const dir = topicFolder((d) => {
      const chart = readFileSync(join(topicDir, 'chart.png'));
      put(d, 'chart.png', chart.subarray(0, chart.length - 40));
      const logo = readFileSync(join(topicDir, 'logo.jpg'));
      put(d, 'logo.jpg', logo.subarray(0, Math.floor(logo.length / 2)));
    });
    expect(cli(['validate', 'topic-briefing.yaml'], dir)).toMatchObject({
      status: 1,
      stderr:
        `${LOGO} logo.jpg is cut short (the JPEG file ends before its end-of-image marker): save or copy it again\n` +
        `${FIGURE} chart.png is cut short (the PNG file ends before its last chunk, IEND): save or copy it again\n`,
    });
  });

  it('a CMYK JPEG, which the PDF/A file would draw in DeviceCMYK, with a hint', () => {
    const dir = topicFolder((d) => put(d, 'logo.jpg', jpeg(4)));
    expect(cli(['validate', 'topic-briefing.yaml'], dir)).toMatchObject({
      status: 1,
      stderr: `${LOGO} logo.jpg is a CMYK JPEG, which the PDF/A output cannot hold: save it as an RGB JPEG (or a PNG)\n`,
    });
    put(dir, 'logo.jpg', jpeg(3));
    expect(cli(['validate', 'topic-briefing.yaml'], dir)).toMatchObject({ status: 0, stdout: 'topic-briefing.yaml: ok\n' });
  });
});

describe('--out', () => {
  it('a link to a folder that does not exist is refused before the build, in one line', () => {
    const dir = topicFolder();
    symlinkSync(join(dir, 'gone'), join(dir, 'out'));
    const r = cli(['build', 'topic-briefing.yaml', '--out', 'out'], dir);
    expect(r).toMatchObject({ status: 1, stdout: '', stderr: `briefing: --out out: is a link to ${join(dir, 'gone')}, which does not exist (create that folder, or remove the link)\n` });
    const below = cli(['build', 'topic-briefing.yaml', '--out', 'out/pdfs'], dir);
    expect(below).toMatchObject({ status: 1, stderr: `briefing: --out out/pdfs: ${join(dir, 'out')} is a link to ${join(dir, 'gone')}, which does not exist (create that folder, or remove the link)\n` });
  });
});

describe('the temporary files of a killed build', () => {
  it('are removed by the next build into the folder; those of a process still running are kept', async () => {
    const dir = topicFolder();
    const out = join(dir, 'out');
    // Killed (SIGKILL: no handler runs) while it holds its temporary files, just before the renames.
    const child = spawn(process.execPath, [...holdingCli, 'build', 'topic-briefing.yaml', '--out', 'out', '--format', 'html'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise((done) => child.on('exit', done));
    const temporaries = () => (existsSync(out) ? readdirSync(out).filter((n) => n.endsWith('.tmp')) : []);
    const until = Date.now() + 60_000;
    while (temporaries().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const left = temporaries();
    expect(left).toEqual([expect.stringMatching(new RegExp(`^\\.topic-test\\.html\\.${child.pid}\\.[0-9a-f]{8}\\.tmp$`))]);
    // One of a running process (this one), and a file of another name.
    const alive = `.topic-test.pdf.${process.pid}.0123abcd.tmp`;
    writeFileSync(join(out, alive), 'being written');
    writeFileSync(join(out, 'notes.tmp'), 'mine');

    const r = cli(['build', 'topic-briefing.yaml', '--out', 'out', '--format', 'html'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([alive, 'notes.tmp', 'topic-test.html'].sort());
  });
});

describe('the data file a PDF carries', () => {
  it('is the bytes the outputs were made from, even when the file changes between loading and writing', async () => {
    const dir = topicFolder();
    const file = join(dir, 'topic-briefing.yaml');
    const first = readFileSync(file);
    const loaded = await loadBriefingWithPlaces(file);
    // Saved again while a batch builds the files before it.
    writeFileSync(file, first.toString('utf8').replace('title: گزارش موضوعی امنیت انرژی در خلیج فارس', 'title: نسخهٔ دوم'));
    const result = await buildLoaded(file, loaded, { outDir: join(dir, 'out'), formats: ['pdf'] });
    const pdf = result.artifacts[0]!.path;
    expect(pdfText(pdf)).toContain('امنیت انرژی');
    expect(pdfText(pdf)).not.toContain('نسخهٔ دوم');
    expect(execFileSync('qpdf', ['--show-attachment=topic-briefing.yaml', pdf], { cwd: root })).toEqual(first);
  });
});
