// What an image must be before an output decodes it (src/model/image-check.ts), and the read that
// takes only regular files (src/model/read-file.ts). Images are made here byte by byte.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, jpegProblem, pixelProblem, pngProblem } from '../../src/model/image-check.js';
import { readRegularFile } from '../../src/model/read-file.js';
import { fixtures } from '../helpers.js';
import { jpeg, png, pngDataLength, zeros } from '../support/images.js';

const topic = join(fixtures, 'topic');
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-image-check-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('PNG', () => {
  it('accepts whole images: the fixture, RGB, RGBA, 1-bit grey, and interlaced ones of odd sizes', async () => {
    expect(await pngProblem(readFileSync(join(topic, 'chart.png')))).toBeUndefined();
    expect(await pngProblem(png({ width: 40, height: 30, colour: 2 }))).toBeUndefined();
    expect(await pngProblem(png({ width: 7, height: 3 }))).toBeUndefined();
    expect(await pngProblem(png({ width: 13, height: 5, colour: 0, depth: 1 }))).toBeUndefined();
    for (const [width, height] of [[1, 1], [3, 5], [9, 9], [33, 17]] as const) {
      expect(await pngProblem(png({ width, height, colour: 2, interlaced: true })), `${width}×${height}`).toBeUndefined();
      expect(await pngProblem(png({ width, height, colour: 0, depth: 1, interlaced: true })), `${width}×${height} grey`).toBeUndefined();
    }
  });

  it('refuses the image cut off at any byte', async () => {
    for (const whole of [readFileSync(join(topic, 'chart.png')), png({ width: 40, height: 30, colour: 2 })]) {
      for (let n = 1; n < whole.length; n++) {
        expect(await pngProblem(whole.subarray(0, n)), `cut at ${n} of ${whole.length}`).toMatch(/^is cut short/);
      }
    }
  });

  it('refuses a damaged chunk, image data that ends early, and data that inflates past the size it claims', async () => {
    const good = png({ width: 40, height: 30, colour: 2 });
    const flipped = Buffer.from(good);
    flipped[20] = flipped[20]! ^ 1; // in IHDR's height
    expect(await pngProblem(flipped)).toBe('is damaged (the checksum of its IHDR chunk at byte 8 does not match)');
    // Chunks whole and checksums right, but too little or too much behind them.
    const short = png({ width: 40, height: 30, colour: 2, idat: zeros(pngDataLength({ width: 40, height: 30, colour: 2 }) - 10) });
    expect(await pngProblem(short)).toBe('is damaged (its image data holds fewer bytes than 40 × 30 pixels need)');
    const streamCut = png({ width: 40, height: 30, colour: 2, idat: zeros(pngDataLength({ width: 40, height: 30, colour: 2 })).subarray(0, 12) });
    expect(await pngProblem(streamCut)).toMatch(/^is cut short \(its image data ends before the last row\)|^is damaged \(its compressed image data/);
    // 10 × 10 pixels on the outside, 64 MB of zeros inside: counting stops just past the 310 bytes it needs.
    const hidden = png({ width: 10, height: 10, idat: zeros(64 << 20) });
    expect(await pngProblem(hidden)).toBe('is damaged (its image data holds more bytes than 10 × 10 pixels need)');
  });

  it('refuses a bomb from its header, before inflating a byte', async () => {
    // 109 KB that unpacks to 112 MB of 1-bit pixels, and 3.6 GB as the RGBA a decoder makes of it.
    const bomb = png({ width: 30_000, height: 30_000, colour: 0, depth: 1 });
    expect(bomb.length).toBeLessThan(200_000);
    expect(await pngProblem(bomb)).toBe('is 30000 × 30000 pixels; the limit is 10,000 pixels a side (scale it down)');
    // The header alone decides: these have no real image data at all.
    expect(await pngProblem(png({ width: 20_000, height: 20_000, idat: zeros(10) }))).toMatch(/^is 20000 × 20000 pixels/);
    expect(await pngProblem(png({ width: 6000, height: 5000, idat: zeros(10) }))).toBe(
      'is 6000 × 5000 pixels (30 megapixels); the limit is 25 megapixels (scale it down)',
    );
    expect(pixelProblem(10_000, 2_500)).toBeUndefined();
    expect(pixelProblem(6000, 4000)).toBeUndefined();
    expect(IMAGE_LIMITS.pixels).toBe(25_000_000);
  });
});

describe('JPEG', () => {
  it('accepts the fixture and baseline or progressive grey and YCbCr frames, trailing bytes after EOI too', () => {
    expect(jpegProblem(readFileSync(join(topic, 'logo.jpg')))).toBeUndefined();
    expect(jpegProblem(jpeg(1))).toBeUndefined();
    expect(jpegProblem(jpeg(3))).toBeUndefined();
    expect(jpegProblem(jpeg(3, 0xc2))).toBeUndefined();
    expect(jpegProblem(Buffer.concat([jpeg(3), Buffer.from('camera maker notes')]))).toBeUndefined();
  });

  it('refuses the image cut off at any byte', () => {
    for (const whole of [readFileSync(join(topic, 'logo.jpg')), jpeg(3)]) {
      for (let n = 1; n < whole.length; n++) expect(jpegProblem(whole.subarray(0, n)), `cut at ${n} of ${whole.length}`).toMatch(/^is cut short/);
    }
  });

  it('refuses CMYK with a hint, and lossless, arithmetic-coded or 12-bit frames', () => {
    expect(jpegProblem(jpeg(4))).toBe('is a CMYK JPEG, which the PDF/A output cannot hold: save it as an RGB JPEG (or a PNG)');
    for (const frame of [0xc3, 0xc9, 0xca]) expect(jpegProblem(jpeg(3, frame)), frame.toString(16)).toMatch(/^is a lossless, arithmetic-coded or 12-bit JPEG/);
    const twelveBit = jpeg(3, 0xc1);
    twelveBit[twelveBit.indexOf(Buffer.from([0xff, 0xc1])) + 4] = 12;
    expect(jpegProblem(twelveBit)).toMatch(/^is a lossless, arithmetic-coded or 12-bit JPEG/);
  });
});

describe('reading only regular files', () => {
  it('refuses a FIFO at once (no writer, no wait), a device, a folder and a file over the limit, before reading', async () => {
    const dir = temp();
    const fifo = join(dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    expect(await readRegularFile(fifo, 1000)).toEqual({ problem: 'is a FIFO (named pipe), not a regular file' });
    expect(await readRegularFile('/dev/zero', 1000)).toEqual({ problem: 'is a character device, not a regular file' });
    symlinkSync('/dev/urandom', join(dir, 'random.png'));
    expect(await readRegularFile(join(dir, 'random.png'), 1000)).toEqual({ problem: 'is a character device, not a regular file' });
    mkdirSync(join(dir, 'folder.png'));
    expect(await readRegularFile(join(dir, 'folder.png'), 1000)).toEqual({ problem: 'is a folder, not a file' });
    writeFileSync(join(dir, 'big.png'), Buffer.alloc(3 * 1024 * 1024));
    expect(await readRegularFile(join(dir, 'big.png'), 2 * 1024 * 1024)).toEqual({ problem: 'is 3.0 MB; the limit is 2.0 MB', tooLarge: true });
    expect(await readRegularFile(join(dir, 'missing.png'), 1000)).toMatchObject({ problem: 'file not found', code: 'ENOENT' });
    writeFileSync(join(dir, 'ok.png'), 'bytes');
    expect(await readRegularFile(join(dir, 'ok.png'), 1000)).toEqual({ bytes: Buffer.from('bytes') });
  });
});
