import { createHash } from 'node:crypto';
import type { Section } from '../render/sections.js';
import type { View } from '../view/index.js';

/** What the package document, navigation document and NCX say about the book (templates/epub/*.ejs). */
export interface BookMeta {
  identifier: string;
  lang: string;
  dir: 'rtl' | 'ltr';
  title: string;
  subtitle?: string;
  creator: string;
  publisher: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  /** dcterms:modified, YYYY-MM-DDThh:mm:ssZ. */
  modified: string;
  description: string;
  subjects: string[];
  source?: string;
  accessModes: string[];
  accessModesSufficient: string[];
  accessibilityFeatures: string[];
  accessibilityHazards: string[];
  accessibilitySummary: string;
  navFile: string;
  labels: { toc: string; landmarks: string };
  landmarks: { type: string; href: string; label: string }[];
  /** Manifest items besides pages, styles and navigation: fonts, the font licence. */
  resources: { id: string; href: string; mediaType: string; properties?: string }[];
  /** Manifest id of the cover image, when there is one. */
  cover?: string;
}

/** A page of the book: one top-level section of the shared XHTML. */
export interface Page {
  section: Section;
  filename: string;
  /** Manifest id: an XML name, so it cannot start with the page number. */
  id: string;
  /** epub:type of the page's body (EPUB Structural Semantics). */
  epubType: string;
}

/** The name epub-gen-memory writes the navigation document under. */
export const NAV_FILE = 'toc.xhtml';

interface EpubLabels {
  landmarks: string;
  titlePage: string;
  accessibilitySummary: string;
  /** The same, for a book with images (each has alternative text). */
  accessibilitySummaryImages: string;
  defaultCreator: string;
}

const labels: Record<'fa' | 'en', EpubLabels> = {
  fa: {
    landmarks: 'راهنمای کتاب',
    titlePage: 'صفحهٔ عنوان',
    accessibilitySummary:
      'متن کتاب کامل است و تنها تصویر آن جلد است، که عنوان کتاب را نشان می‌دهد و همین عنوان در متن آمده است؛ صدا و ویدئو ندارد. فهرست مطالب، سرفصل‌های ساختاری و ترتیب خواندن راست به چپ در آن مشخص است؛ ' +
      'زبان و جهت هر صفحه علامت‌گذاری شده است و اندازهٔ قلم و رنگ‌ها را می‌توان در کتاب‌خوان تغییر داد.',
    accessibilitySummaryImages:
      'متن کتاب کامل است و هر تصویر آن متن جایگزین دارد؛ صدا و ویدئو ندارد. فهرست مطالب، سرفصل‌های ساختاری و ترتیب خواندن راست به چپ در آن مشخص است؛ ' +
      'زبان و جهت هر صفحه علامت‌گذاری شده است و اندازهٔ قلم و رنگ‌ها را می‌توان در کتاب‌خوان تغییر داد.',
    defaultCreator: 'گزارش‌ساز',
  },
  en: {
    landmarks: 'Landmarks',
    titlePage: 'Title page',
    accessibilitySummary:
      'The full text is in the book; its only image is the cover, which shows the title also given in the text; there is no audio or video. It has a table of contents, structural headings and a defined reading order; ' +
      'the language and direction of every page are marked, and fonts and colours can be changed in the reading system.',
    accessibilitySummaryImages:
      'The full text is in the book and every image has alternative text; there is no audio or video. It has a table of contents, structural headings and a defined reading order; ' +
      'the language and direction of every page are marked, and fonts and colours can be changed in the reading system.',
    defaultCreator: 'briefing',
  },
};

export function epubLabels(lang: string): EpubLabels {
  return lang.split('-')[0]!.toLowerCase() === 'fa' ? labels.fa : labels.en;
}

/** Front and back matter by section id; everything else is the body of the book. */
const SECTION_TYPES: Record<string, string> = { title: 'frontmatter titlepage', source: 'backmatter' };

export function pagesOf(sections: Section[]): Page[] {
  return sections.map((section, i) => {
    const filename = `${String(i + 1).padStart(2, '0')}-${section.id.replace(/[^A-Za-z0-9_-]/g, '_')}.xhtml`;
    return { section, filename, id: `p${filename.replace(/\.xhtml$/, '')}`, epubType: SECTION_TYPES[section.id] ?? 'bodymatter' };
  });
}

export function bookMeta(view: View, pages: Page[], date: Date, resources: BookMeta['resources']): BookMeta {
  const l = epubLabels(view.lang);
  const titlePage = pages.find((p) => p.epubType.includes('titlepage'));
  // The body starts at the summary, or else at the first page that is not front matter.
  const body = pages.find((p) => p.section.id === 'summary') ?? pages.find((p) => p.epubType === 'bodymatter');
  const landmarks: BookMeta['landmarks'] = [];
  if (titlePage) landmarks.push({ type: 'titlepage', href: titlePage.filename, label: l.titlePage });
  // A book of one page (a brief) has no contents page in its reading order (content.opf.ejs).
  if (pages.length > 1) landmarks.push({ type: 'toc', href: `${NAV_FILE}#toc`, label: view.labels.toc });
  if (body) landmarks.push({ type: 'bodymatter', href: body.filename, label: body.section.title });

  // The authors wrote the briefing; without them, the source it is drawn from is credited.
  const creator = (view.authors.length ? view.authors.map((a) => a.name).join(view.labels.listSeparator) : view.source.name).trim() || l.defaultCreator;
  const publisher = view.authors.find((a) => a.organization)?.organization ?? creator;
  const hasImages = view.images.logo !== undefined || view.images.figures.length > 0;
  const cover = resources.find((r) => r.properties?.split(' ').includes('cover-image'))?.id;
  return {
    identifier: `urn:uuid:${uuidV5(`briefing:${view.id}`)}`,
    lang: view.lang,
    dir: view.dir,
    title: view.title,
    subtitle: view.subtitle,
    creator,
    publisher,
    date: date.toISOString().slice(0, 10),
    modified: date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    description: view.summary.map((p) => p.text).join(' '),
    subjects: view.themes.map((t) => t.title),
    source: view.sources.find((s) => s.url)?.url,
    // No audio or video; images (logo, figures) all have alternative text, so the text alone is sufficient.
    accessModes: hasImages ? ['textual', 'visual'] : ['textual'],
    accessModesSufficient: hasImages ? ['textual', 'textual,visual'] : ['textual'],
    accessibilityFeatures: ['tableOfContents', 'readingOrder', 'structuralNavigation', 'displayTransformability', ...(hasImages ? ['alternativeText'] : [])],
    accessibilityHazards: ['none'],
    accessibilitySummary: hasImages ? l.accessibilitySummaryImages : l.accessibilitySummary,
    navFile: NAV_FILE,
    cover,
    labels: { toc: view.labels.toc, landmarks: l.landmarks },
    landmarks,
    resources,
  };
}

// RFC 4122 URL namespace; the name is ours, so the same briefing id always gives the same book identifier.
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based (SHA-1) UUID, RFC 4122 version 5. */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
