// A pdfmake 0.3 document with Persian and English, set right to left by briefing/pdfmake-rtl.
// Run: node examples/pdfmake-rtl.mjs [out.pdf]   (needs pdfmake 0.3.11 and briefing installed; vazirmatn comes with briefing)
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import pdfmake from 'pdfmake';
import { installRtl, prepareBidi } from 'briefing/pdfmake-rtl';

// Any font with Arabic-script glyphs and shaping tables will do. Vazirmatn is a dependency of
// briefing: resolved from there, it is found whether or not this project installed it itself.
const briefing = createRequire(import.meta.url).resolve('briefing/package.json');
const vazirmatn = join(dirname(createRequire(briefing).resolve('vazirmatn/package.json')), 'fonts', 'ttf');
pdfmake.addFonts({
  Vazirmatn: {
    normal: join(vazirmatn, 'Vazirmatn-Regular.ttf'),
    bold: join(vazirmatn, 'Vazirmatn-Bold.ttf'),
    italics: join(vazirmatn, 'Vazirmatn-Regular.ttf'),
    bolditalics: join(vazirmatn, 'Vazirmatn-Bold.ttf'),
  },
});

// pdfmake may fetch URLs and read any local file a document names; this one needs the fonts only.
// (Setting both policies also keeps pdfmake from warning that none is set.)
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(vazirmatn + sep));

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
