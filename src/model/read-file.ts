import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';

/** A file read whole, or why it was not read (`code`: the system's error code, when there was one). */
export type ReadResult = { bytes: Buffer } | { problem: string; code?: string; tooLarge?: true };

// O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking a thread for ever
// (a blocked open also keeps the process from exiting on Ctrl-C). O_NOCTTY: a terminal named as a
// file never becomes the process's controlling terminal. Neither exists on Windows, where neither is needed.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** What a file that is not a regular file is, in words (`is a FIFO (named pipe), not a regular file`). */
export function notRegularFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a folder, not a file';
  const kind = stats.isFIFO()
    ? 'a FIFO (named pipe)'
    : stats.isCharacterDevice()
      ? 'a character device'
      : stats.isBlockDevice()
        ? 'a block device'
        : stats.isSocket()
          ? 'a socket'
          : 'not a regular file';
  return kind === 'not a regular file' ? kind : `is ${kind}, not a regular file`;
}

export const megabytes = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads a regular file of at most `limit` bytes, and nothing else: a FIFO, a device (/dev/zero,
 * /dev/urandom), a socket or a folder is refused before a byte is read, and so is a file over the
 * limit. The type and size are checked on the path, then again on the opened handle (the file may
 * have been replaced in between), and the read stops one byte past the limit (a file that grows).
 */
export async function readRegularFile(file: string, limit: number): Promise<ReadResult> {
  const refused = (stats: Stats): ReadResult | undefined => {
    const kind = notRegularFile(stats);
    if (kind) return { problem: kind };
    if (stats.size > limit) return { problem: `is ${megabytes(stats.size)}; the limit is ${megabytes(limit)}`, tooLarge: true };
    return undefined;
  };
  let handle;
  try {
    const before = refused(await stat(file));
    if (before) return before;
    handle = await open(file, OPEN_FLAGS);
  } catch (err) {
    return failed(err);
  }
  try {
    const after = refused(await handle.stat());
    if (after) return after;
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= limit) {
      const want = Math.min(1 << 20, limit + 1 - total);
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(want), 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > limit) return { problem: `is over ${megabytes(limit)}, the limit`, tooLarge: true };
    return { bytes: Buffer.concat(chunks, total) };
  } catch (err) {
    return failed(err);
  } finally {
    await handle.close();
  }
}

function failed(err: unknown): ReadResult {
  const code = (err as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'file not found',
    EISDIR: 'is a folder, not a file',
    EACCES: 'cannot read the file (permission denied)',
    ELOOP: 'cannot read the file (a link that leads to itself)',
  };
  return { problem: reasons[code ?? ''] ?? `cannot read the file (${code ?? (err as Error).message})`, code };
}

/** A briefing's data file as it travels inside the PDF (a PDF/A-3 associated file). */
export interface DataFile {
  name: string;
  bytes: Uint8Array;
  mediaType: string;
}

/** The data file of `file` with the bytes that were parsed (never read again: it may have changed since). */
export function dataFileOf(file: string, bytes: Uint8Array): DataFile {
  return { name: basename(file), bytes, mediaType: extname(file).toLowerCase() === '.json' ? 'application/json' : 'application/yaml' };
}
