// Pages of a PDF as small grey pictures, and how far two pictures differ: a layout change (a line
// that moves, a table that widens, a page that empties) shows as a picture difference, which a
// comparison of extracted text would not see. The references are test/pages/*.png, made by
// `npm run screenshots -- --pages` from the current code after a change has been looked at.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Resolution of the pictures: enough to see a line move, small enough to keep in git. */
export const PAGE_DPI = 30;

/** Every page of `pdf` as grey PNG bytes, in page order. */
export function pageImages(pdf: string): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-pages-'));
  try {
    execFileSync('pdftoppm', ['-png', '-gray', '-r', String(PAGE_DPI), pdf, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]))
      .map((f) => readFileSync(join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The share of pixels (0-1) whose grey level differs by more than a quarter of the range: anti-
 * aliasing noise stays under it, a moved line or a changed word does not. Pictures of different
 * sizes differ entirely.
 */
export function pageDifference(a: Buffer, b: Buffer): number {
  const [x, y] = [PNG.sync.read(a), PNG.sync.read(b)];
  if (x.width !== y.width || x.height !== y.height) return 1;
  let differing = 0;
  // RGBA rows; the pictures are grey, so the red channel is the level.
  for (let i = 0; i < x.data.length; i += 4) if (Math.abs(x.data[i]! - y.data[i]!) > 64) differing++;
  return differing / (x.width * x.height);
}
