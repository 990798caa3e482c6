import { watch as watchFs, type FSWatcher } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { basename, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { BriefingError, formatDiagnostic } from './model/diagnostic.js';
import { loadBriefingWithPlaces } from './model/load.js';
import { glyphWarnings, renderBriefing, startEpubWorker, wantsEpubWorker, writeRendered, type EpubWorker } from './index.js';
import type { Format } from './formats.js';
import { renderHtml } from './html/index.js';
import { builtinTemplates } from './paths.js';
import { withTemplateSet } from './templates.js';

export interface WatchOptions {
  files: string[];
  outDir: string;
  formats: readonly Format[];
  templatesDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Progress and errors, one line each; the CLI prints them. */
  report(line: string, isError: boolean): void;
}

export interface Watcher {
  url: string;
  close(): Promise<void>;
  /** Resolves after the rebuild that is running or queued now has finished (for tests). */
  settled(): Promise<void>;
}

const RELOAD_SCRIPT = `<script>
(() => {
  const events = new EventSource('/events');
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failed', (e) => {
    let bar = document.getElementById('briefing-error');
    if (!bar) {
      bar = document.createElement('pre');
      bar.id = 'briefing-error';
      bar.dir = 'ltr';
      bar.style.cssText = 'position:fixed;inset:auto 0 0 0;margin:0;padding:1em;background:#7a1010;color:#fff;font:13px monospace;white-space:pre-wrap;z-index:9';
      document.body.append(bar);
    }
    bar.textContent = JSON.parse(e.data);
  });
})();
</script>`;

/**
 * Rebuilds on every save of a data file, template, stylesheet or theme and serves a live HTML
 * preview on 127.0.0.1. An invalid edit keeps the last good outputs and preview, and shows the error.
 */
export async function watch(options: WatchOptions): Promise<Watcher> {
  const templatesDir = resolve(options.templatesDir ?? builtinTemplates);
  const previews = new Map<string, Buffer>(); // briefing id → last good page
  const ids = new Map<string, string>(); // data file → briefing id
  const clients = new Set<ServerResponse>();
  const send = (event: string, data: unknown) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  // One EPUB thread for every rebuild: its libraries stay loaded and compiled, so a rebuild costs
  // the work, not the start-up (a fresh thread per build would take ~0.3 s of loading each time).
  let epubWorker: EpubWorker | undefined;
  const sharedEpubWorker = () => {
    if (!wantsEpubWorker(options.formats)) return undefined;
    if (!epubWorker?.running) epubWorker = startEpubWorker({ reuse: true });
    return epubWorker;
  };

  const rebuild = async (file: string) => {
    try {
      const { briefing, placeOf } = await loadBriefingWithPlaces(file);
      for (const w of glyphWarnings(briefing, placeOf)) options.report(formatDiagnostic(w), true);
      const { view, rendered } = await renderBriefing(briefing, templatesDir);
      await writeRendered(briefing, view, rendered, { outDir: options.outDir, formats: options.formats, templatesDir }, sharedEpubWorker());
      // An override folder may hold only the files it changes: the preview reads the merged set, as the writers do.
      const page = await withTemplateSet(templatesDir, (dir) => renderHtml(view, rendered, { templatesDir: dir, bodyEnd: RELOAD_SCRIPT }));
      previews.set(briefing.id, page);
      ids.set(file, briefing.id);
      options.report(`${file}: built`, false);
      return true;
    } catch (err) {
      const message = err instanceof BriefingError ? err.diagnostics.map(formatDiagnostic).join('\n') : `${file}: error: ${(err as Error).message}`;
      options.report(message, true);
      send('failed', message);
      return false;
    }
  };

  // Saves come in bursts (editors write, rename, touch): coalesce them and never run two builds at once.
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const dirty = new Set<string>();
  const schedule = (files: string[]) => {
    files.forEach((f) => dirty.add(f));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = [...dirty];
      dirty.clear();
      running = running.then(async () => {
        const results = await Promise.all(batch.map(rebuild));
        if (results.some(Boolean)) send('reload', Date.now());
      });
    }, 80);
  };

  const files = options.files.map((f) => resolve(f));
  for (const f of files) await rebuild(f);

  const watchers: FSWatcher[] = [
    ...files.map((f) => watchFs(f, () => schedule([f]))),
    // Any template, partial, stylesheet or theme change rebuilds every briefing.
    watchFs(templatesDir, { recursive: true }, () => schedule(files)),
  ];

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const id = path === '/' ? ids.get(files[0]!) : basename(path).replace(/\.html$/, '');
    const page = id ? previews.get(id) : undefined;
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`no preview for ${path}; briefings: ${[...previews.keys()].map((k) => `/${k}.html`).join(' ')}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page);
  });
  // Localhost only: the preview is for the person at this machine.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    settled: async () => {
      await new Promise((r) => setTimeout(r, 120));
      await running;
    },
    close: async () => {
      clearTimeout(timer);
      watchers.forEach((w) => w.close());
      for (const c of clients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
      await running;
      await epubWorker?.close();
    },
  };
}
