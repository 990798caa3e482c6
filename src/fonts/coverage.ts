import { createRequire } from 'node:module';
import { fontFaces } from './index.js';

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

let fonts: GlyphSource[] | undefined;
function loadFonts(): GlyphSource[] {
  if (!fonts) {
    const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): GlyphSource };
    fonts = fontFaces().map((f) => fontkit.openSync(f.path));
  }
  return fonts;
}

/** Every character of every text field that no embedded font can draw, once per field and character. */
export function findMissingGlyphs(data: unknown): MissingGlyph[] {
  const faces = loadFonts();
  const missing: MissingGlyph[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      const seen = new Set<string>();
      for (const char of value) {
        if (seen.has(char) || INVISIBLE.test(char)) continue;
        seen.add(char);
        const codePoint = char.codePointAt(0)!;
        if (!faces.some((f) => f.hasGlyphForCodePoint(codePoint))) missing.push({ path, char, codePoint });
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
