// The orthography rules, one string at a time: what a Persian editor corrects, and what is left alone.
import { describe, expect, it } from 'vitest';
import { applyEdits, findSlips, slipWords } from '../../src/orthography/rules.js';

const Z = '\u200c';
/** The string with every slip corrected. */
const fixed = (s: string) => applyEdits(s, findSlips(s).flatMap((x) => x.edits));
/** Each slip as `rule: «was» → «will»`, ZWNJ shown as `+` so a reader of the test sees it. */
const shown = (s: string) =>
  findSlips(s).map((x) => {
    const { was, will } = slipWords(s, x);
    return `${x.rule}: «${was}» → «${will.replaceAll(Z, '+')}»`;
  });

describe('affixes typed with a space instead of a ZWNJ', () => {
  it('joins the verb prefix می/نمی to its verb', () => {
    expect(shown('درگیری جدید برانگیخته می شود.')).toEqual(['prefix: «می شود» → «می+شود»']);
    expect(fixed('من نمی دانم و او می دانست')).toBe(`من نمی${Z}دانم و او می${Z}دانست`);
    expect(fixed('می توان گفت')).toBe(`می${Z}توان گفت`);
    expect(fixed('استفاده می کرده اند')).toBe(`استفاده می${Z}کرده${Z}اند`);
  });

  it('leaves «می» the noun alone (wine), and «می» before a word that is no verb', () => {
    for (const s of ['جام می ناب نوشید', 'ساقی می بیار', 'خود را می', 'بوی می و گل', 'می را نوشید']) expect(findSlips(s), s).toEqual([]);
  });

  it('joins the prefix بی to the word it negates, but not in spelt-out Latin letters', () => {
    expect(fixed('بحث های بی طرفانه و بی رویه')).toBe(`بحث${Z}های بی${Z}طرفانه و بی${Z}رویه`);
    for (const s of ['گزارش بی بی سی', 'خودروی بی ام و', 'بی ایکس']) expect(findSlips(s), s).toEqual([]);
  });

  it('joins the plural suffix ها and its forms', () => {
    expect(shown('اکثر دولت ها آماده اند')).toEqual(['plural: «دولت ها» → «دولت+ها»', 'suffix: «آماده اند» → «آماده+اند»']);
    expect(fixed('درگیری های قدیمی، کتاب هایی و آن ها')).toBe(`درگیری${Z}های قدیمی، کتاب${Z}هایی و آن${Z}ها`);
    expect(fixed('سنت ها، فرهنگ')).toBe(`سنت${Z}ها، فرهنگ`);
  });

  it('leaves «ها» after Latin text, a number or a function word alone', () => {
    for (const s of ['گوشی iPhone ها را خرید', 'گزارش BBC ها', 'دهه ۱۹۹۰ ها', 'و ها']) expect(findSlips(s), s).toEqual([]);
  });

  it('joins ای/ی and the short verb endings after a silent ه', () => {
    expect(fixed('منطقه ای و همه ی مردم')).toBe(`منطقه${Z}ای و همه${Z}ی مردم`);
    expect(fixed('آمده اند و رفته ام')).toBe(`آمده${Z}اند و رفته${Z}ام`);
  });

  it('leaves ای after a consonant ه (راه، دانشگاه) and the vocative after a function word alone', () => {
    for (const s of ['راه ای', 'دانشگاه ای', 'که ای دوست', 'ای ایران']) expect(findSlips(s), s).toEqual([]);
  });

  it('joins the comparative تر/ترین, but not «تر و تازه» (wet)', () => {
    expect(fixed('سلاح های مدرن تر و بزرگ ترین کشور')).toBe(`سلاح${Z}های مدرن${Z}تر و بزرگ${Z}ترین کشور`);
    expect(findSlips('باران تر و تازه کرد')).toEqual([]);
    expect(findSlips('لباس تر و خشک')).toEqual([]);
  });

  it('joins the compounds of its list, and no other pair', () => {
    expect(fixed('کمیته بین المللی و روابط بین الملل')).toBe(`کمیته بین${Z}المللی و روابط بین${Z}الملل`);
    expect(fixed('رئیس جمهور روسیه و نظم تک قطبی')).toBe(`رئیس${Z}جمهور روسیه و نظم تک${Z}قطبی`);
    for (const s of ['بین الف و ب', 'نخست وزیر گفت', 'رئیس جمهوری اسلامی', 'هم زمان']) expect(findSlips(s), s).toEqual([]);
  });

  it('changes nothing that is already right', () => {
    const right = `دولت${Z}ها می${Z}گویند که روابط بین${Z}المللی تک${Z}قطبی نیست.`;
    expect(findSlips(right)).toEqual([]);
  });
});

describe('letters and digits', () => {
  it('Arabic kaf and yeh become the Persian letters, one slip per word', () => {
    expect(shown('يك كتاب')).toEqual(['arabic-letter: «يك» → «یک»', 'arabic-letter: «كتاب» → «کتاب»']);
    expect(findSlips('كتاب')[0]!.advice).toBe('Arabic kaf ك (U+0643): write the Persian letter');
    expect(findSlips('يك')[0]!.advice).toBe('Arabic yeh ي (U+064A) and kaf ك (U+0643): write the Persian letters');
    expect(fixed('مي شود')).toBe(`می${Z}شود`);
  });

  it('Arabic-Indic digits become Persian; a number in two systems gets the system most of its digits are in', () => {
    expect(fixed('سال ١٤٠٢')).toBe('سال ۱۴۰۲');
    expect(fixed('عدد ۱۲3')).toBe('عدد ۱۲۳');
    expect(fixed('سال ۲0۲۳')).toBe('سال ۲۰۲۳');
    expect(fixed('سال 202۳')).toBe('سال 2023');
    expect(findSlips('سال ۱۴۰۲ و 2023 و ۳٫۵')).toEqual([]);
  });
});

describe('space before punctuation', () => {
  it('removes the space before ، ؛ ؟ . : ! » ) after Persian text', () => {
    expect(fixed('گفت : «سلام» .')).toBe('گفت: «سلام».');
    expect(fixed('آیا می آیی ؟')).toBe(`آیا می${Z}آیی؟`);
    expect(fixed('(پرانتز ) و «گیومه »')).toBe('(پرانتز) و «گیومه»');
    expect(fixed('اول ، دوم ؛ سوم !')).toBe('اول، دوم؛ سوم!');
  });

  it('leaves an ellipsis, a time, a decimal point and Latin text alone', () => {
    for (const s of ['سه نقطه . . .', 'ساعت ۱۰ : ۳۰', 'عدد .5 درصد', 'Army-2023 )', 'the end .', 'نشست (MCIS) :']) expect(findSlips(s), s).toEqual([]);
  });
});

describe('what is never touched', () => {
  it('a URL or an e-mail address inside Persian text', () => {
    expect(findSlips('نشانی https://example.com/می_شود ها و www.x.ir/كتاب و a.ك@x.com')).toEqual([]);
  });

  it('Latin text, in any case', () => {
    expect(findSlips('Moscow Conference on International Security : MCIS , 2023')).toEqual([]);
  });
});

describe("briefing's own Persian labels", () => {
  it('are written as the rules want them, «هم‌زمان با» with its ZWNJ', async () => {
    const { labelsFor } = await import('../../src/view/labels.js');
    const fa = labelsFor('fa');
    expect(fa.alongside).toBe(`هم${Z}زمان با`);
    const texts = Object.values(fa).filter((v): v is string => typeof v === 'string');
    expect(texts.flatMap((t) => findSlips(t).map((s) => slipWords(t, s).was))).toEqual([]);
  });
});

describe('words typed with Arabic letters', () => {
  it('are read as their Persian forms by the spacing rules: «اين ها» is «این ها», «كه ای» is «که ای»', () => {
    expect(shown('اين ها')).toEqual(['arabic-letter: «اين» → «این»', 'plural: «اين ها» → «اين+ها»']);
    expect(findSlips('كه ای').map((s) => s.rule)).toEqual(['arabic-letter']);
  });
});
