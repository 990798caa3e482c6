/**
 * What a Persian editor corrects in typed text without touching a word: an affix or a compound
 * typed with a space where a zero-width non-joiner (ZWNJ, U+200C, نیم‌فاصله) belongs, Arabic kaf
 * and yeh pasted in for the Persian letters, Arabic-Indic or mixed digits inside one number, and a
 * space before punctuation. Each rule finds slips in one string; a slip carries the exact edits
 * that correct it (space → ZWNJ, a letter for its Persian form, a digit for its Persian form, a
 * space removed), so a fix never changes the letters of a word and a quote stays verbatim.
 *
 * The rules are narrow on purpose: a false warning teaches an author to ignore them all. Each one
 * names the context it needs (an Arabic-script word before, a verb-like word after) and the words
 * it leaves alone, and the tests pin both.
 */

export type RuleId = 'prefix' | 'plural' | 'suffix' | 'comparative' | 'compound' | 'arabic-letter' | 'digits' | 'punctuation-space';

/** One change to a string: `length` characters at `at` replaced by `insert`. */
export interface Edit {
  at: number;
  length: number;
  insert: string;
}

export interface Slip {
  rule: RuleId;
  /** The words the slip is shown with, as offsets into the string (`«می شود»`). */
  start: number;
  end: number;
  edits: Edit[];
  /** What to do, without the words: `write the prefix with a zero-width non-joiner`. */
  advice: string;
}

export const ZWNJ = '\u200c';

// Arabic-script letters and their marks (harakat, superscript alef), without digits or punctuation.
const AL = '\\u0620-\\u064A\\u064B-\\u065F\\u066E-\\u06D3\\u06D5\\u06EE\\u06EF\\u06FA-\\u06FC\\u06FF\\u0670\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFC';
// Anything a word is made of, in any script: a match next to one of these is inside a word.
const WORD_CHAR = `\\p{L}\\p{M}\\p{Nd}${ZWNJ}\\u200d`;
const AFTER_WORD = `(?![${WORD_CHAR}])`;
const BEFORE_WORD = `(?<![${WORD_CHAR}])`;
// A match starts where a Persian word does, never inside one: a pattern tried at every letter of a
// long run would cost its length squared (a 10,000-letter run took over a second).
const WORD_START = `(?<![${AL}${ZWNJ}])`;

/**
 * Words a rule must not glue an affix to or from: «و ها», «که ای», «می را» are two words, not a
 * word and its affix (a wine «می» followed by «را», a vocative «ای» after «که»).
 */
const FUNCTION_WORDS = new Set(['و', 'را', 'که', 'از', 'به', 'در', 'با', 'تا', 'یا', 'هم', 'نه', 'چه', 'اما', 'ولی', 'بر', 'هر', 'یک', 'ای', 'این', 'آن', 'او', 'ما', 'شما', 'من', 'تو']);

/** A word's letters as the rules read them: Arabic kaf and yeh as the Persian ones. */
const persianLetters = (s: string) => s.replace(/\u0643/g, '\u06a9').replace(/\u064a/g, '\u06cc');
const functionWord = (word: string) => FUNCTION_WORDS.has(persianLetters(word));

/**
 * After «می»/«نمی» a verb follows, and a Persian verb form ends in a personal ending (م ی د یم ید
 * ند), a past stem (د ت), or a perfect participle (ه: «می کرده اند»); «می‌توان» is the one common
 * form that ends otherwise. «می» the noun (wine: «جام می ناب», «ساقی می بیار») is followed by
 * other words, which this leaves alone.
 */
function verbLike(word: string): boolean {
  const w = persianLetters(word).replace(/[\u064b-\u065f\u0670]/g, '');
  if (functionWord(w)) return false;
  return /[میدته]$/u.test(w) || w === 'توان';
}

// An affix typed as its own word: a space, the affix, and no more letters.
const PREFIX = new RegExp(`${BEFORE_WORD}(ن?[م][ی\\u064a]) ([${AL}][${AL}${ZWNJ}]*)`, 'gu');
const BI = new RegExp(`${BEFORE_WORD}(ب[ی\\u064a]) ([${AL}][${AL}${ZWNJ}]*)`, 'gu');
/**
 * «بی» before a word of three letters or more is the prefix (بی‌طرفانه، بی‌رویه); before a letter's
 * name it spells out Latin letters (بی بی سی، بی ام و) and is left alone.
 */
const LETTER_NAMES = new Set(['بی', 'سی', 'دی', 'ای', 'اف', 'جی', 'اچ', 'ام', 'ان', 'او', 'پی', 'آر', 'اس', 'تی', 'یو', 'وی', 'کیو', 'ایکس', 'وای', 'زد', 'کی']);
const PLURAL = new RegExp(`${WORD_START}([${AL}][${AL}${ZWNJ}]*) (ها(?:ی|یی|یم|یت|یش|یمان|یتان|یشان)?)${AFTER_WORD}`, 'gu');
// After a final ه (منطقه، آمده); findSlips leaves out «اه», where ه is a consonant.
const AFTER_HEH = new RegExp(`${WORD_START}([${AL}][${AL}${ZWNJ}]*ه) (ای|ی|ایم|اید|اند|ام|ات|اش)${AFTER_WORD}`, 'gu');
const COMPARATIVE = new RegExp(`${WORD_START}([${AL}][${AL}${ZWNJ}]*) (تر|تری|ترین|ترها)${AFTER_WORD}`, 'gu');

/**
 * Compounds written as one word with a ZWNJ, whose parts never stand side by side as two words in
 * another sense. A short list kept by hand, not a dictionary: each entry is a common slip in
 * political and news text. «نخست وزیر» is not here: it may also read «نخست، وزیر …» (first, the minister …).
 */
const COMPOUNDS: [RegExp, string][] = [
  [new RegExp(`${BEFORE_WORD}(بین) (الملل|المللی|الدول|الدولی)${AFTER_WORD}`, 'gu'), 'write the compound with a zero-width non-joiner'],
  // Not «رئیس جمهوری»: in «رئیس جمهوری اسلامی» the head is of the Islamic Republic, two words.
  [new RegExp(`${BEFORE_WORD}(رئیس) (جمهور)${AFTER_WORD}`, 'gu'), 'write the compound with a zero-width non-joiner'],
  [new RegExp(`${BEFORE_WORD}(تک) (قطبی)${AFTER_WORD}`, 'gu'), 'write the compound with a zero-width non-joiner'],
];

/** URLs and e-mail addresses are left as typed. An address starts after a space or a bracket, never inside a word (tried at every character, it took time squared). */
const UNTOUCHABLE = /\b(?:https?:\/\/|www\.)[^\s«»"]+|(?<![^\s«»"(])[^\s@«»"(]+@[^\s@«»"]+\.[^\s«»"]+/giu;

/** Every slip in one string of Persian text, in order. Slips of different rules may overlap. */
export function findSlips(text: string): Slip[] {
  const kept = protectedRanges(text);
  const free = (from: number, to: number) => !kept.some(([s, e]) => from < e && to > s);
  const slips: Slip[] = [];
  // Every spacing pattern is: its first group, the space, the rest.
  const space = (rule: RuleId, m: RegExpMatchArray, advice: string) => {
    const at = m.index! + m[1]!.length;
    slips.push({ rule, start: m.index!, end: m.index! + m[0].length, edits: [{ at, length: 1, insert: ZWNJ }], advice });
  };

  for (const m of text.matchAll(PREFIX)) {
    if (!verbLike(m[2]!)) continue;
    // The whole verb is shown, up to its end: «می کرده اند» shows «می کرده».
    space('prefix', m, 'write the prefix with a zero-width non-joiner');
  }
  for (const m of text.matchAll(BI)) {
    const word = persianLetters(m[2]!);
    if (word.length < 3 || LETTER_NAMES.has(word) || functionWord(word)) continue;
    space('prefix', m, 'write the prefix with a zero-width non-joiner');
  }
  for (const m of text.matchAll(PLURAL)) {
    // «این ها», «آن ها» are the plural pronouns (این‌ها، آن‌ها).
    if (functionWord(m[1]!) && !['این', 'آن'].includes(persianLetters(m[1]!))) continue;
    space('plural', m, 'write the plural suffix with a zero-width non-joiner');
  }
  for (const m of text.matchAll(AFTER_HEH)) {
    // «راه ای», «دانشگاه ای»: after «اه» the ه is a consonant and the suffix joins it («راهی»); not a ZWNJ slip.
    if (functionWord(m[1]!) || m[1]!.endsWith('اه')) continue;
    space('suffix', m, 'write the suffix with a zero-width non-joiner');
  }
  for (const m of text.matchAll(COMPARATIVE)) {
    if (functionWord(m[1]!)) continue;
    // «تر و تازه», «تر و خشک»: «تر» is the adjective wet there, not the comparative.
    if (m[2] === 'تر' && /^ و (?:تازه|خشک)/u.test(text.slice(m.index + m[0].length))) continue;
    space('comparative', m, 'write the comparative suffix with a zero-width non-joiner');
  }
  for (const [pattern, advice] of COMPOUNDS) {
    for (const m of text.matchAll(pattern)) space('compound', m, advice);
  }
  slips.push(...arabicLetters(text), ...digitSlips(text), ...punctuationSpaces(text));
  return slips.filter((s) => free(s.start, s.end)).sort((a, b) => a.start - b.start || a.end - b.end);
}

function protectedRanges(text: string): [number, number][] {
  return [...text.matchAll(UNTOUCHABLE)].map((m) => [m.index, m.index + m[0].length]);
}

const ARABIC_LETTERS: Record<string, { name: string; persian: string }> = {
  '\u0643': { name: 'kaf ك (U+0643)', persian: 'ک' },
  '\u064a': { name: 'yeh ي (U+064A)', persian: 'ی' },
};

/** Arabic kaf and yeh (pasted from Arabic sources) in a Persian word: one slip per word. */
function arabicLetters(text: string): Slip[] {
  const slips: Slip[] = [];
  for (const m of text.matchAll(new RegExp(`${WORD_START}[${AL}${ZWNJ}]*[\\u0643\\u064a][${AL}${ZWNJ}]*`, 'gu'))) {
    const edits: Edit[] = [];
    const names = new Set<string>();
    [...m[0]].forEach((ch, i) => {
      const arabic = ARABIC_LETTERS[ch];
      if (!arabic) return;
      edits.push({ at: m.index + i, length: 1, insert: arabic.persian });
      names.add(arabic.name);
    });
    const letters = [...names];
    const advice = `Arabic ${letters.join(' and ')}: write the Persian ${letters.length > 1 ? 'letters' : 'letter'}`;
    slips.push({ rule: 'arabic-letter', start: m.index, end: m.index + m[0].length, edits, advice });
  }
  return slips;
}

const LATIN_DIGIT = /[0-9]/;
const PERSIAN_DIGIT = /[\u06f0-\u06f9]/;
const ARABIC_DIGIT = /[\u0660-\u0669]/;

/**
 * A number written in two digit systems («۲0۲۳»), or in Arabic-Indic digits (٤٥٦, drawn unlike
 * the Persian ۴۵۶): its digits in one system, the one most of them are in (Persian on a tie).
 */
function digitSlips(text: string): Slip[] {
  const slips: Slip[] = [];
  const NUMBER = /[0-9\u06f0-\u06f9\u0660-\u0669]+(?:[.,\u066b\u066c/:][0-9\u06f0-\u06f9\u0660-\u0669]+)*/gu;
  for (const m of text.matchAll(NUMBER)) {
    const digits = [...m[0]];
    const latin = digits.filter((d) => LATIN_DIGIT.test(d)).length;
    const eastern = digits.filter((d) => PERSIAN_DIGIT.test(d) || ARABIC_DIGIT.test(d)).length;
    const arabic = digits.some((d) => ARABIC_DIGIT.test(d));
    if (!arabic && (latin === 0 || eastern === 0)) continue;
    const toLatin = latin > eastern;
    const edits: Edit[] = [];
    digits.forEach((d, i) => {
      const value = digitValue(d);
      if (value === undefined) return;
      const want = toLatin ? String(value) : String.fromCharCode(0x06f0 + value);
      if (want !== d) edits.push({ at: m.index + i, length: 1, insert: want });
    });
    const advice = latin > 0 && eastern > 0 ? `one number in two digit systems: write its digits in one (${toLatin ? 'Latin' : 'Persian'})` : 'Arabic-Indic digits: write the Persian digits';
    slips.push({ rule: 'digits', start: m.index, end: m.index + m[0].length, edits, advice });
  }
  return slips;
}

function digitValue(d: string): number | undefined {
  const c = d.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0;
  if (c >= 0x660 && c <= 0x669) return c - 0x660;
  return undefined;
}

/**
 * A space before « ، ؛ ؟ . : ! » ) » after Persian text: the mark belongs to the word before it (a
 * line could start with it). Not after Latin text, not in «. . .», a decimal point or a time («۱۰ : ۳۰»).
 */
const PERSIAN_CHAR = new RegExp(`[${AL}\\u06f0-\\u06f9\\u0660-\\u0669]`, 'u');

function punctuationSpaces(text: string): Slip[] {
  const slips: Slip[] = [];
  const pattern = new RegExp(`(?<![${AL}\\u06f0-\\u06f9\\u0660-\\u0669»)])([${AL}\\u06f0-\\u06f9\\u0660-\\u0669»)]+)([ \\t]+)([،؛؟.:!»)])`, 'gu');
  for (const m of text.matchAll(pattern)) {
    const mark = m[3]!;
    // «(MCIS) :» — only brackets and quotes before the space: what they close is not known to be Persian.
    if (!PERSIAN_CHAR.test(m[1]!)) continue;
    const next = text[m.index + m[0].length] ?? '';
    const before = text[m.index + m[1]!.length - 1]!;
    if (mark === '.' && (/^[ \t]*\./u.test(text.slice(m.index + m[0].length)) || /[\p{L}\p{Nd}]/u.test(next))) continue;
    if (mark === ':' && /^[ \t]*\p{Nd}/u.test(text.slice(m.index + m[0].length)) && /\p{Nd}/u.test(before)) continue;
    const at = m.index + m[1]!.length;
    slips.push({ rule: 'punctuation-space', start: m.index, end: m.index + m[0].length, edits: [{ at, length: m[2]!.length, insert: '' }], advice: `no space before «${mark}»` });
  }
  return slips;
}

/**
 * The string with the slips' edits made. Edits are applied from the end; one that overlaps an edit
 * already taken (two rules on one character) is skipped, so every character changes at most once.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.at - b.at || a.length - b.length);
  const taken: Edit[] = [];
  for (const e of sorted) {
    const last = taken.at(-1);
    if (last && (e.at < last.at + last.length || (e.at === last.at && e.length === 0 && last.length === 0))) continue;
    taken.push(e);
  }
  let out = text;
  for (const e of taken.reverse()) out = out.slice(0, e.at) + e.insert + out.slice(e.at + e.length);
  return out;
}

/** The words of a slip as they are and as they will be, for messages: `«می شود»` and `«می‌شود»`. */
export function slipWords(text: string, slip: Slip): { was: string; will: string } {
  const was = text.slice(slip.start, slip.end);
  const will = applyEdits(was, slip.edits.map((e) => ({ ...e, at: e.at - slip.start })));
  return { was, will };
}
