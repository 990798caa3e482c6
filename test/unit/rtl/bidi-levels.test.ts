// The shortcut for paragraphs that need no bidi resolution gives exactly bidi-js's levels.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidi, embeddingLevels, singleLevel } from '../../../src/pdf/rtl/bidi.js';

// Persian and Arabic letters, Latin, both kinds of digits, Arabic-Indic digits (AN), spaces, ZWNJ,
// marks, punctuation and brackets, a tab and a newline, isolates and embeddings, an astral character.
const PIECES = [
  'سلام', 'گزارش', 'مسکو', 'کنفرانس', 'ها', 'می‌شود', '\u200c', '\u200d', 'َ', 'ّ', 'abc', 'NATO', 'Sputnik',
  '۱۴۰۲', '۲', '2023', '7', '٣', ' ', '  ', '\u00a0', '.', '،', '؛', '؟', ':', '-', '–', '%', '٪', '$', '+', '/', ',',
  '(', ')', '«', '»', '[', ']', '"', "'", '\t', '\n', '\u2067', '\u2066', '\u2068', '\u2069', '\u202b', '\u202a', '\u202c',
  '\u200f', '\u200e', '\u061c', '🙂', '…',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));
const dir = fc.constantFrom<'rtl' | 'ltr'>('rtl', 'ltr');

describe('embedding levels', () => {
  it('equal bidi-js for any text, shortcut or not', () => {
    fc.assert(
      fc.property(text, dir, (t, d) => {
        expect([...embeddingLevels(t, d)]).toEqual([...bidi.getEmbeddingLevels(t, d).levels]);
      }),
      { numRuns: 3000 },
    );
  });

  it('take the shortcut for a plain Persian sentence and not where digits or Latin need resolving', () => {
    expect(singleLevel('این گزارش، «کوتاه» است.', 'rtl')).toBe(true);
    expect(singleLevel('در سال ۱۴۰۲ برگزار شد.', 'rtl')).toBe(false);
    expect(singleLevel('به گفتهٔ NATO', 'rtl')).toBe(false);
    expect(singleLevel('A plain English sentence, with 2023 in it.', 'ltr')).toBe(true);
    expect(singleLevel('English with سلام inside', 'ltr')).toBe(false);
  });
});
