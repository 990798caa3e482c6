// Shared test tools: run the compiled CLI, read PDFs back with poppler, open EPUBs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { decodeXML } from 'entities';
import { BriefingError, formatDiagnostic } from '../src/model/diagnostic.js';
import { parseBriefing } from '../src/model/load.js';
import { openPdfjs } from './support/pdfjs.js';

export const root = join(import.meta.dirname, '..');
export const cliPath = join(root, 'dist', 'cli.js');
/** Node's arguments for a CLI whose builds hold each temporary output on disk for a minute before renaming it (test/support/hold-before-rename.mjs). */
export const holdingCli = ['--import', pathToFileURL(join(root, 'test', 'support', 'hold-before-rename.mjs')).href, cliPath];
export const fixtures = join(root, 'test', 'fixtures');

const made = new Set<string>();

/**
 * A new folder under the system's temporary folder, removed when the test file that made it is done
 * (test/support/cleanup.ts, a setup file of every test file, calls removeTempDirs in afterAll).
 */
export function tempDir(prefix = 'briefing-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder tempDir made so far. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  made.clear();
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI (`npm test` builds it first) as a user would. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Text of a PDF as poppler extracts it (logical order for RTL lines), bidi control marks removed. */
export function pdfText(file: string, extra: string[] = []): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...extra, file, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e\u200e\u200f\u2066-\u2069]/g, '');
}

const pageTexts = new Map<string, string[]>();
/**
 * The text of each page of a PDF, as `pdfText(file, ['-f', n, '-l', n])` gives page n, from one run
 * of pdftotext (which reads the whole document whatever pages it prints); kept by path, size and time.
 */
export function pdfPageTexts(file: string): string[] {
  const { size, mtimeMs } = statSync(file);
  const key = JSON.stringify([file, size, mtimeMs]);
  let pages = pageTexts.get(key);
  if (!pages) {
    pages = pdfText(file).split('\f').slice(0, -1);
    pageTexts.set(key, pages);
  }
  return pages;
}

/** Names of the fonts embedded in a PDF, from `pdffonts` (subset prefix removed). */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    const name = cols[0]!.replace(/^[A-Z]{6}\+/, '');
    const emb = cols[cols.length - 5];
    return { name, embedded: emb === 'yes' };
  });
}

export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

export async function openEpub(file: string): Promise<{ names: string[]; text(name: string): Promise<string> }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  return {
    names,
    text: async (name: string) => {
      const f = zip.file(name);
      if (!f) throw new Error(`${name} is not in ${file}`);
      return f.async('string');
    },
  };
}

/** Visible text of an XHTML string: tags dropped, entities (named and numeric) decoded, spaces folded. */
export function xhtmlText(xhtml: string): string {
  return decodeXML(xhtml.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** The PDF's bookmarks as an indented list of titles, and its document information, read with pdf.js. */
export async function pdfOutlineAndInfo(file: string): Promise<{ outline: string[]; info: Record<string, unknown> }> {
  const doc = await openPdfjs(file);
  const outline: string[] = [];
  type Item = { title: string; items?: Item[] };
  const walk = (items: Item[] | null | undefined, depth: number) =>
    items?.forEach((i) => {
      outline.push(`${'  '.repeat(depth)}${i.title}`);
      walk(i.items, depth + 1);
    });
  walk((await doc.getOutline()) as Item[] | null, 0);
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return { outline, info: info as Record<string, unknown> };
}

/** The one-line diagnostics the loader gives for `source`; fails the test if it is accepted. */
export function errorsOf(source: string, file = 'b.yaml'): string[] {
  try {
    parseBriefing(source, file);
  } catch (err) {
    if (err instanceof BriefingError) return err.diagnostics.map((d) => formatDiagnostic(d));
    throw err;
  }
  throw new Error('expected the briefing to be refused');
}
