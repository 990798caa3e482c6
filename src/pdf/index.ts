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
import { installConformance } from './conformance.js';
import { installFastStyles } from './styles.js';
import { assertEngine } from './engine.js';

// Refuse, as soon as the writer is loaded, a pdfmake or pdfkit the hooks were not written for.
assertEngine();
import { allImages } from '../model/images.js';

export interface PdfOptions {
  theme: PdfTheme;
  /** Written into the PDF's metadata; fixed for reproducible builds. */
  creationDate: Date;
  /** The briefing's data file, embedded as the PDF/A-3 associated file it was made from. */
  source?: { name: string; bytes: Uint8Array; mediaType: string };
}

const FAMILY = 'Vazirmatn';

/** What the writer uses of a pdfmake instance. */
interface Pdfmake extends ResourcePolicies {
  virtualfs: object;
  setFonts(fonts: Record<string, Record<string, string>>): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
}

let own: Pdfmake | undefined;

/**
 * The writer's own pdfmake instance, made once: its fonts, its access policy and its (empty)
 * virtual file system. The `pdfmake` default export a host application configures for its own
 * documents is left as it was.
 */
function ownPdfmake(): Pdfmake {
  if (own) return own;
  const Pdfmake = (pdfmake as object).constructor as new () => Pdfmake;
  const instance = new Pdfmake();
  // pdfmake reads fonts from the shared virtual file system before the disk: a host's files there are not ours.
  instance.virtualfs = new (instance.virtualfs.constructor as new () => object)();
  const regular = fontFace(400).path;
  const bold = fontFace(700).path;
  // Vazirmatn has no italic: emphasis keeps the upright face rather than pulling in another font.
  instance.setFonts({ [FAMILY]: { normal: regular, bold, italics: regular, bolditalics: bold } });
  // The document may load nothing but the fonts chosen here: no URLs, no other local files.
  allowOnlyFiles(instance, [regular, bold]);
  // The hooks act only on documents prepared by prepareBidi (see pdfmake-internals.ts).
  installRtl(instance);
  installTagging(instance);
  // PDF/UA-1 and PDF/A-3a metadata and outline counts, for documents that ask (`conformance`).
  installConformance();
  // pdfmake looks up ~25 style properties per word; the stock lookup allocates on every one.
  installFastStyles();
  return (own = instance);
}

/** Builds the PDF in memory: XHTML → pdfmake nodes → page furniture → bytes. */
export async function renderPdf(view: View, rendered: Rendered, options: PdfOptions): Promise<Buffer> {
  const { theme } = options;
  const locale = createLocale(view.lang, view.digits);
  const pdf = ownPdfmake();

  // Test hook: tells a test that the long synchronous part (mapping, bidi, layout) begins now.
  if (process.env.BRIEFING_TEST_REPORT_LAYOUT) process.stderr.write('briefing: test: PDF layout started\n');
  const rtl = view.dir === 'rtl';
  const images = allImages(view.images);
  // The briefing's marking stands centred at the top and bottom of every page, in the same words.
  const markingStyle = theme.marking ?? { fontSize: theme.header.fontSize, color: theme.header.color, bold: true };
  const marking = view.marking
    ? { text: view.marking, fontSize: markingStyle.fontSize, color: markingStyle.color, bold: markingStyle.bold ?? true, alignment: 'center', dir: 'auto', margin: [theme.page.margins[0], 0, theme.page.margins[2], 2] }
    : undefined;
  const doc: PdfNode = {
    pageSize: theme.page.size,
    pageMargins: theme.page.margins,
    info: {
      title: view.title,
      author: view.authors.length ? view.authors.map((a) => a.name).join(', ') : view.source.name,
      subject: view.subtitle ?? view.event?.name ?? view.title,
      keywords: view.keywords.join(', '),
      creator: 'briefing',
      producer: 'briefing (pdfmake)',
      creationDate: options.creationDate,
      modDate: options.creationDate,
    },
    language: view.lang,
    // PDF/UA-1 (ISO 14289-1) is built on PDF 1.7; PDF/A-3 level A (ISO 19005-3) adds the sRGB
    // output intent, and allows the data file to travel inside the PDF (below).
    version: '1.7',
    subset: 'PDF/A-3a',
    conformance: { pdfua: 1 },
    tagged: true,
    displayTitle: true,
    ...(options.source
      ? {
          files: {
            source: {
              // A data: URI, which pdfmake's loader passes through (it takes no Buffer there).
              src: `data:${options.source.mediaType};base64,${Buffer.from(options.source.bytes).toString('base64')}`,
              name: options.source.name,
              type: options.source.mediaType,
              description: 'The briefing data this document was built from',
              relationship: 'Source',
              creationDate: options.creationDate,
              modifiedDate: options.creationDate,
            },
          },
        }
      : {}),
    defaultStyle: { font: FAMILY, fontSize: theme.baseFontSize, lineHeight: theme.lineHeight, color: theme.colors.text },
    styles: theme.styles,
    content: xhtmlToPdf(rendered.sections, theme, view.dir, new Map(images.map((i) => [i.href, i]))),
    // The briefing's own images, as data: pdfmake may load no file or URL for them.
    images: Object.fromEntries(images.map((i) => [i.href, `data:${i.mediaType};base64,${Buffer.from(i.bytes).toString('base64')}`])),
    // Page furniture: drawn as artifacts (no structure), so a screen reader does not read them on every page.
    header: (page: number) => {
      const title = page === 1 ? null : { text: view.title, fontSize: theme.header.fontSize, color: theme.header.color, alignment: rtl ? 'right' : 'left', dir: view.dir, margin: [theme.page.margins[0], 0, theme.page.margins[2], 0] };
      if (!marking) return title ? { ...title, margin: [theme.page.margins[0], 28, theme.page.margins[2], 0] } : null;
      return { stack: [marking, ...(title ? [title] : [])], margin: [0, 14, 0, 0] };
    },
    footer: (page: number, pages: number) => {
      const numbers = {
        text: `${locale.number(page)} / ${locale.number(pages)}`,
        fontSize: theme.footer.fontSize,
        color: theme.footer.color,
        alignment: 'center',
        dir: view.dir,
        margin: [0, marking ? 16 : 24, 0, 0],
      };
      return marking ? { stack: [numbers, marking] } : numbers;
    },
  };
  // Bidi runs are found once per paragraph here; lines are reordered after pdfmake breaks them.
  return pdf.createPdf(prepareBidi(doc, { baseDir: view.dir })).getBuffer();
}
