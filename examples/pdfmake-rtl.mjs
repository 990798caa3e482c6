// A pdfmake 0.3 document with Persian and English, set right to left by briefing/pdfmake-rtl.
// Run: node examples/pdfmake-rtl.mjs [out.pdf]   (needs pdfmake and vazirmatn installed)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import { installRtl, prepareBidi } from 'briefing/pdfmake-rtl';

// Any font with Arabic-script glyphs and shaping tables will do; Vazirmatn comes from npm.
const vazirmatn = join(dirname(createRequire(import.meta.url).resolve('vazirmatn/package.json')), 'fonts', 'ttf');
pdfmake.addFonts({
  Vazirmatn: {
    normal: join(vazirmatn, 'Vazirmatn-Regular.ttf'),
    bold: join(vazirmatn, 'Vazirmatn-Bold.ttf'),
    italics: join(vazirmatn, 'Vazirmatn-Regular.ttf'),
    bolditalics: join(vazirmatn, 'Vazirmatn-Bold.ttf'),
  },
});

installRtl(pdfmake); // once, before the first createPdf; stock behaviour for anything not prepared

const docDefinition = {
  defaultStyle: { font: 'Vazirmatn', fontSize: 12 },
  content: [
    { text: 'گزارش نشست', fontSize: 18, bold: true },
    'این متن از راست به چپ چیده می‌شود، با واژه‌های English و عدد ۲۰۲۳ در میان آن.',
    { text: 'An English paragraph keeps its own direction inside a Persian document.', dir: 'ltr' },
    { ul: ['بند نخست', 'بند دوم (با پرانتز)'] },
    { table: { body: [['ستون یک', 'ستون دو'], ['۱', '۲']] } },
  ],
};

// prepareBidi returns a new definition: every text node with its direction and its bidi runs.
const pdf = pdfmake.createPdf(prepareBidi(docDefinition, { baseDir: 'rtl' }));
await pdf.write(process.argv[2] ?? 'pdfmake-rtl-example.pdf');
