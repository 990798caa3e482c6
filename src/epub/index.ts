import { readFile } from 'node:fs/promises';
import { markInlineDirections } from '../render/direction-marks.js';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { parseDocument } from 'htmlparser2';
import { textContent } from 'domutils';
import { fontFaces, fontLicence, type FontFace } from '../fonts/index.js';
import { subsetFont } from '../fonts/subset.js';
import { builtinTemplates } from '../io/paths.js';
import type { Rendered } from '../render/index.js';
import type { TemplateSet } from '../render/template-set.js';
import type { View } from '../view/index.js';
import { bookMeta, pagesOf, type BookMeta, type Page } from './book.js';
import { repack } from './pack.js';
import { allImages } from '../model/images.js';
import { coverPngCached } from './cover.js';

const COVER_HREF = 'images/cover.png';

// epub-gen-memory is CommonJS with an ES-style export; require() reads it the same way under Node and vitest.
const { EPub } = createRequire(import.meta.url)('epub-gen-memory') as typeof import('epub-gen-memory');
type JSZipInstance = InstanceType<typeof import('jszip')>;

export interface EpubOptions {
  /** The build's template set (its style sheet checked already). */
  templates: TemplateSet;
  /** Written as dcterms:modified, dc:date and ZIP entry times; fixed for reproducible builds. */
  date: Date;
  /** The cover's background: the theme's accent colour (the build reads and checks the theme once, for every format). */
  accent?: string;
}

/**
 * Characters a reading system may draw with the book's font although the text does not hold them
 * (digits of list numbers, common punctuation, joiners); a few glyphs, so always kept.
 */
const ALWAYS = ' \u00a0\u200c\u200d0123456789۰۱۲۳۴۵۶۷۸۹.,;:!?()[]«»،؛؟٪%-–—…•·/\'"';

/** Builds the EPUB 3 in memory from the shared XHTML: one page per top-level section. */
export async function renderEpub(view: View, rendered: Rendered, options: EpubOptions): Promise<Buffer> {
  // The package, navigation and page skeletons are EJS, which runs any JavaScript it holds: always the
  // built-in ones (a --templates folder with epub/ files is refused, src/render/template-set.ts).
  const [chapterXHTML, contentOPF, tocXHTML, tocNCX] = await Promise.all(
    ['epub/chapter.xhtml.ejs', 'epub/content.opf.ejs', 'epub/toc.xhtml.ejs', 'epub/toc.ncx.ejs'].map((f) => readFile(join(builtinTemplates, f), 'utf8')),
  ) as [string, string, string, string];
  // The book gets the style sheet as checked: css-tree's writing of the checked tree.
  const { css, fontFiles } = options.templates.stylesheet;

  const pages = pagesOf(rendered.sections);
  const faces = facesNamed(fontFiles);
  const fontHref = (f: FontFace) => `fonts/${basename(f.path)}`;
  const resources: BookMeta['resources'] = faces.map((f, i) => ({ id: `font-${i + 1}`, href: fontHref(f), mediaType: 'font/ttf' }));
  if (faces.length) resources.push({ id: 'font-licence', href: 'fonts/OFL.txt', mediaType: 'text/plain' });
  // The briefing's images, from the bytes the loader read: the pages refer to them as images/<key>.<ext>.
  const images = allImages(view.images);
  images.forEach((img) => resources.push({ id: img.key, href: img.href, mediaType: img.mediaType }));
  // The cover library views show; reproducible: drawn from the briefing and the theme's colours alone.
  const cover = await coverPngCached(view, { background: options.accent ?? '#1f4e79', text: '#ffffff' });
  resources.push({ id: 'cover-image', href: COVER_HREF, mediaType: 'image/png', properties: 'cover-image' });
  const book = bookMeta(view, pages, options.date, resources);

  const epub = new BriefingEpub(
    {
      title: view.title,
      author: book.creator,
      publisher: book.publisher,
      description: book.description,
      lang: view.lang,
      tocTitle: view.labels.toc,
      date: options.date.toISOString(),
      css,
      chapterXHTML,
      contentOPF,
      tocXHTML,
      tocNCX,
      prependChapterTitles: false,
      // Fonts are subset here and added below; epub-gen-memory would only fetch them whole.
      fonts: [],
      version: 3,
      verbose: false,
      // Read by our templates only.
      ...({ book } as object),
    },
    pages.map(chapterOf(view)),
    book.identifier,
  );
  const files = await epub.files();
  // Fonts are cut to the text of the finished documents, labels of the navigation included.
  const decoder = new TextDecoder();
  const documents = [...files].filter(([name]) => /\.(xhtml|ncx)$/.test(name));
  const text = ALWAYS + documents.map(([, data]) => visibleText(typeof data === 'string' ? data : decoder.decode(data))).join(' ');
  const subsets = await Promise.all(faces.map((f) => subsetFont(f.path, text)));
  faces.forEach((f, i) => files.set(`OEBPS/${fontHref(f)}`, subsets[i]!));
  for (const img of images) files.set(`OEBPS/${img.href}`, img.bytes);
  files.set(`OEBPS/${COVER_HREF}`, cover);
  if (faces.length) files.set('OEBPS/fonts/OFL.txt', fontLicence());
  return repack(files, options.date);
}

/** A chapter as epub-gen-memory takes it; the extra fields reach templates/epub/chapter.xhtml.ejs. */
function chapterOf(view: View) {
  return (page: Page, index: number) => ({
    id: page.id,
    title: page.section.title,
    filename: page.filename,
    // Unused by our page template; epub-gen-memory would collect its images for download.
    content: '<p></p>',
    xhtml: markInlineDirections(page.section.xhtml),
    dir: view.dir,
    epubType: page.epubType,
    // The title page comes before the table of contents in the reading order.
    beforeToc: index === 0 && page.epubType.includes('titlepage'),
  });
}

/**
 * epub-gen-memory's EPub with our identifier, handing back its files instead of a random-dated ZIP.
 * Its download steps are switched off: it would fetch every `<img src>` of a chapter, the fonts and
 * the cover over the network. Images, fonts and the cover are added from local bytes instead.
 */
class BriefingEpub extends EPub {
  constructor(options: ConstructorParameters<typeof EPub>[0], content: ConstructorParameters<typeof EPub>[1], identifier: string) {
    super(options, content);
    this.uuid = identifier;
    // What it recorded while reading the chapters' markup is never fetched.
    this.images = [];
  }

  override async downloadAllImages(): Promise<void> {}
  override async downloadAllFonts(): Promise<void> {}
  override async makeCover(): Promise<void> {}

  async files(): Promise<Map<string, string | Uint8Array>> {
    await this.render();
    const zip = this.zip as JSZipInstance;
    const files = new Map<string, string | Uint8Array>();
    for (const [name, entry] of Object.entries(zip.files)) {
      if (!entry.dir) files.set(name, await entry.async('uint8array'));
    }
    return files;
  }
}

/** The registry's faces whose files the style sheet's @font-face rules name. */
function facesNamed(files: readonly string[]): FontFace[] {
  const names = files.map((f) => basename(f));
  return fontFaces().filter((f) => names.includes(basename(f.path)));
}

/** The text a reader sees in an XHTML document: its text nodes, entities decoded. */
function visibleText(xhtml: string): string {
  return textContent(parseDocument(xhtml, { xmlMode: true }));
}
