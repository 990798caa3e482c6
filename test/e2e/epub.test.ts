// The EPUB as a reader, a reading system and EPUBCheck see it: direction, language, navigation,
// metadata, fonts that still draw every character, and the same bytes for the same input.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile, loadBriefing } from '../../src/index.js';
import { uuidV5 } from '../../src/epub/book.js';
import { fixtures, openEpub, root, tempDir, xhtmlText } from '../helpers.js';
import { epubcheck, type EpubcheckResult } from '../support/epubcheck.js';
import { sharedBuild } from '../support/shared-builds.js';

interface Glyph { id: number }
interface Font {
  directory: { tables: Record<string, unknown> };
  hasGlyphForCodePoint(cp: number): boolean;
  layout(text: string): { glyphs: Glyph[] };
}
const fontkit = createRequire(import.meta.url)('fontkit') as { create(buffer: Buffer): Font };

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const FA_PERSIAN = /[\u0600-\u06ff]/;

interface Built {
  name: string;
  file: string;
  again: string;
  laterDate: string;
  book: Awaited<ReturnType<typeof openEpub>>;
  opf: string;
  /** EPUBCheck's verdict, asked for as soon as the book is built. */
  epubcheck: Promise<EpubcheckResult>;
}

const briefings = {
  mcis: join(root, 'data', 'mcis-2023.yaml'),
  minimal: join(fixtures, 'minimal.yaml'),
  mixed: join(fixtures, 'mixed-markup.yaml'),
};
const built = new Map<string, Built>();

async function buildEpub(file: string, sourceDateEpoch?: number): Promise<string> {
  const result = await buildFile(file, { outDir: tempDir('briefing-epub-'), formats: ['epub'], sourceDateEpoch });
  return result.artifacts[0]!.path;
}

beforeAll(async () => {
  await Promise.all(
    Object.entries(briefings).map(async ([name, source]) => {
      // The book under test is the run's shared build (see shared-builds.ts); `again` a separate build of it.
      const [file, again, laterDate] = await Promise.all([sharedBuild(source).then((b) => b.epub), buildEpub(source), buildEpub(source, 1_735_689_600)]);
      const book = await openEpub(file);
      const check = epubcheck(file);
      check.catch(() => undefined); // the EPUBCheck test reports a failure; nothing else waits for it
      built.set(name, { name, file, again, laterDate, book, opf: await book.text('OEBPS/content.opf'), epubcheck: check });
    }),
  );
});

function get(name: string): Built {
  const b = built.get(name);
  if (!b) throw new Error(`${name} was not built`);
  return b;
}

const xml = (text: string) => parseDocument(text, { xmlMode: true });
const elements = (text: string, name: string) => findAll((e) => e.name === name, xml(text).children);
const metaProperty = (opf: string, property: string) =>
  elements(opf, 'meta').filter((m) => m.attribs.property === property).map((m) => textContent(m).trim());
const dc = (opf: string, name: string) => elements(opf, `dc:${name}`).map((e) => textContent(e).trim());

async function pages(b: Built): Promise<{ name: string; xhtml: string }[]> {
  const names = b.book.names.filter((n) => n.endsWith('.xhtml')).sort();
  return Promise.all(names.map(async (name) => ({ name, xhtml: await b.book.text(name) })));
}

/** The first strong direction in a text (UAX #9 rule P2, what dir="auto" resolves to). */
function firstStrong(text: string): 'rtl' | 'ltr' | undefined {
  for (const ch of text) {
    if (/[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(ch)) return 'rtl';
    if (/\p{L}/u.test(ch)) return 'ltr';
  }
  return undefined;
}

describe.each(Object.keys(briefings))('EPUB of %s', (name) => {
  it('passes EPUBCheck with no fatals, errors or warnings', async () => {
    const result = await get(name).epubcheck;
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
    expect(result.ePubVersion).toMatch(/^3\./);
  });

  it('reads right to left in Persian: spine, package and every page', async () => {
    const b = get(name);
    const spine = elements(b.opf, 'spine')[0]!;
    expect(spine.attribs['page-progression-direction']).toBe('rtl');
    expect(dc(b.opf, 'language')).toEqual(['fa']);
    const pkg = elements(b.opf, 'package')[0]!;
    expect(pkg.attribs['xml:lang']).toBe('fa');
    expect(pkg.attribs.dir).toBe('rtl');
    const docs = await pages(b);
    expect(docs.length).toBeGreaterThanOrEqual(7); // six sections and the navigation document
    for (const page of docs) {
      const html = elements(page.xhtml, 'html')[0]!;
      expect({ page: page.name, lang: html.attribs.lang, xmlLang: html.attribs['xml:lang'], dir: html.attribs.dir }).toEqual({
        page: page.name,
        lang: 'fa',
        xmlLang: 'fa',
        dir: 'rtl',
      });
    }
  });

  it('keeps the text as written: UTF-8, no numeric entities, headings in order', async () => {
    for (const page of await pages(get(name))) {
      expect(page.xhtml, page.name).not.toMatch(/&#x?[0-9a-f]+;/i);
      const levels = findAll((e) => /^h[1-6]$/.test(e.name), xml(page.xhtml).children).map((h) => Number(h.name[1]));
      expect(levels[0], page.name).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, page.name).toBeLessThanOrEqual(1);
    }
  });

  it('has a Persian table of contents in the navigation document and the NCX, and landmarks', async () => {
    const b = get(name);
    const navItem = elements(b.opf, 'item').find((i) => i.attribs.properties === 'nav')!;
    const nav = await b.book.text(`OEBPS/${navItem.attribs.href}`);
    const navs = elements(nav, 'nav');
    const toc = navs.find((n) => n.attribs['epub:type'] === 'toc')!;
    const entries = findAll((e) => e.name === 'a', toc.children).map((a) => ({ href: a.attribs.href!, label: textContent(a).trim() }));
    const spinePages = elements(b.opf, 'itemref').map((r) => elements(b.opf, 'item').find((i) => i.attribs.id === r.attribs.idref)!.attribs.href);
    expect(entries.map((e) => e.href)).toEqual(spinePages.filter((h) => h !== navItem.attribs.href));
    for (const entry of entries) {
      expect(entry.label).toMatch(FA_PERSIAN);
      // Each entry is named by the first heading of the page it opens.
      const page = await b.book.text(`OEBPS/${entry.href}`);
      expect(textContent(findOne((e) => e.name === 'h1', xml(page).children)!).trim()).toBe(entry.label);
    }
    const ncx = await b.book.text('OEBPS/toc.ncx');
    const ncxLabels = elements(ncx, 'navLabel').map((l) => textContent(l).trim());
    expect(ncxLabels).toEqual(entries.map((e) => e.label));
    expect(elements(ncx, 'meta').find((m) => m.attribs.name === 'dtb:uid')!.attribs.content).toBe(dc(b.opf, 'identifier')[0]);

    const landmarks = navs.find((n) => n.attribs['epub:type'] === 'landmarks')!;
    const marks = Object.fromEntries(findAll((e) => e.name === 'a', landmarks.children).map((a) => [a.attribs['epub:type'], a.attribs.href]));
    expect(marks).toEqual({ titlepage: '01-title.xhtml', toc: `${navItem.attribs.href}#toc`, bodymatter: '02-summary.xhtml' });
    expect(findOne((e) => e.attribs.id === 'toc', xml(nav).children)?.attribs['epub:type']).toBe('toc');
  });

  it('describes itself: titles, creator, date, description, subjects, one dcterms:modified', async () => {
    const b = get(name);
    const briefing = await loadBriefing(briefings[name as keyof typeof briefings]);
    const titles = elements(b.opf, 'dc:title');
    expect(textContent(titles[0]!)).toBe(briefing.title);
    if (briefing.subtitle) {
      expect(titles.map((t) => textContent(t))).toEqual([briefing.title, briefing.subtitle]);
      const typeOf = (t: Element) => elements(b.opf, 'meta').find((m) => m.attribs.refines === `#${t.attribs.id}` && m.attribs.property === 'title-type');
      expect(titles.map((t) => textContent(typeOf(t)!))).toEqual(['main', 'subtitle']);
    }
    expect(dc(b.opf, 'creator')).toEqual([briefing.sources[0]!.name]);
    expect(dc(b.opf, 'publisher')).toEqual([briefing.sources[0]!.name]);
    expect(dc(b.opf, 'date')).toEqual([briefing.date]);
    expect(metaProperty(b.opf, 'dcterms:modified')).toEqual([`${briefing.date}T00:00:00Z`]);
    expect(dc(b.opf, 'description')).toEqual([briefing.summary.join(' ')]);
    expect(dc(b.opf, 'subject')).toEqual(briefing.themes.map((t) => t.title));
  });

  it('carries EPUB Accessibility 1.1 metadata that is true of a text-only book', () => {
    const { opf } = get(name);
    expect(metaProperty(opf, 'schema:accessMode')).toEqual(['textual']);
    expect(metaProperty(opf, 'schema:accessModeSufficient')).toEqual(['textual']);
    expect(metaProperty(opf, 'schema:accessibilityFeature')).toEqual(
      expect.arrayContaining(['tableOfContents', 'readingOrder', 'structuralNavigation', 'displayTransformability']),
    );
    expect(metaProperty(opf, 'schema:accessibilityHazard')).toEqual(['none']);
    const [summary] = metaProperty(opf, 'schema:accessibilitySummary');
    expect(summary).toMatch(ARABIC_SCRIPT);
    // It names the cover, the one image (it said "no images" beside it).
    expect(summary).toContain('جلد');
    expect(summary).not.toContain('تصویر، صدا یا ویدئو ندارد');
    // Text only: the book really has no images, audio or video in its pages; its one image is the
    // cover that library views show, which no page holds.
    const media = elements(opf, 'item').filter((i) => /^(image|audio|video)\//.test(i.attribs['media-type']!));
    expect(media.map((i) => [i.attribs.href, i.attribs.properties])).toEqual([['images/cover.png', 'cover-image']]);
  });

  it('has the same identifier and the same bytes when built again', async () => {
    const b = get(name);
    const [identifier] = dc(b.opf, 'identifier');
    expect(identifier).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(readFileSync(b.again).equals(readFileSync(b.file))).toBe(true);
    // Another build date changes the dates, not the identity of the book.
    const later = await openEpub(b.laterDate);
    const laterOpf = await later.text('OEBPS/content.opf');
    expect(dc(laterOpf, 'identifier')).toEqual([identifier]);
    expect(metaProperty(laterOpf, 'dcterms:modified')).toEqual(['2025-01-01T00:00:00Z']);
  });

  it('starts with an uncompressed mimetype entry', () => {
    const bytes = readFileSync(get(name).file);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // stored
    expect(bytes.toString('latin1', 30, 30 + bytes.readUInt16LE(26))).toBe('mimetype');
    expect(bytes.toString('latin1', 30 + 8 + bytes.readUInt16LE(28), 30 + 8 + bytes.readUInt16LE(28) + 20)).toBe('application/epub+zip');
  });

  it('embeds small Vazirmatn subsets that still draw and shape every character of the book', async () => {
    const b = get(name);
    const fontItems = elements(b.opf, 'item').filter((i) => i.attribs['media-type'] === 'font/ttf');
    const css = await b.book.text('OEBPS/style.css');
    expect(fontItems.map((i) => i.attribs.href).sort()).toEqual(['fonts/Vazirmatn-Bold.ttf', 'fonts/Vazirmatn-Regular.ttf']);
    const text = (await pages(b)).map((p) => xhtmlText(p.xhtml.replace(/<head>[\s\S]*<\/head>/, ''))).join(' ');
    // Direction marks (U+200E, U+200F, at the ends of inlines with their own dir) are invisible and need no glyph.
    const needed = [...new Set(text)].filter((ch) => !/\p{Cc}/u.test(ch) && !/[\u200e\u200f]/.test(ch));
    expect(needed.length).toBeGreaterThan(40);
    for (const item of fontItems) {
      expect(css).toMatch(new RegExp(`url\\("?${item.attribs.href!.replace(/[.]/g, "\\.")}"?\\)`));
      const zip = await import('jszip');
      const data = Buffer.from(await (await zip.default.loadAsync(readFileSync(b.file))).file(`OEBPS/${item.attribs.href}`)!.async('uint8array'));
      expect(data.length, item.attribs.href).toBeLessThan(60 * 1024);
      const font = fontkit.create(data);
      expect(needed.filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0)!)), item.attribs.href).toEqual([]);
      // Shaping survived subsetting: beh takes three different joining forms, lam-alef ligates.
      expect(Object.keys(font.directory.tables)).toEqual(expect.arrayContaining(['GSUB', 'GPOS']));
      const beh = font.layout('ببب').glyphs.map((g) => g.id);
      expect(new Set(beh).size).toBe(3);
      expect(font.layout('لا').glyphs).toHaveLength(1);
    }
    const licence = elements(b.opf, 'item').find((i) => i.attribs.href === 'fonts/OFL.txt');
    expect(licence?.attribs['media-type']).toBe('text/plain');
    expect(await b.book.text('OEBPS/fonts/OFL.txt')).toContain('SIL OPEN FONT LICENSE');
  });
});

describe('EPUB of a briefing with English and markup characters in its data', () => {
  it('gives the all-English paragraph its own left-to-right direction', async () => {
    const summary = await get('mixed').book.text('OEBPS/02-summary.xhtml');
    const para = findAll((e) => e.name === 'p', xml(summary).children).find((p) => textContent(p).startsWith('This paragraph is entirely in English'));
    expect(para).toBeDefined();
    const dir = getAttributeValue(para as Element, 'dir');
    const resolved = dir === 'auto' ? firstStrong(textContent(para!)) : dir;
    expect(resolved).toBe('ltr');
    // Its Persian neighbour resolves to right to left.
    const persian = findAll((e) => e.name === 'p', xml(summary).children).find((p) => textContent(p).startsWith('در این همایش'))!;
    const pdir = getAttributeValue(persian, 'dir');
    expect(pdir === 'auto' ? firstStrong(textContent(persian)) : pdir).toBe('rtl');
  });

  it('shows <b>, &amp; and {{x}} from the data as text, never as markup', async () => {
    const b = get('mixed');
    const all = (await pages(b)).map((p) => p.xhtml);
    for (const doc of all) expect(findAll((e) => ['b', 'script', 'TSD'].includes(e.name), xml(doc).children)).toEqual([]);
    const text = all.map(xhtmlText).join(' ');
    for (const s of ['<b>پررنگ</b>', '&amp; و الگوی {{x}}', 'Technology & Security Dialogue <TSD>', 'شبیه <script> باشد', 'نشریهٔ آزمایشی {{x}}']) {
      expect(text).toContain(s);
    }
    expect(dc(b.opf, 'title')[0]).toBe('گزارش آزمایشی <b>نشانه‌گذاری</b> و متن انگلیسی');
    expect(dc(b.opf, 'source')).toEqual(['https://example.org/report?a=1&b=2']);
  });

  it('gives different briefings different identifiers', () => {
    const ids = [...built.values()].map((b) => dc(b.opf, 'identifier')[0]);
    expect(new Set(ids).size).toBe(built.size);
  });
});

describe('book identifier', () => {
  it('is an RFC 4122 name-based UUID (the published example: python.org in the DNS namespace)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});

describe('EPUB from a templates folder of its own', () => {
  it('uses its style sheet, embeds only the faces it declares, and falls back to the built-in EPUB templates', async () => {
    const templates = join(tempDir('briefing-templates-'), 'templates');
    cpSync(join(root, 'templates'), templates, { recursive: true });
    rmSync(join(templates, 'epub'), { recursive: true });
    const css = readFileSync(join(templates, 'epub.css'), 'utf8').replace(/@font-face \{[^}]*Bold[^}]*\}/, '');
    writeFileSync(join(templates, 'epub.css'), `${css}\n.custom-marker { color: #123456; }\n`);
    const result = await buildFile(briefings.minimal, { outDir: tempDir('briefing-epub-'), formats: ['epub'], templatesDir: templates });
    const book = await openEpub(result.artifacts[0]!.path);
    expect(await book.text('OEBPS/style.css')).toContain('.custom-marker');
    expect(book.names.filter((n) => n.endsWith('.ttf'))).toEqual(['OEBPS/fonts/Vazirmatn-Regular.ttf']);
    const opf = await book.text('OEBPS/content.opf');
    expect(elements(opf, 'spine')[0]!.attribs['page-progression-direction']).toBe('rtl');
    expect(elements(opf, 'item').filter((i) => i.attribs['media-type'] === 'font/ttf').map((i) => i.attribs.href)).toEqual(['fonts/Vazirmatn-Regular.ttf']);
  });
});

describe('the contents page', () => {
  it('is not a page of a brief\'s book (one page, nothing to choose from); a report\'s is its table of contents for EPUB 2 tools too', async () => {
    const brief = await buildFile(join(fixtures, 'one-pager.yaml'), { outDir: tempDir('briefing-epub-'), formats: ['epub'] });
    const book = await openEpub(brief.artifacts[0]!.path);
    const opf = await book.text('OEBPS/content.opf');
    const nav = elements(opf, 'item').find((i) => i.attribs.properties === 'nav')!;
    // The navigation document is there (EPUB 3 needs it) but not in the reading order.
    expect(elements(opf, 'itemref').map((r) => r.attribs.idref)).not.toContain(nav.attribs.id);
    expect(elements(opf, 'itemref')).toHaveLength(1);
    expect(elements(opf, 'reference')).toEqual([]);
    expect((await epubcheck(brief.artifacts[0]!.path)).problems).toEqual([]);

    const report = get('mcis');
    expect(elements(report.opf, 'itemref').map((r) => r.attribs.idref)).toContain('nav');
    // calibre and other EPUB 2 tools take the guide's toc reference for the book's own contents page.
    expect(elements(report.opf, 'reference').map((r) => [r.attribs.type, r.attribs.href])).toEqual([['toc', 'toc.xhtml']]);
  });
});
