// Chromium's print of a page to PDF: the reference renderer that the RTL tests hold our PDFs against.
//
// A print costs ~2.5 s of CPU and several tests print the same page (rtl-cases and copy-viewers
// print the same cases), so prints are kept on disk by what makes them: the page, the files it
// loads (fonts) and Chromium's version; the same inputs always give the same reference.
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const cacheDir = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'briefing-tests', 'chromium');

/** This process's prints so far, by page: the cache key need not be worked out again. */
const printed = new Map<string, string>();

let version: string | undefined;
/** What identifies the print: Chromium's version, the page, and the bytes of every local file it names. */
function key(page: string, ext: string): string {
  version ??= execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const hash = createHash('sha256').update(`${version}\0${ext}\0${page}`);
  for (const [url] of page.matchAll(/file:\/\/[^"')\s]+/g)) {
    const file = fileURLToPath(url);
    hash.update(`\0${url}\0`).update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

/**
 * Prints `page` (HTML, or XHTML with ext 'xhtml', which Chromium then parses as XML) with headless
 * Chromium and returns the PDF's path; the page's @page rule sets size and margins.
 */
export function chromiumPdf(page: string, ext: 'html' | 'xhtml' = 'html'): string {
  const known = printed.get(`${ext}\0${page}`);
  if (known && existsSync(known)) return known;
  mkdirSync(cacheDir, { recursive: true });
  const pdf = join(cacheDir, `${key(page, ext)}.pdf`);
  printed.set(`${ext}\0${page}`, pdf);
  if (existsSync(pdf)) return pdf;
  const dir = mkdtempSync(join(tmpdir(), 'briefing-chromium-'));
  try {
    const file = join(dir, `page.${ext}`);
    writeFileSync(file, page);
    const out = join(dir, 'page.pdf');
    execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, pathToFileURL(file).href], { stdio: 'ignore', timeout: 60_000 });
    if (!existsSync(out)) throw new Error('Chromium printed no PDF');
    // Renamed into place whole, so a test printing the same page at the same moment never reads half a file.
    const part = `${pdf}.${randomUUID()}.part`;
    writeFileSync(part, readFileSync(out));
    renameSync(part, pdf);
    return pdf;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
