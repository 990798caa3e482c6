import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cacheKey, installedVersion, readCached, writeCached } from '../io/cache.js';
import { fontFaces } from './index.js';

const require = createRequire(import.meta.url);

export interface MissingGlyph {
  /** Field path inside the briefing, e.g. `statements.3.text.0`. */
  path: (string | number)[];
  char: string;
  codePoint: number;
}

interface GlyphSource {
  hasGlyphForCodePoint(cp: number): boolean;
}

// Format and layout controls draw nothing, so no font needs a glyph for them.
const INVISIBLE = /[\t\n\r\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

let covered: Set<number> | undefined;

/**
 * Every code point some embedded face has a glyph for. Reading it from the fonts means loading
 * fontkit and decoding two cmaps (~0.1 s, at the end of every build); the set depends on the fonts'
 * bytes only, so it is kept in the disk cache (src/io/cache.ts) under their hash.
 */
function coveredCodePoints(): Set<number> {
  if (covered) return covered;
  const all = new Set<number>();
  for (const face of fontFaces()) {
    const bytes = readFileSync(face.path);
    const key = cacheKey('font-coverage', [bytes, installedVersion(require.resolve('fontkit'))]);
    let list = readCached('font-coverage', key);
    if (!list) {
      const fontkit = require('fontkit') as { create(buffer: Buffer): GlyphSource & { characterSet: number[] } };
      const font = fontkit.create(bytes);
      const points = font.characterSet.filter((cp) => font.hasGlyphForCodePoint(cp));
      list = Buffer.alloc(points.length * 4);
      points.forEach((cp, i) => list!.writeUInt32LE(cp, i * 4));
      writeCached('font-coverage', key, list);
    }
    for (let i = 0; i + 4 <= list.length; i += 4) all.add(list.readUInt32LE(i));
  }
  return (covered = all);
}

/** Every character of every text field that no embedded font can draw, once per field and character. */
export function findMissingGlyphs(data: unknown): MissingGlyph[] {
  const faces = coveredCodePoints();
  const missing: MissingGlyph[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      const seen = new Set<string>();
      for (const char of value) {
        if (seen.has(char) || INVISIBLE.test(char)) continue;
        seen.add(char);
        const codePoint = char.codePointAt(0)!;
        if (!faces.has(codePoint)) missing.push({ path, char, codePoint });
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(data, []);
  return missing;
}

export function describeMissingGlyph(m: MissingGlyph): string {
  const hex = m.codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `the embedded fonts have no glyph for "${m.char}" (U+${hex}); it will show as a blank or a box`;
}
