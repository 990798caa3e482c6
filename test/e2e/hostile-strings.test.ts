// Strings an attacker or a careless paste would bring — quotes, <>&, template syntax, CDATA ends, bidi
// controls, ZWNJ, very long words, a tag-closing "><script> — in every kind of field, through all three
// writers. Each output must be valid (EPUBCheck; the HTML page parses as XML) and show them as text.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { stringify } from 'yaml';
import { buildFile } from '../../src/index.js';
import { openEpub, pdfText, tempDir, xhtmlText } from '../helpers.js';
import { epubcheck } from '../support/epubcheck.js';
import { openPdfjs } from '../support/pdfjs.js';

const LONG = `Supercalifragilistic${'x'.repeat(180)}word`;
const HOSTILE = {
  quotes: `He said "yes" and 'no'`,
  markup: `a < b && c > d <b>bold</b> &amp; &#0; &lt;`,
  template: `{{title}} {{{raw}}} {{> partial}} <%= ejs %>`,
  cdata: `end ]]> of <![CDATA[ x ]]> and <!-- c -->`,
  script: `"><script>alert(1)</script><img src=x onerror=alert(2)>`,
  bidi: `left \u202Eright-to-left override\u202C and \u2067isolate\u2069 and \u200Fmark`,
  zwnj: 'می‌خواهند و نیم‌فاصله',
  long: LONG,
};
const all = Object.values(HOSTILE);
// What the PDF shows, read back in drawing order: bidi controls are invisible, and the text of a
// right-to-left override (U+202E … U+202C) of Latin letters is drawn, so read, reversed.
const drawn = (s: string) =>
  s.replace(/\u202e([^\u202c]*)\u202c/g, (_, t: string) => [...t].reverse().join('')).replace(/[\u202a-\u202e\u200e\u200f\u2066-\u2069]/g, '');
const URL = "https://example.org/news/نشست?a=1&b='2'#x";
// The link's target: the same address in ASCII, as links need it.
const HREF = 'https://example.org/news/%D9%86%D8%B4%D8%B3%D8%AA?a=1&b=%272%27#x';

const briefing = {
  id: 'hostile-strings',
  lang: 'en',
  title: `Title ${HOSTILE.script} ${HOSTILE.quotes}`,
  subtitle: `Subtitle ${HOSTILE.template}`,
  date: '2024-03-20',
  event: {
    name: `Event ${HOSTILE.markup}`,
    nameLatin: `Latin ${HOSTILE.cdata}`,
    abbreviation: `A"B'<C>`,
    location: `Place ${HOSTILE.bidi}`,
    organizer: `Org ${HOSTILE.zwnj}`,
    alongside: { name: `Side ${HOSTILE.script}` },
  },
  source: { name: `Wire ${HOSTILE.quotes} ${HOSTILE.markup}`, via: `Via ${HOSTILE.template}`, url: URL },
  summary: all.map((s, i) => `Summary ${i}: ${s}`),
  participants: [
    { id: 'p1', name: `Name ${HOSTILE.script}`, nameLatin: `Latin ${HOSTILE.quotes}`, role: `Role ${HOSTILE.cdata}`, country: `Country ${HOSTILE.bidi}` },
    { id: 'p2', name: `Second ${HOSTILE.template}`, role: `Role ${HOSTILE.long}` },
  ],
  statements: [
    { speaker: 'p1', kind: 'quote', context: `Context ${HOSTILE.markup}`, text: all.map((s) => `Quote ${s}`), themes: ['t1'] },
    { speaker: 'p2', kind: 'paraphrase', text: [{ text: `Persian ${HOSTILE.zwnj} ${HOSTILE.quotes}`, lang: 'fa' }], themes: ['t1'] },
  ],
  themes: [{ id: 't1', title: `Theme ${HOSTILE.script}`, description: `About ${HOSTILE.template} ${HOSTILE.cdata}` }],
};
const QUOTED_LONG = `Quote ${LONG}`;
// Every string the reader should see, as written.
const expected = [
  briefing.title, briefing.subtitle, briefing.event.name, briefing.event.nameLatin, briefing.event.location, briefing.event.organizer,
  ...briefing.summary, ...briefing.participants.flatMap((p) => [p.name, p.role]), ...briefing.statements[0]!.text as string[],
  briefing.themes[0]!.title, briefing.themes[0]!.description,
];

const out = tempDir();
const files: Record<'pdf' | 'epub' | 'html', string> = { pdf: '', epub: '', html: '' };
let browser: Browser;

beforeAll(async () => {
  const source = join(out, 'hostile.yaml');
  // Written as YAML: it goes through the loader and its checks like any author's file.
  writeFileSync(source, stringify(briefing));
  const result = await buildFile(source, { outDir: out, formats: ['pdf', 'epub', 'html'] });
  for (const a of result.artifacts) files[a.format] = a.path;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * A string as the page shows it: in this English briefing a run of Persian is a span with lang fa and
 * dir rtl (render/latin-runs.ts), whose text the writers set between right-to-left marks (U+200F).
 */
const shown = (s: string) => s.replace(/\s+/g, ' ').replace(/\p{Script=Arabic}(?:[\p{Script=Arabic}\p{M}\u200c0-9 ]*[\p{Script=Arabic}\p{M}0-9])?/gu, '\u200f$&\u200f');

describe('hostile strings in every field', () => {
  it('EPUB: EPUBCheck finds nothing, and the pages show every string as text', async () => {
    expect((await epubcheck(files.epub)).problems).toEqual([]);
    const book = await openEpub(files.epub);
    const pages = await Promise.all(book.names.filter((n) => n.endsWith('.xhtml')).map((n) => book.text(n)));
    const xhtml = pages.join('\n');
    const text = xhtmlText(xhtml);
    for (const s of expected) expect(text, s).toContain(shown(s));
    expect(xhtml).not.toMatch(/<(script|img|b)[\s>]/);
    // The package document carries title, source and subjects escaped.
    const opf = await book.text(book.names.find((n) => n.endsWith('.opf'))!);
    expect(xhtmlText(opf)).toContain(briefing.title);
    expect(xhtmlText(opf)).toContain(URL);
  });

  it('HTML: the page parses as XML, shows every string as text and runs no script', async () => {
    const html = readFileSync(files.html, 'utf8');
    const page = await browser.newPage();
    // As XHTML: any unescaped markup character in text or an attribute is a parse error.
    const xml = await page.evaluate((src) => {
      // The stylesheet is the template's CSS, not data, and CSS is not XML: left out of this parse.
      const doc = new DOMParser().parseFromString(src.replace(/^<!DOCTYPE html>/, '').replace(/<style>[^]*?<\/style>/, '<style/>'), 'application/xhtml+xml');
      return doc.getElementsByTagName('parsererror')[0]?.textContent ?? null;
    }, html);
    expect(xml).toBeNull();
    await page.setContent(html);
    const seen = await page.evaluate(() => ({
      text: document.body.innerText,
      title: document.title,
      scripts: document.querySelectorAll('script, img').length,
      hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      alerted: (window as unknown as { alerted?: boolean }).alerted ?? false,
    }));
    expect(seen.scripts).toBe(0);
    expect(seen.title).toBe(briefing.title);
    // The sources section and each statement citing the source link to it: always the address in ASCII.
    expect(seen.hrefs.length).toBeGreaterThan(0);
    expect(new Set(seen.hrefs)).toEqual(new Set([HREF]));
    const flat = seen.text.replace(/\s+/g, ' ');
    for (const s of expected) expect(flat, s).toContain(shown(s));
    await page.close();
  });

  it('PDF: pdftotext gives back every string (bidi controls are invisible), and no link but the source', async () => {
    // -layout keeps each line whole: the RTL layer draws an isolate as a run of its own, which plain
    // pdftotext may read after the rest of a table cell.
    const text = pdfText(files.pdf, ['-layout']);
    const flat = text.replace(/\s+/g, ' ');
    // A word too long for the line is broken inside: compare it without the breaks.
    const joined = text.replace(/\s+/g, '');
    for (const s of expected.filter((x) => x !== QUOTED_LONG)) {
      if (s.includes(LONG)) expect(joined, s).toContain(drawn(s).replace(/\s+/g, ''));
      else expect(flat, s).toContain(drawn(s).replace(/\s+/g, ' '));
    }
    const pdf = readFileSync(files.pdf, 'latin1');
    expect(pdf).not.toMatch(/\/JavaScript|\/JS\b/);
    // Links, as pdf.js reads them: the source address and nothing else.
    const doc = await openPdfjs(files.pdf);
    const links: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      for (const a of await (await doc.getPage(i)).getAnnotations()) if (a.url || a.unsafeUrl) links.push(a.unsafeUrl ?? a.url);
    }
    await doc.destroy();
    expect(new Set(links)).toEqual(new Set([HREF]));
  });

  it('a source address with markup in it is refused before any writer sees it, and nothing is written', async () => {
    const dir = tempDir();
    const source = join(dir, 'bad-url.yaml');
    writeFileSync(source, stringify({ ...briefing, source: { ...briefing.source, url: 'https://example.org/"><script>alert(1)</script>' } }));
    await expect(buildFile(source, { outDir: join(dir, 'out'), formats: ['pdf', 'epub', 'html'] })).rejects.toThrow(
      /bad-url\.yaml:\d+:\d+: source\.url: may not contain spaces, double quotes, <, >/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('PDF: a word longer than a block quote line is broken across lines, not cut off', () => {
    const joined = pdfText(files.pdf, ['-layout']).replace(/\s+/g, '');
    expect(joined).toContain(QUOTED_LONG.replace(/\s+/g, ''));
  });
});
