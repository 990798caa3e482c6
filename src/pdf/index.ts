import pdfmake from 'pdfmake';
import { createLocale } from '../view/locale.js';
import { fontFace } from '../fonts/index.js';
import type { Rendered } from '../render/index.js';
import type { View } from '../view/index.js';
import { xhtmlToPdf, type PdfNode, type Structure } from './from-xhtml.js';
import { hyphenatorFor, type Hyphenate } from './hyphenate.js';
import type { PdfTheme } from './theme.js';
import { allowOnlyFiles, type ResourcePolicies } from './policy.js';
import { prepareBidi } from './rtl/index.js';
import { reusedPerPage } from './pdfmake/measure-cache.js';
import { assertEngine } from './pdfmake/guard.js';
import { installWriterHooks } from './pdfmake/install.js';
import { allImages } from '../model/images.js';
import { fontLineRatio, pdfmakeLineHeight, pdfmakeStyles } from './line-height.js';
import { keepWithNextOf } from './keep-with-next.js';
import { loneLineBreak, type PageNodes } from './lone-lines.js';
import { pageStartCandidates, reportPageBreak, sectionHeading } from './layout.js';
import { pageNumberFeatures } from './pdfmake/page-numbers.js';
import { PLAN, type LayoutStats, type Plan, type PlannedRule } from './pdfmake/break-planner.js';
import { keepsRelayout, lastPageBreak, nearEmptyLastPage } from './last-page.js';
import { channel } from 'node:diagnostics_channel';
import { freshPdfmake } from './pdfmake/instance.js';

// Refuse, as soon as the writer is loaded, a pdfmake or pdfkit the hooks were not written for.
assertEngine();

export interface PdfOptions {
  theme: PdfTheme;
  /** Written into the PDF's metadata; fixed for reproducible builds. */
  creationDate: Date;
  /** The briefing's data file, embedded as the PDF/A-3 associated file it was made from. */
  source?: { name: string; bytes: Uint8Array; mediaType: string };
  /**
   * Page breaks decided as each paragraph is placed (default; pdfmake/break-planner.ts). false lays
   * the document out once per break instead, as pdfmake alone would: the same bytes, more time.
   */
  breakPlanner?: boolean;
  /** Called as the long synchronous part (mapping, bidi runs, layout) begins. */
  onLayoutStart?: () => void;
  /** Hears, after each layout, the page breaks the planner set and the layout passes pdfmake made. */
  onLayoutDone?: (stats: LayoutStats) => void;
}

/**
 * Published as a PDF layout begins (`{ title }`), for a program that watches a build it did not
 * start with options: a CLI run in a test, a profiler (node:diagnostics_channel; free when unheard).
 */
export const LAYOUT_START_CHANNEL = 'briefing:pdf:layout-start';
const layoutStart = channel(LAYOUT_START_CHANNEL);

/** Laid out only, not drawn: pdfmake's pageBreakBefore hook, which runs right after layout, throws this. */
class LaidOut {
  constructor(readonly pages: number) {}
}

const FAMILY = 'Vazirmatn';

/** What the writer uses of a pdfmake instance. */
interface Pdfmake extends ResourcePolicies {
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
  const instance = freshPdfmake<Pdfmake>(pdfmake);
  const regular = fontFace(400).path;
  const bold = fontFace(700).path;
  // Vazirmatn has no italic: emphasis keeps the upright face rather than pulling in another font.
  instance.setFonts({ [FAMILY]: { normal: regular, bold, italics: regular, bolditalics: bold } });
  // The document may load nothing but the fonts chosen here: no URLs, no other local files.
  allowOnlyFiles(instance, [regular, bold]);
  installWriterHooks(instance);
  return (own = instance);
}

/** Builds the PDF in memory: XHTML → pdfmake nodes → page furniture → bytes. */
export async function renderPdf(view: View, rendered: Rendered, options: PdfOptions): Promise<Buffer> {
  return (await writePdf(view, rendered, options)).bytes;
}

/** A PDF and the number of its pages. */
export interface WrittenPdf {
  bytes: Buffer;
  pages: number;
}

/** `renderPdf`, with the page count the layout ended with. */
export async function writePdf(view: View, rendered: Rendered, options: PdfOptions): Promise<WrittenPdf> {
  const pdf = pdfFor(view, rendered, options, await hyphenatorFor(view.lang));
  const bytes = await pdf.getBuffer();
  return { bytes, pages: pdf.pages() };
}

/**
 * How many pages the PDF takes, from a layout that is not drawn (layout-choice.ts asks this of
 * the brief layout to choose between brief and report). With `atMost`, counting stops as soon as
 * the layout passes that many pages, and the answer is `atMost + 1`.
 */
export async function countPages(view: View, rendered: Rendered, options: PdfOptions, atMost = Infinity): Promise<number> {
  const hyphenate = await hyphenatorFor(view.lang);
  try {
    await pdfFor(
      view,
      rendered,
      options,
      hyphenate,
      (info) => {
        throw new LaidOut(info.pages);
      },
      stopPast(atMost, () => false),
    ).getBuffer();
  } catch (err) {
    if (err instanceof LaidOut) return Math.min(err.pages, atMost + 1);
    throw err;
  }
  // A document with nothing to lay out never reaches the hook.
  return 1;
}

/**
 * Called as each page is added: stops a layout that has passed `maxPages` while `decided()` is false.
 * Each later layout pass only adds page breaks, so a pass that runs past the limit ends past it:
 * the answer is the one counting the whole first layout would give, without laying out the rest.
 * The first layout has the breaks the planner decides while laying out (break-planner.ts), so a
 * brief its moved lines push past the limit is not taken for one that fits.
 */
function stopPast(maxPages: number, decided: () => boolean): (page: number) => void {
  return (page) => {
    if (page > maxPages && !decided()) throw new LaidOut(page);
  };
}

/**
 * The PDF of a view if it takes at most `maxPages` pages, else undefined, from one layout: the pages
 * are counted where countPages counts them, and a layout that fits is drawn as it is (the automatic
 * layout choice lays the brief out once, not once to count and again to draw). `onFits` hears the
 * answer before drawing starts, so the EPUB in that layout can begin on another thread.
 */
export async function renderPdfIfFits(view: View, rendered: Rendered, options: PdfOptions, maxPages: number, onFits: () => void): Promise<WrittenPdf | undefined> {
  let decided = false;
  const decide: PageBreakHook = (info) => {
    if (decided) return false;
    if (info.pages > maxPages) throw new LaidOut(info.pages);
    decided = true;
    onFits();
    // Never a break of its own: the layout, and so the bytes, are renderPdf's.
    return false;
  };
  const hyphenate = await hyphenatorFor(view.lang);
  try {
    const pdf = pdfFor(view, rendered, options, hyphenate, decide, stopPast(maxPages, () => decided));
    const bytes = await pdf.getBuffer();
    // A document with nothing to lay out never reaches the hook: one page, which fits.
    if (!decided) onFits();
    return { bytes, pages: pdf.pages() };
  } catch (err) {
    if (err instanceof LaidOut) return undefined;
    throw err;
  }
}

type PageBreakHook = (info: { pages: number; id?: string; text?: unknown; pageNumbers?: number[]; startPosition?: { verticalRatio: number; pageNumber: number; pageInnerHeight: number } }, nodes?: PageNodes) => boolean;

/** `afterLayout` is asked after each layout pass, with the others; `onPage` hears each page as it is added. */
/** `pages()`: the page count of the last layout pass, once `getBuffer` has laid the document out. */
function pdfFor(view: View, rendered: Rendered, options: PdfOptions, hyphenate: Hyphenate | undefined, afterLayout?: PageBreakHook, onPage?: (page: number) => void): { getBuffer(): Promise<Buffer>; pages(): number } {
  // A layout's own keys (`brief`, `report`) override the shared theme; its styles are merged over the shared ones.
  // A left-to-right briefing's own changes (`ltr`) come last: Latin text wants its own line height.
  const forLayout = (view.isBrief ? options.theme.brief : options.theme.report) ?? {};
  const forScript = (view.dir === 'ltr' ? options.theme.ltr : undefined) ?? {};
  const theme: PdfTheme = {
    ...options.theme,
    ...forLayout,
    ...forScript,
    page: { ...options.theme.page, ...forLayout.page, ...forScript.page },
    styles: { ...options.theme.styles, ...forLayout.styles, ...forScript.styles },
  };
  const locale = createLocale(view.lang, view.digits);
  const pdf = ownPdfmake();

  options.onLayoutStart?.();
  if (layoutStart.hasSubscribers) layoutStart.publish({ title: view.title });
  const rtl = view.dir === 'rtl';
  const images = allImages(view.images);
  // The briefing's marking stands centred at the top and bottom of every page, in the same words.
  const markingStyle = theme.marking ?? { fontSize: theme.header.fontSize, color: theme.header.color, bold: true };
  const marking = view.marking
    ? { text: view.marking, fontSize: markingStyle.fontSize, color: markingStyle.color, bold: markingStyle.bold ?? true, alignment: 'center', dir: 'auto', margin: [theme.page.margins[0], 0, theme.page.margins[2], 2] }
    : undefined;
  // The theme's line heights are CSS-like multiples of the font size; pdfmake's are of the font's own line height.
  const ratio = fontLineRatio(fontFace(400).path);
  const styles = pdfmakeStyles(theme.styles, ratio);
  const doc = (content: PdfNode[]): PdfNode => ({
    pageSize: pageSize(theme.page.size),
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
    defaultStyle: { font: FAMILY, fontSize: theme.baseFontSize, lineHeight: pdfmakeLineHeight(theme.lineHeight, ratio), color: theme.colors.text },
    styles,
    content,
    // The briefing's own images, as data: pdfmake may load no file or URL for them.
    images: Object.fromEntries(images.map((i) => [i.href, `data:${i.mediaType};base64,${Buffer.from(i.bytes).toString('base64')}`])),
    // Page furniture: drawn as artifacts (no structure), so a screen reader does not read them on every page.
    header: (page: number) => {
      // Page 1 opens with the title block, which holds the marking: not printed twice at the top.
      if (page === 1) return null;
      const title = { text: view.title, fontSize: theme.header.fontSize, color: theme.header.color, alignment: rtl ? 'right' : 'left', dir: view.dir, margin: [theme.page.margins[0], 0, theme.page.margins[2], 0] };
      if (!marking) return { ...title, margin: [theme.page.margins[0], 28, theme.page.margins[2], 0] };
      return { stack: [marking, title], margin: [0, 14, 0, 0] };
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
  });
  // Bidi runs are found once per paragraph here; lines are reordered after pdfmake breaks them.
  // No paragraph leaves one line alone at the foot or head of a page (lone-lines.ts).
  const loneLines: PageBreakHook = loneLineBreak(theme.baseFontSize * theme.lineHeight, theme.blockquote.padding, keepWithNextOf(theme).keeps);
  let laidOutPages = 0;
  const create = (content: PdfNode[], pageBreakBefore?: PageBreakHook) => {
    const prepared = prepareBidi(doc(content), { baseDir: view.dir }) as PdfNode;
    // Asked for again on every layout pass: the same nodes each time, so they are measured once.
    prepared.header = reusedPerPage(prepared.header);
    const footer = reusedPerPage(prepared.footer) as (page: number, pages: number, size: unknown) => unknown;
    // Each layout pass asks for every page's footer with the pass's page count: the last one is the PDF's.
    prepared.footer = (page: number, pages: number, size: unknown) => {
      laidOutPages = pages;
      return footer(page, pages, size);
    };
    const hooks = [pageBreakBefore, loneLines, afterLayout].filter((h): h is PageBreakHook => h !== undefined);
    // Section breaks first; the after-layout hook sees the layout pdfmake keeps (or starts again from).
    const hook = (info: Parameters<PageBreakHook>[0], nodes?: PageNodes) => hooks.some((h) => h(info, nodes));
    // The same rules, asked before each text node is placed (break-planner.ts): most breaks are
    // decided in the first layout pass; the hook stays the judge of the nodes they did not break.
    const planned: PlannedRule[] = [pageBreakBefore, loneLines].filter((h): h is PageBreakHook => h !== undefined);
    const plan: Plan = {
      rules: planned,
      enabled: options.breakPlanner !== false,
      onLayoutDone: options.onLayoutDone,
      // A last page with a few lines takes a block from the page before (last-page.ts).
      lastPage: { nearEmpty: nearEmptyLastPage, choose: lastPageBreak, keeps: keepsRelayout },
    };
    Object.assign(hook, { [PLAN]: plan });
    prepared.pageBreakBefore = hook;
    // pdfmake asks for a page's background as it adds the page; there is none, and the bytes are the same.
    if (onPage) {
      prepared.background = (page: number) => {
        onPage(page);
        return null;
      };
    }
    const made = pdf.createPdf(prepared);
    return { getBuffer: () => made.getBuffer(), pages: () => laidOutPages };
  };
  const pdfTheme = { ...theme, styles };
  const sizes = new Map(images.map((i) => [i.href, i]));

  // A brief flows: no page breaks but those a template asks for.
  const text = { number: locale.number, lang: view.lang, hyphenate };
  if (view.isBrief) return create(forcedBreaks(xhtmlToPdf(rendered.sections, pdfTheme, view.dir, sizes, text)));

  // A report: cover, contents, then the sections, each on a new page only where the page is well filled.
  const ids = rendered.sections.map((s) => s.id);
  const candidates = pageStartCandidates(ids);
  const nodes = forcedBreaks(xhtmlToPdf(rendered.sections, pdfTheme, view.dir, sizes, { ...text, freeH1Sections: candidates }));
  const headingIds = new Set(nodes.flatMap((n, i) => (candidates.has(ids[i]!) ? [sectionHeading(n)?.id as string] : [])));
  const contents = contentsPage(rendered.sections, nodes, view, theme, locale.number);
  return create(nodes.flatMap((s, i) => (i === 0 && contents ? [s, contents] : [s])), reportPageBreak(headingIds));
}

/** How much shorter than the page's measure the contents are, on their end side (points). */
const CONTENTS_INSET = 150;

/** A top-level section of class `new-page` starts a new page, in either layout (a template's own choice). */
function forcedBreaks(sections: PdfNode[]): PdfNode[] {
  return sections.map((s, i) => {
    const root = (s.stack as PdfNode[] | undefined)?.[0];
    const styles = (root?.style as string[] | undefined) ?? [];
    return i > 0 && styles.includes('section.new-page') ? { ...s, pageBreak: 'before' } : s;
  });
}

/**
 * The contents page of a report: each section after the cover with the page its heading is on,
 * numbers in the briefing's digits (filled in by pdfmake as it draws; see page-numbers.ts).
 * Tagged as a Sect holding its H1 and a TOC with a TOCI per entry, between the cover's structure and the first section's.
 */
function contentsPage(
  sections: { id: string; title: string }[],
  nodes: PdfNode[],
  view: View,
  theme: PdfTheme,
  number: (n: number) => string,
): PdfNode | undefined {
  const rtl = view.dir === 'rtl';
  // Structure ids order the tagged tree: these sit after the cover's last one and before the next section's first.
  const after = maxStructureId(nodes[0]);
  let k = 0;
  const next = (role: Structure['role'], parent?: Structure): Structure => ({ role, id: after + ++k / 1000, ...(parent ? { parent } : {}) });
  const sect = next('Sect');
  const title = next('H1', sect);
  const toc = next('TOC', sect);
  const rows = sections.slice(1).flatMap((section, i) => {
    const heading = sectionHeading(nodes[i + 1]);
    if (!heading?.id || !section.title) return [];
    // A TOCI holds its title (P) and then its page number (a Reference to the heading, drawn as a
    // link), whatever side each is drawn on (ISO 32000-1 Table 333): a screen reader reads the title first.
    const item = next('TOCI', toc);
    const entry = { text: section.title, style: ['toc-entry'], dir: view.dir, structure: next('P', item) };
    const page = { pageReference: heading.id, style: ['toc-page'], fontFeatures: pageNumberFeatures(number), alignment: rtl ? 'left' : 'right', structure: next('Reference', item) };
    return [rtl ? [page, entry] : [entry, page]];
  });
  // Nothing after the cover has a heading: no contents page.
  if (rows.length === 0) return undefined;
  return {
    stack: [
      { text: view.labels.toc, style: ['h1', 'h1.contents'], dir: view.dir, structure: title },
      {
        table: { widths: rtl ? [40, '*'] : ['*', 40], body: rows },
        layout: {
          // Dotted rules under the entries lead the eye from a title to its page number, on a
          // measure shorter than the page (below): the numbers stand near their titles.
          hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i > 0 && i < node.table.body.length ? 0.7 : 0),
          hLineStyle: () => ({ dash: { length: 1, space: 2 } }),
          vLineWidth: () => 0,
          hLineColor: () => theme.table.borderColor,
          paddingLeft: () => 0,
          paddingRight: () => 0,
          paddingTop: () => theme.table.cellPadding / 2,
          paddingBottom: () => theme.table.cellPadding / 2,
        },
        margin: rtl ? [CONTENTS_INSET, 0, 0, 24] : [0, 0, CONTENTS_INSET, 24],
      },
    ],
    pageBreak: 'before',
  };
}

function maxStructureId(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((m: number, n) => Math.max(m, maxStructureId(n)), 0);
  if (node === null || typeof node !== 'object') return 0;
  const n = node as PdfNode;
  const own = (n.structure as Structure | undefined)?.id ?? 0;
  return Math.max(own, maxStructureId(n.stack), maxStructureId(n.columns), maxStructureId((n.table as { body?: unknown } | undefined)?.body), maxStructureId(n.text));
}

/** A theme names its page size as pdfmake does (A4, A5, LETTER, …), in any case. */
function pageSize(name: string): string {
  return name.trim().toUpperCase();
}
