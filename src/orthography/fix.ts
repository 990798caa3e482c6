/**
 * `briefing fix`: the corrections of the orthography rules made in the data file's text. Only the
 * changed strings are rewritten, each in its own place in the file: the words in question are
 * replaced where the file holds them as typed, else the whole string is written again in its own
 * quoting (double quotes when the original style cannot hold it). The result is parsed again and
 * must give the same data but for the corrected strings, or nothing is changed.
 */
import { isDeepStrictEqual } from 'node:util';
import { describeSlip, withoutBom } from './check.js';
import { isPersianProse } from './fields.js';
import { applyEdits, findSlips, ZWNJ, type Edit, type Slip } from './rules.js';
import { lineColumns, parseSites, sourceSpan, type ParsedFile, type TextSite } from './sites.js';

type PathKey = string | number;

export interface Correction {
  line: number;
  column: number;
  path: string;
  was: string;
  will: string;
  /** What the rule says, as validate prints it. */
  message: string;
}

export interface FixResult {
  /** The corrected text (the input itself when there is nothing to correct). */
  text: string;
  corrections: Correction[];
}

/** The file's text with every orthography slip corrected; throws when the result would not read back as intended. */
export function fixText(original: string, file: string): FixResult {
  const bom = original.startsWith('\ufeff') ? '\ufeff' : '';
  const text = withoutBom(original);
  const parsed = parseSites(text, file);
  if (!parsed) throw new Error('cannot be read as YAML or JSON; nothing was changed');
  const at = lineColumns(text);
  const changed: { site: TextSite; value: string; groups: Group[] }[] = [];
  const corrections: Correction[] = [];
  for (const site of parsed.sites) {
    if (!isPersianProse(parsed.data, site.path)) continue;
    const slips = findSlips(site.value);
    if (slips.length === 0) continue;
    const groups = groupSlips(site.value, slips);
    changed.push({ site, value: applyEdits(site.value, slips.flatMap((s) => s.edits)), groups });
    for (const g of groups) {
      const offset = sourceSpan(text, site, g.was, g.start)?.at ?? site.start;
      corrections.push({ ...at(offset), path: site.path.join('.'), was: g.was, will: g.will, message: describeSlip(g.slips[0]!, g.was, g.will) });
    }
  }
  if (changed.length === 0) return { text: original, corrections };

  const expected = withValues(parsed.data, changed.map((c) => ({ path: c.site.path, value: c.value })));
  // In place where every group of words is found as typed; a whole string written anew otherwise,
  // and for every string if that does not read back right (a YAML edge the first way missed).
  for (const whole of [false, true]) {
    const edits = changed.flatMap((c) => sourceEdits(text, c.site, c.value, c.groups, whole));
    const fixed = applyEdits(text, edits);
    const reread = parseSites(fixed, file);
    if (reread && isDeepStrictEqual(reread.data, expected)) return { text: bom + fixed, corrections };
  }
  throw new Error('the corrected file would not read back as the same data with the corrected strings; nothing was changed');
}

/** Slips that touch the same words, corrected and shown together. */
interface Group {
  start: number;
  end: number;
  was: string;
  will: string;
  slips: Slip[];
}

function groupSlips(value: string, slips: Slip[]): Group[] {
  const groups: { start: number; end: number; slips: Slip[] }[] = [];
  for (const s of [...slips].sort((a, b) => a.start - b.start)) {
    const last = groups.at(-1);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.slips.push(s);
    } else groups.push({ start: s.start, end: s.end, slips: [s] });
  }
  return groups.map((g) => {
    const was = value.slice(g.start, g.end);
    const will = applyEdits(was, g.slips.flatMap((s) => s.edits).map((e) => ({ ...e, at: e.at - g.start })));
    return { ...g, was, will };
  });
}

/** The edits to the file that give the site its new value. */
function sourceEdits(text: string, site: TextSite, value: string, groups: Group[], whole: boolean): Edit[] {
  const source = text.slice(site.start, site.end);
  if (!whole) {
    const spans = groups.map((g) => sourceSpan(text, site, g.was, g.start));
    if (spans.every((s) => s !== undefined)) return groups.map((g, i) => ({ ...spans[i]!, insert: encodeLike(source, site, g.will) }));
  }
  return [{ at: site.start, length: site.end - site.start, insert: scalarSource(site, value, source) }];
}

/** ZWNJ written as `\u200c` where the string already writes it so (a JSON file saved as ASCII). */
function encodeLike(source: string, site: TextSite, words: string): string {
  const escapes = (site.style === 'JSON' || site.style === 'QUOTE_DOUBLE') && /\\u200c/i.test(source);
  return escapes ? words.replaceAll(ZWNJ, '\\u200c') : words;
}

/** A string written anew in the style it had: plain and single-quoted when one line holds it, else double-quoted (YAML) or a JSON string. */
function scalarSource(site: TextSite, value: string, source: string): string {
  if (site.style === 'JSON') {
    const json = JSON.stringify(value);
    // A file written in ASCII with \u escapes stays so.
    return /^[\x20-\x7e]*$/.test(source) ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
  }
  if (site.style === 'PLAIN' && !/[\n\r]/.test(value) && !/[\n\r]/.test(source)) return value;
  if (site.style === 'QUOTE_SINGLE' && !/[\n\r]/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  // A block scalar's source ends with its line break, which the next line needs.
  const lineEnd = site.style === 'BLOCK_LITERAL' || site.style === 'BLOCK_FOLDED' ? (/\r?\n$/.exec(source)?.[0] ?? '') : '';
  const escaped = value.replace(/[\\"\x00-\x1f\x7f\u2028\u2029\ufeff]/g, (c) => DOUBLE_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"${lineEnd}`;
}

const DOUBLE_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** The data with the strings at `changes` replaced: what the fixed file must read back as. */
function withValues(data: ParsedFile['data'], changes: { path: PathKey[]; value: string }[]): unknown {
  const copy = structuredClone(data);
  for (const { path, value } of changes) {
    if (path.length === 0) return value;
    let node = copy as Record<PathKey, unknown>;
    for (const step of path.slice(0, -1)) node = node[step] as Record<PathKey, unknown>;
    node[path.at(-1)!] = value;
  }
  return copy;
}
