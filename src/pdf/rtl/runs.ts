import { embeddingLevels, baseLevel, paragraphDirection, type Direction } from './bidi.js';

/** A pdfmake inline: text plus style properties. */
export type Inline = { text: string } & Record<string, unknown>;

/** What the layer adds to every inline it prepares; read back by the hooks in install.ts. */
export interface BidiMarks {
  /** Resolved embedding level of every character of the inline (runs are split where it changes). */
  bidiLevel: number;
  /** Paragraph base level: 0 LTR, 1 RTL. */
  bidiBase: 0 | 1;
}

export type BidiInline = Inline & BidiMarks;

type InlineDir = Direction | 'auto';

// Isolates (LRI, RLI, FSI ... PDI) give an inline with its own `dir` the HTML <bdi>/dir semantics.
const OPEN: Record<InlineDir, string> = { ltr: '\u2066', rtl: '\u2067', auto: '\u2068' };
const PDI = '\u2069';

/**
 * Flattens pdfmake's text value (string, inline, nested arrays) into inlines; nested inlines inherit
 * their parent's style, which pdfmake itself does not do.
 */
export function flattenText(text: unknown, inherited: Record<string, unknown> = {}): Inline[] {
  if (text === null || text === undefined) return [];
  if (Array.isArray(text)) return text.flatMap((t) => flattenText(t, inherited));
  if (typeof text === 'object') {
    const { text: inner, ...style } = text as Record<string, unknown>;
    const merged = { ...inherited, ...style };
    if (Array.isArray(inner) || (inner !== null && typeof inner === 'object')) return flattenText(inner, merged);
    return [{ ...merged, text: inner === undefined || inner === null ? '' : String(inner) }];
  }
  return [{ ...inherited, text: String(text) }];
}

/**
 * Splits inlines wherever the embedding level changes, so that each piece can be shaped in one
 * direction and reordered as a unit after line breaking. Levels come from the whole paragraph,
 * not from each inline, because neutrals take their direction from their neighbours.
 */
export function splitByLevel(inlines: Inline[], dir: Direction): BidiInline[] {
  const base = baseLevel(dir);
  // Text handed to the bidi algorithm: inline texts, with isolate marks around inlines that carry `dir`.
  let joined = '';
  const spans: { start: number; end: number }[] = [];
  for (const inline of inlines) {
    const own = inline.dir;
    const isolate = own === 'ltr' || own === 'rtl' || own === 'auto' ? (own as InlineDir) : null;
    if (isolate) joined += OPEN[isolate];
    const start = joined.length;
    joined += inline.text;
    spans.push({ start, end: joined.length });
    if (isolate) joined += PDI;
  }
  const levels = embeddingLevels(joined, dir);
  const out: BidiInline[] = [];
  inlines.forEach((inline, k) => {
    const { start, end } = spans[k]!;
    const { dir: _ignored, ...style } = inline;
    if (start === end) {
      out.push({ ...style, text: '', bidiLevel: base, bidiBase: base });
      return;
    }
    let from = start;
    for (let i = start + 1; i <= end; i++) {
      // Never cut a surrogate pair: both halves belong to one character.
      if (i < end && (levels[i] === levels[from] || isLowSurrogate(joined.charCodeAt(i)))) continue;
      out.push({ ...style, text: joined.slice(from, i), bidiLevel: levels[from]!, bidiBase: base });
      from = i;
    }
  });
  return out;
}

/** Paragraph direction from `dir`; 'auto' looks at the first strong character (P2/P3). */
export function resolveDirection(dir: unknown, text: string, fallback: Direction): Direction {
  if (dir === 'rtl' || dir === 'ltr') return dir;
  if (dir === 'auto') return paragraphDirection(text, fallback);
  return fallback;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
