import pdfmake from 'pdfmake';
import { createLocale } from '../locale/index.js';
import { fontFace } from '../fonts/index.js';
import type { Rendered } from '../render/index.js';
import type { View } from '../view.js';
import { xhtmlToPdf, type PdfNode } from './from-xhtml.js';
import type { PdfTheme } from './theme.js';
import { allowOnlyFiles, type ResourcePolicies } from './policy.js';
import { installRtl, prepareBidi } from './rtl/index.js';
import { installTagging } from './tagged.js';
import { installFastStyles } from './styles.js';

export interface PdfOptions {
  theme: PdfTheme;
  /** Written into the PDF's metadata; fixed for reproducible builds. */
  creationDate: Date;
}

const FAMILY = 'Vazirmatn';

/** Builds the PDF in memory: XHTML → pdfmake nodes → page furniture → bytes. */
export async function renderPdf(view: View, rendered: Rendered, options: PdfOptions): Promise<Buffer> {
  const { theme } = options;
  const locale = createLocale(view.lang, view.digits);
  const regular = fontFace(400).path;
  const bold = fontFace(700).path;
  // Vazirmatn has no italic: emphasis keeps the upright face rather than pulling in another font.
  pdfmake.setFonts({ [FAMILY]: { normal: regular, bold, italics: regular, bolditalics: bold } });
  // The document may load nothing but the fonts chosen here: no URLs, no other local files.
  allowOnlyFiles(pdfmake as unknown as ResourcePolicies, [regular, bold]);

  // Test hook: tells a test that the long synchronous part (mapping, bidi, layout) begins now.
  if (process.env.BRIEFING_TEST_REPORT_LAYOUT) process.stderr.write('briefing: test: PDF layout started\n');
  const rtl = view.dir === 'rtl';
  installRtl(pdfmake);
  installTagging(pdfmake);
  // pdfmake looks up ~25 style properties per word; the stock lookup allocates on every one.
  installFastStyles();
  const doc: PdfNode = {
    pageSize: theme.page.size,
    pageMargins: theme.page.margins,
    info: {
      title: view.title,
      author: view.source.name,
      subject: view.subtitle ?? view.event.name,
      keywords: view.keywords.join(', '),
      creator: 'briefing',
      producer: 'briefing (pdfmake)',
      creationDate: options.creationDate,
      modDate: options.creationDate,
    },
    language: view.lang,
    tagged: true,
    displayTitle: true,
    defaultStyle: { font: FAMILY, fontSize: theme.baseFontSize, lineHeight: theme.lineHeight, color: theme.colors.text },
    styles: theme.styles,
    content: xhtmlToPdf(rendered.sections, theme, view.dir),
    header: (page: number) =>
      page === 1
        ? null
        : { text: view.title, fontSize: theme.header.fontSize, color: theme.header.color, alignment: rtl ? 'right' : 'left', dir: view.dir, margin: [theme.page.margins[0], 28, theme.page.margins[2], 0] },
    footer: (page: number, pages: number) => ({
      text: `${locale.number(page)} / ${locale.number(pages)}`,
      fontSize: theme.footer.fontSize,
      color: theme.footer.color,
      alignment: 'center',
      dir: view.dir,
      margin: [0, 24, 0, 0],
    }),
  };
  // Bidi runs are found once per paragraph here; lines are reordered after pdfmake breaks them.
  return pdfmake.createPdf(prepareBidi(doc, { baseDir: view.dir }) as never).getBuffer() as Promise<Buffer>;
}
