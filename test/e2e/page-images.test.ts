// The MCIS report and the one-page brief, page by page, against the pictures a person looked at
// (test/pages/): a change of layout shows as a picture difference here. After a change meant to
// alter the pages, look at them (npm run screenshots) and take new references:
// `npm run screenshots -- --pages`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../src/index.js';
import { fixtures, root, tempDir } from '../helpers.js';
import { pageDifference, pageImages } from '../support/page-images.js';

const references = join(root, 'test', 'pages');
const cases = [
  { name: 'mcis-2023', file: join(root, 'data', 'mcis-2023.yaml') },
  { name: 'one-pager', file: join(fixtures, 'one-pager.yaml') },
];
const pages = new Map<string, Buffer[]>();

beforeAll(async () => {
  const out = tempDir('briefing-pages-');
  for (const c of cases) {
    const result = await buildFile(c.file, { outDir: out, formats: ['pdf'], sourceDateEpoch: 1_700_000_000 });
    pages.set(c.name, pageImages(result.artifacts[0]!.path));
  }
});

describe('the pages as a reader sees them', () => {
  for (const c of cases) {
    it(`${c.name}: every page as its reference picture shows it, and no page more or less`, () => {
      const got = pages.get(c.name)!;
      const expected: Buffer[] = [];
      for (let n = 1; existsSync(join(references, `${c.name}-${n}.png`)); n++) expected.push(readFileSync(join(references, `${c.name}-${n}.png`)));
      expect(expected.length, `no references for ${c.name}: npm run screenshots -- --pages`).toBeGreaterThan(0);
      expect(got.length, 'pages').toBe(expected.length);
      const differing = got.flatMap((png, i) => {
        const share = pageDifference(png, expected[i]!);
        if (share <= 0.002) return [];
        // What this build drew, beside the reference, for a person to compare.
        // Kept after the run (one file per page, replaced by the next run), unlike the test's own folders.
        const at = join(tmpdir(), `briefing-page-diff-${c.name}-${i + 1}.png`);
        writeFileSync(at, png);
        return [`page ${i + 1}: ${(share * 100).toFixed(2)} % of pixels differ (this build's page: ${at})`];
      });
      expect(differing).toEqual([]);
    });
  }

  it('sees a change of layout: a page with one line moved differs from its reference', () => {
    const [first, second] = pages.get('mcis-2023')!;
    // Two different pages of the same document stand for "a line moved": far over the threshold.
    expect(pageDifference(first!, second!)).toBeGreaterThan(0.01);
    expect(pageDifference(first!, first!)).toBe(0);
  });
});
