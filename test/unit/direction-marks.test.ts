// The EPUB's and HTML page's inlines with their own direction start and end with a mark of it, so
// MuPDF keeps brackets and the text after a Latin name in place (README, "The EPUB").
import { describe, expect, it } from 'vitest';
import { markInlineDirections } from '../../src/render/direction-marks.js';

const LRM = '\u200e';
const RLM = '\u200f';

describe('direction marks', () => {
  it('mark an inline by its dir, and a dir="auto" one by its first strong character', () => {
    expect(markInlineDirections('<p>جین دو <span dir="ltr">(Jane Doe)</span>، تحلیلگر</p>')).toBe(`<p>جین دو <span dir="ltr">${LRM}(Jane Doe)${LRM}</span>، تحلیلگر</p>`);
    expect(markInlineDirections('<p>The <span dir="rtl">نشست</span> met.</p>')).toBe(`<p>The <span dir="rtl">${RLM}نشست${RLM}</span> met.</p>`);
    expect(markInlineDirections('<p><bdi dir="auto">«نشست» 2024</bdi> <bdi dir="auto">(2024) NATO</bdi></p>')).toBe(
      `<p><bdi dir="auto">${RLM}«نشست» 2024${RLM}</bdi> <bdi dir="auto">${LRM}(2024) NATO${LRM}</bdi></p>`,
    );
  });

  it('leave alone an auto inline with no strong character, a block with its own dir, and markup without dir', () => {
    expect(markInlineDirections('<p><span dir="auto">(2024)</span></p>')).toBe('<p><span dir="auto">(2024)</span></p>');
    expect(markInlineDirections('<p dir="ltr">Text</p>')).toBe('<p dir="ltr">Text</p>');
    expect(markInlineDirections('<p>متن <b>پررنگ</b></p>')).toBe('<p>متن <b>پررنگ</b></p>');
  });
});
