import { embeddingLevels, baseLevel, paragraphDirection, type Direction } from './bidi.js';

/** A pdfmake inline: text plus style properties. */
export type Inline = { text: string } & Record<string, unknown>;

/** What the layer adds to every inline it prepares; read back by the hooks in ../pdfmake/rtl-hooks.ts. */
export interface BidiMarks {
  /** Resolved embedding level of every character of the inline (runs are split where it changes). */
  bidiLevel: number;
  /** Paragraph base level: 0 LTR, 1 RTL. */
  bidiBase: 0 | 1;
}

export type BidiInline = Inline & BidiMarks;

type InlineDir = Direction | 'auto';

/**
 * A bidi isolate (HTML `dir` on an inline element, `<bdi>`): every inline inside one element shares
 * the same object, so the element's text is isolated as one unit however many styled inlines it has;
 * `parent` is the isolate it is nested in.
 */
export interface BidiIsolate {
  dir: InlineDir;
  parent?: BidiIsolate;
}

// Isolates (LRI, RLI, FSI ... PDI) give an inline with its own `dir` the HTML <bdi>/dir semantics.
// They go only into the text handed to the bidi algorithm, never into an inline's text: not drawn, not copied.
const OPEN: Record<InlineDir, string> = { ltr: '\u2066', rtl: '\u2067', auto: '\u2068' };
const PDI = '\u2069';

const isInlineDir = (d: unknown): d is InlineDir => d === 'ltr' || d === 'rtl' || d === 'auto';

/**
 * Flattens pdfmake's text value (string, inline, nested arrays) into inlines; nested inlines inherit
 * their parent's style, which pdfmake itself does not do. A `dir` on an inline (or on an inline
 * holding others) becomes one isolate around all of its text.
 */
export function flattenText(text: unknown, inherited: Record<string, unknown> = {}): Inline[] {
  if (text === null || text === undefined) return [];
  if (Array.isArray(text)) return text.flatMap((t) => flattenText(t, inherited));
  if (typeof text === 'object') {
    const { text: inner, dir, ...style } = text as Record<string, unknown>;
    const merged = { ...inherited, ...style };
    if (isInlineDir(dir)) merged.bidiIsolate = { dir, parent: inherited.bidiIsolate as BidiIsolate | undefined } satisfies BidiIsolate;
    if (Array.isArray(inner) || (inner !== null && typeof inner === 'object')) return flattenText(inner, merged);
    return [{ ...merged, text: inner === undefined || inner === null ? '' : String(inner) }];
  }
  return [{ ...inherited, text: String(text) }];
}

/**
 * The paragraph's text as the bidi algorithm sees it: the inlines' texts with isolate marks where
 * isolates open and close, and where each inline's text lies in it.
 */
export function isolatedText(inlines: Inline[]): { text: string; spans: { start: number; end: number }[] } {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  let open: BidiIsolate[] = [];
  for (const inline of inlines) {
    const chain = isolateChain(inline);
    let shared = 0;
    while (shared < open.length && shared < chain.length && open[shared] === chain[shared]) shared++;
    for (let j = open.length - 1; j >= shared; j--) text += PDI;
    for (let j = shared; j < chain.length; j++) text += OPEN[chain[j]!.dir];
    open = chain;
    const start = text.length;
    text += inline.text;
    spans.push({ start, end: text.length });
  }
  text += PDI.repeat(open.length);
  return { text, spans };
}

/** The isolates an inline is in, outermost first (an unflattened inline's own `dir` is one of its own). */
function isolateChain(inline: Inline): BidiIsolate[] {
  let isolate = inline.bidiIsolate as BidiIsolate | undefined;
  if (!isolate && isInlineDir(inline.dir)) isolate = { dir: inline.dir };
  const chain: BidiIsolate[] = [];
  for (let i = isolate; i; i = i.parent) chain.unshift(i);
  return chain;
}

/**
 * Splits inlines wherever the embedding level changes, so that each piece can be shaped in one
 * direction and reordered as a unit after line breaking. Levels come from the whole paragraph,
 * not from each inline, because neutrals take their direction from their neighbours.
 */
export function splitByLevel(inlines: Inline[], dir: Direction): BidiInline[] {
  const base = baseLevel(dir);
  // Text handed to the bidi algorithm: inline texts, with isolate marks around inlines that carry `dir`.
  const { text: joined, spans } = isolatedText(inlines);
  const levels = embeddingLevels(joined, dir);
  const out: BidiInline[] = [];
  inlines.forEach((inline, k) => {
    const { start, end } = spans[k]!;
    const { dir: _ignored, bidiIsolate: _isolate, ...style } = inline;
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
