import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeInlines, type MergeableInline } from '../../../src/pdf/rtl/merge.js';
import { carryShaped, directedFeatures, shapedOf, shapeRun, type FontkitFont, type ShapedRun } from '../../../src/pdf/rtl/shaping.js';

const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): FontkitFont };
const font = fontkit.openSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vazirmatn', 'fonts', 'ttf', 'Vazirmatn-Regular.ttf'));
const SIZE = 11;
const shape = (i: MergeableInline): ShapedRun => shapeRun(font, i.text, [], i.bidiLevel === 1 ? 'rtl' : 'ltr');

/** A placed line (visual order) as the RTL layer leaves it: words at x, justified gaps between them. */
function line(words: string[], extra: Partial<MergeableInline>[] = []): MergeableInline[] {
  let x = 0;
  return words.map((text, k) => {
    const inline: MergeableInline = { text, x, width: 0, fontSize: SIZE, font: 'F', color: '#1a1a1a', bidiLevel: 1, fontFeatures: directedFeatures([], 'rtl'), ...extra[k] };
    inline.width = (shape(inline).advanceWidth * SIZE) / 1000;
    x += inline.width + 3.7 * (k + 1); // uneven gaps, as justification leaves them
    return inline;
  });
}

/**
 * Where each glyph of a drawn inline starts, in points from the line's left edge; a space (blank)
 * as NaN: a word drawn after its space takes the gap behind that space (merge.ts).
 */
function glyphStarts(inline: MergeableInline): number[] {
  const run = shapedOf(inline.fontFeatures) ?? shape(inline);
  let pen = inline.x;
  return run.positions.map((p, k) => {
    const at = pen;
    pen += (p.xAdvance * inline.fontSize) / 1000;
    return run.glyphs[k]!.codePoints.join() === '32' ? NaN : at;
  });
}

describe('merging the words of a placed line into one text object', () => {
  it('draws every glyph where the words were placed, with one inline for the line', () => {
    const words = line(['گفت ', 'وزیر ', 'دفاع ', '۱۴۰۲ ', 'سلام']);
    const before = words.flatMap(glyphStarts);
    const merged = mergeInlines(words, shape, carryShaped);
    expect(merged).toHaveLength(1);
    const after = merged.flatMap(glyphStarts);
    expect(after).toHaveLength(before.length);
    after.forEach((x, k) => (Number.isNaN(x) ? expect(before[k]).toBeNaN() : expect(x).toBeCloseTo(before[k]!, 6)));
    expect(merged[0]!.text).toBe('گفت وزیر دفاع ۱۴۰۲ سلام');
    expect(merged[0]!.width).toBeCloseTo(words.at(-1)!.x + words.at(-1)!.width - words[0]!.x, 6);
  });

  it('keeps words apart that are drawn differently, link elsewhere, or belong to another element', () => {
    const structureA = { id: 1 };
    const structureB = { id: 2 };
    const words = line(['یک ', 'دو ', 'سه ', 'چهار ', 'پنج ', 'شش ', 'هفت'], [
      { structure: structureA },
      { structure: structureA },
      { structure: structureA, color: '#ff0000' },
      { structure: structureA, link: 'https://example.org' },
      { structure: structureA, link: 'https://example.org' },
      { structure: structureB },
      { structure: structureB },
    ]);
    const merged = mergeInlines(words, shape, carryShaped);
    // A link's words share one text object and one annotation, apart from the rest; a new element starts a new text object.
    expect(merged.map((i) => i.text)).toEqual(['یک دو ', 'سه ', 'چهار پنج ', 'شش هفت']);
    expect(merged.map((i) => i.link ?? null)).toEqual([null, null, 'https://example.org', null]);
    expect(merged.flatMap(glyphStarts).map((x) => x.toFixed(4))).toEqual(words.flatMap(glyphStarts).map((x) => x.toFixed(4)));
  });

  it('leaves a line of one word, and words without glyphs at its start, as they were', () => {
    const one = line(['سلام']);
    expect(mergeInlines(one, shape, carryShaped)[0]).toBe(one[0]);
    const marks = line(['\u200f', 'سلام']);
    expect(mergeInlines(marks, shape, carryShaped)).toEqual(marks);
  });
});

describe('the gap of a justified right-to-left line', () => {
  it('comes after a word\'s space, not before it (PDFBox starts a new word after a gap unless it follows a space)', () => {
    // Visual order: the line's last word at the left; each other word's space at its left end.
    const words = line(['دفاع', 'وزیر ', 'گفت ']);
    const [merged] = mergeInlines(words, shape, carryShaped);
    const run = shapedOf(merged!.fontFeatures)!;
    const space = (k: number) => run.glyphs[k]!.codePoints.join() === '32';
    // Every glyph advanced well beyond its own width (a gap folded in, not kerning) is a space.
    run.positions.forEach((p, k) => {
      if (p.xAdvance > run.glyphs[k]!.advanceWidth + 100) expect(space(k), `glyph ${k}`).toBe(true);
    });
  });
});
