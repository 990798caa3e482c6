import { lstatSync, mkdtempSync, readlinkSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'the folder cannot be created there',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * Why the output folder cannot take files, or undefined when it can. Checked before anything is
 * built, so a bad `--out` costs no build and gives one clear line instead of a raw EEXIST or EACCES.
 * Nothing is created: the nearest existing folder is probed with a temporary folder, removed at once
 * (the only test that also holds for root and read-only mounts).
 */
export function outDirProblem(outDir: string): string | undefined {
  let dir = resolve(outDir);
  for (;;) {
    let stats;
    try {
      stats = statSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A link to nothing: the folder cannot be made there (mkdir would fail after the build).
      const dangling = code === 'ENOENT' ? danglingLink(dir) : undefined;
      if (dangling !== undefined) {
        return `${dir === resolve(outDir) ? 'is' : `${dir} is`} a link to ${dangling}, which does not exist (create that folder, or remove the link)`;
      }
      // ENOTDIR: a file stands somewhere above; going up finds it and names it.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(dir) !== dir) {
        dir = dirname(dir);
        continue;
      }
      return `cannot use ${dir} (${REASONS[code ?? ''] ?? code})`;
    }
    if (!stats.isDirectory()) return dir === resolve(outDir) ? 'is a file, not a folder' : `${dir} is a file, not a folder`;
    break;
  }
  try {
    rmdirSync(mkdtempSync(join(dir, '.briefing-probe-')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    return `cannot write in ${dir} (${REASONS[code] ?? code})`;
  }
  return undefined;
}

/** Where `path` points when it is a symbolic link whose target does not exist; undefined otherwise. */
function danglingLink(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}
