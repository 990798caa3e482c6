import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';

export type Direction = 'rtl' | 'ltr';

// bidi-js ships CommonJS (`module.exports = factory`) with an ESM-style `export default` typing;
// loading it through require avoids the default-import mismatch under NodeNext.
const bidiFactory = createRequire(import.meta.url)('bidi-js') as () => Bidi;

/** The one UAX #9 implementation used by the layer (levels, mirroring, character types). */
export const bidi: Bidi = bidiFactory();

/** Base level of a direction: 0 for LTR, 1 for RTL. */
export function baseLevel(dir: Direction): 0 | 1 {
  return dir === 'rtl' ? 1 : 0;
}

export function isRtlLevel(level: number): boolean {
  return (level & 1) === 1;
}

/**
 * Direction of a paragraph by its first strong character (UAX #9 P2/P3), skipping isolates;
 * `fallback` when the text has no strong character (digits, punctuation only).
 */
export function paragraphDirection(text: string, fallback: Direction): Direction {
  return firstStrongDirection(text) ?? fallback;
}

/** The direction of the first strong character (P2, isolates skipped), undefined when there is none. */
export function firstStrongDirection(text: string): Direction | undefined {
  let isolates = 0;
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'LRI' || type === 'RLI' || type === 'FSI') isolates++;
    else if (type === 'PDI') isolates = Math.max(0, isolates - 1);
    else if (isolates === 0) {
      if (type === 'L') return 'ltr';
      if (type === 'R' || type === 'AL') return 'rtl';
      // A paragraph separator ends the first paragraph: P2 looks no further.
      if (type === 'B') return undefined;
    }
  }
  return undefined;
}

/**
 * Resolved embedding levels of `text` laid out in a paragraph of direction `dir` (UAX #9 P-W-N-I
 * rules, L1 for the paragraph end). Most paragraphs need no resolution at all (see `singleLevel`):
 * they get the paragraph's level without running the algorithm, which is the costly part of bidi.
 */
export function embeddingLevels(text: string, dir: Direction): Uint8Array {
  if (singleLevel(text, dir)) return new Uint8Array(text.length).fill(baseLevel(dir));
  return bidi.getEmbeddingLevels(text, dir).levels;
}

// What a UTF-16 code unit (bidi-js classifies code units, so this does too) can do to the levels.
const STRONG_R = 1; // R, AL
const STRONG_L = 2; // L
const DIGIT = 4; // EN: raised to level 2 in a right-to-left paragraph
const ARABIC_NUMBER = 8; // AN: level 2 either way
const EXPLICIT = 16; // embeddings, overrides, isolates: new levels
const NEUTRAL = 32; // WS, ON, ES, ET, CS, NSM, BN, S, B
const CLASS_OF: Record<string, number> = {
  R: STRONG_R, AL: STRONG_R, L: STRONG_L, EN: DIGIT, AN: ARABIC_NUMBER,
  LRE: EXPLICIT, RLE: EXPLICIT, LRO: EXPLICIT, RLO: EXPLICIT, PDF: EXPLICIT, LRI: EXPLICIT, RLI: EXPLICIT, FSI: EXPLICIT, PDI: EXPLICIT,
};
const classes = new Uint8Array(0x10000);

/**
 * Whether every character of `text` ends at the paragraph's own level. That holds when the text has
 * no strong character of the other direction, no Arabic number, no explicit embedding or isolate,
 * and (in a right-to-left paragraph) no European digit: W1-W7 then leave only the paragraph's own
 * strong type and neutrals, N1/N2 give the neutrals that type too (sos and eos are of the
 * paragraph's direction), and I1/I2 raise nothing. A property test checks this against bidi-js.
 */
export function singleLevel(text: string, dir: Direction): boolean {
  const blocked = dir === 'rtl' ? STRONG_L | DIGIT | ARABIC_NUMBER | EXPLICIT : STRONG_R | ARABIC_NUMBER | EXPLICIT;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let cls = classes[unit]!;
    if (cls === 0) classes[unit] = cls = CLASS_OF[bidi.getBidiCharTypeName(text[i]!)] ?? NEUTRAL;
    if (cls & blocked) return false;
  }
  return true;
}
