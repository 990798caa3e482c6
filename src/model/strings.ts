// Checks every string of a briefing, whatever field it is in (fields added later included):
// characters that cannot be written into XML or shown safely on a terminal, and the size limits.

/**
 * C0 controls except TAB, LF and CR; DEL; C1 controls; lone surrogates; U+FFFE and U+FFFF.
 * None can appear in XML 1.0 (NUL and most C0) or is meant for text (the rest): a reader sees
 * nothing or a box, EPUBCheck rejects the book, and a terminal runs ESC and BEL as commands.
 */
export const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const FORBIDDEN_G = new RegExp(FORBIDDEN.source, 'gu');

/** Every control character, TAB, LF and CR included: a diagnostic is one line. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x1b: 'ESC', 0x7f: 'DEL', 0x85: 'NEL' };

/** `U+001B (ESC)`: how a message names a character it must not print. */
export function codePoint(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const name = NAMES[cp] ?? (cp >= 0xd800 && cp <= 0xdfff ? 'a lone surrogate' : cp >= 0xfffe ? 'a noncharacter' : cp >= 0x80 ? 'C1 control' : 'control');
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} (${name})`;
}

/** Text safe to print on a terminal: every control character written as \u{1b}. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

const EMBEDDINGS = '\u202a\u202b\u202d\u202e';
const ISOLATES = '\u2066\u2067\u2068';
const BIDI_NAMES: Record<string, string> = {
  '\u202a': 'LRE', '\u202b': 'RLE', '\u202c': 'PDF', '\u202d': 'LRO', '\u202e': 'RLO',
  '\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI', '\u2069': 'PDI',
};

/**
 * A bidi embedding, override or isolate left open at the end of a field (or a closing one with
 * nothing to close) would reach past the field: an unterminated RLO in a name reverses the role
 * printed after it, in every output. Each must be closed, in order, within the field that opens it.
 */
export function unbalancedBidi(value: string): { char: string; message: string } | undefined {
  if (!/[\u202a-\u202e\u2066-\u2069]/.test(value)) return undefined;
  const open: { char: string; at: number }[] = [];
  let at = 0;
  for (const ch of value) {
    at++;
    const top = open.at(-1);
    if (EMBEDDINGS.includes(ch) || ISOLATES.includes(ch)) open.push({ char: ch, at });
    else if (ch === '\u202c' || ch === '\u2069') {
      const closes = ch === '\u202c' ? EMBEDDINGS : ISOLATES;
      if (!top || !closes.includes(top.char)) {
        const name = `U+${ch.codePointAt(0)!.toString(16).toUpperCase()} (${BIDI_NAMES[ch]})`;
        return { char: ch, message: `contains the bidi control ${name} at character ${at} with nothing to close${top ? ` (the ${BIDI_NAMES[top.char]} at character ${top.at} is still open)` : ''}: remove it` };
      }
      open.pop();
    }
  }
  const left = open.at(-1);
  if (!left) return undefined;
  const name = `U+${left.char.codePointAt(0)!.toString(16).toUpperCase()} (${BIDI_NAMES[left.char]})`;
  const closer = EMBEDDINGS.includes(left.char) ? 'U+202C (PDF)' : 'U+2069 (PDI)';
  return { char: left.char, message: `contains the bidi control ${name} at character ${left.at}, never closed: it would reorder the text after this field; close it with ${closer} or remove it` };
}

/** Input limits (README, "Input limits"): past these a build would take minutes and gigabytes. */
export const LIMITS = {
  fileBytes: 2 * 1024 * 1024,
  stringChars: 10_000,
  statements: 2_000,
  paragraphs: 10_000,
  participants: 1_000,
  themes: 500,
  /** Themes × speakers (participants with a statement): the size of the theme × speaker table. */
  matrixCells: 20_000,
  /** Characters printed once per row or statement (names in the table, theme titles of statements): about 150 pages each. */
  repeatedChars: 500_000,
} as const;

type PathKey = string | number;
export interface StringProblem {
  path: PathKey[];
  /** Set when the problem is in a field's name rather than its value. */
  key?: string;
  /** The offending character, so the loader can point at it when it stands in the source as typed. */
  char?: string;
  message: string;
}

/** Finds forbidden characters and over-long strings in every value and field name of the data. */
export function checkStrings(data: unknown): StringProblem[] {
  const problems: StringProblem[] = [];
  const seen = new WeakSet<object>();
  const visit = (value: unknown, path: PathKey[]) => {
    if (typeof value === 'string') {
      const bad = FORBIDDEN.exec(value);
      if (bad) {
        const count = value.match(FORBIDDEN_G)!.length;
        const at = [...value.slice(0, bad.index)].length + 1;
        problems.push({ path, char: bad[0], message: `contains the control character ${codePoint(bad[0])} at character ${at}${count > 1 ? ` (and ${count - 1} more)` : ''}: remove it` });
      }
      const bidi = unbalancedBidi(value);
      if (bidi) problems.push({ path, char: bidi.char, message: bidi.message });
      if (value.length > LIMITS.stringChars) {
        problems.push({ path, message: `is ${value.length.toLocaleString('en')} characters long; the limit is ${LIMITS.stringChars.toLocaleString('en')} (split it into paragraphs)` });
      }
      return;
    }
    // Aliases can make the data circular; each object is visited once.
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      const bad = FORBIDDEN.exec(k);
      if (bad) problems.push({ path, key: k, char: bad[0], message: `a field name contains the control character ${codePoint(bad[0])}: remove it` });
      visit(v, [...path, k]);
    }
  };
  visit(data, []);
  return problems;
}
