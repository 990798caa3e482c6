import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/**
 * Writes every file to a temporary name beside its target, then renames them all into place.
 * A failure before the renames leaves earlier outputs untouched and removes the temporary files.
 *
 * The temporary files are written one after another, without blocking: a signal that comes
 * meanwhile (Ctrl-C while a large output goes to a slow disk) is answered, and its handler removes
 * them (`removeTemporaryFiles`; a file still being created then is swept by the next build). The
 * renames are synchronous on purpose: no handler runs between them, so either every target is
 * replaced or none.
 */
export async function publishAll(files: { path: string; bytes: Buffer | string }[]): Promise<void> {
  const staged: { tmp: string; path: string }[] = [];
  // A folder where an output goes would fail its rename after the others were done: refused first.
  for (const f of files) {
    if (statSync(f.path, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`cannot write ${f.path}: a folder of that name is in the way`);
  }
  for (const dir of new Set(files.map((f) => dirname(f.path)))) removeStaleTemporaryFiles(dir);
  try {
    for (const f of files) {
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      try {
        mkdirSync(dirname(f.path), { recursive: true });
        pending.add(tmp);
        staged.push({ tmp, path: f.path });
        await writeFile(tmp, f.bytes);
      } catch (err) {
        throw new Error(`cannot write ${f.path}: ${describeFsError(err)}`);
      }
    }
    for (const s of staged) {
      renameSync(s.tmp, s.path);
      pending.delete(s.tmp);
    }
  } finally {
    removeTemporaryFiles(staged.map((s) => s.tmp));
  }
}

/** Temporary files still being written; an interrupt handler removes them before exiting. */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

/** Removes those of `files` (default: all) that are still pending; safe to call from a signal handler. */
export function removeTemporaryFiles(files: string[] = pendingTemporaryFiles()): void {
  for (const tmp of files) {
    if (!pending.has(tmp)) continue;
    rmSync(tmp, { force: true });
    pending.delete(tmp);
  }
}

/** `.name.pid.random.tmp`: the temporary files of publishAll, by the process that wrote them. */
const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
const swept = new Set<string>();

/**
 * Removes, once per folder and process, the temporary files a killed build left (SIGKILL, a crash,
 * the power): those of our naming scheme whose process is gone. A process that is alive keeps its
 * files (it may be writing them now), and so does a new process that got a dead one's pid: left,
 * not lost. This process's own pid on a file it is not writing is an earlier process's.
 */
export function removeStaleTemporaryFiles(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // Not made yet, or not readable: nothing of ours is there.
  }
  for (const name of names) {
    const pid = Number(TEMPORARY.exec(name)?.[1]);
    const path = join(dir, name);
    if (!pid || pending.has(path) || (pid !== process.pid && isAlive(pid))) continue;
    try {
      if (lstatSync(path).isFile()) rmSync(path, { force: true });
    } catch {
      // Removed meanwhile, or not ours to remove: left as it is.
    }
  }
}

/** Whether a process of this id runs (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The reason of a failed write in words, not as a raw code (EACCES, ENOSPC). */
function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a file stands where a folder should be',
    EEXIST: 'a file stands where a folder should be',
    ENAMETOOLONG: 'the name is too long',
  };
  return reasons[code] ?? (err as Error).message;
}
