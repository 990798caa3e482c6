/**
 * The OCF container (the EPUB's ZIP), written byte for byte as jszip 3.10 wrote it before
 * (`generateAsync` with platform DOS, entries deflated by pako 1.0 at level 9, no data descriptors),
 * so EPUBs built before and after this writer are identical. Why not jszip's generateAsync: it
 * deflates every entry again on every build. Here each deflated entry is kept in the disk cache
 * (src/io/cache.ts) by its content, so unchanged pages, the style sheet, the font subsets and the
 * licence are not compressed again. (epub-gen-memory still loads jszip, and jszip pako, on every
 * build: only the compressing is saved.)
 * node:zlib would be faster still, but its deflate (Chromium's, CPU-dependent) gives other bytes.
 */
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import { cacheKey, cached, installedVersion } from '../io/cache.js';

const require = createRequire(import.meta.url);

interface Pako {
  deflateRaw(data: Uint8Array, options: { level: number }): Uint8Array;
}
let pako: Pako | undefined;
let pakoVersion: string | undefined;

const LEVEL = 9;
const STORE = 0;
const DEFLATE = 8;

/**
 * The OCF container: `mimetype` first and stored, every other file deflated, in the order given.
 * Every entry carries `date` and no directory entries are written, so the same files and date
 * always give the same bytes.
 */
export async function repack(files: Map<string, string | Uint8Array>, date: Date): Promise<Buffer> {
  // ZIP (DOS) times cannot hold dates before 1980.
  const stamp = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  const entries: { name: string; data: Uint8Array; method: number }[] = [{ name: 'mimetype', data: utf8('application/epub+zip'), method: STORE }];
  for (const [name, data] of files) {
    if (name === 'mimetype') continue;
    const bytes = typeof data === 'string' ? utf8(data) : data;
    // jszip stores an empty file rather than deflating it.
    entries.push({ name, data: bytes, method: bytes.length === 0 ? STORE : DEFLATE });
  }
  const stored = await Promise.all(entries.map((e) => (e.method === STORE ? e.data : deflate(e.data))));
  return zipArchive(entries.map((e, i) => ({ ...e, stored: stored[i]! })), stamp);
}

/** pako's raw deflate at level 9, as jszip called it, from the disk cache when an earlier build made it. */
async function deflate(data: Uint8Array): Promise<Uint8Array> {
  pakoVersion ??= installedVersion(require.resolve('pako'));
  const key = cacheKey('zip-deflate', [data, `${pakoVersion} raw level ${LEVEL}`]);
  return cached('zip-deflate', key, async () => (pako ??= require('pako') as Pako).deflateRaw(data, { level: LEVEL }));
}

interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** The bytes as written: `data` itself when stored, else deflated. */
  stored: Uint8Array;
  method: number;
}

/** Local headers and data in order, then the central directory: the layout jszip writes. */
function zipArchive(entries: ZipEntry[], date: Date): Buffer {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = utf8(e.name);
    const unicode = name.length !== e.name.length;
    // A name outside ASCII: the UTF-8 flag and an Info-ZIP Unicode Path field (0x7075), as jszip writes them.
    const extra = unicode ? Buffer.concat([u16(0x7075), u16(5 + name.length), Buffer.from([1]), u32(crc32(name)), name]) : Buffer.alloc(0);
    const header = Buffer.concat([
      u16(10), // version needed to extract: 1.0
      u16(unicode ? 0x0800 : 0),
      u16(e.method),
      u16(time),
      u16(day),
      u32(crc32(e.data)),
      u32(e.stored.length),
      u32(e.data.length),
      u16(name.length),
      u16(extra.length),
    ]);
    const record = Buffer.concat([u32(0x04034b50), header, name, extra]);
    local.push(record, Buffer.from(e.stored.buffer, e.stored.byteOffset, e.stored.byteLength));
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(0x0014), // made by: MS-DOS, version 2.0
        header,
        u16(0), // comment length
        u16(0), // disk number
        u16(0), // internal attributes
        u32(0), // external attributes: a file, no DOS flags
        u32(offset),
        name,
        extra,
      ]),
    );
    offset += record.length + e.stored.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(directory.length), u32(offset), u16(0)]);
  return Buffer.concat([...local, directory, end]);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n & 0xffff);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

// node:zlib has crc32 from Node 20.15 and 22.2; a table for older runtimes.
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
let table: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (zlibCrc32) return zlibCrc32(data);
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
