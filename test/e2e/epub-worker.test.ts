// The EPUB thread as the compiled CLI and watcher use it (a worker needs compiled JavaScript, so
// this test loads dist/, which `npm test` builds first).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, root, tempDir } from '../helpers.js';

type Dist = typeof import('../../src/index.js');
type DistEpub = typeof import('../../src/epub/index.js');
type DistWatch = typeof import('../../src/watch.js');
const lib = (await import(join(root, 'dist', 'index.js'))) as Dist;
const { renderEpub } = (await import(join(root, 'dist', 'epub', 'index.js'))) as DistEpub;
const { watch } = (await import(join(root, 'dist', 'watch.js'))) as DistWatch;
const date = new Date('2023-08-15T00:00:00Z');

async function job(file: string) {
  const briefing = await lib.loadBriefing(file);
  const { view, rendered } = await lib.renderBriefing(briefing);
  // What the worker is sent (the View holds functions and stays here).
  return { job: { briefing, rendered, templatesDir: join(root, 'templates'), date }, view };
}

describe('the EPUB thread', () => {
  it('a reused thread builds book after book, the same bytes as the main thread, until closed', async () => {
    const { job: a, view: viewA } = await job(join(fixtures, 'minimal.yaml'));
    const { job: b, view: viewB } = await job(join(root, 'data', 'mcis-2023.yaml'));
    const worker = lib.startEpubWorker({ reuse: true });
    // Two at once (a watcher rebuilding two files), then one more after both.
    const [first, second] = await Promise.all([worker.render(a), worker.render(b)]);
    expect(worker.running).toBe(true);
    const third = await worker.render(a);
    await worker.close();
    expect(worker.running).toBe(false);

    const expectedA = await renderEpub(viewA, a.rendered, { templatesDir: a.templatesDir, date });
    const expectedB = await renderEpub(viewB, b.rendered, { templatesDir: b.templatesDir, date });
    expect(first.equals(expectedA)).toBe(true);
    expect(second.equals(expectedB)).toBe(true);
    expect(third.equals(expectedA)).toBe(true);
  });

  it('a one-book thread ends after its book', async () => {
    const worker = lib.startEpubWorker();
    const bytes = await worker.render((await job(join(fixtures, 'minimal.yaml'))).job);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(worker.running).toBe(false);
  });

  it('the watcher rebuilds PDF and EPUB after each edit, its EPUB thread kept between rebuilds', async () => {
    const dir = tempDir();
    const file = join(dir, 'live.yaml');
    const out = join(dir, 'out');
    writeFileSync(file, readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'));
    const lines: string[] = [];
    const watcher = await watch({ files: [file], outDir: out, formats: ['pdf', 'epub'], report: (l) => lines.push(l) });
    try {
      for (const title of ['یک', 'دو']) {
        const before = statSync(join(out, 'minimal-test.epub')).mtimeMs;
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: عنوان ${title}`));
        await expect.poll(() => statSync(join(out, 'minimal-test.epub')).mtimeMs, { timeout: 30_000 }).toBeGreaterThan(before);
        await watcher.settled();
        const { default: JSZip } = await import('jszip');
        const book = await JSZip.loadAsync(readFileSync(join(out, 'minimal-test.epub')));
        const opf = await book.file('OEBPS/content.opf')?.async('string');
        expect(opf).toContain(`عنوان ${title}`);
      }
    } finally {
      await watcher.close();
    }
    expect(lines.filter((l) => l.endsWith(': built'))).toHaveLength(3);
  }, 60_000);
});
