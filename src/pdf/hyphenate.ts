/**
 * English hyphenation for the PDF. Words get soft hyphens (U+00AD) where Liang's patterns (TeX's,
 * through the `hyphen` package) allow a break; pdfmake's line breaker (UAX #14) takes each as a break
 * opportunity, and the RTL layer draws a hyphen where a line ends at one, its width counted when the
 * line is filled (pdfmake/rtl-hooks.ts). Inside a line a soft hyphen draws nothing and copies as
 * nothing (rtl/shaping.ts drops it).
 *
 * As an English typesetter would: at least two letters before a break and three after (TeX's
 * \lefthyphenmin and \righthyphenmin for English); words of six lower-case letters or more only, so
 * that names, acronyms, words with digits and short words are never broken, nor addresses (a word
 * touching `/`, `.`, `@`, `:` or `_`) nor the parts of a hyphenated compound. British patterns
 * unless the briefing says `en-US`.
 */
export type Hyphenate = (text: string) => string;

const SHY = '\u00ad';
const LEFT_MIN = 2;
const RIGHT_MIN = 3;
/** A lower-case word standing alone: not part of a longer run of letters, digits or an address. */
const WORD = /(?<![\p{L}\p{M}\p{N}/.@:_\u00ad\u2010\u2011-])\p{Ll}{6,}(?![\p{L}\p{M}\p{N}/@:_\u00ad\u2010\u2011-]|\.\p{L})/gu;

type Patterns = { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };

/** Whether a language tag is English (`en`, `en-GB`, `en-us`, …). */
export function isEnglish(lang: string): boolean {
  return /^en(-|$)/i.test(lang);
}

/**
 * One hyphenator per pattern set and thread: a briefing whose layout is chosen is laid out twice
 * (a trial brief, then the report), and a batch's files share their words.
 */
const hyphenators = new Map<'en-us' | 'en-gb', Promise<Hyphenate>>();

/** The hyphenator for a briefing's language, or undefined when it is not English (no patterns are loaded). */
export function hyphenatorFor(lang: string): Promise<Hyphenate | undefined> {
  if (!isEnglish(lang)) return Promise.resolve(undefined);
  const set = lang.toLowerCase() === 'en-us' ? 'en-us' : 'en-gb';
  let made = hyphenators.get(set);
  if (!made) hyphenators.set(set, (made = loadHyphenator(set)));
  return made;
}

async function loadHyphenator(set: 'en-us' | 'en-gb'): Promise<Hyphenate> {
  const loaded = (set === 'en-us' ? await import('hyphen/en-us/index.js') : await import('hyphen/en-gb/index.js')) as { default?: Patterns } & Patterns;
  const patterns: Patterns = loaded.default ?? loaded;
  // A word's breaks depend on the word alone.
  const cache = new Map<string, string>();
  const word = (w: string): string => {
    let out = cache.get(w);
    if (out === undefined) {
      const parts = patterns.hyphenateSync(w, { hyphenChar: SHY, minWordLength: LEFT_MIN + RIGHT_MIN }).split(SHY);
      out = joinParts(parts);
      cache.set(w, out);
    }
    return out;
  };
  return (text) => text.replace(WORD, word);
}

/** The word's pieces joined again, with a soft hyphen only where both sides keep their minimum of letters. */
function joinParts(parts: string[]): string {
  const total = parts.reduce((n, p) => n + p.length, 0);
  let out = parts[0] ?? '';
  let before = out.length;
  for (const part of parts.slice(1)) {
    out += before >= LEFT_MIN && total - before >= RIGHT_MIN ? `${SHY}${part}` : part;
    before += part.length;
  }
  return out;
}
