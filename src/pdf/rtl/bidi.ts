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
  let isolates = 0;
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'LRI' || type === 'RLI' || type === 'FSI') isolates++;
    else if (type === 'PDI') isolates = Math.max(0, isolates - 1);
    else if (isolates === 0) {
      if (type === 'L') return 'ltr';
      if (type === 'R' || type === 'AL') return 'rtl';
      // A paragraph separator ends the first paragraph: P2 looks no further.
      if (type === 'B') return fallback;
    }
  }
  return fallback;
}

/** Resolved embedding levels of `text` laid out in a paragraph of direction `dir` (UAX #9 P-W-N-I rules, L1 for the paragraph end). */
export function embeddingLevels(text: string, dir: Direction): Uint8Array {
  return bidi.getEmbeddingLevels(text, dir).levels;
}
