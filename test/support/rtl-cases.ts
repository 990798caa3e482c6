// The paragraphs every RTL test sets: /work/shared/rtl-cases.md (as typed, logical order) and our own.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeText } from 'entities';

export type Inline = { text: string; bold?: boolean };
export interface Case {
  id: string;
  /** Logical text, or styled inlines. */
  text: string | Inline[];
  /** Extra node properties (alignment, ...). */
  node?: Record<string, unknown>;
  /** Width of the column the paragraph is set in; full text width when absent. */
  column?: number;
  /** Direction of the paragraph, when not the document's (rtl). */
  dir?: 'ltr' | 'auto';
}

// /work/shared/rtl-cases.md, paragraphs 1-15, as typed (logical order).
const SHARED: Case[] = [
  'کنفرانس امنیت بین‌المللی مسکو رویدادی سالانه است که توسط وزارت دفاع فدراسیون روسیه برگزار می‌شود و نمایندگان کشورهای مختلف در آن دربارهٔ چالش‌ها و تهدیدهای جدید گفت‌وگو می‌کنند.',
  'کنفرانس امنیت بین المللی مسکو (Moscow Conference on International Security-MCIS) رویدادی سالانه است.',
  'بیش از 800 نماینده از 76 کشور در این کنفرانس شرکت کردند.',
  'این نشست در تاریخ ۱۵ اوت ۲۰۲۳ (۲۴ مرداد ۱۴۰۲) برگزار شد.',
  'نرخ رشد ۳٫۵٪ بود و بودجه به 12,400 میلیون رسید؛ تاریخ ابلاغ ۱۴۰۲/۰۵/۲۴ است.',
  'می‌شود، بین‌المللی، کشورهای‌مان، نیم‌فاصله',
  'سالانه، اطلاعات، بلافاصله، الان',
  'او گفت: «همکاری ما علیه کشورهای ثالث نیست.» آیا پاسخی داده شد؟ نه؛ هیچ واکنشی نبود.',
  'وزیر گفت "The era of a unipolar world is over" و سپس به پرسش‌ها پاسخ داد.',
  'The conference ran alongside the Army-2023 forum in Kubinka.',
  'متن کامل در https://example.com/mcis/2023?lang=fa و نشانی info@example.com در دسترس است.',
  'كشورهاي عضو سازمان همكاري شانگهاي',
  'نشست‌های MCIS-11 در روزهای ۱۴–۱۶ اوت برگزار شد.',
  'سخنرانی وزیر (به نقل از خبرگزاری اسپوتنیک (نسخهٔ فارسی)) منتشر شد.',
  'واژه‌ای بسیار بلند مانند «ضدانقلابی‌گری‌هایشان‌ترین‌هایشان‌ترین‌هایشان» نباید از کادر بیرون بزند.',
].map((text, i) => ({ id: `shared-${i + 1}`, text, ...(i === 9 ? { dir: 'auto' as const } : {}) }));

const EXTRA: Case[] = [
  {
    id: 'bold-latin',
    text: [{ text: 'نمایندهٔ ' }, { text: 'NATO', bold: true }, { text: ' و ' }, { text: 'سازمان پیمان امنیت جمعی', bold: true }, { text: ' در نشست ۲۰۲۳ حضور داشتند.' }],
  },
  {
    id: 'wraps-mixed',
    text:
      'در نشست یازدهم (MCIS-11) که از ۱۴ تا ۱۶ اوت 2023 در پارک پاتریوت برگزار شد، نمایندگان 76 کشور دربارهٔ «امنیت جهانی» گفت‌وگو کردند؛ سرگئی شویگو گفت "the era of a unipolar world is over" و افزود که ۳۵٪ هزینه‌ها صرف آموزش می‌شود و گزارش کامل در https://example.com/mcis منتشر شده است.',
    column: 260,
  },
  {
    id: 'justified',
    text: 'سازمان همکاری شانگهای و سازمان پیمان امنیت جمعی در این نشست گزارش‌های خود را دربارهٔ تهدیدهای تروریستی، امنیت اطلاعات و همکاری نظامی ارائه کردند و نمایندگان ۲۳ کشور آفریقایی (از جمله مصر و الجزایر) نیز سخن گفتند.',
    node: { alignment: 'justify' },
    column: 300,
  },
  {
    id: 'narrow-long-word',
    text: 'واژهٔ «ضدانقلابی‌گری‌هایشان‌ترین‌هایشان» در ستون باریک',
    column: 80,
  },
  {
    id: 'ltr-with-persian',
    text: 'The Persian name of the event is کنفرانس امنیت مسکو and it began in 2012.',
    dir: 'auto',
  },
];

export const CASES: Case[] = [...SHARED, ...EXTRA];


export function plain(text: string | Inline[]): string {
  return typeof text === 'string' ? text : text.map((t) => t.text).join('');
}

const fontDir = join(import.meta.dirname, '..', '..', 'node_modules', 'vazirmatn', 'fonts', 'ttf');
export const REGULAR = join(fontDir, 'Vazirmatn-Regular.ttf');
export const BOLD = join(fontDir, 'Vazirmatn-Bold.ttf');

/** The cases as an HTML page for Chromium, one per page (dir="rtl" unless the case says otherwise, Vazirmatn, 13 pt, A4, 56 pt margins). */
export function casesPage(cases: Case[]): string {
  const face = (weight: number, file: string) => `@font-face { font-family: Vazirmatn; font-weight: ${weight}; src: url("${pathToFileURL(file).href}"); }`;
  return `<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>
${face(400, REGULAR)} ${face(700, BOLD)}
@page { size: A4; margin: 56pt; }
body { margin: 0; font: 13pt/1.5 Vazirmatn; }
.case { break-after: page; }
p { margin: 0; }
</style></head><body>
${cases
  .map((c) => {
    const body = typeof c.text === 'string' ? escapeText(c.text) : c.text.map((t) => (t.bold ? `<b>${escapeText(t.text)}</b>` : escapeText(t.text))).join('');
    const align = c.node?.alignment === 'justify' ? ' style="text-align: justify"' : '';
    const width = c.column ? ` style="width: ${c.column}pt; overflow-wrap: anywhere"` : '';
    return `<div class="case"><div${width}><p dir="${c.dir ?? 'rtl'}"${align}>${body}</p></div></div>`;
  })
  .join('\n')}
</body></html>`;
}
