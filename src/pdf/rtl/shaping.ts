import { bidi, type Direction } from './bidi.js';

/**
 * pdfmake hands an inline's `fontFeatures` unchanged to pdfkit, which hands it to the font's
 * `layout`. That is the one channel from an inline to shaping, so the direction rides on it as a
 * symbol property: fontkit reads the array's items (feature tags) and never sees the symbol.
 */
const DIRECTION = Symbol.for('briefing.rtl.direction');

export type DirectedFeatures = string[] & { [DIRECTION]?: Direction };

export function directedFeatures(features: unknown, dir: Direction): DirectedFeatures {
  const tags = Array.isArray(features)
    ? features.filter((f): f is string => typeof f === 'string')
    : features && typeof features === 'object'
      ? Object.entries(features).filter(([, on]) => on).map(([tag]) => tag)
      : [];
  return Object.assign([...tags], { [DIRECTION]: dir });
}

export function directionOf(features: unknown): Direction | undefined {
  return Array.isArray(features) ? (features as DirectedFeatures)[DIRECTION] : undefined;
}

/** The same channel carries the glyphs of words merged into one inline (merge.ts), shaped already. */
const SHAPED = Symbol.for('briefing.rtl.shaped');

export function carryShaped(features: unknown, run: ShapedRun): DirectedFeatures {
  const dir = directionOf(features) ?? 'ltr';
  return Object.assign(directedFeatures(features, dir), { [SHAPED]: run });
}

export function shapedOf(features: unknown): ShapedRun | undefined {
  return Array.isArray(features) ? (features as { [SHAPED]?: ShapedRun })[SHAPED] : undefined;
}

/** The parts of a fontkit font and glyph this module touches. */
export interface FontkitGlyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
export interface FontkitPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth?: number;
}
export interface FontkitFont {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): FontkitGlyph;
  layout(text: string, features?: string[], script?: string, language?: string, direction?: Direction): { glyphs: FontkitGlyph[]; positions: FontkitPosition[] };
}

export interface ShapedRun {
  glyphs: FontkitGlyph[];
  /** Positions in pdfkit's units (1000 per em), with `advanceWidth` set as pdfkit's encode expects. */
  positions: FontkitPosition[];
  advanceWidth: number;
}

/**
 * Mirrors bracket-like characters (UAX #9 L4) for text drawn right to left. Vazirmatn has no
 * `rtlm` feature and fontkit mirrors nothing itself, so `(` would otherwise point the wrong way.
 */
export function mirrorText(text: string): string {
  let out = '';
  for (const ch of text) out += bidi.getMirroredCharacter(ch) ?? ch;
  return out;
}

const ZWNJ = 0x200c;

/**
 * Shapes `text` as one run in `dir`, not in the direction fontkit would guess from its script
 * (Persian digits are Arabic script, yet run left to right). Returns glyphs in visual order.
 */
export function shapeRun(font: FontkitFont, text: string, features: readonly string[], dir: Direction): ShapedRun {
  const scale = 1000 / font.unitsPerEm;
  // Invisible format characters (bidi controls from data above all) never reach fontkit: it hides them
  // only while the glyph it finds for them remembers their code point, and fontkit caches glyphs by id,
  // so once .notdef was made for anything else it comes back with no code point and the full width of
  // .notdef (a gap, and words drawn off their measured place). Their work is done in bidi.ts already.
  const source = dropInvisible(dir === 'rtl' ? mirrorText(text) : text);
  const run = font.layout(source, [...features], undefined, undefined, dir);
  const glyphs: FontkitGlyph[] = [];
  const positions: FontkitPosition[] = [];
  const ignorables = keptIgnorables(font, source, dir);
  const space = font.glyphForCodePoint(0x20).id;
  let advanceWidth = 0;
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    let g = glyph;
    // fontkit swaps default-ignorable characters for a zero-advance space glyph, so the ToUnicode
    // map turns ZWNJ into a space (or nothing) and copy/paste loses it. Put the font's own glyph
    // back (zero advance still), or drop other ignorables such as bidi marks.
    if (glyph.id === space && p.xAdvance === 0) {
      const original = ignorables.shift();
      if (original === undefined) return;
      g = original;
    }
    const pos: FontkitPosition = { xAdvance: p.xAdvance * scale, yAdvance: p.yAdvance * scale, xOffset: p.xOffset * scale, yOffset: p.yOffset * scale, advanceWidth: g.advanceWidth * scale };
    advanceWidth += pos.xAdvance;
    glyphs.push(g);
    positions.push(pos);
  });
  return { glyphs, positions, advanceWidth };
}

/**
 * What to draw for each default-ignorable character of `text`, in visual order (fontkit reverses
 * an RTL run): ZWNJ the font's own glyph when it has one; `undefined` means drop the glyph.
 */
function keptIgnorables(font: FontkitFont, text: string, dir: Direction): (FontkitGlyph | undefined)[] {
  const found: (FontkitGlyph | undefined)[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isDefaultIgnorable(cp)) continue;
    const own = cp === ZWNJ ? font.glyphForCodePoint(cp) : undefined;
    found.push(own && own.id !== 0 ? own : undefined);
  }
  return dir === 'rtl' ? found.reverse() : found;
}

/**
 * `text` without the default-ignorable characters that neither draw nor change shaping: bidi marks,
 * embeddings, overrides and isolates, word joiners, BOM. Kept: ZWNJ and ZWJ (joining), CGJ (mark
 * order) and variation selectors (glyph choice), which fontkit must see.
 */
export function dropInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isDefaultIgnorable(cp) || shapes(cp)) out += ch;
  }
  return out;
}

function shapes(cp: number): boolean {
  return cp === 0x200c || cp === 0x200d || cp === 0x34f || (cp >= 0x180b && cp <= 0x180f) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/** The default-ignorable code points that occur in text (same ranges fontkit hides). */
export function isDefaultIgnorable(cp: number): boolean {
  return (
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x61c ||
    (cp >= 0x17b4 && cp <= 0x17b5) ||
    (cp >= 0x180b && cp <= 0x180e) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xfff0 && cp <= 0xfff8) ||
    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}
