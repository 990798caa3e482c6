import type { ShapedRun } from './shaping.js';

/**
 * pdfmake draws every word as a text object of its own (save, transform, BT, Tm, Tf, TJ, ET,
 * restore, colour and opacity): about half of its drawing time and of the content stream. Once a
 * line is placed, neighbouring words drawn alike become one inline whose glyphs are the words'
 * shaped glyphs side by side, the gaps between them folded into the advance of each word's last
 * glyph. The pen lands exactly where each word was placed, so the page looks the same.
 */

/**
 * What pdfmake's Renderer#renderLine and TextDecorator, and our tagging (tagged.ts), read from an
 * inline to draw it, besides its text, place and glyphs: words may share a text object only when
 * all of these are the same. (Checked by name, not by walking every key: this runs for every word.)
 */
const DRAWN = [
  'font', 'fontSize', 'color', 'opacity', 'characterSpacing', 'sup', 'sub',
  'decoration', 'decorationColor', 'decorationStyle', 'decorationThickness', 'background',
  'structure', 'lang',
  // Words of one link become one inline: one annotation per run instead of one per word (a long
  // URL broken into pieces, long-words.ts, would otherwise repeat its address in every piece's annotation).
  'link',
  // One run of one direction per text object: its text can then be given back in logical order
  // (copy-text.ts), which a text object mixing directions could not.
  'bidiLevel',
] as const;
/**
 * Words with these stay alone: pdfmake adds a destination or a page number per word (and the
 * caller names pdfmake's own key of a resolved page reference, `alsoAlone`).
 */
const ALONE = ['linkToPage', 'linkToDestination', 'pageReference', 'id'] as const;

export interface MergeableInline {
  text: string;
  x: number;
  width: number;
  fontSize: number;
  fontFeatures?: unknown;
  [key: string]: unknown;
}

/** `shape(inline)` is the inline's glyph run as the font will draw it (pdfkit's units, 1000 per em). */
export type Shape = (inline: MergeableInline) => ShapedRun;
/** The `fontFeatures` of a merged inline: the first word's, carrying the merged glyphs to the font's layout (see pdfmake/rtl-hooks.ts). */
export type Carry = (features: unknown, run: ShapedRun) => unknown;

/** Merges neighbours of a placed line (visual order, left to right) that are drawn alike. */
export function mergeInlines<T extends MergeableInline>(inlines: T[], shape: Shape, carry: Carry, alsoAlone: readonly string[] = []): T[] {
  const out: T[] = [];
  for (let i = 0; i < inlines.length; ) {
    let j = i + 1;
    while (j < inlines.length && drawnAlike(inlines[i]!, inlines[j]!, alsoAlone)) j++;
    out.push(...(j - i > 1 ? merge(inlines.slice(i, j), shape, carry) : [inlines[i]!]));
    i = j;
  }
  return out;
}

/** Whether two words may share a text object: drawn alike, and neither alone by nature. */
export function drawnAlike(a: MergeableInline, b: MergeableInline, alsoAlone: readonly string[] = []): boolean {
  for (const k of ALONE) if (a[k] != null || b[k] != null) return false;
  for (const k of alsoAlone) if (a[k] != null || b[k] != null) return false;
  for (const k of DRAWN) if (a[k] !== b[k]) return false;
  return true;
}

/** One inline for `parts`; the parts unchanged when the first has nothing to draw (no glyph to carry a gap). */
function merge<T extends MergeableInline>(parts: T[], shape: Shape, carry: Carry): T[] {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const toUnits = 1000 / first.fontSize;
  const glyphs: ShapedRun['glyphs'] = [];
  const positions: ShapedRun['positions'] = [];
  let pen = 0;
  for (const part of parts) {
    const run = shape(part);
    if (run.glyphs.length === 0) continue;
    if (positions.length === 0 && part !== first) return parts;
    // Move the pen from where the previous glyphs left it to where this word was placed.
    const target = (part.x - first.x) * toUnits;
    // The cached run is shared: the one glyph whose advance changes is copied first.
    const end = positions.length - 1;
    // A word drawn after its space (a right-to-left word's trailing space is drawn first) takes the
    // gap after that space rather than before it: the space, blank, is drawn further left and the
    // letters land where they did. An extractor that starts a new word at a gap wider than a space
    // (PDFBox) then finds the gap behind a space and keeps the run one word, in its order.
    const spaceFirst = end >= 0 && run.glyphs.length > 1 && isSpace(run.glyphs[0]!.codePoints);
    if (end >= 0 && !spaceFirst) positions[end] = { ...positions[end]!, xAdvance: positions[end]!.xAdvance + target - pen };
    for (const g of run.glyphs) glyphs.push(g);
    for (const p of run.positions) positions.push(p);
    if (spaceFirst) positions[end + 1] = { ...positions[end + 1]!, xAdvance: positions[end + 1]!.xAdvance + target - pen };
    pen = target + run.advanceWidth;
  }
  if (positions.length === 0) return parts;
  const advanceWidth = positions.reduce((sum, p) => sum + p.xAdvance, 0);
  const merged: T = { ...first, text: parts.map((p) => p.text).join(''), width: last.x + last.width - first.x };
  // Parts are in visual order; their logical order is the reverse when they run right to left.
  const logical = typeof first.bidiLevel === 'number' && first.bidiLevel % 2 === 1 ? [...parts].reverse() : parts;
  (merged as MergeableInline).logicalText = logical.map((p) => (p.logicalText as string | undefined) ?? p.text).join('');
  if (parts.every((p) => typeof p.bidiIndex === 'number')) (merged as MergeableInline).bidiIndex = Math.min(...parts.map((p) => p.bidiIndex as number));
  merged.fontFeatures = carry(first.fontFeatures, { glyphs, positions, advanceWidth });
  delete merged.justifyShift;
  delete merged.trailingCut;
  delete merged.leadingCut;
  return [merged];
}

function isSpace(codePoints: number[]): boolean {
  return codePoints.length === 1 && codePoints[0] === 0x20;
}
