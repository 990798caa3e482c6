// The live preview as an author uses it: a real browser on the watcher's page, then edits to the file.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { watch, type Watcher } from '../../src/watch/index.js';
import { fixtures, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const dir = tempDir();
const file = join(dir, 'live.yaml');
const out = join(dir, 'out');
let watcher: Watcher;
let browser: Browser;
let page: Page;
const lines: string[] = [];
const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
const TITLE = 'نشست آزمایشی امنیت منطقه‌ای';

beforeAll(async () => {
  writeFileSync(file, minimal);
  watcher = await watch({ files: [file], outDir: out, formats: ['pdf'], report: (l) => lines.push(l) });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage();
  await page.goto(watcher.url);
});

/**
 * Each test starts from the briefing as the fixture has it, built and shown without an error,
 * whatever an earlier test left in the file (tests run alone or in any order).
 */
async function startFromMinimal(): Promise<void> {
  if (readFileSync(file, 'utf8') !== minimal) writeFileSync(file, minimal);
  await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title && !document.querySelector('#briefing-error'), TITLE, { timeout: 30_000 });
  await watcher.settled();
}

afterAll(async () => {
  await browser?.close();
  await watcher?.close();
});

describe('briefing watch', () => {
  it('serves the preview on localhost, right to left, in Vazirmatn', async () => {
    await startFromMinimal();
    expect(watcher.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(watcher.url);
    await page.evaluate(() => document.fonts.ready);
    const looks = await page.evaluate(() => ({
      dir: getComputedStyle(document.body).direction,
      font: getComputedStyle(document.body).fontFamily,
      loaded: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Vazirmatn' && f.status === 'loaded').length,
      title: document.querySelector('h1')!.textContent,
      english: getComputedStyle([...document.querySelectorAll('p')].find((p) => p.textContent!.startsWith('The meeting'))!).direction,
    }));
    expect(looks).toEqual({ dir: 'rtl', font: expect.stringMatching(/^"?Vazirmatn"?/), loaded: expect.any(Number), title: TITLE, english: 'ltr' });
    expect(looks.loaded).toBeGreaterThan(0);
  });

  it('answers only its own name: a page that rebinds another host name to 127.0.0.1 gets 421, not the briefing', async () => {
    await startFromMinimal();
    const port = new URL(watcher.url).port;
    const { request } = await import('node:http');
    const get = (host: string, path = '/') => new Promise<{ status: number; body: string; csp?: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, csp: res.headers['content-security-policy'] as string | undefined }));
      }).on('error', reject).end();
    });
    for (const host of [`attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, '127.0.0.1', `localhost:${Number(port) + 1}`]) {
      const r = await get(host);
      expect(r.status, host).toBe(421);
      expect(r.body).not.toContain(TITLE);
      expect((await get(host, '/events')).status, host).toBe(421);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const r = await get(host);
      expect(r.status, host).toBe(200);
      expect(r.body).toContain(TITLE);
      // The page may run its own reload script and nothing else, load nothing from elsewhere.
      expect(r.csp).toMatch(/default-src 'none'; script-src 'sha256-[^']+'; connect-src 'self'/);
    }
  });

  it('reloads itself after an edit and rebuilds the files', async () => {
    await startFromMinimal();
    const before = statSync(join(out, 'minimal-test.pdf')).mtimeMs;
    writeFileSync(file, minimal.replace(`title: ${TITLE}`, 'title: عنوان ویرایش‌شده'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'عنوان ویرایش‌شده', null, { timeout: 30_000 });
    await watcher.settled();
    expect(statSync(join(out, 'minimal-test.pdf')).mtimeMs).toBeGreaterThan(before);
  });

  it('keeps the last good page and files when an edit is invalid, and shows the error', async () => {
    await startFromMinimal();
    const pdf = readFileSync(join(out, 'minimal-test.pdf'));
    writeFileSync(file, minimal.replace('speaker: smith', 'speaker: nobody'));
    await page.waitForSelector('#briefing-error', { timeout: 30_000 });
    await watcher.settled();
    expect(await page.textContent('#briefing-error')).toMatch(/live\.yaml:\d+:\d+: statements\.1\.speaker: unknown speaker "nobody"/);
    expect(await page.textContent('h1')).toBe(TITLE);
    expect(readFileSync(join(out, 'minimal-test.pdf')).equals(pdf)).toBe(true);
    expect(lines.some((l) => l.includes('unknown speaker "nobody"'))).toBe(true);
  });
});

describe('briefing watch with a template override', () => {
  it('previews a folder that overrides one partial, the rest coming from the built-in set', async () => {
    const templates = join(tempDir(), 'templates');
    mkdirSync(join(templates, 'partials'), { recursive: true });
    writeFileSync(join(templates, 'partials', 'summary.hbs'), '<section id="summary"><h1>چکیدهٔ سفارشی</h1>{{#each summary}}<p dir="auto">{{this}}</p>{{/each}}</section>\n');
    const data = join(tempDir(), 'override.yaml');
    writeFileSync(data, readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'));
    const w = await watch({ files: [data], outDir: join(tempDir(), 'out'), formats: ['pdf'], templatesDir: templates, report: () => {} });
    try {
      const html = await (await fetch(w.url)).text();
      expect(html).toContain('چکیدهٔ سفارشی');
      expect(html).toContain('سخنرانان'); // the participants partial still comes from the built-in set
      expect(html).toContain('@font-face');
    } finally {
      await w.close();
    }
  });
});
