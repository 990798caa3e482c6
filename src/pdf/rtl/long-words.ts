/**
 * A word wider than its column must break inside the column, with nothing lost (CSS
 * `overflow-wrap: anywhere`). pdfmake breaks a too-long word only in free text: in a table cell
 * (and a quote is a one-cell table) the word widens the column past the page and the rest is cut
 * off. So every long word gets break opportunities before layout: a zero-width space (U+200B) every
 * `SEGMENT` characters. Between two letters that join (Persian, Arabic) a zero-width joiner (U+200D)
 * stands on both sides of it, so each piece is shaped as if the word went on: the letters keep
 * their joined forms across the break. The shaper draws none of these characters (shaping.ts
 * drops default ignorables), so the text copied or extracted from the PDF is the word as written.
 */

/** Words up to this many characters are left alone: they fit any column the templates make. */
export const LONG_WORD = 20;
/** Characters between break opportunities in a long word. */
export const SEGMENT = 10;

const ZWSP = '\u200b';
const ZWJ = '\u200d';
const WORD = new RegExp(`[^\\s\\u200b]{${LONG_WORD + 1},}`, 'gu');
const MARK = /\p{M}/u;
// Letters that join on the side facing the next letter (dual-joining) and letters that join to the previous one.
const JOINS_NEXT = /[\u0626\u0628\u062a-\u062e\u0633-\u063a\u0640-\u0647\u0649\u064a\u066e\u066f\u0678-\u0687\u069a-\u06bf\u06c1\u06c2\u06cc\u06ce\u06d0\u06d1\u06fa-\u06fc\u06ff]/u;
const JOINS_PREVIOUS = /[\u0622-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff]/u;

export function breakLongWords(text: string): string {
  if (text.length <= LONG_WORD) return text;
  return text.replace(WORD, (word) => {
    const chars = [...word];
    let out = '';
    let run = 0;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      const next = chars[i + 1];
      out += ch;
      run++;
      // Never between a letter and its marks.
      if (run >= SEGMENT && next !== undefined && !MARK.test(next)) {
        const joined = baseLetter(chars, i) !== undefined && JOINS_NEXT.test(baseLetter(chars, i)!) && JOINS_PREVIOUS.test(next);
        out += joined ? ZWJ + ZWSP + ZWJ : ZWSP;
        run = 0;
      }
    }
    return out;
  });
}

/** The letter that a run of marks ending at `i` belongs to. */
function baseLetter(chars: string[], i: number): string | undefined {
  let k = i;
  while (k >= 0 && MARK.test(chars[k]!)) k--;
  return k >= 0 ? chars[k] : undefined;
}
