// What real reading systems showed wrong in the EPUB (MuPDF, calibre, a 320 px phone, screen
// readers), and the language of Latin runs (`latinLang`) in the EPUB, the HTML page and the PDF.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { decodeXML } from 'entities';
import { join } from 'node:path';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../src/index.js';
import { fixtures, openEpub, pdfText, root, tempDir } from '../helpers.js';
import { epubcheck } from '../support/epubcheck.js';
import { sharedBuild } from '../support/shared-builds.js';
import { openPdfjs } from '../support/pdfjs.js';

interface Built {
  epub: string;
  html: string;
  pdf: string;
  pages: Element[][];
  css: string;
  opf: string;
  nav: string;
}

/** `shared`: the run's shared build of a briefing others read too (see shared-builds.ts). */
async function build(file: string, shared = false): Promise<Built> {
  const made = shared ? await sharedBuild(file) : await buildFile(file, { outDir: tempDir(), formats: ['pdf', 'epub', 'html'] });
  const path = (f: 'pdf' | 'epub' | 'html') => ('artifacts' in made ? made.artifacts.find((a) => a.format === f)!.path : made[f]);
  const book = await openEpub(path('epub'));
  const pages = await Promise.all(book.names.filter((n) => /OEBPS\/\d.*\.xhtml$/.test(n)).map(async (n) => parseDocument(await book.text(n), { xmlMode: true }).children as Element[]));
  return { epub: path('epub'), html: path('html'), pdf: path('pdf'), pages, css: await book.text('OEBPS/style.css'), opf: await book.text('OEBPS/content.opf'), nav: await book.text('OEBPS/toc.xhtml') };
}
const all = (b: Built, test: (e: Element) => boolean) => b.pages.flatMap((p) => findAll(test, p));

interface MupdfChar {
  c: string;
  x0: number;
  x1: number;
}

interface MupdfLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The characters in logical order (MuPDF gives one line per run of one direction). */
  text: string;
  chars: MupdfChar[];
  /** The visible glyphs' boxes across: spaces and invisible marks (LRM, ZWNJ) take room but draw nothing. */
  glyphs: [number, number][];
}

/** Every text line MuPDF lays out on each page of the book at `width` × `height` pixels. */
function mupdfLines(epub: string, width: number, height: number): MupdfLine[][] {
  const xml = execFileSync('mutool', ['draw', '-F', 'stext', '-W', String(width), '-H', String(height), epub], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return xml.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<line bbox="([^"]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((m) => {
      const [x0, y0, x1, y1] = m[1]!.split(' ').map(Number) as [number, number, number, number];
      const chars = [...m[2]!.matchAll(/<char quad="([^"]+)"[^>]* c="([^"]*)"/g)].map((c) => {
        const xs = c[1]!.split(' ').map(Number).filter((_, i) => i % 2 === 0);
        return { c: decodeXML(c[2]!), x0: Math.min(...xs), x1: Math.max(...xs) };
      });
      const glyphs = chars.filter((c) => !/^[\s\u00a0\u200b-\u200f\u2066-\u2069]$/.test(c.c)).map((c) => [c.x0, c.x1] as [number, number]);
      return { x0, y0, x1, y1, text: chars.map((c) => c.c).join(''), chars, glyphs };
    }),
  );
}

/** Where MuPDF draws `text` (found in one line's logical text): its leftmost and rightmost x. */
function drawnAt(lines: MupdfLine[], text: string): { left: number; right: number } {
  for (const line of lines) {
    const at = line.text.indexOf(text);
    if (at < 0) continue;
    const chars = line.chars.slice([...line.text.slice(0, at)].length, [...line.text.slice(0, at)].length + [...text].length).filter((c) => c.c.trim());
    return { left: Math.min(...chars.map((c) => c.x0)), right: Math.max(...chars.map((c) => c.x1)) };
  }
  throw new Error(`MuPDF draws no line with "${text}"`);
}

/** Whether any glyph of `a` is drawn over a glyph of `b` (more than a hair across, and most of a line's height). */
function drawnOver(a: MupdfLine, b: MupdfLine): boolean {
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (h < 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) return false;
  return a.glyphs.some(([l, r]) => b.glyphs.some(([bl, br]) => Math.min(r, br) - Math.max(l, bl) > 1.5));
}

let mcis: Built;
let minimal: Built;
let german: Built;
let heldOut: Built;
let topic: Built;
beforeAll(async () => {
  // The small fixture with latinLang: de, to see that the setting (not a constant) is what is written.
  const data = parse(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8')) as Record<string, unknown>;
  const deFile = join(tempDir(), 'german.yaml');
  writeFileSync(deFile, stringify({ ...data, id: 'german-latin', latinLang: 'de' }));
  [mcis, minimal, german, heldOut, topic] = await Promise.all([
    build(join(root, 'data', 'mcis-2023.yaml'), true),
    build(join(fixtures, 'minimal.yaml'), true),
    build(deFile),
    build(join(fixtures, 'held-out.yaml'), true),
    build(join(fixtures, 'topic', 'topic-briefing.yaml'), true),
  ]);
});

describe('the theme × speaker matrix', () => {
  it('has words in every cell, a header for each row (scope="row") and three columns that fit a phone', () => {
    const table = all(mcis, (e) => e.name === 'table' && e.attribs.class === 'matrix')[0]!;
    const cells = findAll((e) => e.name === 'td' || e.name === 'th', table.children);
    expect(cells.length).toBeGreaterThan(6);
    expect(cells.filter((c) => !/\p{L}/u.test(textContent(c)))).toEqual([]);
    const rows = findAll((e) => e.name === 'tr', table.children);
    for (const tr of rows) expect(findAll((e) => e.name === 'td' || e.name === 'th', tr.children)).toHaveLength(3);
    const rowHeaders = rows.slice(1).map((tr) => findAll((e) => e.name === 'th', tr.children)[0]!);
    expect(rowHeaders.every((th) => th.attribs.scope === 'row')).toBe(true);
    // Every speaker is named in each row, once: among those who addressed the theme or those who did not.
    const speakers = ['ولادیمیر پوتین', 'شویگو', 'لی شانگفو', 'عزیز نصیرزاده', 'سرگی لاوروف'];
    for (const tr of rows.slice(1)) {
      // Names are kept whole with no-break spaces (a name never splits over two lines of a cell).
      const text = findAll((e) => e.name === 'td', tr.children).map(textContent).join('، ').replace(/\u00a0/g, ' ');
      expect(speakers.filter((s) => text.split(text.includes(s) ? s : '\0').length !== 2)).toEqual([]);
    }
  });
});

describe('EPUB fixes for MuPDF and calibre', () => {
  it('hides a hidden nav (the landmarks) in the style sheet too', () => {
    expect(mcis.nav).toMatch(/<nav [^>]*hidden/);
    expect(mcis.css).toMatch(/nav\[hidden\]\s*\{\s*display:\s*none;?\s*\}/);
  });

  it('marks both ends of every LTR inline with an LRM (U+200E), in the EPUB and the HTML page but not the PDF', () => {
    const ltr = all(minimal, (e) => e.name === 'span' && e.attribs.dir === 'ltr');
    expect(ltr.length).toBeGreaterThan(2);
    for (const span of ltr) expect(textContent(span)).toMatch(/^\u200e[^\u200e\u200f\u2066-\u2069]+\u200e$/);
    const html = parseDocument(readFileSync(minimal.html, 'utf8'));
    const htmlLtr = findAll((e) => e.name === 'span' && e.attribs.dir === 'ltr', html.children);
    expect(htmlLtr.length).toBe(ltr.length);
    for (const span of htmlLtr) expect(textContent(span)).toMatch(/^\u200e.*\u200e$/);
    expect(readFileSync(minimal.pdf).includes(Buffer.from('\u200e'))).toBe(false);
    expect(pdfText(minimal.pdf)).toContain('Regional Security Meeting');
  });

  it('keeps a Latin name, its brackets and the punctuation after it in place in MuPDF', () => {
    // The topic brief's «جین دو (Jane Doe)، تحلیلگر بازار», right to left: the name, the Latin name,
    // the comma, the role. Isolates (LRI … PDI) had MuPDF draw «تحلیلگر بازار ،(Jane Doe)».
    const page = mupdfLines(topic.epub, 360, 640).find((lines) => lines.some((l) => l.text.includes('Jane Doe')))!;
    const name = drawnAt(page, 'جین دو');
    const latin = drawnAt(page, '(Jane Doe)');
    const role = drawnAt(page, 'تحلیلگر بازار');
    expect(latin.right).toBeLessThan(name.left);
    expect(role.right).toBeLessThan(latin.left);
    // MCIS's event name in Latin letters ends with its abbreviation, closing bracket last on the right.
    const title = mupdfLines(mcis.epub, 360, 640)[0]!;
    const open = drawnAt(title, '(MCIS');
    const close = drawnAt(title, 'MCIS)');
    expect(close.right).toBeGreaterThan(open.right);
    expect(open.left).toBeLessThan(close.left);
  });

  it.each([
    ['MCIS', () => mcis, 20],
    ['a briefing written apart from the code (held-out)', () => heldOut, 6],
    ['a brief (the topic fixture)', () => topic, 4],
  ] as const)('sets every label line and every participant at the right in MuPDF\'s 360-pixel view, and no glyph over another: %s', (_, book, least) => {
    // MuPDF 1.21 (Debian's mutool; SumatraPDF and Android readers build on MuPDF) lays the book out
    // at a phone's width. A label is found by its text; its line must end at the right edge of the
    // text column (the page's rightmost line end), where a right-to-left reader starts reading.
    const labelLines = all(book(), (e) => /(^| )(role|context|theme-speakers|participants-line|statement-meta|facts-line|brief-subtitle|dateline|url|brief-credit|attribution|source-title|source-note|theme-description|assessment-note)( |$)/.test(e.attribs.class ?? ''));
    const cells = all(book(), (e) => e.name === 'table' && e.attribs.class === 'participants').flatMap((t) => findAll((e) => e.name === 'td' && e.attribs.class !== 'number', t.children));
    const labels = [...labelLines, ...cells]
      .map((e) => textContent(e).replace(/[\u200e\u200f]/g, '').trim().slice(0, 12))
      .filter((t) => t.length >= 4);
    expect(labels.length).toBeGreaterThan(least);
    const pages = mupdfLines(book().epub, 360, 640);
    const misplaced: string[] = [];
    const overlapping: string[] = [];
    for (const lines of pages) {
      const right = Math.max(...lines.map((l) => l.x1));
      for (const label of labels) {
        for (const l of lines.filter((l) => l.text.replace(/[\u200e\u200f]/g, '').startsWith(label))) if (l.x1 < right - 12) misplaced.push(`${label} (ends at ${l.x1.toFixed(0)} of ${right.toFixed(0)})`);
      }
      for (const [i, a] of lines.entries()) {
        for (const b of lines.slice(i + 1)) if (drawnOver(a, b)) overlapping.push(`${a.text.slice(0, 20)} / ${b.text.slice(0, 20)}`);
      }
    }
    expect(misplaced).toEqual([]);
    expect(overlapping).toEqual([]);
  });

  it('gives calibre its navigation document as the table of contents, every entry by its own title', () => {
    const script = join(root, 'test', 'support', 'calibre-toc.py');
    const seen = execFileSync('calibre-debug', [script, mcis.epub, topic.epub], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 })
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { nav: string | null; ncx: string | null; entries: { title: string; dest: string; depth: number }[] });
    expect(seen).toHaveLength(2);
    for (const [book, toc] of [[mcis, seen[0]!], [topic, seen[1]!]] as const) {
      expect(toc.nav).toBe('OEBPS/toc.xhtml');
      // The titles the navigation document's toc gives, in its order (not the hidden landmarks).
      const tocNav = findAll((e) => e.name === 'nav' && e.attribs['epub:type'] === 'toc', parseDocument(book.nav, { xmlMode: true }).children)[0]!;
      const titles = findAll((e) => e.name === 'a', tocNav.children).map((a) => textContent(a).trim());
      expect(titles.length).toBeGreaterThan(0);
      expect(toc.entries.map((e) => e.title)).toEqual(titles);
      expect(toc.entries.every((e) => e.dest.startsWith('OEBPS/'))).toBe(true);
    }
    // The brief has one page, and one entry; MCIS one per section, in Persian.
    expect(seen[1]!.entries).toHaveLength(1);
    expect(seen[0]!.entries.map((e) => e.title)).toContain('اظهارات');
  });

  it('keeps the last line of a justified paragraph at the start side where CSS allows it', () => {
    expect(mcis.css).toMatch(/p\s*\{[^}]*text-align:\s*justify;[^}]*text-align-last:\s*start/);
  });

  it('declares conformance to EPUB Accessibility 1.1 and WCAG 2.1 AA', () => {
    expect(mcis.opf).toContain('<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>');
  });

  it('passes EPUBCheck with no error and no warning', async () => {
    for (const b of [mcis, minimal, german]) expect((await epubcheck(b.epub)).problems).toEqual([]);
  });
});

describe('latinLang: the language of Latin runs in a Persian briefing', () => {
  const langOf = (b: Built, text: string) => {
    const el = all(b, (e) => (e.name === 'span' || e.name === 'p') && textContent(e).replace(/[\u200e\u200f]/g, '') === text)[0];
    return el && { lang: el.attribs.lang, xmlLang: el.attribs['xml:lang'], name: el.name };
  };

  it('marks a Latin run inside Persian text, and an all-English paragraph, with latinLang (default en)', () => {
    expect(langOf(minimal, 'Regional Security Meeting')).toEqual({ lang: 'en', xmlLang: 'en', name: 'span' });
    expect(langOf(minimal, 'The meeting ended with a joint statement.')).toEqual({ lang: 'en', xmlLang: 'en', name: 'p' });
    expect(langOf(german, 'Regional Security Meeting')).toEqual({ lang: 'de', xmlLang: 'de', name: 'span' });
    expect(langOf(german, 'The meeting ended with a joint statement.')).toEqual({ lang: 'de', xmlLang: 'de', name: 'p' });
    // Persian text is left alone.
    expect(all(minimal, (e) => e.attribs.lang !== undefined && e.attribs.lang !== 'fa' && /\p{Script=Arabic}/u.test(textContent(e))).map(textContent)).toEqual([]);
  });

  it('leaves a paragraph that has its own lang in the data as it is', async () => {
    const mixed = await build(join(fixtures, 'mixed-markup.yaml'));
    const own = all(mixed, (e) => e.name === 'p' && textContent(e) === 'Security is a process, not a product.')[0]!;
    expect(own.attribs.lang).toBe('en');
    expect(findAll((e) => e.name === 'span', own.children)).toEqual([]);
  });

  it('marks the same runs in the HTML page', () => {
    const html = parseDocument(readFileSync(german.html, 'utf8'));
    const spans = findAll((e) => e.name === 'span' && e.attribs.lang === 'de', html.children).map((e) => textContent(e).replace(/[\u200e\u200f]/g, ''));
    expect(spans).toContain('Regional Security Meeting');
  });

  it('gives the Latin runs Lang in the tagged PDF (a Span with Lang, or the paragraph\'s own)', async () => {
    const doc = await openPdfjs(german.pdf);
    const found: { role: string; lang?: string }[] = [];
    const walk = (n: { role?: string; lang?: string; children?: unknown[] }) => {
      if (n.role) found.push({ role: n.role, lang: n.lang });
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as never);
    await doc.destroy();
    expect(found.filter((e) => e.role === 'Span' && e.lang === 'de').length).toBeGreaterThanOrEqual(2);
    // The all-English summary paragraph, and the event's Latin name on its own line under the Persian one.
    expect(found.filter((e) => e.role === 'P' && e.lang === 'de')).toHaveLength(2);
  });
});
