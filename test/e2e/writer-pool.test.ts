// The pool of writer threads as the compiled CLI, batches and the watcher use it (a worker needs
// compiled JavaScript, so this test loads dist/, which `npm test` builds first).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, root, tempDir } from '../helpers.js';

type Dist = typeof import('../../src/index.js');
const lib = (await import(join(root, 'dist', 'index.js'))) as Dist;
const { renderEpub } = (await import(join(root, 'dist', 'epub', 'index.js'))) as typeof import('../../src/epub/index.js');
const { renderPdf } = (await import(join(root, 'dist', 'pdf', 'index.js'))) as typeof import('../../src/pdf/index.js');
const { loadTheme } = (await import(join(root, 'dist', 'pdf', 'theme.js'))) as typeof import('../../src/pdf/theme.js');
const { resolveTemplates } = (await import(join(root, 'dist', 'render', 'template-set.js'))) as typeof import('../../src/render/template-set.js');
const { watch } = (await import(join(root, 'dist', 'watch', 'index.js'))) as typeof import('../../src/watch/index.js');
const date = new Date('2023-08-15T00:00:00Z');
const templatesDir = join(root, 'templates');

/** A briefing's PDF and EPUB jobs as a build sends them (a copy of the view goes to the thread), and what the main thread writes from the same data. */
async function jobs(file: string) {
  const briefing = await lib.loadBriefing(file);
  const { view, rendered } = await lib.renderBriefing(briefing);
  const theme = await loadTheme(templatesDir, join(templatesDir, 'pdf-theme.json'));
  const templates = await resolveTemplates();
  return {
    pdf: { kind: 'pdf' as const, view, rendered, theme, creationDate: date },
    epub: { kind: 'epub' as const, view, rendered, templates, date },
    expected: async () => ({
      pdf: await renderPdf(view, rendered, { theme, creationDate: date }),
      epub: await renderEpub(view, rendered, { templates, date }),
    }),
  };
}

const bytes = (r: { bytes?: Uint8Array }) => Buffer.from(r.bytes!);

describe('the pool of writer threads', () => {
  it('one thread writes PDFs and EPUBs alike, job after job, the same bytes as the main thread, until the pool is closed', async () => {
    const a = await jobs(join(fixtures, 'minimal.yaml'));
    const b = await jobs(join(root, 'data', 'mcis-2023.yaml'));
    const pool = new lib.WriterPool(1);
    // Sent at once (a batch's files), to one thread: they take turns.
    const [epubA, pdfB, pdfA, epubB] = await Promise.all([pool.run(a.epub), pool.run(b.pdf), pool.run(a.pdf), pool.run(b.epub)]);
    const again = await pool.run(a.epub);
    await pool.close();
    await expect(pool.run(a.epub)).rejects.toThrow('closed');

    const [ea, eb] = await Promise.all([a.expected(), b.expected()]);
    expect(bytes(epubA).equals(ea.epub)).toBe(true);
    expect(bytes(pdfA).equals(ea.pdf)).toBe(true);
    expect(bytes(pdfB).equals(eb.pdf)).toBe(true);
    expect(bytes(epubB).equals(eb.epub)).toBe(true);
    expect(bytes(again).equals(ea.epub)).toBe(true);
  });

  it('runs the most urgent job first when a thread comes free (a batch: earlier files finish first)', async () => {
    const a = await jobs(join(fixtures, 'minimal.yaml'));
    const pool = new lib.WriterPool(1);
    const finished: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => finished.push(name));
    try {
      // The first job occupies the thread; of the three waiting, priority 0 goes before 2, 1 and 2 in arrival order.
      await Promise.all([
        track('busy', pool.run(a.epub, { priority: 5 })),
        track('late', pool.run(a.epub, { priority: 2 })),
        track('urgent', pool.run(a.pdf, { priority: 0 })),
        track('later', pool.run(a.epub, { priority: 2 })),
      ]);
    } finally {
      await pool.close();
    }
    expect(finished).toEqual(['busy', 'urgent', 'late', 'later']);
  });

  it("keeps each thread to the writers it has loaded while another thread has the waiting job's writer (in a batch, the PDF thread never loads the EPUB writer)", async () => {
    const { ThreadPool } = (await import(join(root, 'dist', 'threads', 'pool.js'))) as typeof import('../../src/threads/pool.js');
    const url = new URL('../support/kind-jobs.mjs', import.meta.url);
    const module = (await import(url.href)) as { runJob: never; preload: never };
    type Job = { kind: 'pdf' | 'epub'; name: string; ms: number };
    type Done = { name: string; startedFor: string; loaded: string[] };
    const pool = new ThreadPool<Job, Done>({ url, runJob: module.runJob, preload: module.preload }, 2);
    // A thread per writer from the start (as a batch warms its pool where cores allow: startNow).
    pool.warm(['pdf', 'epub']);
    // A short PDF first, so the PDF thread comes free while EPUBs still wait ahead of the next PDFs.
    const jobs: [Job, number][] = [
      [{ kind: 'pdf', name: 'pdf1', ms: 5 }, 0],
      [{ kind: 'epub', name: 'epub1', ms: 20 }, 0],
      [{ kind: 'epub', name: 'epub2', ms: 20 }, 1],
      [{ kind: 'pdf', name: 'pdf2', ms: 300 }, 2],
      [{ kind: 'epub', name: 'epub3', ms: 20 }, 3],
      [{ kind: 'pdf', name: 'pdf3', ms: 300 }, 4],
      [{ kind: 'pdf', name: 'pdf4', ms: 300 }, 5],
    ];
    let done: Done[];
    try {
      done = await Promise.all(jobs.map(([job, priority]) => pool.run(job, { priority })));
    } finally {
      await pool.close();
    }
    const onPdfThread = done.filter((d) => d.startedFor === 'pdf');
    expect(onPdfThread.map((d) => d.name)).toContain('pdf1');
    expect(onPdfThread.every((d) => d.loaded.join() === 'pdf')).toBe(true);
    // The EPUB thread did every EPUB, and PDFs once no EPUB waited.
    expect(done.filter((d) => d.name.startsWith('epub')).every((d) => d.startedFor === 'epub')).toBe(true);
  });

  it('lets its threads go once every hold on it is released and their jobs are done (their memory back before the build ends), and starts another for a later job', async () => {
    const a = await jobs(join(fixtures, 'minimal.yaml'));
    const pool = new lib.WriterPool(2);
    try {
      const release = pool.hold();
      const pdf = pool.run(a.pdf);
      const epub = pool.run(a.epub);
      // Every job handed over: the thread that finishes first stops, the other once its job is done
      // (a thread counts until it has exited).
      release();
      expect(pool.threads).toBe(2);
      const [firstPdf, firstEpub] = await Promise.all([pdf, epub]);
      await expect.poll(() => pool.threads, { timeout: 5_000, interval: 20 }).toBe(0);
      const again = await pool.run(a.epub);
      expect(bytes(again).equals(bytes(firstEpub))).toBe(true);
      expect(bytes(firstPdf).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
    // Never held (the watcher's pool): threads stay until the pool closes, for the next rebuild.
    const kept = new lib.WriterPool(1);
    try {
      await kept.run(a.epub);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(kept.threads).toBe(1);
    } finally {
      await kept.close();
    }
  });

  it('the watcher rebuilds PDF and EPUB after each edit, its writer threads kept between rebuilds', async () => {
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
