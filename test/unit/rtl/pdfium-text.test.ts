// The model of PDFium's line text (copy-text.ts) and its inverse, which cuts the runs' ActualText.
import { describe, expect, it } from 'vitest';
import { pdfiumCopy, pdfiumLineTexts, pdfiumSource } from '../../../src/pdf/rtl/copy-text.js';

const LINES = [
  'کنفرانس امنیت بین‌المللی مسکو (Moscow Conference on International Security-MCIS) رویدادی سالانه است.',
  'نرخ رشد ۳٫۵٪ بود و بودجه به 12,400 میلیون رسید؛ تاریخ ابلاغ ۱۴۰۲/۰۵/۲۴ است.',
  'او گفت: «همکاری ما علیه کشورهای ثالث نیست.» آیا پاسخی داده شد؟',
  'متن کامل در https://example.com/mcis/2023?lang=fa و نشانی info@example.com در دسترس است.',
  'The data are clear: without shared rivers there is no shared future. این جمله را گفتم',
  'سخنرانی وزیر (به نقل از خبرگزاری اسپوتنیک (نسخهٔ فارسی)) منتشر شد.',
];

describe("PDFium's line text", () => {
  it('reverses a Latin phrase inside Persian word by word and leaves a bracket after it unmirrored, as Chrome does with any PDF', () => {
    // Text drawn «تسشن (Regional Food) رد» left to right (Persian words spelled backwards): the
    // segments are emitted last first; «Food» and «Regional» keep their spelling, their order flips.
    expect(pdfiumCopy('تسشن (Regional Food) رد')).toBe('در (Food Regional (نشست');
  });

  it('gives back each line from the text made for it', () => {
    for (const line of LINES) expect(pdfiumCopy(pdfiumSource(line))).toBe(line);
  });

  it('cuts a line into the runs drawn left to right, or gives up when PDFium would not copy it back', () => {
    // Two runs: «است ۳٫۵٪» as typed (logical) is drawn as the number on the left, the word on the right.
    const runs = ['۳٫۵٪', ' است'];
    const cut = pdfiumLineTexts(runs, [1, 0]);
    expect(cut).toBeDefined();
    expect(cut!.map((t) => [...t].length)).toEqual(runs.map((t) => [...t].length));
    expect(pdfiumCopy(cut!.join(''))).toBe(' است۳٫۵٪');
  });
});
