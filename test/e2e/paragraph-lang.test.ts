// A paragraph written in another language than the briefing's ({text, lang} in the data) is marked
// as such in every output, so a screen reader reads it in that language's voice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, openEpub } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { openPdfjs } from '../support/pdfjs.js';

const ENGLISH = 'Security is a process, not a product.';
let pdf: string;
let epub: string;
let html: string;

beforeAll(async () => {
  ({ pdf, epub, html } = await sharedBuild(join(fixtures, 'mixed-markup.yaml')));
});

/** Each paragraph's text with its lang and xml:lang attributes. */
function paragraphs(xhtml: string): { text: string; lang?: string; xmlLang?: string }[] {
  return findAll((e) => e.name === 'p', parseDocument(xhtml, { xmlMode: true }).children).map((p) => ({
    text: textContent(p).trim(),
    lang: p.attribs.lang,
    xmlLang: p.attribs['xml:lang'],
  }));
}

describe('a paragraph in another language', () => {
  it('carries lang and xml:lang in the EPUB, and only it', async () => {
    const book = await openEpub(epub);
    const all = (await Promise.all(book.names.filter((n) => n.endsWith('.xhtml')).map((n) => book.text(n)))).flatMap(paragraphs);
    // The event's Latin name on its own line, the data's {text, lang: en}, and the all-English summary
    // paragraph without lang in the data, which gets the briefing's latinLang (default en) since every
    // letter of it is Latin.
    expect(all.filter((p) => p.lang !== undefined || p.xmlLang !== undefined).map((p) => p.text.replace(/[\u200e\u200f]/g, '').slice(0, 30))).toEqual(['Technology & Security Dialogue', 'This paragraph is entirely in ', ENGLISH.slice(0, 30)]);
    expect(all.filter((p) => p.lang !== undefined).every((p) => p.lang === 'en' && p.xmlLang === 'en')).toBe(true);
  });

  it('carries lang in the single-page HTML', () => {
    expect(paragraphs(readFileSync(html, 'utf8')).find((p) => p.text === ENGLISH)).toEqual({ text: ENGLISH, lang: 'en', xmlLang: 'en' });
  });

  it('is a paragraph with Lang en in the tagged PDF', async () => {
    const doc = await openPdfjs(pdf);
    const langs: (string | undefined)[] = [];
    const walk = (n: { role?: string; lang?: string; children?: unknown[] }) => {
      if (n.role === 'P') langs.push(n.lang);
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as never);
    // The two English paragraphs and the event's Latin name line.
    expect(langs.filter((l) => l === 'en')).toHaveLength(3);
    expect(langs.filter((l) => l === undefined).length).toBeGreaterThan(3);
  });
});
