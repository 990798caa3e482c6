// The EPUB's ZIP writer gives the bytes jszip 3.10 + pako gave (what repack used before), entry for
// entry, so EPUBs are unchanged by it; and a deflated entry read back from the disk cache gives the
// same bytes as one compressed afresh.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import JSZip from 'jszip';
import { repack } from '../../src/epub/pack.js';

/** repack as it was written with jszip (commit 824e75f). */
async function jszipRepack(files: Map<string, string | Uint8Array>, date: Date): Promise<Buffer> {
  const zip = new JSZip();
  const stamp = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE', date: stamp, createFolders: false });
  for (const [name, data] of files) {
    if (name === 'mimetype') continue;
    zip.file(name, data, { compression: 'DEFLATE', compressionOptions: { level: 9 }, date: stamp, createFolders: false });
  }
  return zip.generateAsync({ type: 'nodebuffer', platform: 'DOS', mimeType: 'application/epub+zip' });
}

const name = fc.oneof(
  fc.constantFrom('META-INF/container.xml', 'OEBPS/content.opf', 'OEBPS/fonts/Vazirmatn-Regular.ttf', 'OEBPS/خلاصه.xhtml', 'OEBPS/é.css'),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,12}\/[A-Za-z0-9_.-]{1,16}$/),
);
// Text that compresses (repeated words, Persian included) and bytes that do not; empty files too.
const content = fc.oneof(
  fc.array(fc.constantFrom('سلام ', 'گزارش ', '<p dir="rtl">', '</p>\n', 'abc ', '۱۴۰۲ '), { maxLength: 400 }).map((w) => w.join('')),
  fc.uint8Array({ maxLength: 3000 }),
  fc.constant(''),
);
const files = fc.uniqueArray(fc.tuple(name, content), { selector: ([n]) => n, maxLength: 8 }).map((entries) => new Map(entries));
const date = fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true });

let cache: string;
const saved = { dir: process.env.BRIEFING_CACHE_DIR, on: process.env.BRIEFING_CACHE };
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'briefing-cache-test-'));
  process.env.BRIEFING_CACHE_DIR = cache;
  delete process.env.BRIEFING_CACHE;
});
afterAll(() => {
  for (const [key, value] of [['BRIEFING_CACHE_DIR', saved.dir], ['BRIEFING_CACHE', saved.on]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(cache, { recursive: true, force: true });
});

describe('EPUB container', () => {
  it('is byte for byte what jszip wrote, compressed afresh or read from the cache', async () => {
    await fc.assert(
      fc.asyncProperty(files, date, async (f, d) => {
        const expected = await jszipRepack(f, d);
        process.env.BRIEFING_CACHE = 'off';
        expect((await repack(f, d)).equals(expected)).toBe(true);
        delete process.env.BRIEFING_CACHE;
        expect((await repack(f, d)).equals(expected)).toBe(true); // fills the cache
        expect((await repack(f, d)).equals(expected)).toBe(true); // reads it
      }),
      { numRuns: 60 },
    );
    expect(readdirSync(join(cache, 'zip-deflate')).length).toBeGreaterThan(0);
  });
});
