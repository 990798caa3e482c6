// `watch` against the ways editors save: rename over the original (Vim, JetBrains, sed -i), delete and
// recreate, a folder of templates with nested partials; a page opened after a failed rebuild; a bad port.
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watch, type Watcher } from '../../src/watch/index.js';
import { cliPath, fixtures, tempDir } from '../helpers.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
const TITLE = 'title: نشست آزمایشی امنیت منطقه‌ای';

let watcher: Watcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

/** A watcher building HTML only (the fastest format), and the count of its "built" lines. */
async function start(file: string, templatesDir?: string) {
  const out = join(tempDir(), 'out');
  const log: string[] = [];
  watcher = await watch({ files: [file], outDir: out, formats: ['html'], templatesDir, report: (l) => log.push(l) });
  const built = () => log.filter((l) => l.endsWith(': built')).length;
  const html = () => readFileSync(join(out, 'minimal-test.html'), 'utf8');
  /** Waits for build number `n` (counting from 1, the first build at start). */
  const waitForBuild = async (n: number) => {
    const until = Date.now() + 30_000;
    while (built() < n) {
      if (Date.now() > until) throw new Error(`no build ${n}; log: ${log.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await watcher!.settled();
  };
  /** Waits until the HTML output holds `text`. */
  const waitForHtml = async (text: string) => {
    const until = Date.now() + 30_000;
    while (!existsSync(join(out, 'minimal-test.html')) || !html().includes(text)) {
      if (Date.now() > until) throw new Error(`the HTML never showed "${text}"; log: ${log.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The file is written before the preview is made: the rebuild is let finish.
    await watcher!.settled();
  };
  return { out, log, built, html, waitForBuild, waitForHtml };
}

/** Saves as Vim and JetBrains do: a new file beside the original, renamed over it. */
function renameSave(file: string, text: string, n: number): void {
  const tmp = `${file}.${n}.tmp~`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

describe('watch follows saves however the editor makes them', () => {
  it('rebuilds after each of three rename-saves in a row, one of them by sed -i', async () => {
    const file = join(tempDir(), 'live.yaml');
    writeFileSync(file, minimal);
    const w = await start(file);
    await w.waitForBuild(1);
    for (const [n, title] of [[2, 'عنوان دوم'], [3, 'عنوان سوم']] as const) {
      renameSave(file, minimal.replace(TITLE, `title: ${title}`), n);
      await w.waitForHtml(`<title>${title}</title>`);
      expect(await (await fetch(watcher!.url)).text()).toContain(title);
    }
    // sed -i writes a temporary file and renames it over the original.
    execFileSync('sed', ['-i', 's/title: عنوان سوم/title: عنوان چهارم/', file]);
    await w.waitForHtml('<title>عنوان چهارم</title>');
    expect(w.built()).toBeGreaterThanOrEqual(4);
  });

  it('rebuilds after the file is deleted and created again', async () => {
    const file = join(tempDir(), 'live.yaml');
    writeFileSync(file, minimal);
    const w = await start(file);
    await w.waitForBuild(1);
    rmSync(file);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(file, minimal.replace(TITLE, 'title: دوباره ساخته'));
    await w.waitForHtml('<title>دوباره ساخته</title>');
    // And keeps following it.
    writeFileSync(file, minimal.replace(TITLE, 'title: باز هم'));
    await w.waitForHtml('<title>باز هم</title>');
  });

  it('rebuilds on rename-saves of a nested partial in a --templates folder, and of a folder made later', async () => {
    const dir = tempDir();
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    const partial = join(templates, 'partials', 'summary.hbs');
    const summary = (heading: string) => `<section id="summary"><h1>${heading}</h1>{{#each summary}}<p dir="auto">{{this}}</p>{{/each}}</section>\n`;
    const file = join(dir, 'live.yaml');
    writeFileSync(file, minimal);
    // At first the folder overrides nothing; its partials/ folder is made while watch runs.
    const w = await start(file, templates);
    await w.waitForBuild(1);
    expect(w.html()).not.toContain('چکیده یک');
    // Making the folder is itself a change (a rebuild that may or may not see the file written next):
    // each step waits for its text rather than counting builds.
    mkdirSync(join(templates, 'partials'));
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(partial, summary('چکیده یک'));
    await w.waitForHtml('چکیده یک');
    renameSave(partial, summary('چکیده دو'), 1);
    await w.waitForHtml('چکیده دو');
    renameSave(partial, summary('چکیده سه'), 2);
    await w.waitForHtml('چکیده سه');
  });
});

describe('a page opened after a failed rebuild', () => {
  it('shows the current error in the page itself, and drops it once the file is fixed', async () => {
    const file = join(tempDir(), 'live.yaml');
    writeFileSync(file, minimal);
    const w = await start(file);
    await w.waitForBuild(1);
    writeFileSync(file, minimal.replace('speaker: smith', 'speaker: nobody'));
    const until = Date.now() + 30_000;
    while (!w.log.some((l) => l.includes('unknown speaker'))) {
      if (Date.now() > until) throw new Error('no error reported');
      await new Promise((r) => setTimeout(r, 50));
    }
    await watcher!.settled();
    const page = await (await fetch(watcher!.url)).text();
    expect(page).toMatch(/<pre id="briefing-error"[^>]*>[^<]*live\.yaml:\d+:\d+: statements\.1\.speaker: unknown speaker "nobody"/);
    expect(page).toContain('نشست آزمایشی امنیت منطقه‌ای'); // the last good document, under the error
    writeFileSync(file, minimal);
    await w.waitForBuild(2);
    expect(await (await fetch(watcher!.url)).text()).not.toContain('briefing-error"');
  });
});

describe('watch on a port it cannot have', () => {
  it('says so in one line and exits 1 before building anything', async () => {
    const holder: Server = createServer();
    await new Promise<void>((ok) => holder.listen(0, '127.0.0.1', ok));
    const port = (holder.address() as { port: number }).port;
    try {
      const dir = tempDir();
      const out = join(dir, 'out');
      for (const [arg, message] of [
        [String(port), `briefing: --port ${port}: port ${port} on 127.0.0.1 is in use by another program; choose another with --port, or --port 0 for any free port\n`],
        ['99999', 'briefing: --port 99999: not a port number (use 1-65535, or 0 for any free port)\n'],
      ] as const) {
        // With a time limit: a watcher that did not stop would run for ever.
        const run = spawnSync(process.execPath, [cliPath, 'watch', join(fixtures, 'minimal.yaml'), '--out', out, '--port', arg], { encoding: 'utf8', timeout: 20_000 });
        const r = { status: run.status, stdout: run.stdout, stderr: run.stderr };
        expect(r.status).toBe(1);
        expect(r.stderr).toBe(message);
        expect(r.stdout).toBe('');
        expect(existsSync(out)).toBe(false);
      }
    } finally {
      holder.close();
    }
  });
});

describe('watch on two files of one id', () => {
  it('builds the first, refuses the second naming the first, and leaves the first one\'s outputs alone', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, minimal);
    writeFileSync(b, minimal.replace(TITLE, 'title: دیگری'));
    const out = join(dir, 'out');
    const log: string[] = [];
    watcher = await watch({ files: [a, b], outDir: out, formats: ['html'], report: (l) => log.push(l) });
    await watcher.settled();
    expect(log).toEqual([`${a}: built`, `${b}:2:5: id: "minimal-test" is already the id of ${a}, watched too; it was not built (give each briefing its own id)`]);
    expect(readFileSync(join(out, 'minimal-test.html'), 'utf8')).toContain('<title>نشست آزمایشی امنیت منطقه‌ای</title>');
  });
});

describe('watch on a file that is broken from the start', () => {
  it('shows the error on the preview address, then the document once the file is fixed', async () => {
    const file = join(tempDir(), 'live.yaml');
    writeFileSync(file, minimal.replace('speaker: smith', 'speaker: nobody'));
    const w = await start(file);
    await watcher!.settled();
    const first = await fetch(watcher!.url);
    expect(first.status).toBe(503);
    expect(await first.text()).toMatch(/<pre id="briefing-error"[^>]*>[^<]*live\.yaml:\d+:\d+: statements\.1\.speaker: unknown speaker "nobody"/);
    writeFileSync(file, minimal);
    await w.waitForBuild(1);
    const fixed = await fetch(watcher!.url);
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).toContain('نشست آزمایشی امنیت منطقه‌ای</h1>');
  });
});
