// One template (test/fixtures/vocabulary) writes every element and attribute of the XHTML vocabulary
// (README "XHTML vocabulary", with bdi and dir on inline elements); all three writers must carry each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { findAll, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { beforeAll, describe, expect, it } from 'vitest';
import { epubcheck } from '../support/epubcheck.js';
import { pdfiumPages } from '../support/text-engines.js';
import { fixtures, openEpub, runCli, tempDir } from '../helpers.js';
import { openPdfjs } from '../support/pdfjs.js';
import { fold } from '../support/text.js';

const out = tempDir();
const pdf = join(out, 'minimal-test.pdf');
const ELEMENTS = ['section', 'div', 'h1', 'h2', 'h3', 'p', 'blockquote', 'ul', 'ol', 'li', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'em', 'span', 'a', 'br', 'bdi'];
const TEXTS = ['خلاصه واژگان', 'پررنگ', 'کج', 'Latin span 2.0', 'پیوند', 'user', 'خط دوم پس از شکست', 'An English paragraph with', 'VOCAB-AUTO', 'سرفصل دوم', 'سرفصل سوم', 'نقل‌قول آزمایشی', 'بند نخست فهرست', 'گام دوم', 'جدول واژگان', 'ستون یک', 'ردیف', 'cell-ltr'];

beforeAll(() => {
  const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--templates', join(fixtures, 'vocabulary'), '--format', 'pdf,epub,html', '--out', out]);
  expect(r.status, r.stderr).toBe(0);
});

/** The vocabulary section of an XHTML or HTML document, parsed. */
function vocabularySection(markup: string): Element {
  const doc = parseDocument(markup, { xmlMode: true });
  const section = findAll((e) => e.name === 'section' && (e.attribs.class ?? '').includes('vocab'), doc.children)[0];
  expect(section).toBeDefined();
  return section!;
}

/** Each element of the vocabulary, each `dir` value and the bdi are in the markup, with their text. */
function checkMarkup(section: Element): void {
  const names = new Set(findAll(() => true, [section]).map((e) => e.name));
  names.add(section.name);
  expect(ELEMENTS.filter((n) => !names.has(n))).toEqual([]);
  // The EPUB and HTML writers mark the ends of inlines with their own dir with invisible LRM/RLM (U+200E, U+200F).
  const visible = (e: Element) => textContent(e).replace(/[\u200e\u200f]/g, '');
  const text = fold(visible(section));
  for (const t of TEXTS) expect(text).toContain(t);
  const dirs = findAll((e) => e.attribs.dir !== undefined, [section]).map((e) => `${e.name}[dir=${e.attribs.dir}]`);
  expect(dirs).toEqual(expect.arrayContaining(['div[dir=rtl]', 'span[dir=ltr]', 'span[dir=rtl]', 'p[dir=ltr]', 'p[dir=auto]', 'td[dir=ltr]']));
  expect(findAll((e) => e.name === 'bdi', [section]).map(visible)).toEqual(['user!']);
  expect(findAll((e) => e.name === 'a', [section])[0]?.attribs.href).toBe('https://example.org/vocab');
}

describe('the whole XHTML vocabulary through every writer', () => {
  it('PDF: every text, with the isolated spans drawn whole, and every element in the structure tree', async () => {
    // As Chrome copies it (PDFium): the runs' ActualText is cut for PDFium, and poppler, which reads
    // the same ActualText with a bidi of its own, gives a Latin phrase inside Persian in reversed word order (rtl/README.md).
    const text = fold((await pdfiumPages(pdf)).join(' '));
    for (const t of TEXTS) expect(text).toContain(t);
    // The "!" of an isolated span comes with the span's text, as browsers draw it.
    expect(text).toContain('2.0!');
    expect(text).toContain('user!');
    const doc = await openPdfjs(pdf);
    const roles = new Set<string>();
    const langs = new Set<string>();
    const walk = (n: { role?: string; lang?: string; children?: unknown[] }) => {
      if (n.role) roles.add(n.role);
      if (n.lang) langs.add(n.lang);
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as never);
    const wanted = ['Sect', 'Div', 'H1', 'H2', 'H3', 'P', 'BlockQuote', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'Caption', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Link', 'Span'];
    expect(wanted.filter((r) => !roles.has(r))).toEqual([]);
    expect([...langs]).toContain('en');
  });

  it('EPUB: passes EPUBCheck and its chapter keeps every element, dir and bdi', async () => {
    const file = join(out, 'minimal-test.epub');
    const result = await epubcheck(file);
    expect(result.problems).toEqual([]);
    const book = await openEpub(file);
    const pages = await Promise.all(book.names.filter((n) => n.endsWith('.xhtml')).map((n) => book.text(n)));
    const chapter = pages.find((p) => p.includes('vocab-h1'));
    expect(chapter).toBeDefined();
    checkMarkup(vocabularySection(chapter!));
  });

  it('HTML: the page keeps every element, dir and bdi', () => {
    checkMarkup(vocabularySection(readFileSync(join(out, 'minimal-test.html'), 'utf8')));
  });
});
