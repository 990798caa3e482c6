// The tests' EPUBCheck helper gives EPUBCheck's own verdict, valid or not, whether the book is
// checked fresh or found in the cache, and the same verdict alone or in a batch.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, tempDir } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { epubcheck } from '../support/epubcheck.js';

let valid: string;
let broken: string;

beforeAll(async () => {
  const dir = tempDir('briefing-epubcheck-helper-');
  valid = (await sharedBuild(join(fixtures, 'minimal.yaml'))).epub;
  // The same book with an element XHTML does not have; a marker of the moment makes its bytes new, so EPUBCheck really runs on it rather than the cache answering.
  const zip = await JSZip.loadAsync(readFileSync(valid));
  const page = 'OEBPS/02-summary.xhtml';
  const xhtml = await zip.file(page)!.async('string');
  zip.file(page, xhtml.replace('</body>', `<bogus data-made="${Date.now()}">x</bogus></body>`));
  broken = join(dir, 'broken.epub');
  writeFileSync(broken, await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
});

describe('epubcheck()', () => {
  it('accepts a valid book with no problems', async () => {
    const result = await epubcheck(valid);
    expect(result).toMatchObject({ fatals: 0, errors: 0, warnings: 0, problems: [] });
    expect(result.ePubVersion).toMatch(/^3\./);
  });

  it('reports the errors of a broken book with their place, and the same again from the cache', async () => {
    const first = await epubcheck(broken);
    expect(first.errors).toBeGreaterThan(0);
    expect(first.problems.some((p) => /^ERROR RSC-005 .*bogus.* @ OEBPS\/02-summary\.xhtml:\d+$/.test(p)), first.problems.join('\n')).toBe(true);
    expect(await epubcheck(broken)).toEqual(first);
  });

  it('gives each book of a batch its own verdict', async () => {
    const [a, b] = await Promise.all([epubcheck(broken), epubcheck(valid)]);
    expect(a.errors).toBeGreaterThan(0);
    expect(b.problems).toEqual([]);
  });
});
