// The text that each PDF engine people use gets out of a PDF (copy, search, indexing), page by page,
// and how close it comes to the text as typed. The engines, and who uses them:
// - PDFium (Chrome's and Edge's viewers): `@embedpdf/pdfium` (WebAssembly), FPDFText_GetText per page,
//   less what Chrome's copy leaves out;
// - pdf.js (Firefox): its text layer as the viewer builds it, normalised as its copy handler does;
// - PDFBox 2 (Apache Tika: Solr, Elasticsearch, enterprise search): PdfboxText.java, one JVM for all files;
// - poppler (pdftotext; Evince, Okular);
// - MuPDF 1.28 (mupdf.js; SumatraPDF, zathura): toStructuredText().asText();
// - MuPDF as Debian ships it (`mutool draw -F txt`, 1.21 here).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { tempDir } from '../helpers.js';
import { openPdfjs } from './pdfjs.js';

export const ENGINES = ['PDFium', 'pdf.js', 'PDFBox', 'poppler', 'MuPDF', 'mutool'] as const;
export type Engine = (typeof ENGINES)[number];
export type EnginePages = Record<Engine, string[]>;

const require = createRequire(import.meta.url);

/**
 * pdf.js as Firefox's viewer runs it (text layer from `streamTextContent` with marked content and
 * without normalisation; the copy handler normalises): the items' text in order, a line break
 * after each line's last item.
 */
export async function pdfjsPages(file: string): Promise<string[]> {
  const doc = await openPdfjs(file);
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const { items } = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true, disableNormalization: true });
    const text = (items as { str?: string; hasEOL?: boolean }[]).map((i) => `${i.str ?? ''}${i.hasEOL ? '\n' : ''}`).join('');
    pages.push(normalizeUnicode(text));
  }
  await doc.destroy();
  return pages;
}
/** pdf.js's copy handler applies NFKC to presentation forms and compatibility characters (pdf.js `normalizeUnicode`). */
const normalizeUnicode = (s: string) =>
  s.replace(/[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+/gu, (m) => m.normalize('NFKC'));

/** poppler's bidi marks (U+202A-202E) around runs are left out: a paste into a text field drops them. */
export const popplerPages = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e]/g, '').split('\f');
export const mutoolPages = (file: string) => execFileSync('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', file], { encoding: 'utf8' }).split('\f');

type Pdfium = Record<string, (...args: unknown[]) => number> & { pdfium: { wasmExports: { malloc(n: number): number; free(p: number): void }; HEAPU8: Uint8Array; UTF16ToString(p: number): string } };
let pdfium: Promise<Pdfium> | undefined;

/** What Chrome copies: PDFium's text page of each page, whole (FPDFText_LoadPage, FPDFText_GetText). */
export async function pdfiumPages(file: string): Promise<string[]> {
  pdfium ??= (async () => {
    const { init } = (await import('@embedpdf/pdfium')) as unknown as { init(o: object): Promise<Pdfium> };
    const m = await init({ wasmBinary: readFileSync(require.resolve('@embedpdf/pdfium/pdfium.wasm')) });
    m.PDFiumExt_Init!();
    return m;
  })();
  const m = await pdfium;
  const { wasmExports, HEAPU8, UTF16ToString } = m.pdfium;
  const bytes = readFileSync(file);
  const data = wasmExports.malloc(bytes.length);
  HEAPU8.set(bytes, data);
  const doc = m.FPDF_LoadMemDocument!(data, bytes.length, '');
  const pages: string[] = [];
  try {
    if (!doc) throw new Error(`PDFium could not open ${file}`);
    for (let i = 0, n = m.FPDF_GetPageCount!(doc); i < n; i++) {
      const page = m.FPDF_LoadPage!(doc, i);
      const text = m.FPDFText_LoadPage!(page);
      const count = m.FPDFText_CountChars!(text);
      const buffer = wasmExports.malloc((count + 1) * 2);
      m.FPDFText_GetText!(text, 0, count, buffer);
      // Chrome leaves out of a copy what PDFium marks but is not text: U+FFFE, its mark of a hyphen
      // that ends a line inside a word (the word is then copied whole), and U+200B
      // (chrome/pdf/pdfium/pdfium_range.cc, IsIgnorableCharacter).
      pages.push(UTF16ToString(buffer).replace(/[\ufffe\u200b]/g, ''));
      wasmExports.free(buffer);
      m.FPDFText_ClosePage!(text);
      m.FPDF_ClosePage!(page);
    }
  } finally {
    if (doc) m.FPDF_CloseDocument!(doc);
    wasmExports.free(data);
  }
  return pages;
}

/** MuPDF 1.28 as mupdf.js (and SumatraPDF's copy) reads a page: its structured text. */
export async function mupdfPages(file: string): Promise<string[]> {
  const mupdf = (await import('mupdf')) as typeof import('mupdf');
  const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
  const pages: string[] = [];
  try {
    for (let i = 0; i < doc.countPages(); i++) {
      const page = doc.loadPage(i);
      const text = page.toStructuredText('');
      pages.push(text.asText());
      text.destroy();
      page.destroy();
    }
  } finally {
    doc.destroy();
  }
  return pages;
}

const JARS = ['pdfbox2.jar', 'fontbox2.jar', 'commons-logging.jar'].map((j) => join('/usr/share/java', j));
/** PDFBox 2's text of each file (ExtractText's defaults), all files in one JVM. */
export function pdfboxPages(files: string[]): string[][] {
  const dir = tempDir('pdfbox-text-');
  const outs = files.map((_, i) => join(dir, `${i}.txt`));
  execFileSync('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-cp', JARS.join(':'), join(import.meta.dirname, 'PdfboxText.java'), ...files.flatMap((f, i) => [f, outs[i]!])], { stdio: ['ignore', 'ignore', 'pipe'] });
  return outs.map((o) => readFileSync(o, 'utf8').split('\f'));
}

/** Every engine's pages of every file (PDFBox run once for all of them). */
export async function readAll(files: string[]): Promise<EnginePages[]> {
  const box = pdfboxPages(files);
  const out: EnginePages[] = [];
  for (const [i, file] of files.entries()) {
    out.push({ PDFium: await pdfiumPages(file), 'pdf.js': await pdfjsPages(file), PDFBox: box[i]!, poppler: popplerPages(file), MuPDF: await mupdfPages(file), mutool: mutoolPages(file) });
  }
  return out;
}

export { fold } from './text.js';
import { fold } from './text.js';

export interface Score {
  /** Paragraphs found exactly (white space folded) in the engine's text. */
  exact: number;
  total: number;
  /** Mean over paragraphs of 1 - edit distance / length, against the closest stretch of the engine's text. */
  similarity: number;
  /** Characters the source does not hold (`<`, `>`, ...), counted, and which they are. */
  foreign: number;
  foreignChars: string;
  /** Places where ZWNJ comes twice or more in a row. */
  doubledZwnj: number;
  /** Words that come more often in a paragraph's stretch than in the paragraph: duplicated fragments. */
  duplicated: number;
  /** The paragraphs not found exactly, with the closest stretch. */
  misses: { paragraph: string; got: string; similarity: number }[];
}

/**
 * How well an engine's text (all pages) gives back the paragraphs; `source` is all the text the
 * document shows (the characters it may hold).
 */
export function score(pages: string[], paragraphs: string[], source: string): Score {
  const text = fold(pages.join(' '));
  const allowed = new Set([...source]);
  let foreign = 0;
  const foreignChars = new Set<string>();
  for (const c of text) {
    if (/\s/.test(c) || allowed.has(c)) continue;
    foreign++;
    foreignChars.add(c);
  }
  const doubledZwnj = (text.match(/\u200c{2,}/g) ?? []).length;
  let exact = 0;
  let sum = 0;
  let duplicated = 0;
  const misses: Score['misses'] = [];
  for (const raw of paragraphs) {
    const p = fold(raw);
    if (text.includes(p)) {
      exact++;
      sum += 1;
      continue;
    }
    const { distance, start, end } = closest(p, text);
    const got = text.slice(start, end);
    const similarity = Math.max(0, 1 - distance / p.length);
    sum += similarity;
    const count = (s: string) => s.split(' ').reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
    const want = count(p);
    for (const [w, n] of count(got)) if (w.length > 1 && n > (want.get(w) ?? 0) && (want.get(w) ?? 0) > 0) duplicated += n - want.get(w)!;
    misses.push({ paragraph: p, got, similarity: Math.round(similarity * 1000) / 1000 });
  }
  return { exact, total: paragraphs.length, similarity: paragraphs.length ? sum / paragraphs.length : 1, foreign, foreignChars: [...foreignChars].join(''), doubledZwnj, duplicated, misses };
}

/**
 * The stretch of `text` closest to `pattern` (fewest insertions, deletions and substitutions) and
 * its distance: Myers' bit-parallel search in 32-character blocks (Hyyrö), then a small dynamic
 * programme backwards from the best end for its start.
 */
export function closest(pattern: string, text: string): { distance: number; start: number; end: number } {
  const p = [...pattern];
  const t = [...text];
  const m = p.length;
  if (m === 0) return { distance: 0, start: 0, end: 0 };
  const blocks = Math.ceil(m / 32);
  const peq: Map<string, number>[] = [];
  for (let b = 0; b < blocks; b++) {
    const map = new Map<string, number>();
    for (let i = b * 32; i < Math.min(m, b * 32 + 32); i++) map.set(p[i]!, (map.get(p[i]!) ?? 0) | (1 << (i - b * 32)));
    peq.push(map);
  }
  const P = new Int32Array(blocks).fill(-1);
  const M = new Int32Array(blocks);
  const high = (b: number) => 1 << ((b === blocks - 1 ? m - 1 : b * 32 + 31) - b * 32);
  let score = m;
  let best = m;
  let bestEnd = 0;
  for (let j = 0; j < t.length; j++) {
    let hin = 0; // D[0][j] = 0: a match may start anywhere in the text
    for (let b = 0; b < blocks; b++) {
      let eq = peq[b]!.get(t[j]!) ?? 0;
      const pv = P[b]!;
      const mv = M[b]!;
      const xv = eq | mv;
      if (hin < 0) eq |= 1;
      const xh = ((((eq & pv) >>> 0) + (pv >>> 0)) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const hb = high(b);
      let hout = 0;
      if (ph & hb) hout = 1;
      else if (mh & hb) hout = -1;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) mh |= 1;
      else if (hin > 0) ph |= 1;
      P[b] = mh | ~(xv | ph);
      M[b] = ph & xv;
      hin = hout;
    }
    score += hin;
    if (score < best) {
      best = score;
      bestEnd = j + 1;
    }
  }
  // The start: edit distance of pattern suffixes against text ending at bestEnd, read backwards.
  const from = Math.max(0, bestEnd - m - best);
  const seg = t.slice(from, bestEnd).reverse();
  const r = p.slice().reverse();
  let prev = new Int32Array(seg.length + 1); // pattern prefix of length 0 against any text suffix: 0
  for (let i = 1; i <= m; i++) {
    const cur = new Int32Array(seg.length + 1);
    cur[0] = i;
    for (let k = 1; k <= seg.length; k++) cur[k] = Math.min(prev[k]! + 1, cur[k - 1]! + 1, prev[k - 1]! + (r[i - 1] === seg[k - 1] ? 0 : 1));
    prev = cur;
  }
  let len = 0;
  for (let k = 0; k <= seg.length; k++) if (prev[k]! === best && (len === 0 || Math.abs(k - m) < Math.abs(len - m))) len = k;
  // Code point offsets back to string offsets.
  const startCp = bestEnd - len;
  const offset = (cp: number) => t.slice(0, cp).join('').length;
  return { distance: best, start: offset(startCp), end: offset(bestEnd) };
}
