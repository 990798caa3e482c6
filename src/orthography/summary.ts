// What `build` prints of the orthography warnings; small, so the CLI loads it without the rules.
import type { Diagnostic } from '../model/diagnostic.js';

/** The `rule` of every orthography diagnostic, so a caller can count or summarise them. */
export const ORTHOGRAPHY = 'orthography';

/**
 * A file's build warnings as `build` prints them: every other warning as it is, the orthography ones
 * as one line with their count (an unedited article has dozens; `validate` lists them, `fix` corrects them).
 */
export function summarizeOrthography(file: string, warnings: readonly Diagnostic[]): Diagnostic[] {
  const slips = warnings.filter((w) => w.rule === ORTHOGRAPHY);
  if (slips.length === 0) return [...warnings];
  const count = `${slips.length} orthography warning${slips.length === 1 ? '' : 's'}`;
  const name = shellWord(file);
  const summary: Diagnostic = { file, message: `${count} (briefing validate ${name} lists them; briefing fix ${name} corrects them)`, fatal: false };
  return [...warnings.filter((w) => w.rule !== ORTHOGRAPHY), summary];
}

/** A file name as a shell command takes it: quoted when it holds anything but plain name characters. */
function shellWord(name: string): string {
  return /^[\w./-]+$/u.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`;
}
