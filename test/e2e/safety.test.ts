// Data that looks like markup, template syntax or entities is printed as it is in both outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../src/index.js';
import { fixtures, openEpub, tempDir, xhtmlText } from '../helpers.js';
import { epubcheck } from '../support/epubcheck.js';
import { pdfiumPages } from '../support/text-engines.js';

let pdf: string;
let epub: string;

beforeAll(async () => {
  const result = await buildFile(join(fixtures, 'literal-markup.yaml'), { outDir: tempDir() });
  pdf = result.artifacts.find((a) => a.format === 'pdf')!.path;
  epub = result.artifacts.find((a) => a.format === 'epub')!.path;
});

describe('data text stays text', () => {
  it('the EPUB shows every literal string of the data, and EPUBCheck accepts it', async () => {
    const book = await openEpub(epub);
    const pages = book.names.filter((n) => /^OEBPS\/\d+-.+\.xhtml$/.test(n));
    const xhtml = (await Promise.all(pages.map((p) => book.text(p)))).join('\n');
    const text = xhtmlText(xhtml);
    for (const literal of [
      'نشست <b>پررنگ</b> و {{labels.toc}}',
      'رویداد &amp; نشست',
      'Meeting <script>alert(1)</script>',
      'متن با {{#each summary}}x{{/each}} و <i>کج</i> و &#1575; پایان.',
      'Tags <p>inside</p> stay text; so do {{title}} and &copy; here.',
      'مریم <em>احمدی</em>',
      'رئیس {{> title}} مرکز',
      'گفت: <a href="https://evil.example">پیوند</a> و ]]> و <!-- یادداشت --> پایان.',
    ]) {
      expect(text).toContain(literal);
    }
    // None of it became an element.
    expect(xhtml).not.toMatch(/<(script|b|i|em|a)[\s>]/);
    expect((await epubcheck(epub)).problems).toEqual([]);
  });

  it('the PDF shows the same characters, as Chrome copies them (PDFium)', async () => {
    // Not poppler: it reads the runs' ActualText, cut for PDFium, and gives a Latin phrase inside
    // Persian in reversed word order (src/pdf/rtl/README.md, trade-offs).
    const text = (await pdfiumPages(pdf)).join('\n');
    // A left-to-right paragraph comes back whole.
    expect(text).toContain('Tags <p>inside</p> stay text; so do {{title}} and &copy; here.');
    // In right-to-left paragraphs the order of mixed runs is the RTL layer's business; the literal pieces must be there.
    // Pieces inside one left-to-right run come back whole.
    for (const piece of ['labels.toc', 'amp', 'lt', 'gt', 'script>alert(1)</script', 'each summary', '1575', 'https://evil.example', 'title', 'copy']) {
      expect(text).toContain(piece);
    }
    // Every markup character of the data is printed (the title repeats in the running header, hence at
    // least). Brackets count in pairs: inside right-to-left text they are drawn mirrored.
    const data = readFileSync(join(fixtures, 'literal-markup.yaml'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    const strings = [...data.matchAll(/"([^"\\]|\\.)*"/g)].map((m) => m[0].slice(1, -1).replaceAll('\\"', '"')).join('');
    const count = (s: string, chars: string) => [...s].filter((c) => chars.includes(c)).length;
    for (const chars of ['<>', '{}', '&', ';', '#', '/']) {
      expect(count(text, chars), chars).toBeGreaterThanOrEqual(count(strings, chars));
    }
    // Markup in data makes no link.
    expect(readFileSync(pdf).includes('/URI')).toBe(false);
  });
});
