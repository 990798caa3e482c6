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
interface Recorded {
  requests: GlyphRequest[];
  /** For each glyph of the run, the request that gave it. */
  from: number[];
  positions: FontkitPosition[];
  advanceWidth: number;
}

/** Words kept per font and thread: beyond this many, the store starts again (a long watch session, a batch of many languages). */
const MAX_WORDS = 100_000;

type GetGlyph = (this: unknown, id: number, characters?: number[]) => FontkitGlyph | null;
const RECORDING = Symbol.for('briefing.shapedWords.recording');
type RecordingFont = FontkitFont & { [RECORDING]?: { requests: GlyphRequest[]; objects: (FontkitGlyph | null)[] } | null };

const stores = new WeakMap<object, Map<string, Recorded>>();

/**
 * `text` shaped in `dir` with `features` on `font` (fontkit's), as `shapeRun` shapes it: recorded the
 * first time in this thread, replayed after.
 */
export function shapeWord(font: FontkitFont, text: string, features: readonly string[], dir: Direction): ShapedRun {
  const f = font as RecordingFont;
  let store = stores.get(f);
  if (!store) {
    if (!listen(f)) return shapeRun(font, text, [...features], dir);
    stores.set(f, (store = new Map()));
  }
  const key = `${dir}\u0000${features.join(',')}\u0000${text}`;
  const kept = store.get(key);
  if (kept) {
    const run = replay(f, kept);
    if (run) return run;
    return shapeRun(font, text, [...features], dir);
  }
  const recording = { requests: [] as GlyphRequest[], objects: [] as (FontkitGlyph | null)[] };
  f[RECORDING] = recording;
  let run: ShapedRun;
  try {
    run = shapeRun(font, text, [...features], dir);
  } finally {
    f[RECORDING] = null;
  }
  const from = run.glyphs.map((g) => recording.objects.indexOf(g));
  // A glyph that did not come from a request (none today) cannot be replayed: not kept.
  if (from.every((i) => i >= 0)) {
    if (store.size >= MAX_WORDS) store.clear();
    store.set(key, { requests: recording.requests, from, positions: run.positions.map((p) => ({ ...p })), advanceWidth: run.advanceWidth });
  }
  return run;
}

/** The run a recorded word gives in this document, or undefined where a glyph object differs from the one recorded. */
function replay(font: RecordingFont, kept: Recorded): ShapedRun | undefined {
  const objects: (FontkitGlyph | null)[] = [];
  for (const r of kept.requests) {
    const glyph = (font as unknown as { getGlyph: GetGlyph }).getGlyph(r.id, r.characters);
    if (!sameCharacters(glyph?.codePoints, r.got)) return undefined;
    objects.push(glyph);
  }
  return { glyphs: kept.from.map((i) => objects[i]!), positions: kept.positions.map((p) => ({ ...p })), advanceWidth: kept.advanceWidth };
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
