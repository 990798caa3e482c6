// The model of MuPDF 1.28's pairing of ActualText with glyphs (copy-text.ts, stext-device.c
// `do_extract_within_actualtext`) and the cut of the runs' ActualText made for it.
import { describe, expect, it } from 'vitest';
import { mupdfLineTexts, mupdfRead, mupdfSpans } from '../../../src/pdf/rtl/copy-text.js';

const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);
const text = (read: { char: number }[]) => String.fromCodePoint(...read.map((r) => r.char));
/** A run's glyphs as MuPDF reads them, one character each; `�` for the reserved `lt` (no ToUnicode text). */
const glyphs = (s: string) => [...s].map((c) => [c.codePointAt(0)!]);
const read = (drawn: string, actual: string) => text(mupdfRead(mupdfSpans(glyphs(drawn), 0).spans, cps(actual)));

describe("MuPDF's pairing of ActualText with glyphs", () => {
  it('sends glyphs that read as the ActualText as they are, and the ActualText where they differ', () => {
    expect(read('نیا رد', 'نیا رد')).toBe('نیا رد');
    // A bracket drawn as typed first, where the ActualText has it mirrored for PDFium: a span of its own.
    expect(read('(نیا رد', ')نیا رد')).toBe(')نیا رد');
  });

  it('sends a matching end twice after a difference: the rest of the ActualText is counted in UTF-8 bytes', () => {
    // A bracket in the middle: « رد» matches at the end; MuPDF sends «) ر» (3 of the 6 bytes of «) رد»
    // less the 3 characters matched), then the glyphs « رد».
    expect(read('نیا( رد', 'نیا) رد')).toBe('نیا) ر رد');
    // In ASCII the count is right: nothing twice.
    expect(read('ab(cd', 'ab)cd')).toBe('ab)cd');
  });

  it('reads a text object from the left-to-right level: the reserved space glyphs before the letters are a span of their own', () => {
    const { spans } = mupdfSpans(glyphs('\ufffd نیا'), 0);
    expect(spans.map((s) => s.level)).toEqual([0, 1]);
    // With one space in the ActualText for those two glyphs, the first letter goes with them and the rest comes twice.
    expect(read('\ufffd نیا', ' نیا')).toBe(' نیایا');
    // With two, each character once.
    expect(read('\ufffd نیا', '  نیا')).toBe('  نیا');
  });
});

describe('the runs\' ActualText cut for MuPDF', () => {
  it('changes white space only, so that MuPDF reads each character once', () => {
    // A line of two runs (visual order): «رد» on the left, drawn with the reserved space glyphs
    // first (its space after it), and «نیا» on the right; ActualText cut for PDFium.
    const texts = [' رد', 'نیا'];
    const out = mupdfLineTexts(texts, [glyphs('\ufffd رد'), glyphs('نیا')]);
    expect(out.join('').replace(/\s+/g, ' ')).toBe(texts.join('').replace(/\s+/g, ' '));
    out.forEach((t, i) => {
      const drawn = ['\ufffd رد', 'نیا'][i]!;
      expect([...read(drawn, t)].filter((c) => !/\s/.test(c)).join('')).toBe([...t].filter((c) => !/\s/.test(c)).join(''));
    });
  });

  it('leaves texts MuPDF reads once as they are', () => {
    const texts = ['رد ', 'نیا'];
    expect(mupdfLineTexts(texts, [glyphs('رد '), glyphs('نیا')])).toBe(texts);
  });

  it('keeps a run with no text (an isolate\'s marks) empty, and cuts the others', () => {
    // «الف ⁧ب⁩»: the isolate's marks are runs of their own, drawn as nothing.
    const texts = ['', 'ب', '', ' فلا'];
    const out = mupdfLineTexts(texts, [[], glyphs('ب'), [], glyphs('\ufffd فلا')]);
    expect(out).toHaveLength(4);
    expect(out[0]).toBe('');
    expect(out[2]).toBe('');
    expect(out.join('').replace(/\s+/g, ' ')).toBe(texts.join('').replace(/\s+/g, ' '));
  });
});
