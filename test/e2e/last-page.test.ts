// No near-empty last page (src/pdf/last-page.ts), as a reader turning to it sees it: how far down the
// last page the text reaches (poppler's word boxes, the running header and the page number in the
// margins left out), against the page's body height. The topic brief used to end with its sources
// alone on page 2 (about 15 % of the page) while page 1 ended with room to spare.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_LAST_PAGE_FILL } from '../../src/pdf/last-page.js';
import { fixtures, pdfPages, pdfPageTexts, root, runCli, tempDir } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { fold } from '../support/text.js';

const out = tempDir('briefing-last-page-');
const theme = JSON.parse(readFileSync(join(root, 'templates', 'pdf-theme.json'), 'utf8')) as { page: { margins: number[] }; brief: { page: { margins: number[] } } };
const margins = { brief: theme.brief.page.margins, report: theme.page.margins };

/**
 * How full each page is: from the top of the body to the foot of the lowest word in it, as a
 * fraction of the body height (page height less the top and bottom margins of the layout).
 */
function fills(pdf: string, layout: 'brief' | 'report'): number[] {
  const [, top = 0, , bottom = 0] = margins[layout];
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return xml.split('<page ').slice(1).map((page) => {
    const height = Number(/height="([\d.]+)"/.exec(page)![1]);
    const foot = height - bottom;
    let lowest = top;
    for (const [, yMin, yMax] of page.matchAll(/<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"/g)) {
      if (Number(yMin) >= top - 1 && Number(yMin) < foot) lowest = Math.max(lowest, Number(yMax));
    }
    return (lowest - top) / (foot - top);
  });
}

/** Each page's text as pasted: poppler's bidi marks left out, white space (no-break spaces too) folded. */
const pageTexts = (pdf: string) => pdfPageTexts(pdf).map((t) => fold(t.replace(/[\u202a-\u202e]/g, '')));

const pdfs: Record<string, string> = {};
beforeAll(async () => {
  const files = [join(fixtures, 'topic', 'topic-briefing.yaml'), join(fixtures, 'held-out.yaml'), join(fixtures, 'one-pager.yaml')];
  const r = runCli(['build', ...files, '--out', out, '--format', 'pdf']);
  expect(r.status, r.stderr).toBe(0);
  pdfs.topic = join(out, 'topic-test.pdf');
  pdfs.heldOut = join(out, 'held-out.pdf');
  pdfs.onePager = join(out, 'one-pager.pdf');
  pdfs.mcis = (await sharedBuild(join(root, 'data', 'mcis-2023.yaml'))).pdf;
});

describe('the last page of the PDF', () => {
  it('keeps the page counts', () => {
    expect(pdfPages(pdfs.topic!)).toBe(2);
    expect(pdfPages(pdfs.heldOut!)).toBe(2);
    expect(pdfPages(pdfs.onePager!)).toBe(1);
    expect(pdfPages(pdfs.mcis!)).toBe(7);
  });

  it('of the topic brief holds the statements with the sources, not the sources alone', () => {
    const [first, last] = fills(pdfs.topic!, 'brief') as [number, number];
    // The sources alone reached ~15 % of the page.
    expect(last).toBeGreaterThanOrEqual(MIN_LAST_PAGE_FILL);
    expect(first).toBeGreaterThan(last);
    const pages = pageTexts(pdfs.topic!);
    expect(pages[1]).toContain('اظهارات');
    expect(pages[1]).toContain('منابع');
    // Moved whole: the heading with its statements, the speakers section left before it.
    expect(pages[1]).toContain('جواد اوجی');
    expect(pages[1]).toContain('جین دو');
    expect(pages[0]).toContain('سخنرانان');
    expect(pages[0]).not.toContain('اظهارات');
  });

  it('of the held-out brief holds its last speaker whole, the quote no longer split', () => {
    const [first, last] = fills(pdfs.heldOut!, 'brief') as [number, number];
    expect(last).toBeGreaterThanOrEqual(MIN_LAST_PAGE_FILL);
    expect(first).toBeGreaterThan(last);
    const pages = pageTexts(pdfs.heldOut!);
    // His heading and both his statements (the first on moving water, the second ends in a quote that was split).
    expect(pages[0]).not.toContain('انتقال آب مانند طرح');
    expect(pages[1]).toContain('فرهاد حیدری');
    expect(pages[1]).toContain('انتقال آب مانند طرح');
  });

  it('of the MCIS report was full enough already', () => {
    expect(fills(pdfs.mcis!, 'report').at(-1)).toBeGreaterThanOrEqual(MIN_LAST_PAGE_FILL);
  });
});
