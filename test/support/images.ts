// Images made in the test, byte by byte: PNGs (zlib) of any size, bombs included, and tiny JPEGs in
// grey, YCbCr or CMYK; so no binary fixture is committed for the input checks.
import { constants, crc32, deflateRawSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngOptions {
  width: number;
  height: number;
  /** PNG colour type: 0 grey, 2 RGB, 6 RGBA (default 6). */
  colour?: 0 | 2 | 6;
  /** Bits per channel (default 8; 1 for grey makes the smallest bomb). */
  depth?: 1 | 8;
  /** Adam7 interlacing: seven passes, each its own rows. */
  interlaced?: boolean;
  /** The compressed image data, when not the real thing (a header's claim is checked before any is read). */
  idat?: Buffer;
}

/**
 * Bytes of the uncompressed image data, filter bytes included; for an interlaced image counted
 * pixel by pixel into the seven passes (so a test does not share the code's formula).
 */
export function pngDataLength({ width, height, colour = 6, depth = 8, interlaced = false }: PngOptions): number {
  const bits = (colour === 0 ? 1 : colour === 2 ? 3 : 4) * depth;
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * bits) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  const count = (size: number, start: number, step: number) => Array.from({ length: size }, (_, i) => i).filter((i) => i >= start && (i - start) % step === 0).length;
  return passes.reduce((n, [x, y, dx, dy]) => n + rows(count(width, x!, dx!), count(height, y!, dy!)), 0);
}

/**
 * A PNG of one colour (all bytes zero). Its data is deflated a row band at a time, so a bomb of
 * 30000 × 30000 pixels is made without holding its hundreds of megabytes.
 */
export function png(options: PngOptions): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(options.width, 0);
  ihdr.writeUInt32BE(options.height, 4);
  ihdr[8] = options.depth ?? 8;
  ihdr[9] = options.colour ?? 6;
  ihdr[12] = options.interlaced ? 1 : 0;
  const idat = options.idat ?? zeros(pngDataLength(options));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A zlib stream of `n` zero bytes, made from one deflated block repeated (each block starts afresh, byte-aligned). */
export function zeros(n: number): Buffer {
  const block = 1 << 20;
  // A raw deflate block of `block` zeros, ended by a full flush (byte-aligned, nothing carried over).
  const raw = (size: number, last: boolean) => deflateRawSync(Buffer.alloc(size), last ? {} : { finishFlush: constants.Z_FULL_FLUSH });
  const full = Math.floor(n / block);
  const rest = n - full * block;
  const whole = full > 0 ? raw(block, false) : Buffer.alloc(0);
  const parts = [Buffer.from([0x78, 0x9c]), ...Array.from({ length: full }, () => whole), raw(rest, true)];
  // Adler-32 of n zeros: a = 1, b = n mod 65521.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((n % 65521) << 16 | 1) >>> 0, 0);
  return Buffer.concat([...parts, adler]);
}

/**
 * An 8 × 8 JPEG of one flat colour with `components` components (1 grey, 3 YCbCr, 4 CMYK): one
 * MCU, every block DC difference 0 and end-of-block at once, with one-code Huffman tables.
 * An Adobe APP14 segment says CMYK for 4 components, as Photoshop writes it.
 */
export function jpeg(components: 1 | 3 | 4, frame = 0xc0): Buffer {
  const segment = (marker: number, data: number[]) => Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data]);
  const ids = Array.from({ length: components }, (_, i) => i + 1);
  const adobe = components === 4 ? [segment(0xee, [...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 0])] : [];
  const dqt = segment(0xdb, [0, ...new Array(64).fill(1)]);
  const sof = segment(frame, [8, 0, 8, 0, 8, components, ...ids.flatMap((id) => [id, 0x11, 0])]);
  // One code each, of length 1: DC category 0, AC end-of-block.
  const dht = segment(0xc4, [0x00, 1, ...new Array(15).fill(0), 0x00, 0x10, 1, ...new Array(15).fill(0), 0x00]);
  const sos = segment(0xda, [components, ...ids.flatMap((id) => [id, 0x00]), 0, 63, 0]);
  // Two bits a block, both 0; the last byte padded with 1 bits.
  const bits = components * 2;
  const data = bits === 8 ? [0x00] : [0xff >> bits];
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...adobe, dqt, sof, dht, sos, Buffer.from(data), Buffer.from([0xff, 0xd9])]);
}
