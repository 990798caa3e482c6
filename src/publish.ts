import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/**
 * Writes every file to a temporary name beside its target, then renames them all into place.
 * A failure before the renames leaves earlier outputs untouched and removes the temporary files.
 */
export async function publishAll(files: { path: string; bytes: Buffer }[]): Promise<void> {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      pending.add(tmp);
      staged.push({ tmp, path: f.path });
      await writeFile(tmp, f.bytes);
    }
    for (const s of staged) {
      await rename(s.tmp, s.path);
      pending.delete(s.tmp);
    }
  } finally {
    await Promise.all(staged.filter((s) => pending.has(s.tmp)).map((s) => rm(s.tmp, { force: true }).then(() => pending.delete(s.tmp))));
  }
}

/** Temporary files still being written; an interrupt handler removes them before exiting. */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}
