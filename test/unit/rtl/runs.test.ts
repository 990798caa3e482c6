import { describe, expect, it } from 'vitest';
import { paragraphDirection } from '../../../src/pdf/rtl/bidi.js';
import { flattenText, isolatedText, splitByLevel } from '../../../src/pdf/rtl/runs.js';

const pieces = (text: string | object[], dir: 'rtl' | 'ltr') => splitByLevel(flattenText(text), dir).map((p) => [p.text, p.bidiLevel]);

describe('paragraph direction (P2/P3)', () => {
  it('takes the first strong character', () => {
    expect(paragraphDirection('The conference ran in Kubinka.', 'rtl')).toBe('ltr');
    expect(paragraphDirection('۱۴۰۲ کنفرانس MCIS', 'ltr')).toBe('rtl');
    expect(paragraphDirection('"MCIS" کنفرانس', 'rtl')).toBe('ltr');
  });
  it('falls back when there is no strong character, and skips isolates', () => {
    expect(paragraphDirection('۱۴۰۲/۰۵/۲۴', 'rtl')).toBe('rtl');
    expect(paragraphDirection('12,400', 'ltr')).toBe('ltr');
    expect(paragraphDirection('\u2066MCIS\u2069 کنفرانس', 'ltr')).toBe('rtl');
  });
});

describe('run splitting by embedding level', () => {
  it('keeps a Persian paragraph in one run at level 1', () => {
    expect(pieces('سالانه است.', 'rtl')).toEqual([['سالانه است.', 1]]);
  });
  it('puts Latin and digit runs at level 2, with the spaces between them', () => {
    expect(pieces('مسکو (Moscow Conference) رویداد', 'rtl')).toEqual([
      ['مسکو (', 1],
      ['Moscow Conference', 2],
      [') رویداد', 1],
    ]);
  });
  it('gives Persian and Latin digit runs an even level (drawn left to right)', () => {
    const p = pieces('تاریخ ۱۴۰۲/۰۵/۲۴ و 12,400 است', 'rtl');
    expect(p).toContainEqual(['۱۴۰۲/۰۵/۲۴', 2]);
    expect(p).toContainEqual(['12,400', 2]);
  });
  it('leaves a number range separator at the paragraph level', () => {
    expect(pieces('روزهای ۱۴–۱۶ اوت', 'rtl')).toEqual([
      ['روزهای ', 1],
      ['۱۴', 2],
      ['–', 1],
      ['۱۶', 2],
      [' اوت', 1],
    ]);
  });
  it('splits styled inlines and keeps their style', () => {
    const out = splitByLevel(flattenText([{ text: 'نمایندهٔ ' }, { text: 'NATO', bold: true }, { text: ' و' }]), 'rtl');
    expect(out.map((p) => [p.text, p.bidiLevel, p.bold ?? false, p.bidiBase])).toEqual([
      ['نمایندهٔ ', 1, false, 1],
      ['NATO', 2, true, 1],
      [' و', 1, false, 1],
    ]);
  });
  it('nests levels: Persian inside an LTR quote inside Persian', () => {
    // Without markup a Persian word between Latin words is simply level 1 again...
    expect(pieces('او گفت "The name is کنفرانس here" و رفت', 'rtl').map(([, l]) => l)).toEqual([1, 2, 1, 2, 1]);
    // ...inside an inline marked ltr (an isolate) it is nested: 1 < 2 < 3.
    const out = splitByLevel(flattenText([{ text: 'او گفت ' }, { text: 'The name is کنفرانس here', dir: 'ltr' }, { text: ' و رفت' }]), 'rtl');
    expect(out.map((p) => [p.text, p.bidiLevel])).toEqual([
      ['او گفت ', 1],
      ['The name is ', 2],
      ['کنفرانس', 3],
      [' here', 2],
      [' و رفت', 1],
    ]);
  });
  it('isolates an inline that carries its own dir', () => {
    const out = splitByLevel(flattenText([{ text: 'نشانی ' }, { text: 'a.b@c.d', dir: 'ltr' }, { text: ' است' }]), 'rtl');
    expect(out.map((p) => [p.text, p.bidiLevel])).toEqual([
      ['نشانی ', 1],
      ['a.b@c.d', 2],
      [' است', 1],
    ]);
    expect(out.every((p) => !('dir' in p))).toBe(true);
  });
  it('flattens nested inlines with their parent style', () => {
    expect(flattenText({ text: [{ text: 'a' }, { text: ['b', { text: 'c', bold: true }] }], color: 'red' })).toEqual([
      { text: 'a', color: 'red' },
      { text: 'b', color: 'red' },
      { text: 'c', bold: true, color: 'red' },
    ]);
  });
});

describe('isolates over several inlines', () => {
  it('isolates an inline holding styled inlines as one unit, so a neutral at its end stays inside', () => {
    // HTML: نشانی <span dir="ltr">version <b>2.0</b>!</span> است : "!" belongs to the LTR span.
    const out = splitByLevel(flattenText(['نشانی ', { text: ['version ', { text: '2.0', bold: true }, '!'], dir: 'ltr' }, ' است']), 'rtl');
    expect(out.map((p) => [p.text, p.bidiLevel])).toEqual([
      ['نشانی ', 1],
      ['version ', 2],
      ['2.0', 2],
      ['!', 2],
      [' است', 1],
    ]);
    // One isolate around the three inlines, not one each (separate isolates are ordered right to left).
    const marked = isolatedText(flattenText(['نشانی ', { text: ['version ', { text: '2.0', bold: true }, '!'], dir: 'ltr' }, ' است'])).text;
    expect(marked).toBe('نشانی \u2066version 2.0!\u2069 است');
    expect(out.every((p) => !('dir' in p) && !('bidiIsolate' in p))).toBe(true);
  });
});
