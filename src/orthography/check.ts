/**
 * Orthography warnings for a briefing: each slip a Persian editor would correct, as a located
 * one-line diagnostic (`file:line:col: warning: field: «می شود»: write the prefix with a zero-width
 * non-joiner (می‌شود)`). Warnings never stop a build; `briefing fix` makes the corrections.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { isPersianProse, stringsOf } from './fields.js';
import { findSlips, slipWords, type Slip } from './rules.js';
import { lineColumns, parseSites, sourceSpan } from './sites.js';
import { ORTHOGRAPHY } from './summary.js';


type PathKey = string | number;
type PlaceOf = (path: PathKey[]) => Omit<Diagnostic, 'message' | 'fatal'>;

/** The words as they are, what to do, and the words as they should be. */
export function describeSlip(slip: Slip, was: string, will: string): string {
  return `«${was}»: ${slip.advice} (${will})`;
}

/** A data file's text without the byte order mark the loader ignores too. */
export const withoutBom = (text: string): string => (text.startsWith('\ufeff') ? text.slice(1) : text);

/** Every slip in the Persian text of a data file (YAML or JSON, by `file`'s extension), placed at its words in the file. */
export function orthographyWarnings(text: string, file: string): Diagnostic[] {
  const source = withoutBom(text);
  const parsed = parseSites(source, file);
  if (!parsed) return [];
  const at = lineColumns(source);
  const warnings: Diagnostic[] = [];
  for (const site of parsed.sites) {
    if (!isPersianProse(parsed.data, site.path)) continue;
    for (const slip of findSlips(site.value)) {
      const { was, will } = slipWords(site.value, slip);
      // At the words when the file holds them as the value does, else at the start of the string.
      const offset = sourceSpan(source, site, was, slip.start)?.at ?? site.start;
      warnings.push({ file, ...at(offset), path: site.path.join('.') || undefined, message: describeSlip(slip, was, will), fatal: false, rule: ORTHOGRAPHY });
    }
  }
  return warnings;
}

/** The same for a briefing given as data (no file): placed by field, through `placeOf` when there is one. */
export function orthographyWarningsOfData(data: unknown, placeOf: PlaceOf): Diagnostic[] {
  return stringsOf(data)
    .filter((s) => isPersianProse(data, s.path))
    .flatMap(({ path, value }) =>
      findSlips(value).map((slip) => {
        const { was, will } = slipWords(value, slip);
        return { ...placeOf(path), message: describeSlip(slip, was, will), fatal: false, rule: ORTHOGRAPHY };
      }),
    );
}
