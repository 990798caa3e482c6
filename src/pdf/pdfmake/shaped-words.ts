/**
 * Words shaped once per thread, not once per document.
 *
 * Shaping (fontkit's GSUB and GPOS lookups) is the largest part of measuring a document. A briefing
 * that names no layout is measured twice (the brief is tried, then the report is made) and a batch's
 * files share most of their words, yet each document shaped every word again: rtl-hooks.ts keeps a
 * word's glyphs per document only, because the glyph objects are the document's own. fontkit keeps
 * one glyph object per glyph id and font, holding the characters it was first asked for (pdfkit's
 * ToUnicode text for it); rtl-hooks.ts empties that store for each document sharing the font, so that
 * what a document embeds does not depend on what the thread wrote before.
 *
 * So what is kept across documents is not glyph objects but how a word was shaped: every glyph
 * fontkit asked its font for while shaping it (id, characters, and the characters of the glyph object
 * it got back), which of them the word's glyphs are, and the positions. A later document replays
 * those requests in order: they create the same glyph objects with the same characters that shaping
 * the word afresh would, in the same order. Shaping depends on the font's tables, the word, its
 * features and direction, and the characters of the glyph objects it is given; if every request gives
 * back a glyph with the characters it gave when recorded, shaping afresh would take the same path to
 * the same glyphs and positions. If one does not, the word is shaped afresh (the requests replayed so
 * far are the ones shaping afresh makes first), so the bytes are the same as without this store.
 */
import { hookObject } from './registry.js';
import { shapeRun, type FontkitFont, type FontkitGlyph, type FontkitPosition, type ShapedRun } from '../rtl/shaping.js';
import type { Direction } from '../rtl/bidi.js';

interface GlyphRequest {
  id: number;
  characters: number[];
  /** The characters of the glyph object fontkit gave back (undefined: none). */
  got: number[] | undefined;
}

/**
 * How a word was shaped, packed (a word held as objects took ~4 KB; a batch of briefings with many
 * different words kept hundreds of megabytes and spent its time collecting them).
 */
interface Recorded {
  /**
   * The first request for each glyph id, in order: id, n, n characters, then m and m characters of
   * the glyph given back (m = -1: the same characters as asked; -2: no glyph). A later request for
   * the same id gives back the same glyph object (fontkit keeps one per id) and makes none.
   */
  requests: Int32Array;
  /** For each glyph of the run, the request (its place among the first requests) that gave it. */
  from: Int32Array;
  /** xAdvance, yAdvance, xOffset, yOffset and advanceWidth of each glyph. */
  positions: Float64Array;
  advanceWidth: number;
}

/** Bytes of recorded words kept per font and thread (~10,000 words); beyond, the store starts again. */
const MAX_BYTES = 8 * 1024 * 1024;

type GetGlyph = (this: unknown, id: number, characters?: number[]) => FontkitGlyph | null;
const RECORDING = Symbol.for('briefing.shapedWords.recording');
type RecordingFont = FontkitFont & { [RECORDING]?: { requests: GlyphRequest[]; objects: (FontkitGlyph | null)[] } | null };

interface Store {
  words: Map<string, Recorded>;
  bytes: number;
}
const stores = new WeakMap<object, Store>();

/**
 * `text` shaped in `dir` with `features` on `font` (fontkit's), as `shapeRun` shapes it: recorded the
 * first time in this thread, replayed after.
 */
export function shapeWord(font: FontkitFont, text: string, features: readonly string[], dir: Direction): ShapedRun {
  const f = font as RecordingFont;
  let store = stores.get(f);
  if (!store) {
    if (!listen(f)) return shapeRun(font, text, [...features], dir);
    stores.set(f, (store = { words: new Map(), bytes: 0 }));
  }
  const key = wordKey(text, features, dir);
  const kept = store.words.get(key);
  if (kept) return replay(f, kept) ?? shapeRun(font, text, [...features], dir);
  const recording = { requests: [] as GlyphRequest[], objects: [] as (FontkitGlyph | null)[] };
  f[RECORDING] = recording;
  let run: ShapedRun;
  try {
    run = shapeRun(font, text, [...features], dir);
  } finally {
    f[RECORDING] = null;
  }
  const recorded = pack(recording, run);
  // A glyph that did not come from a request (none today) cannot be replayed: not kept.
  if (recorded) {
    // The buffers, the key, and what the objects around them take (~600 bytes, measured on the heap).
    const bytes = recorded.requests.byteLength + recorded.from.byteLength + recorded.positions.byteLength + 2 * key.length + 600;
    if (store.bytes + bytes > MAX_BYTES) {
      store.words.clear();
      store.bytes = 0;
    }
    store.words.set(key, recorded);
    store.bytes += bytes;
  }
  return run;
}

/** A word's key: direction, feature tags and text. Each inline carries its own tags array, asked for again at every measure and draw: its part of the key is made once. */
export function wordKey(text: string, features: readonly string[], dir: Direction): string {
  let tags = tagKeys.get(features);
  // The tags as a list: a tag holding a comma must not pass for two tags.
  if (tags === undefined) tagKeys.set(features, (tags = JSON.stringify(features)));
  return `${dir}\u0000${tags}\u0000${text}`;
}
const tagKeys = new WeakMap<readonly string[], string>();

function pack(recording: { requests: GlyphRequest[]; objects: (FontkitGlyph | null)[] }, run: ShapedRun): Recorded | undefined {
  const firstOf = new Map<number, number>();
  const packed: number[] = [];
  const objects: (FontkitGlyph | null)[] = [];
  recording.requests.forEach((r, i) => {
    if (firstOf.has(r.id)) return;
    firstOf.set(r.id, objects.length);
    objects.push(recording.objects[i]!);
    packed.push(r.id, r.characters.length, ...r.characters);
    if (r.got === undefined) packed.push(-2);
    else if (sameCharacters(r.got, r.characters)) packed.push(-1);
    else packed.push(r.got.length, ...r.got);
  });
  const from = run.glyphs.map((g) => objects.indexOf(g));
  if (from.some((i) => i < 0)) return undefined;
  const positions = new Float64Array(run.positions.length * 5);
  run.positions.forEach((p, i) => positions.set([p.xAdvance, p.yAdvance, p.xOffset, p.yOffset, p.advanceWidth ?? Number.NaN], i * 5));
  return { requests: Int32Array.from(packed), from: Int32Array.from(from), positions, advanceWidth: run.advanceWidth };
}

/** The run a recorded word gives in this document, or undefined where a glyph object differs from the one recorded. */
function replay(font: RecordingFont, kept: Recorded): ShapedRun | undefined {
  const getGlyph = (font as unknown as { getGlyph: GetGlyph }).getGlyph;
  const objects: (FontkitGlyph | null)[] = [];
  const r = kept.requests;
  for (let i = 0; i < r.length; ) {
    const id = r[i]!;
    const n = r[i + 1]!;
    const characters = Array.from(r.subarray(i + 2, i + 2 + n));
    i += 2 + n;
    const m = r[i]!;
    const got = m === -2 ? undefined : m === -1 ? characters : Array.from(r.subarray(i + 1, i + 1 + m));
    i += 1 + Math.max(0, m);
    const glyph = getGlyph.call(font, id, characters);
    if (!sameCharacters(glyph?.codePoints, got)) return undefined;
    objects.push(glyph);
  }
  const p = kept.positions;
  const positions: FontkitPosition[] = [];
  for (let i = 0; i < p.length; i += 5) {
    const position: FontkitPosition = { xAdvance: p[i]!, yAdvance: p[i + 1]!, xOffset: p[i + 2]!, yOffset: p[i + 3]! };
    if (!Number.isNaN(p[i + 4])) position.advanceWidth = p[i + 4]!;
    positions.push(position);
  }
  return { glyphs: Array.from(kept.from, (i) => objects[i]!), positions, advanceWidth: kept.advanceWidth };
}

function sameCharacters(a: number[] | undefined, b: number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** Wraps the font's `getGlyph` once, to note its requests while a word is being recorded; false if it has none. */
function listen(font: RecordingFont): boolean {
  if (typeof (font as unknown as { getGlyph?: unknown }).getGlyph !== 'function') return false;
  font[RECORDING] = null;
  hookObject<GetGlyph>('shaped-words.ts', 'fontkit font', font, '#getGlyph', (getGlyph) =>
    function (id, characters = []) {
      const glyph = getGlyph.call(this, id, characters);
      const recording = (this as RecordingFont)[RECORDING];
      if (recording) {
        recording.requests.push({ id, characters: [...characters], got: glyph ? [...glyph.codePoints] : undefined });
        recording.objects.push(glyph);
      }
      return glyph;
    },
  );
  return true;
}
