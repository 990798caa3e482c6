/**
 * `briefing fix FILE…` on disk: a file is corrected only when it loads as a briefing (the same
 * checks as `validate`), and is replaced atomically (a temporary file beside it, then a rename),
 * keeping its permissions, and only if nobody changed it since it was read.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BriefingError, formatDiagnostic } from '../model/diagnostic.js';
import { parseBriefingWithPlaces } from '../model/load.js';
import { readRegularFile } from '../model/read-file.js';
import { LIMITS, printable } from '../model/strings.js';
import { fixText, type Correction } from './fix.js';

export type FixMode = 'write' | 'check' | 'dry-run';

export interface FilePlan {
  file: string;
  bytes: Buffer;
  text: string;
  fixed: string;
  corrections: Correction[];
}

/** The corrections of one file, from its bytes as read now; throws BriefingError when it does not load. */
export async function planFix(file: string): Promise<FilePlan> {
  const read = await readRegularFile(file, LIMITS.fileBytes);
  if ('problem' in read) throw new BriefingError([{ file, message: read.problem, fatal: true }]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(read.bytes);
  } catch {
    throw new BriefingError([{ file, message: 'bytes are not valid UTF-8 (save the file as UTF-8); nothing was changed', fatal: true }]);
  }
  // A file that is not a valid briefing is left as it is: its problems come first (validate lists them).
  parseBriefingWithPlaces(text.replace(/^\ufeff/, ''), file);
  try {
    const { text: fixed, corrections } = fixText(text, file);
    return { file, bytes: read.bytes, text, fixed, corrections };
  } catch (err) {
    throw new BriefingError([{ file, message: (err as Error).message, fatal: true }]);
  }
}

/**
 * Replaces the file with the corrected text: through its link when it is one, with its mode, and
 * only if its bytes are still those the corrections were made from.
 */
export function writeFixed(plan: FilePlan): void {
  const target = realpathSync(plan.file);
  const mode = statSync(target).mode & 0o7777;
  if (!readFileSync(target).equals(plan.bytes)) throw new BriefingError([{ file: plan.file, message: 'changed while it was being corrected; nothing was written (run briefing fix again)', fatal: true }]);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, plan.fixed, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (err) {
    throw new BriefingError([{ file: plan.file, message: `cannot write it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; it is unchanged`, fatal: true }]);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A correction as `fix --dry-run` and `--check` print it: `file:line:col: field: «می شود» → «می‌شود»`. */
export function formatCorrection(file: string, c: Correction): string {
  return printable(`${file}:${c.line}:${c.column}: ${c.path}: «${c.was}» → «${c.will}»`);
}

/**
 * Runs `fix` over the files and prints what it did: with `check` or `dry-run` each correction and
 * nothing written. Exit code: 1 when a file could not be read or corrected, or (`check`) needs corrections.
 */
export async function fixFiles(files: readonly string[], mode: FixMode, print: { out(line: string): void; err(line: string): void }): Promise<number> {
  let failed = false;
  let pending = false;
  for (const file of files) {
    try {
      const plan = await planFix(file);
      const n = plan.corrections.length;
      const count = `${n} correction${n === 1 ? '' : 's'}`;
      if (n === 0) {
        print.out(printable(`${file}: nothing to correct`));
        continue;
      }
      if (mode !== 'write') {
        for (const c of plan.corrections) print.out(formatCorrection(file, c));
        if (mode === 'check') pending = true;
        print.out(printable(mode === 'check' ? `${file}: ${count} needed (briefing fix ${file} makes them)` : `${file}: ${count} (not written: --dry-run)`));
        continue;
      }
      writeFixed(plan);
      print.out(printable(`${file}: ${count} written`));
    } catch (err) {
      failed = true;
      if (err instanceof BriefingError) for (const d of err.diagnostics) print.err(formatDiagnostic(d));
      else print.err(printable(`${file}: error: ${(err as Error).message.split('\n')[0]}`));
    }
  }
  return failed || pending ? 1 : 0;
}
