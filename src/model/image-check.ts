// What an image must be before any output decodes it: small enough to decode (its size read from
// its header, never by decoding it), whole (a cut-off file fails the build or prints half a picture)
// and in colours a PDF/A file may hold. Every check reads the bytes only; nothing is decoded to pixels.
import { createInflate, crc32 } from 'node:zlib';

/** README, "Input limits": past these an image costs gigabytes to decode (the EPUB cover, the PDF). */
export const IMAGE_LIMITS = {
  /** Bytes of one image file. */
  fileBytes: 20 * 1024 * 1024,
  /** Width × height: 25 megapixels (a whole A4 page at 300 dpi is 8.7; a 6000 × 4000 photo passes). */
  pixels: 25_000_000,
  /** Either side, in pixels. */
  side: 10_000,
} as const;

/** Why an image of this size is refused before it is decoded, or undefined. */
export function pixelProblem(width: number, height: number): string | undefined {
  const { pixels, side } = IMAGE_LIMITS;
  const mp = (n: number) => `${(n / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} megapixels`;
  if (width > side || height > side) {
    return `is ${width} × ${height} pixels; the limit is ${side.toLocaleString('en')} pixels a side (scale it down)`;
  }
  if (width * height > pixels) return `is ${width} × ${height} pixels (${mp(width * height)}); the limit is ${mp(pixels)} (scale it down)`;
  return undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels of each PNG colour type, and the bit depths it allows. */
const PNG_COLOUR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/**
 * Why a PNG is not a whole, well-formed image, or undefined: every chunk present to its end with
 * its checksum right, through IEND; and the compressed image data inflating to exactly the bytes
 * its width, height and pixel format need (counted as it streams, never kept, and stopped as soon
 * as it runs over: a small file that inflates to gigabytes costs nothing).
 */
export async function pngProblem(bytes: Uint8Array): Promise<string | undefined> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cut = 'is cut short (the PNG file ends before its last chunk, IEND): save or copy it again';
  if (buf.length < 8 && PNG_SIGNATURE.subarray(0, buf.length).equals(buf)) return cut;
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return 'is not a PNG image (its signature is wrong)';
  let pos = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlaced: boolean } | undefined;
  let palette = false;
  let ended = false;
  const data: Buffer[] = [];
  while (!ended) {
    if (pos + 12 > buf.length) return cut;
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) return `is damaged (a PNG chunk at byte ${pos} is not valid)`;
    if (pos + 12 + length > buf.length) return cut;
    const body = buf.subarray(pos + 8, pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== buf.readUInt32BE(pos + 8 + length)) {
      return `is damaged (the checksum of its ${type} chunk at byte ${pos} does not match)`;
    }
    if (!header && type !== 'IHDR') return 'is damaged (a PNG starts with its IHDR chunk)';
    if (type === 'IHDR') {
      if (header || length !== 13) return 'is damaged (its IHDR chunk is not valid)';
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, colour: body[9]!, interlaced: body[12] === 1 };
      const format = PNG_COLOUR_TYPES[header.colour];
      if (!format || !format.depths.includes(header.depth) || body[10] !== 0 || body[11] !== 0 || body[12]! > 1) {
        return 'is damaged (its IHDR chunk names a pixel format PNG does not have)';
      }
      // Checked before a byte of image data is inflated.
      const tooBig = pixelProblem(header.width, header.height);
      if (tooBig) return tooBig;
    } else if (type === 'PLTE') palette = true;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') ended = true;
    pos += 12 + length;
  }
  if (!header) return cut;
  if (header.colour === 3 && !palette) return 'is damaged (a palette PNG without its PLTE chunk)';
  if (data.length === 0) return 'is damaged (the PNG has no image data, IDAT)';
  const expected = pngDataBytes(header.width, header.height, PNG_COLOUR_TYPES[header.colour]!.channels * header.depth, header.interlaced);
  const inflated = await inflatedLength(data, expected);
  if (inflated === 'error') return 'is damaged (its compressed image data cannot be read: save or copy it again)';
  if (inflated === 'cut') return 'is cut short (its image data ends before the last row): save or copy it again';
  if (inflated !== expected) return `is damaged (its image data holds ${inflated > expected ? 'more' : 'fewer'} bytes than ${header.width} × ${header.height} pixels need)`;
  return undefined;
}

/** Bytes of the filtered, uncompressed image data: one filter byte per row, each pass of Adam7 on its own. */
function pngDataBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  // Adam7: each pass's first column and row, and its step across and down.
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  return passes.reduce((n, [x, y, dx, dy]) => n + rows(Math.ceil((width - x) / dx), Math.ceil((height - y) / dy)), 0);
}

/** How many bytes the zlib stream of `parts` inflates to; counting stops one past `limit`. */
function inflatedLength(parts: Buffer[], limit: number): Promise<number | 'error' | 'cut'> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let total = 0;
    let done = false;
    const finish = (result: number | 'error' | 'cut') => {
      if (done) return;
      done = true;
      resolve(result);
      inflate.destroy();
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish(total);
    });
    inflate.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'Z_BUF_ERROR' ? 'cut' : 'error'));
    inflate.on('end', () => finish(total));
    for (const part of parts) inflate.write(part);
    inflate.end();
  });
}

/**
 * Why a JPEG is not a whole image a PDF/A file may hold, or undefined: its segments are walked from
 * SOI through its frame (SOF) and scans (SOS) to the end-of-image marker (EOI), so a file cut off
 * anywhere is found; and its frame must be an 8-bit baseline or progressive one in grey or RGB
 * (YCbCr). A CMYK (or YCCK) JPEG would be drawn as DeviceCMYK, which a PDF/A file that declares
 * an RGB output intent may not hold: it is refused with a hint, not converted.
 */
export function jpegProblem(bytes: Uint8Array): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cut = 'is cut short (the JPEG file ends before its end-of-image marker): save or copy it again';
  if (buf.length === 1 && buf[0] === 0xff) return cut;
  if (buf.length < 2 || buf[0] !== 0xff || buf[1] !== 0xd8) return 'is not a JPEG image (it does not start with SOI)';
  let pos = 2;
  let frame: { marker: number; precision: number; components: number } | undefined;
  let scans = 0;
  for (;;) {
    // Fill bytes (0xFF) may stand before a marker.
    if (pos >= buf.length) return cut;
    if (buf[pos] !== 0xff) return `is damaged (no JPEG marker at byte ${pos})`;
    while (pos < buf.length && buf[pos] === 0xff) pos++;
    if (pos >= buf.length) return cut;
    const marker = buf[pos]!;
    const at = pos - 1;
    pos++;
    if (marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd8 || marker === 0x00) return `is damaged (an unexpected JPEG marker at byte ${at})`;
    if (pos + 2 > buf.length) return cut;
    const length = buf.readUInt16BE(pos);
    if (length < 2) return `is damaged (a JPEG segment at byte ${at} is not valid)`;
    if (pos + length > buf.length) return cut;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (frame || length < 8) return 'is damaged (its JPEG frame header, SOF, is not valid)';
      frame = { marker, precision: buf[pos + 2]!, components: buf[pos + 7]! };
    }
    pos += length;
    if (marker === 0xda) {
      if (!frame) return 'is damaged (a JPEG scan before its frame header)';
      scans++;
      // The entropy-coded data: up to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      while (pos + 1 < buf.length && !(buf[pos] === 0xff && buf[pos + 1] !== 0x00 && !(buf[pos + 1]! >= 0xd0 && buf[pos + 1]! <= 0xd7))) pos++;
      if (pos + 1 >= buf.length) return cut;
    }
  }
  if (!frame || scans === 0) return 'is damaged (the JPEG has no image data: no frame or no scan)';
  if (frame.components === 4) return 'is a CMYK JPEG, which the PDF/A output cannot hold: save it as an RGB JPEG (or a PNG)';
  if (frame.components !== 1 && frame.components !== 3) return `is a JPEG with ${frame.components} colour components: save it as an RGB or greyscale JPEG`;
  if (![0xc0, 0xc1, 0xc2].includes(frame.marker) || frame.precision !== 8) {
    return 'is a lossless, arithmetic-coded or 12-bit JPEG, which PDF and EPUB readers do not all show: save it as an ordinary 8-bit JPEG';
  }
  return undefined;
}
