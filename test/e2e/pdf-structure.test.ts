// What a PDF reader shows around the text: bookmarks, metadata, language, page furniture.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfOutlineAndInfo, pdfPages, pdfText, root } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';

let pdf: string;

beforeAll(async () => {
  ({ pdf } = await sharedBuild(join(root, 'data', 'mcis-2023.yaml')));
});

describe('MCIS PDF structure', () => {
  it('has Persian bookmarks for every part, speaker and theme', async () => {
    const { outline } = await pdfOutlineAndInfo(pdf);
    expect(outline[0]).toBe('نکات مهم یازدهمین کنفرانس امنیت بین‌المللی در مسکو');
    expect(outline).toEqual(expect.arrayContaining(['خلاصه', 'سخنرانان', 'اظهارات', 'محورها', 'منبع']));
    for (const speaker of ['ولادیمیر پوتین', 'شویگو', 'لی شانگفو', 'عزیز نصیرزاده', 'سرگی لاوروف']) {
      expect(outline).toContain(`  ${speaker}`);
    }
    // Speakers nest under "statements", in the order they speak.
    const statements = outline.indexOf('اظهارات');
    expect(outline.slice(statements + 1, statements + 6)).toEqual(['  ولادیمیر پوتین', '  شویگو', '  لی شانگفو', '  عزیز نصیرزاده', '  سرگی لاوروف']);
  });

  it('declares its title, author, subject, keywords and the language fa', async () => {
    const { info } = await pdfOutlineAndInfo(pdf);
    expect(info.Title).toBe('نکات مهم یازدهمین کنفرانس امنیت بین‌المللی در مسکو');
    expect(info.Author).toBe('آران نیوز');
    expect(String(info.Subject)).not.toBe('');
    expect(String(info.Keywords)).toContain('MCIS');
    expect(info.Language).toBe('fa');
  });

  it('numbers its pages in Persian digits', () => {
    const pages = pdfPages(pdf);
    const fa = (n: number) => new Intl.NumberFormat('fa-IR').format(n);
    for (const page of [2, pages]) {
      const text = pdfText(pdf, ['-f', String(page), '-l', String(page)]);
      expect(text).toContain(fa(page));
      expect(text).toContain(fa(pages));
    }
  });
});
