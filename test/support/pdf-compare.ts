// Reading a PDF back two ways: the copied text (pdftotext, logical order) and the drawn order of
// words on each line (pdftotext -bbox-layout), checked against bidi-js's own reordering.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPdfjs } from './pdfjs.js';

// The reference reordering for the page check comes straight from bidi-js, not through the layer.
const bidi = (createRequire(import.meta.url)('bidi-js') as () => import('bidi-js').Bidi)();

/** Normalisations for habits of poppler, seen on Chromium's (correct) PDFs too. */
export function normalise(text: string, { lamAlef = true } = {}): string {
  const unmarked = text
    // poppler inserts bidi marks (LRM/RLM, embeddings, isolates) where direction changes.
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return (
    (lamAlef ? normaliseLamAlef([unmarked])[0]! : unmarked)
      // poppler puts a combining mark (hamza above, harakat) before its base letter (گفتهٔ -> گفتٔه):
      // marks are left out of the comparison, the letters they sit on are not.
      .replace(/[\u064b-\u065f\u0670]/g, '')
  );
}

export interface Token {
  text: string;
  /** Offset in the normalised text. */
  start: number;
  kind: 'arabic' | 'latin' | 'number';
}

/**
 * Words and numbers of a normalised text, in order. Punctuation and the space next to a number can
 * land on the other side of it in poppler's output (Chromium's PDF of `از 800 نماینده` comes back
 * `از  800نماینده`), and poppler drops the space where Latin meets Persian (`NATOو`), so only
 * letters and digits count and a token ends where the script changes. ZWNJ stays part of a word.
 */
export function tokens(normalised: string): Token[] {
  const out: Token[] = [];
  for (const m of normalised.matchAll(/\p{N}+|(?:(?=\p{Script=Arabic})[\p{L}\p{M}]|\u200c)+|(?:(?!\p{Script=Arabic})[\p{L}\p{M}])+/gu)) {
    const text = m[0];
    const kind = /^\p{N}/u.test(text) ? 'number' : /\p{Script=Arabic}/u.test(text) ? 'arabic' : 'latin';
    out.push({ text, start: m.index, kind });
  }
  return out;
}

/**
 * Copy/paste check on pdftotext's reading order; null when it passes. poppler rebuilds a line's
 * logical order with its own simplified bidi, which moves whole Latin runs, and the Persian words
 * around them, and numbers wrapped in punctuation - in Chromium's PDFs as much as in ours
 * (`(Moscow ...) کنفرانس`, `۲۴) ۲۰۲۳`, `و سپس ... "The era ..." وزیر گفت`). What it keeps is each
 * stretch of Persian words and each stretch of Latin words whole and in order. So: every such
 * stretch of the source comes back contiguous and in order, nothing else comes back, and every
 * number comes back with all its digits. Full word and number order is checked on the page itself
 * by `visualMismatch`. `lines` (the page's drawn lines) tell where the paragraph wraps.
 */
export function copiedMismatch(source: string, extracted: string, lines: PdfWord[][]): string | null {
  const text = normalise(source);
  const src = tokens(text);
  // poppler reorders each line on its own, so a stretch that wraps comes back in one piece per line.
  const lineStarts = new Set(lineRanges(text, lines).ranges.map((r) => r.from));
  const got = tokens(normalise(joinBrokenWords(source, extracted)));
  const numbers = (ts: Token[]) => JSON.stringify(ts.filter((t) => t.kind === 'number').map((t) => t.text).sort());
  if (numbers(src) !== numbers(got)) return `numbers ${numbers(got)} expected ${numbers(src)}`;
  const stretches: Token[][] = [];
  for (const t of src.filter((t) => t.kind !== 'number')) {
    const last = stretches.at(-1);
    const wraps = [...lineStarts].some((start) => start > (last?.at(-1)?.start ?? Infinity) && start <= t.start);
    if (last && last[0]!.kind === t.kind && !wraps) last.push(t);
    else stretches.push([t]);
  }
  const words = got.filter((t) => t.kind !== 'number').map((t) => t.text);
  const used = words.map(() => false);
  for (const stretch of [...stretches].sort((a, b) => b.length - a.length)) {
    const want = stretch.map((t) => t.text);
    const at = words.findIndex((_w, i) => want.every((w, k) => words[i + k] === w && !used[i + k]));
    if (at < 0) return `[${want.join(' ')}] not found in order in [${words.join(' ')}]`;
    want.forEach((_w, k) => (used[at + k] = true));
  }
  const extra = words.filter((_w, i) => !used[i]);
  return extra.length ? `unexpected words [${extra.join(' ')}]` : null;
}

function joinBrokenWords(source: string, extracted: string): string {
  const words = new Set(tokens(normalise(source)).map((t) => t.text));
  const lines = extracted.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = tokens(normalise(lines[i]!)).at(-1)?.text;
    const b = tokens(normalise(lines[i + 1]!))[0]?.text;
    if (a && b && !words.has(a) && [...words].some((w) => w.includes(a + b) || w.includes(b + a))) {
      lines[i] = lines[i]!.replace(/\s+$/, '') + lines[i + 1]!.replace(/^\s+/, '');
      lines.splice(i + 1, 1);
      i--;
    }
  }
  return lines.join('\n');
}

export interface PdfWord {
  x: number;
  text: string;
}

/** A band of the page (in points from the top) that holds the text under test, leaving out headers and footers. */
export interface Band {
  top: number;
  height: number;
}

const cropArgs = (band?: Band) => (band ? ['-x', '0', '-y', String(band.top), '-W', '2000', '-H', String(band.height)] : []);

/**
 * poppler's output for a whole file, run once per file (and band) and kept: the tests ask for one
 * page at a time, and a run of pdftotext reads the whole document whatever pages it prints. Keyed by
 * the file's size and time too, so a file written again is read again.
 */
const readBack = new Map<string, string>();
function popplerOnce(file: string, args: string[]): string {
  const { size, mtimeMs } = statSync(file);
  const key = JSON.stringify([file, size, mtimeMs, args]);
  let out = readBack.get(key);
  if (out === undefined) {
    out = execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    readBack.set(key, out);
  }
  return out;
}

/** Lines of one page as poppler groups them, each a list of words left to right (as drawn). */
export function visualLines(file: string, page: number, band?: Band): PdfWord[][] {
  // -bbox-layout ignores pdftotext's crop options, so lines outside the band are dropped here.
  const xml = popplerOnce(file, ['-bbox-layout']).split('<page ')[page] ?? '';
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
  const inBand = (line: string) => {
    const y = Number(/yMin="([\d.]+)"/.exec(line)?.[1]);
    return !band || (y >= band.top && y < band.top + band.height);
  };
  return xml
    .split('<line ')
    .slice(1)
    .filter(inBand)
    .map((line) =>
      [...line.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), text: decode(m[2]!) })).sort((a, b) => a.x - b.x),
    );
}

/**
 * Lines of one page as drawn, each a list of words left to right, from pdf.js's text items: in a
 * tagged PDF of ours each item is one run of one direction, copied exactly (copy-text.ts), and sits
 * where the run is drawn; poppler's words (visualLines) come from the runs' ActualText, which is cut
 * for PDFium's copy and no longer says how a line is drawn (rtl/README.md). A right-to-left run's
 * words are given right to left, each spelled as drawn, as `visualLines` gives them.
 */
export async function drawnLines(file: string, page: number, band?: Band): Promise<PdfWord[][]> {
  const lines: { y: number; runs: { x: number; end: number; str: string }[] }[] = [];
  for (const item of await bandItems(file, page, band)) {
    let line = lines.find((l) => Math.abs(l.y - item.y) < 2);
    if (!line) lines.push((line = { y: item.y, runs: [] }));
    line.runs.push(item);
  }
  return lines
    .sort((a, b) => a.y - b.y)
    .map((line) => {
      const words: PdfWord[] = [];
      let end = -Infinity;
      let open = false;
      for (const run of line.runs.sort((a, b) => a.x - b.x)) {
        // A run of right-to-left letters is drawn from its last word to its first, each word spelled backwards.
        const rtl = RTL_LETTERS.test(run.str);
        const parts = run.str.split(/(\s+)/).filter(Boolean);
        const drawn = (rtl ? parts.reverse() : parts).map((w) => (rtl ? [...w].reverse().join('') : w));
        // A run drawn right against the previous one continues its word.
        let joined = open && words.length > 0 && Math.abs(run.x - end) < 0.5;
        for (const part of drawn) {
          if (/^\s+$/.test(part)) {
            joined = false;
            continue;
          }
          if (joined) words[words.length - 1]!.text += part;
          else words.push({ x: run.x, text: part });
          joined = true;
        }
        open = drawn.length > 0 && !/^\s+$/.test(drawn[drawn.length - 1]!);
        end = run.end;
      }
      return words;
    });
}

/** Letters of right-to-left scripts (not their digits). */
const RTL_LETTERS = /[\u0590-\u05ff\u0600-\u065f\u066e-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/** pdf.js's text items of one page inside the band, in content order, with where each is drawn (points from the top). */
async function bandItems(file: string, page: number, band?: Band): Promise<{ x: number; end: number; y: number; str: string; hasEOL: boolean }[]> {
  const doc = await openPdfjs(file);
  try {
    const p = await doc.getPage(page);
    const height = p.view[3]!;
    const { items } = await p.getTextContent({ disableNormalization: true });
    const out: { x: number; end: number; y: number; str: string; hasEOL: boolean }[] = [];
    for (const item of items as { str?: string; transform?: number[]; width?: number; hasEOL?: boolean }[]) {
      if (!item.transform || item.str === undefined) continue;
      const y = height - item.transform[5]!;
      if (band && (y - Math.abs(item.transform[3]!) < band.top - 2 || y - Math.abs(item.transform[3]!) >= band.top + band.height)) continue;
      out.push({ x: item.transform[4]!, end: item.transform[4]! + (item.width ?? 0), y, str: item.str, hasEOL: !!item.hasEOL });
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** What pdf.js (Firefox) copies from the band of a page: its items in content order, a line break after each line. */
export async function pdfjsCopied(file: string, page: number, band?: Band): Promise<string> {
  return (await bandItems(file, page, band)).map((i) => `${i.str}${i.hasEOL ? '\n' : ''}`).join('');
}

/**
 * Word order on the page, independent of poppler's bidi: for each line drawn, its words and numbers
 * left to right must be those of the source's line reordered by bidi-js (UAX #9, another code path
 * than the layer's). poppler spells a right-to-left word as drawn (visual order); such words are
 * read back by reversing them. Returns a description of the first mismatch, or null.
 */
export function visualMismatch(source: string, dir: 'rtl' | 'ltr' | 'auto', lines: PdfWord[][]): string | null {
  const text = normalise(source);
  const levels = bidi.getEmbeddingLevels(text, dir === 'auto' ? undefined : dir);
  const { ranges, complete } = lineRanges(text, lines);
  for (const [n, { from, to, drawn }] of ranges.entries()) {
    // bidi-js returns the whole text's indices with only [from, to) reordered (L1-L2 on that line).
    const order = bidi.getReorderedIndices(text, levels, from, to - 1).filter((i) => i >= from && i < to);
    const visualText = order.map((i) => text[i]).join('');
    // Reversed runs read backwards; Persian words are compared in reading spelling, like `drawn`.
    const expected = tokens(visualText).map((t) => (t.kind === 'arabic' ? [...t.text].reverse().join('') : t.text));
    if (JSON.stringify(normaliseLamAlef(expected)) !== JSON.stringify(normaliseLamAlef(drawn))) {
      return `line ${n + 1}: drawn [${drawn.join(' ')}] expected [${expected.join(' ')}]`;
    }
  }
  return complete ? null : 'text missing from the page';
}

/**
 * Which part of the (normalised) source each drawn line shows: as many letters and digits as the
 * line has, taken in logical order; a word broken at a line end is shared by two lines.
 */
function lineRanges(text: string, lines: PdfWord[][]): { ranges: { from: number; to: number; drawn: string[] }[]; complete: boolean } {
  const all = tokens(text);
  let cursor = 0; // index into `all`
  let consumed = 0; // characters of all[cursor] already shown on earlier lines
  const ranges = lines.map((line) => {
    // Lam-alef is matched after a drawn word is turned back to its reading spelling (visualMismatch):
    // a PDF may spell the ligature's pair either way round inside the drawn word.
    const drawn = tokens(normalise(line.map((w) => w.text).join(' '), { lamAlef: false })).map((t) => (t.kind === 'arabic' ? [...t.text].reverse().join('') : t.text));
    const from = all[cursor] ? all[cursor]!.start + consumed : text.length;
    let left = drawn.reduce((sum, t) => sum + t.length, 0);
    let to = from;
    while (left > 0 && cursor < all.length) {
      const t = all[cursor]!;
      const take = Math.min(t.text.length - consumed, left);
      to = t.start + consumed + take;
      left -= take;
      consumed += take;
      if (consumed === t.text.length) {
        cursor++;
        consumed = 0;
      }
    }
    return { from, to, drawn };
  });
  return { ranges, complete: cursor >= all.length };
}

/**
 * The lam-alef ligature maps to lam + alef; poppler emits the pair reversed in RTL lines of many
 * PDFs (سالانه -> ساالنه). Writing every lam-alef pair as alef-lam makes both spellings meet; a word in
 * which the two letters really were the other way round would only differ in that pair.
 */
function normaliseLamAlef(words: string[]): string[] {
  return words.map((w) => w.replace(/ل([اأإآ])/g, '$1ل'));
}

/** The text of each page as pdftotext gives it (logical order), optionally of one band only. */
export function pagesOf(file: string, band?: Band): string[] {
  return popplerOnce(file, cropArgs(band)).split('\f').slice(0, -1);
}

