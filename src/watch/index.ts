import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { basename, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { BriefingError, formatDiagnostic } from '../model/diagnostic.js';
import { loadBriefingWithPlaces } from '../model/load.js';
import { glyphWarnings, writeBriefing } from '../build/build.js';
import { poolFor } from '../build/writer-pool.js';
import type { Format } from '../build/formats.js';
import { renderHtml } from '../html/index.js';
import { builtinTemplates } from '../io/paths.js';
import { watchFiles } from './files.js';
import { printable } from '../model/strings.js';
import { escapeText } from 'entities';

export interface WatchOptions {
  files: string[];
  outDir: string;
  formats: readonly Format[];
  templatesDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Seconds since 1970 for the dates written into the outputs, as `build` takes it (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** Also report each output written (path, size, sha256) after a rebuild. */
  verbose?: boolean;
  /** Progress and errors, one line each; the CLI prints them. */
  report(line: string, isError: boolean): void;
}

/** The preview port cannot be used: the CLI prints the message as one line and exits 1. */
export class PortError extends Error {}

export interface Watcher {
  url: string;
  close(): Promise<void>;
  /** Resolves after the rebuild that is running or queued now has finished (for tests). */
  settled(): Promise<void>;
}

const ERROR_BAR_STYLE = 'position:fixed;inset:auto 0 0 0;margin:0;padding:1em;background:#7a1010;color:#fff;font:13px monospace;white-space:pre-wrap;z-index:9';

const RELOAD_SCRIPT_BODY = `
(() => {
  const events = new EventSource('/events');
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failed', (e) => {
    let bar = document.getElementById('briefing-error');
    if (!bar) {
      bar = document.createElement('pre');
      bar.id = 'briefing-error';
      bar.dir = 'ltr';
      bar.style.cssText = '${ERROR_BAR_STYLE}';
      document.body.append(bar);
    }
    bar.textContent = JSON.parse(e.data);
  });
})();
`;
const RELOAD_SCRIPT = `<script>${RELOAD_SCRIPT_BODY}</script>`;

/**
 * What a preview page may do: run its own reload script (by its hash) and reach the server's event
 * stream; images and fonts only from data: URLs inside the page; nothing else, whatever the page holds.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${createHash('sha256').update(RELOAD_SCRIPT_BODY).digest('base64')}'`,
  "connect-src 'self'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The preview answers only requests for itself by name: `127.0.0.1:PORT` or `localhost:PORT`. A page on
 * another site that makes its own name resolve to 127.0.0.1 (DNS rebinding) sends its own Host, and
 * gets 421 instead of the briefing.
 */
const PAGE_HEADERS = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export function isPreviewHost(host: string | undefined, port: number): boolean {
  return host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`].includes(host.toLowerCase());
}

/**
 * Rebuilds on every save of a data file, template, stylesheet or theme and serves a live HTML
 * preview on 127.0.0.1. An invalid edit keeps the last good outputs and preview, and shows the error.
 */
export async function watch(options: WatchOptions): Promise<Watcher> {
  const templatesDir = resolve(options.templatesDir ?? builtinTemplates);
  const previews = new Map<string, Buffer>(); // briefing id → last good page
  const ids = new Map<string, string>(); // data file → briefing id
  const errors = new Map<string, string>(); // data file → the error of its last build, while it lasts
  const clients = new Set<ServerResponse>();
  const send = (event: string, data: unknown) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const currentError = () => [...errors.values()].join('\n');

  // The port is taken before anything is built: a port in use or out of range is one line, at once.
  const server = createServer((req, res) => {
    if (!isPreviewHost(req.headers.host, (server.address() as AddressInfo).port)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('the briefing preview answers only http://127.0.0.1 and http://localhost on its port\n');
      return;
    }
    serve(req.url ?? '/', res);
  });
  await listen(server, options.port ?? 0);

  // Writer threads kept for every rebuild: their libraries stay loaded and compiled, so a rebuild
  // costs the work, not the start-up; and a long PDF layout leaves the main thread free for Ctrl-C.
  const pool = poolFor(1, options.formats);
  let closing = false;

  const rebuild = async (file: string) => {
    // Loaded and named as the user gave it (relative paths stay relative, as in `build`'s lines).
    const given = shownAs.get(file) ?? file;
    try {
      const { briefing, placeOf, images, data } = await loadBriefingWithPlaces(given);
      // Two watched files with one id would overwrite each other's outputs and preview: the later one is refused.
      const owner = [...ids].find(([f, id]) => f !== file && id === briefing.id)?.[0];
      if (owner) {
        throw new BriefingError([{ ...placeOf(['id']), message: `"${briefing.id}" is already the id of ${shownAs.get(owner) ?? owner}, watched too; it was not built (give each briefing its own id)`, fatal: true }]);
      }
      for (const w of glyphWarnings(briefing, placeOf)) options.report(formatDiagnostic(w), true);
      // The data file's own bytes (those just parsed) go into the PDF, as `build` attaches them: the same outputs, byte for byte.
      const source = data;
      const { view, rendered, result, templates } = await writeBriefing(
        briefing,
        images,
        { outDir: options.outDir, formats: options.formats, templatesDir, sourceDateEpoch: options.sourceDateEpoch, source },
        { pool, speculate: true },
      );
      // An override folder may hold only the files it changes: the preview reads the merged set, as the writers do.
      const page = await renderHtml(view, rendered, { templates, bodyEnd: RELOAD_SCRIPT });
      previews.set(briefing.id, page);
      ids.set(file, briefing.id);
      errors.delete(file);
      options.report(`${printable(given)}: built`, false);
      if (options.verbose) for (const a of result.artifacts) options.report(`  ${printable(a.path)} (${a.bytes} bytes, sha256 ${a.sha256})`, false);
      return true;
    } catch (err) {
      // Stopped by close(): the rebuild is abandoned, nothing was written, nothing to report.
      if (closing) return false;
      const message = err instanceof BriefingError ? err.diagnostics.map((d) => formatDiagnostic(d)).join('\n') : printable(`${given}: error: ${(err as Error).message.split('\n')[0]}`);
      errors.set(file, message);
      options.report(message, true);
      send('failed', currentError());
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
  const shownAs = new Map(files.map((f, i) => [f, options.files[i]!]));
  // A data file's own saves rebuild it; any template, partial, stylesheet or theme change rebuilds every briefing.
  // Watching starts before the first builds, which run in the queue the saves use: a save made while
  // they run, or just after their "built" line, rebuilds after them (it was missed when watching began later).
  const watcher = watchFiles(files, templatesDir, options.outDir, schedule);
  running = running.then(async () => {
    for (const f of files) await rebuild(f);
  });
  await running;

  function serve(url: string, res: ServerResponse): void {
    const path = url.split('?')[0]!;
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...PAGE_HEADERS });
      res.write(': connected\n\n');
      // A page opened after a failed rebuild learns of the error at once.
      if (errors.size > 0) res.write(`event: failed\ndata: ${JSON.stringify(currentError())}\n\n`);
      clients.add(res);
      res.on('close', () => clients.delete(res));
      return;
    }
    const id = path === '/' ? ids.get(files[0]!) : basename(path).replace(/\.html$/, '');
    const page = id ? previews.get(id) : undefined;
    if (!page) {
      // No good build yet (the file was broken from the start): the error, and a page that reloads itself once one is built.
      if (errors.size > 0 && (path === '/' || previews.size === 0)) {
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...PAGE_HEADERS });
        res.end(withErrorBar(Buffer.from(`<!DOCTYPE html>\n<html><head><meta charset="utf-8" /><title>briefing: not built</title></head><body>\n${RELOAD_SCRIPT}\n</body></html>\n`), currentError()));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`no preview for ${path}; briefings: ${[...previews.keys()].map((k) => `/${k}.html`).join(' ')}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...PAGE_HEADERS });
    // The last good page, with the current error at its foot: in the page itself, so it shows even
    // before the live connection is made (and without script).
    res.end(errors.size > 0 ? withErrorBar(page, currentError()) : page);
  }
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    settled: async () => {
      await new Promise((r) => setTimeout(r, 120));
      await running;
    },
    close: async () => {
      closing = true;
      clearTimeout(timer);
      watcher.close();
      for (const c of clients) c.end();
      // A rebuild under way is stopped, not waited for (a long PDF layout takes seconds): its threads
      // end at once and it writes nothing, so the earlier outputs stay as they were.
      await pool.close();
      await new Promise<void>((r) => server.close(() => r()));
      await running;
    },
  };
}

/** The page with the error bar the reload script would add, written into it. */
function withErrorBar(page: Buffer, message: string): Buffer {
  const bar = `<pre id="briefing-error" dir="ltr" style="${ERROR_BAR_STYLE}">${escapeText(message)}</pre>\n`;
  const html = page.toString('utf8');
  const at = html.lastIndexOf('</body>');
  return Buffer.from(at < 0 ? html + bar : html.slice(0, at) + bar + html.slice(at), 'utf8');
}

/** Listens on 127.0.0.1 only (the preview is for the person at this machine), or says why it cannot. */
async function listen(server: Server, port: number): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PortError(`--port ${String(port)}: not a port number (use 1-65535, or 0 for any free port)`);
  }
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE' ? 'is in use by another program' : err.code === 'EACCES' ? 'needs privileges this user does not have' : `cannot be used (${err.code ?? err.message})`;
      fail(new PortError(`--port ${port}: port ${port} on 127.0.0.1 ${why}; choose another with --port, or --port 0 for any free port`));
    });
    server.listen(port, '127.0.0.1', ok);
  });
}
