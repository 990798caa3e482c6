import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directedFeatures, directionOf, mirrorText, shapeRun, type FontkitFont } from '../../../src/pdf/rtl/shaping.js';

const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): FontkitFont };
const fontPath = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vazirmatn', 'fonts', 'ttf', 'Vazirmatn-Regular.ttf');
const font = fontkit.openSync(fontPath);
const codePoints = (text: string, dir: 'rtl' | 'ltr') => shapeRun(font, text, [], dir).glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');

describe('shaping in the direction of the bidi level', () => {
  it('draws Persian digits left to right when their level is even', () => {
    // fontkit alone takes them as Arabic script and reverses them (۲۰۴۱)
    expect(codePoints('۱۴۰۲', 'ltr')).toBe('۱۴۰۲');
  });
  it('draws a Persian word right to left with the lam-alef ligature', () => {
    const run = shapeRun(font, 'سلام', [], 'rtl');
    expect(run.glyphs.map((g) => g.codePoints)).toEqual([[0x645], [0x644, 0x627], [0x633]]);
  });
  it('mirrors brackets and guillemets in RTL runs, once', () => {
    expect(mirrorText('(«[<')).toBe(')»]>');
    // glyphs left to right: the logical ")" is drawn first, as "("
    expect(codePoints('(سلام)', 'rtl')[0]).toBe('(');
    expect(codePoints('(abc)', 'ltr')).toBe('(abc)');
  });
  it('keeps ZWNJ as its own zero-width glyph so copy/paste keeps it', () => {
    const run = shapeRun(font, 'می‌شود', [], 'rtl');
    const zwnj = run.glyphs.find((g) => g.codePoints[0] === 0x200c);
    expect(zwnj).toBeDefined();
    expect(run.positions[run.glyphs.indexOf(zwnj!)]!.xAdvance).toBe(0);
    expect(run.glyphs.some((g) => g.codePoints[0] === 0x20)).toBe(false);
  });
  it('drops bidi marks instead of drawing them as spaces', () => {
    expect(codePoints('a\u200fb', 'ltr')).toBe('ab');
  });
  it('gives bidi controls the font has no glyph for no width, even after fontkit has cached .notdef', () => {
    // fontkit caches glyphs by id: .notdef made for another character first keeps that one's code points.
    const fresh = fontkit.openSync(fontPath);
    (fresh as unknown as { getGlyph(id: number): unknown }).getGlyph(0);
    const plain = shapeRun(fresh, 'a b', [], 'ltr').advanceWidth;
    for (const controls of ['a \u2067b\u2069', '\u202ea \u202cb', 'a\u2066 \u2068b\u2069\u2069']) {
      expect(shapeRun(fresh, controls, [], 'ltr').advanceWidth, JSON.stringify(controls)).toBe(plain);
      expect(shapeRun(fresh, controls, [], 'ltr').glyphs.some((g) => g.id === 0)).toBe(false);
    }
  });
  it('carries the direction on fontFeatures without disturbing the feature tags', () => {
    const f = directedFeatures(['tnum'], 'rtl');
    expect([...f]).toEqual(['tnum']);
    expect(directionOf(f)).toBe('rtl');
    expect(directionOf(['tnum'])).toBeUndefined();
    expect([...directedFeatures({ tnum: true, liga: false }, 'ltr')]).toEqual(['tnum']);
  });
});
