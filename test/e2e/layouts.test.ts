// The two layouts as a reader holds them: a one-page brief, a report with a cover and a contents
// page whose numbers are right, pages that are not left nearly empty, lines set 1.5-1.8 font sizes
// apart, and long words broken inside their column with every character still there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fixtures, openEpub, pdfPages, pdfPageTexts, pdfText, root, runCli, tempDir } from '../helpers.js';
import { openPdfjs } from '../support/pdfjs.js';
import { fold } from '../support/text.js';

const out = tempDir('briefing-layouts-');
const onePager = YAML.parse(readFileSync(join(fixtures, 'one-pager.yaml'), 'utf8')) as Record<string, unknown> & { summary: string[]; statements: { text: string[] }[] };
const mcis = YAML.parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8')) as Record<string, unknown>;

/** Writes a variant of a briefing and returns its path. */
function variant(name: string, data: Record<string, unknown>): string {
  const file = join(out, `${name}.yaml`);
  writeFileSync(file, YAML.stringify({ ...data, id: name }, { lineWidth: 0 }));
  return file;
}

// A 2,000-character URL-like token and a 1,500-letter Persian one (no lam-alef, whose ligature
// poppler reads back reversed), in a paragraph, in a quote (a one-cell table) and as the source URL.
const LATIN = `https://example.org/${Array.from({ length: 1980 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[i % 36]).join('')}`;
const PERSIAN = Array.from({ length: 1500 }, (_, i) => 'سمبرجهانکتپژگ'[i % 13]).join('');

function longTokens(layout: 'brief' | 'report'): string {
  const statements = onePager.statements.map((s, i) => (i === 0 ? { ...s, text: [LATIN] } : i === 2 ? { ...s, text: [PERSIAN] } : s));
  return variant(`long-${layout}`, {
    ...onePager,
    layout,
    summary: [onePager.summary[0], `واژه بلند: ${PERSIAN} پایان.`],
    statements,
    source: { ...(onePager.source as object), url: LATIN },
  });
}

const files = {
  auto: join(fixtures, 'one-pager.yaml'),
  brief: variant('one-pager-brief', { ...onePager, layout: 'brief' }),
  report: variant('mcis-report', { ...mcis, layout: 'report' }),
  longBrief: longTokens('brief'),
  longReport: longTokens('report'),
};

beforeAll(() => {
  const r = runCli(['build', files.auto, files.brief, files.report, files.longBrief, files.longReport, '--out', out, '--format', 'pdf,epub']);
  expect(r.status, r.stderr).toBe(0);
}, 240_000);

const pdf = (file: string) => join(out, `${YAML.parse(readFileSync(file, 'utf8')).id}.pdf`);

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const bboxes = new Map<string, string[]>();
/** pdftotext -bbox of each page, from one run over the whole file (the tests look at page after page). */
function bboxPages(file: string): string[] {
  let pages = bboxes.get(file);
  if (!pages) {
    pages = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 }).split('<page ').slice(1).map((p) => `<page ${p}`);
    bboxes.set(file, pages);
  }
  return pages;
}

/** Words of one page with their boxes, from poppler; RTL words come in visual order, so `text` is read back reversed for Persian. */
function words(file: string, page: number): { words: Word[]; width: number; height: number } {
  const xml = bboxPages(file)[page - 1] ?? '';
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(xml)!;
  // poppler reads a run drawn with ActualText (PDF/UA copy text) as one box: its words share that box.
  const list = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].flatMap((m) =>
    logical(m[5]!)
      .split(/\s+/)
      .filter(Boolean)
      .map((text) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text })),
  );
  return { words: list, width: Number(size[1]), height: Number(size[2]) };
}

/** A word as written: Persian words come from poppler in drawn order, lam-alef ligatures as alef-lam. */
function logical(word: string): string {
  if (!/[\u0600-\u06ff]/.test(word)) return word;
  return [...word].reverse().join('').replace(/\u0627\u0644/g, '\u0644\u0627');
}

const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));

describe('layout: brief', () => {
  it('prints a briefing of about 200 words on one A4 page', () => {
    const text = [...onePager.summary, ...onePager.statements.flatMap((s) => s.text)].join(' ');
    expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(190);
    expect(pdfPages(pdf(files.brief))).toBe(1);
    expect(execFileSync('pdfinfo', [pdf(files.brief)], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('chooses the brief for a short briefing without a layout, and the EPUB follows with one chapter', async () => {
    expect(pdfPages(pdf(files.auto))).toBeLessThanOrEqual(2);
    // No cover and no contents page: the title and the summary share page 1.
    const first = pdfText(pdf(files.auto), ['-f', '1', '-l', '1']);
    expect(first.replace(/\u0627\u0644/g, '\u0644\u0627')).toContain('خلاصه');
    expect(first).not.toContain('فهرست');
    const book = await openEpub(join(out, 'one-pager.epub'));
    expect(book.names.filter((n) => /\d+-[a-z-]+\.xhtml$/.test(n))).toHaveLength(1);
  });

  it('keeps the statements in the order of the data, with the speaker named once above each', () => {
    const text = fold(pdfText(pdf(files.brief)));
    const at = onePager.statements.map((s) => text.indexOf(s.text[0]!.slice(0, 30)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // No "— name، role" line repeated under the heading that already shows both.
    expect(text).not.toMatch(/— مریم احمدی/);
  });
});

describe('layout: report (MCIS)', () => {
  const file = () => pdf(files.report);

  it('prints on at most 8 pages: a cover, a contents page, the sections', () => {
    const pages = pdfPages(file());
    expect(pages).toBeLessThanOrEqual(8);
    expect(pdfText(file(), ['-f', '1', '-l', '1'])).not.toContain('خلاصه');
    expect(pdfText(file(), ['-f', '2', '-l', '2'])).toContain('فهرست');
  });

  it('has a contents page whose page numbers, in Persian digits, are those of the sections', () => {
    const toc = words(file(), 2).words;
    const numberOf = (title: string) => {
      const entry = toc.find((w) => w.text === title);
      expect(entry, title).toBeDefined();
      const digits = toc.find((w) => /^[۰-۹]+$/.test(w.text) && Math.abs(w.yMin - entry!.yMin) < 2);
      expect(digits, `page number of ${title}`).toBeDefined();
      return Number(toLatin(digits!.text));
    };
    // Where each heading is printed: the page with a word that size (an h1) reading the title.
    const headingPage = (title: string) => {
      for (let page = 2; page <= pdfPages(file()); page++) {
        const found = words(file(), page).words.some((w) => w.text === title && w.yMax - w.yMin > 25);
        if (found) return page;
      }
      return undefined;
    };
    for (const title of ['خلاصه', 'سخنرانان', 'اظهارات', 'محورها']) {
      expect({ title, page: numberOf(title) }).toEqual({ title, page: headingPage(title) });
    }
  });

  it('leaves no page between the first and the last under 40 % full, and the last not with a line or two', () => {
    const pages = pdfPages(file());
    for (let page = 2; page <= pages; page++) {
      const { words: list, height } = words(file(), page);
      // The body lies between the margins (64 pt); header and page number sit outside them.
      const body = list.filter((w) => w.yMin >= 60 && w.yMax <= height - 60);
      const fill = (Math.max(...body.map((w) => w.yMax)) - 64) / (height - 128);
      if (page < pages) expect({ page, fill: fill >= 0.4 }).toEqual({ page, fill: true });
      else expect({ page, lines: new Set(body.map((w) => Math.round(w.yMin))).size > 2 }).toEqual({ page, lines: true });
    }
  });
});

/** Distance between neighbouring lines of body text on a page, as a multiple of the font size. */
async function bodyPitch(file: string, page: number, fontSize: number): Promise<number> {
  const doc = await openPdfjs(file);
  const content = await (await doc.getPage(page)).getTextContent();
  const ys = [
    ...new Set(
      (content.items as { str: string; transform: number[] }[])
        .filter((i) => i.str.trim() !== '' && Math.abs(Math.hypot(i.transform[0]!, i.transform[1]!) - fontSize) < 0.01)
        .map((i) => Math.round(i.transform[5]! * 100) / 100),
    ),
  ].sort((a, b) => b - a);
  const gaps = ys.slice(1).map((y, k) => Math.round((ys[k]! - y) * 100) / 100);
  // Lines inside a paragraph are the commonest distance; paragraph and block gaps are larger.
  const counts = new Map<number, number>();
  for (const g of gaps) counts.set(g, (counts.get(g) ?? 0) + 1);
  const [pitch] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  return pitch / fontSize;
}

describe('type', () => {
  it('sets body lines 1.5 to 1.8 font sizes apart in both layouts', async () => {
    const report = await bodyPitch(pdf(files.report), 2, 11);
    const brief = await bodyPitch(pdf(files.brief), 1, 10.5);
    for (const pitch of [report, brief]) {
      expect(pitch).toBeGreaterThanOrEqual(1.5);
      expect(pitch).toBeLessThanOrEqual(1.8);
    }
  });
});

describe('page sizes', () => {
  it('prints on A5 and US Letter when the theme names them', () => {
    for (const [size, expected] of [['A5', /Page size:\s+419\.\d+ x 595\.\d+ pts/], ['LETTER', /Page size:\s+612 x 792 pts/]] as const) {
      const dir = join(out, `theme-${size}`);
      mkdirSync(dir, { recursive: true });
      const theme = JSON.parse(readFileSync(join(root, 'templates', 'pdf-theme.json'), 'utf8')) as { page: { size: string } };
      writeFileSync(join(dir, 'pdf-theme.json'), JSON.stringify({ ...theme, page: { ...theme.page, size } }, null, 2));
      const target = join(out, size);
      const r = runCli(['build', files.brief, '--out', target, '--format', 'pdf', '--templates', dir]);
      expect(r.status, r.stderr).toBe(0);
      expect(execFileSync('pdfinfo', [join(target, 'one-pager-brief.pdf')], { encoding: 'utf8' })).toMatch(expected);
    }
  });
});

describe('a broken theme', () => {
  it('fails an EPUB-only build too, naming the file and the place, and writes nothing', () => {
    // The EPUB takes its cover colour from the theme: read and checked once for every format.
    const dir = join(out, 'theme-broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pdf-theme.json'), '{ broken');
    const target = join(out, 'theme-broken-out');
    const r = runCli(['build', files.brief, '--out', target, '--format', 'epub', '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'pdf-theme.json')}:1:3: JSON syntax error`);
    expect(existsSync(join(target, 'one-pager-brief.epub'))).toBe(false);
  });
});

describe('headings', () => {
  it('never leave one word alone on the last line of a title (the MCIS cover)', () => {
    // The 24 pt title: words whose box is taller than 30 pt, by line.
    const title = words(pdf(files.report), 1).words.filter((w) => w.yMax - w.yMin > 30);
    const lines = [...new Set(title.map((w) => Math.round(w.yMin)))].sort((a, b) => a - b);
    expect(lines.length).toBeGreaterThan(1);
    expect(title.filter((w) => Math.round(w.yMin) === lines.at(-1)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('tables', () => {
  it('centre a one-line cell vertically beside a two-line one (participants of the MCIS report)', () => {
    const file = pdf(files.report);
    const page = Array.from({ length: pdfPages(file) }, (_, k) => k + 1).find((p) => words(file, p).words.some((w) => w.text === 'Putin'))!;
    const list = words(file, page).words;
    const centre = (w: Word) => (w.yMin + w.yMax) / 2;
    const latin = list.find((w) => w.text === 'Putin')!;
    const name = list.find((w) => w.text === 'پوتین' && w.yMax < latin.yMin + 1)!;
    // The role cell of the same row: «رئیس‌جمهور روسیه» (one word with its ZWNJ), one line.
    const role = list.find((w) => w.text === 'رئیس\u200cجمهور' && Math.abs(centre(w) - centre(latin)) < 30)!;
    expect(Math.abs(centre(role) - (centre(name) + centre(latin)) / 2)).toBeLessThan(1.5);
  });
});

describe('long words', () => {
  for (const layout of ['brief', 'report'] as const) {
    it(`breaks a 2,000-character token and a 1,500-letter Persian word inside the column, all of them read back (${layout})`, () => {
      const file = pdf(layout === 'brief' ? files.longBrief : files.longReport);
      // Page by page, without the running header and page number, which stand between the pieces of a word broken across pages.
      const title = String(onePager.title);
      const pages = Array.from({ length: pdfPages(file) }, (_, k) =>
        pdfPageTexts(file)[k]!
          .split('\n')
          .filter((l) => l.trim() !== title && !/^[\d۰-۹]+ ?\/ ?[\d۰-۹]+$/.test(l.trim()))
          .join('\n'),
      );
      const joined = pages.join('').replace(/\s+/g, '').replace(/\u0627\u0644/g, '\u0644\u0627');
      const folded = (s: string) => s.replace(/\u0627\u0644/g, '\u0644\u0627');
      // Twice each: the Persian word in the summary and a quote, the token in a quote and as the source URL.
      expect(joined.split(folded(PERSIAN)).length - 1).toBe(2);
      expect(joined.split(LATIN).length - 1).toBe(2);
      // Nothing runs past the right or left margin.
      for (let page = 1; page <= pages.length; page++) {
        const { words: list, width } = words(file, page);
        const outside = list.filter((w) => w.xMin < 40 || w.xMax > width - 40);
        expect({ page, outside: outside.map((w) => w.text.slice(0, 20)) }).toEqual({ page, outside: [] });
      }
    });
  }
});
