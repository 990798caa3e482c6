import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
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
