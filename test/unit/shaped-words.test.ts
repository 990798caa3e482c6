// A word shaped in one document of a thread is replayed, not shaped again, in the next document
// sharing the font (src/pdf/pdfmake/shaped-words.ts); what the later document embeds (glyph ids, the
// characters each glyph copies as, positions) must be what shaping afresh gives, or a batch's PDFs
// would depend on which files a thread wrote before them.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapeWord } from '../../src/pdf/pdfmake/shaped-words.js';
import { shapeRun, type FontkitFont, type ShapedRun } from '../../src/pdf/rtl/shaping.js';

type Font = FontkitFont & { _glyphs: object; getGlyph(id: number, characters?: number[]): { codePoints: number[] } };
const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): Font };
const fontPath = join(import.meta.dirname, '..', '..', 'node_modules', 'vazirmatn', 'fonts', 'ttf', 'Vazirmatn-Regular.ttf');
const open = () => fontkit.openSync(fontPath);

// Joined and non-joining letters, ZWNJ, a lam-alef ligature, marks, brackets, digits, Latin.
const WORDS = ['می‌خواهند', 'گفت‌وگو', 'لا', 'الله', 'هٔ', '(اسلام)', '«نشست»', '۱۴۰۲', 'MCIS', 'کِتاب'];
const dirOf = (w: string) => (/^[A-Z۰-۹]/.test(w) ? 'ltr' : 'rtl');

/** What a document embeds of a run: each glyph's id and copy text, and its position. */
const embedded = (run: ShapedRun) => run.glyphs.map((g, i) => ({ id: g.id, text: String.fromCodePoint(...g.codePoints), at: run.positions[i] }));

/** Counts the font's own shaping calls. */
function countLayouts(font: Font): () => number {
  let n = 0;
  const layout = font.layout;
  font.layout = function (this: Font, ...args: Parameters<Font['layout']>) {
    n++;
    return layout.apply(this, args);
  };
  return () => n;
}

describe('words shaped once per thread', () => {
  it("gives a later document the glyphs, copy texts and positions shaping afresh gives, without shaping again", () => {
    const shared = open();
    WORDS.forEach((w) => shapeWord(shared, w, [], dirOf(w)));
    // The next document sharing the font starts with fontkit's glyph store empty (rtl-hooks.ts).
    shared._glyphs = {};
    const layouts = countLayouts(shared);
    // In another order than the first document's, as another briefing would ask for them.
    const order = [...WORDS].reverse();
    const replayed = order.map((w) => embedded(shapeWord(shared, w, [], dirOf(w))));
    const fresh = open();
    const afresh = order.map((w) => embedded(shapeRun(fresh, w, [], dirOf(w))));
    expect(replayed).toEqual(afresh);
    expect(layouts()).toBe(0);
  });

  it('shapes a word afresh when a glyph it needs was first asked for with other characters in this document', () => {
    const shared = open();
    shapeWord(shared, 'الله', [], 'rtl');
    shared._glyphs = {};
    const alef = shared.glyphForCodePoint(0x627).id;
    shared._glyphs = {};
    // A glyph the word's shaping asks for, made first with other characters (as a presentation form
    // that is the same glyph would make it: U+FE8E is Vazirmatn's final alef): its copy text is those characters.
    shared.getGlyph(alef, [0x41]);
    const layouts = countLayouts(shared);
    const replayed = embedded(shapeWord(shared, 'الله', [], 'rtl'));
    const fresh = open();
    fresh.getGlyph(alef, [0x41]);
    expect(replayed).toEqual(embedded(shapeRun(fresh, 'الله', [], 'rtl')));
    expect(replayed.map((g) => g.text).join('')).toContain('A');
    expect(layouts()).toBe(1);
  });

  it('keeps words apart by direction and features', () => {
    // The same text in two directions, and with Vazirmatn's ss01 (other digits): four runs, each
    // as shaping afresh in the same order gives it.
    const asked = [['۱۲۳', [], 'rtl'], ['۱۲۳', [], 'ltr'], ['1234', [], 'ltr'], ['1234', ['ss01'], 'ltr']] as const;
    const font = open();
    const fresh = open();
    const runs = asked.map(([w, f, d]) => embedded(shapeWord(font, w, f, d)));
    expect(runs).toEqual(asked.map(([w, f, d]) => embedded(shapeRun(fresh, w, f, d))));
    expect(runs[0]!.map((g) => g.text).join('')).toBe('۳۲۱');
    expect(runs[1]!.map((g) => g.text).join('')).toBe('۱۲۳');
    expect(runs[3]!.map((g) => g.id)).not.toEqual(runs[2]!.map((g) => g.id));
  });

  it('keeps apart a tag holding a comma and two tags', () => {
    const shared = open();
    shapeWord(shared, '1234', ['ss01', 'x'], 'ltr');
    shared._glyphs = {};
    const one = embedded(shapeWord(shared, '1234', ['ss01,x'], 'ltr'));
    expect(one).toEqual(embedded(shapeRun(open(), '1234', ['ss01,x'], 'ltr')));
  });
});
