import { extname } from 'node:path';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { parse as parseJson, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { briefingSchema, fieldsAt, SINGLE_SOURCE_ID, type Briefing } from './schema.js';
import { BriefingError, type Diagnostic } from './diagnostic.js';
import { checkStrings, LIMITS, printable } from './strings.js';
import { imagesFolderOf, loadImages, NO_IMAGES, type BriefingImages } from './images.js';
import { dataFileOf, readRegularFile, type DataFile } from './read-file.js';
import { yamlSyntaxDiagnostics } from './yaml-errors.js';

type PathKey = string | number;

/** Where a field of the data stands in its file, for diagnostics found after loading (e.g. missing glyphs). */
export type PlaceOf = (path: PathKey[]) => Omit<Diagnostic, 'message' | 'fatal'>;

export interface LoadedBriefing {
  briefing: Briefing;
  placeOf: PlaceOf;
  /** The logo and figures, read from the briefing's folder (none when only the text was parsed). */
  images: BriefingImages;
  /** The data file with the very bytes that were parsed: what the PDF embeds (never read a second time). */
  data: DataFile;
}

/** Reads, parses and validates one briefing file; throws BriefingError listing every problem found. */
export async function loadBriefing(file: string): Promise<Briefing> {
  return (await loadBriefingWithPlaces(file)).briefing;
}

export async function loadBriefingWithPlaces(file: string): Promise<LoadedBriefing> {
  const { text, bytes } = await readSource(file);
  const loaded = parseBriefingWithPlaces(text, file);
  const { images, problems } = await loadImages(loaded.briefing, imagesFolderOf(file));
  if (problems.length > 0) {
    throw new BriefingError(sortByPlace(problems.map(({ path, message }) => ({ ...loaded.placeOf(path), message, fatal: true }))));
  }
  return { ...loaded, images, data: dataFileOf(file, bytes) };
}

/** Parses and validates briefing text; `file` only names the source in diagnostics and picks the syntax. */
export function parseBriefing(source: string, file: string): Briefing {
  return parseBriefingWithPlaces(source, file).briefing;
}

export function parseBriefingWithPlaces(source: string, file: string): LoadedBriefing {
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    fail({ file, message: `unsupported file type "${ext || '(none)'}": use .yaml, .yml or .json` });
  }
  if (source.trim() === '') fail({ file, line: 1, column: 1, message: 'file is empty' });
  checkSize(Buffer.byteLength(source), file);

  const lines = new LineCounter();
  if (ext === '.json') checkJsonSyntax(source, file);
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new BriefingError(yamlSyntaxDiagnostics(doc.errors, doc, source, lines, file));
  }
  let data: unknown;
  try {
    // A YAML 1.1 file (`%YAML 1.1`) reads an unquoted 2023-08-15 as a timestamp; the model wants the text people typed.
    data = datesAsText(doc.toJS({ maxAliasCount: 100 }), new WeakSet());
  } catch (err) {
    // Unresolvable or exponentially expanding aliases (`*name`) surface only when the document is read.
    fail({ file, line: 1, column: 1, message: `cannot read the YAML: ${(err as Error).message.split('\n')[0]}` });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail({ file, line: 1, column: 1, message: 'the top level must be a mapping of fields (id, title, date, ...)' });
  }

  const locate = locator(doc, lines, file, source);
  const parsed = briefingSchema.safeParse(data);
  // Cross-references are checked even when the schema fails, so one run lists every problem.
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueToDiagnostics(issue, locate, data));
  // A field the schema refuses already (a web address with a bidi control) gets that one message.
  const refused = new Set(schemaProblems.map((d) => d.path));
  const problems = [
    ...schemaProblems,
    ...crossReferences(data as RawBriefing).map(({ path, message }) => ({ ...locate(path), message })),
    // Every string, in whatever field: control characters and the length limit.
    ...checkStrings(data)
      .map(({ path, key, char, message }) => ({ ...locate(path, key, char), message }))
      .filter((d) => !(refused.has(d.path) && d.message.includes('bidi control'))),
    ...paragraphCount(data as RawBriefing).map(({ path, message }) => ({ ...locate(path), message })),
    ...matrixCells(data as RawBriefing).map(({ path, message }) => ({ ...locate(path), message })),
  ];
  if (!parsed.success || problems.length > 0) throw new BriefingError(sortByPlace(problems));
  return {
    briefing: parsed.data,
    placeOf: (path) => {
      const { fatal: _fatal, ...place } = locate(path);
      return place;
    },
    images: NO_IMAGES,
    data: dataFileOf(file, Buffer.from(source, 'utf8')),
  };
}

/** A briefing over the size limit is refused before it is parsed: parsing and building it would take gigabytes. */
function checkSize(bytes: number, file: string): void {
  if (bytes > LIMITS.fileBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    fail({ file, line: 1, column: 1, message: `file is ${mb(bytes)}; the limit is ${mb(LIMITS.fileBytes)} (split the briefing into several)` });
  }
}

async function readSource(file: string): Promise<{ text: string; bytes: Buffer }> {
  // Only a regular file is read, and only when it is within the limit: a FIFO would block, a device
  // (/dev/zero) never ends, and a huge file costs memory before it is refused.
  const read = await readRegularFile(file, LIMITS.fileBytes);
  if ('problem' in read) {
    if (read.tooLarge) fail({ file, line: 1, column: 1, message: `file ${read.problem} (split the briefing into several)` });
    fail({ file, message: read.problem });
  }
  const { bytes } = read;
  try {
    // A BOM is tolerated; any other invalid byte sequence is refused rather than guessed at.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bytes };
  } catch {
    // The lenient decoding marks the first bad sequence with U+FFFD, which places it by line and column.
    const lenient = bytes.toString('utf8');
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
    fail({ file, ...lineColumn(before), message: 'bytes are not valid UTF-8 (save the file as UTF-8)' });
  }
}

/** Line and column (1-based) of the position just after `before`. */
function lineColumn(before: string): { line: number; column: number } {
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

function checkJsonSyntax(source: string, file: string): void {
  // YAML would accept some broken JSON (a missing value reads as null), so JSON gets a strict parser first.
  const errors: ParseError[] = [];
  parseJson(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    fail({ file, ...lineColumn(source.slice(0, first.offset)), message: `JSON syntax error: ${printParseErrorCode(first.error)}` });
  }
}

/** Where `path` (or its field `key`) stands; `char` moves the column onto that character when it is typed as is in the source. */
type Locate = (path: PathKey[], key?: string, char?: string) => Omit<Diagnostic, 'message'>;

/** Finds the line and column of a field path in the parsed document (the nearest existing ancestor if it is missing). */
function locator(doc: Document, lines: LineCounter, file: string, source: string): Locate {
  return (path, key, char) => {
    let node: unknown = doc.contents;
    let found: unknown = node;
    for (const step of path) {
      if (!isNode(node) && !isPair(node)) break;
      const next = (node as { get?: (k: PathKey, keepScalar: boolean) => unknown }).get?.(step, true);
      if (next === undefined) break;
      node = next;
      found = next;
    }
    if (key !== undefined && isMap(found)) {
      const pair = found.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isNode(pair.key)) found = pair.key;
    }
    const range = isNode(found) ? found.range : undefined;
    let start = range?.[0];
    if (range && char !== undefined) {
      const at = source.slice(range[0], range[1]).indexOf(char);
      if (at >= 0) start = range[0] + at;
    }
    const pos = start !== undefined ? lines.linePos(start) : undefined;
    const fieldPath = [...path, ...(key !== undefined ? [key] : [])].join('.');
    return { file, line: pos?.line, column: pos?.col, path: fieldPath || undefined, fatal: true };
  };
}

function issueToDiagnostics(issue: z.core.$ZodIssue, locate: Locate, data: unknown): Diagnostic[] {
  const path = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
  if (issue.code === 'invalid_union') {
    // A paragraph is text or {text, lang}: report what is wrong with the form the author chose.
    const chosen = issue.errors.find((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (chosen) return chosen.flatMap((i) => issueToDiagnostics({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, locate, data));
    return [{ ...locate(path), message: `must be text, or a mapping with text and lang, not ${kindOf(valueAt(data, path))}` }];
  }
  if (issue.code === 'unrecognized_keys') {
    // One diagnostic per unknown key, each at the key itself.
    const known = fieldsAt(path);
    return issue.keys.map((key) => {
      const near = closest(key, known);
      // A short list of the names that may stand here helps; the top level's twenty-odd do not.
      const names = known.filter((k) => k !== '$schema');
      const hint = near ? `did you mean "${near}"?` : names.length > 0 && names.length <= 8 ? `known fields here: ${names.join(', ')}` : 'check its spelling against the schema';
      return { ...locate(path, key), message: `unknown field "${printable(key)}" (${hint})` };
    });
  }
  return [{ ...locate(path), message: describeIssue(issue, valueAt(data, path)) }];
}

/** The value at a field path of the plain data; `missing` when some step does not exist. */
function valueAt(data: unknown, path: PathKey[]): unknown {
  let value: unknown = data;
  for (const step of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return missing;
    value = (value as Record<PathKey, unknown>)[step];
  }
  return value;
}
const missing = Symbol('missing');

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping of fields' : `a ${issue.expected}`;
    if (value === missing) return `is required (${expected})`;
    const hint = issue.expected === 'string' && typeof value === 'number' ? '; put it in quotes' : '';
    return `must be ${expected}, not ${kindOf(value)}${hint}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small' && issue.origin === 'array') return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
  return issue.message;
}

/** The loosely typed shape cross-references are read from, before (or without) schema success. */
interface RawBriefing {
  summary?: unknown;
  participants?: unknown;
  themes?: unknown;
  statements?: unknown;
  source?: unknown;
  sources?: unknown;
  event?: unknown;
  date?: unknown;
  issued?: unknown;
}

/** Checks that every speaker, theme and source id a statement names exists, that ids are unique, and which dates are needed. */
function crossReferences(b: RawBriefing): { path: PathKey[]; message: string }[] {
  const problems: { path: PathKey[]; message: string }[] = [];
  const unique = (field: 'participants' | 'themes' | 'sources') => {
    const seen = new Set<string>();
    (Array.isArray(b[field]) ? (b[field] as unknown[]) : []).forEach((item, i) => {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return;
      if (seen.has(id)) problems.push({ path: [field, i, 'id'], message: `duplicate id "${id}"` });
      seen.add(id);
    });
    return seen;
  };
  const people = unique('participants');
  const themes = unique('themes');
  const sources = unique('sources');
  const single = b.source !== null && typeof b.source === 'object' && !Array.isArray(b.source);
  if (single) {
    const id = (b.source as { id?: unknown }).id;
    sources.add(typeof id === 'string' ? id : SINGLE_SOURCE_ID);
  }
  if (b.source !== undefined && b.sources !== undefined) {
    problems.push({ path: ['source'], message: 'give either source (one) or sources (a list), not both' });
  } else if (b.source === undefined && b.sources === undefined) {
    problems.push({ path: [], message: 'sources: is required (a list of the reports the briefing draws on: id and name)' });
  }
  if (b.event !== undefined && b.date === undefined) {
    problems.push({ path: ['event'], message: 'date: is required with event (the date of the event, YYYY-MM-DD)' });
  }
  if (b.date === undefined && b.issued === undefined) {
    problems.push({ path: [], message: 'issued: is required when there is no event date (the date the briefing was written, YYYY-MM-DD)' });
  }
  (Array.isArray(b.statements) ? (b.statements as unknown[]) : []).forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object') return;
    const s = raw as Record<string, unknown>;
    if (typeof s.speaker === 'string' && !people.has(s.speaker)) {
      problems.push({ path: ['statements', i, 'speaker'], message: `unknown speaker "${s.speaker}" (not a participant id: ${[...people].join(', ')})` });
    }
    if (typeof s.source === 'string' && !sources.has(s.source)) {
      problems.push({ path: ['statements', i, 'source'], message: `unknown source "${s.source}" (not a source id: ${[...sources].join(', ') || 'no sources defined'})` });
    }
    (Array.isArray(s.themes) ? (s.themes as unknown[]) : []).forEach((t, j) => {
      if (typeof t === 'string' && !themes.has(t)) {
        problems.push({ path: ['statements', i, 'themes', j], message: `unknown theme "${t}" (not a theme id: ${[...themes].join(', ') || 'no themes defined'})` });
      }
    });
  });
  return problems;
}

/** The paragraphs of the summary and of every statement together stay within the limit. */
/**
 * The theme × speaker matrix lists, for every theme, every speaker who spoke on it and every one who
 * did not: its text grows with themes times speakers, not with the file. 500 themes and 1,000 speakers
 * (a 274 KB file) made a 916-page PDF in 1.5 minutes and 2.4 GB; the limit keeps it to a few pages.
 */
function matrixCells(b: RawBriefing): { path: PathKey[]; message: string }[] {
  const themes = Array.isArray(b.themes) ? b.themes.length : 0;
  const statements = Array.isArray(b.statements) ? (b.statements as unknown[]) : [];
  const speakers = new Set(statements.map((s) => (s as { speaker?: unknown } | null)?.speaker).filter((s) => typeof s === 'string')).size;
  const cells = themes * speakers;
  if (cells > LIMITS.matrixCells) {
    return [{
      path: ['themes'],
      message: `${themes.toLocaleString('en')} themes × ${speakers.toLocaleString('en')} speakers make a theme × speaker table of ${cells.toLocaleString('en')} cells; the limit is ${LIMITS.matrixCells.toLocaleString('en')} (merge themes, or split the briefing)`,
    }];
  }
  return repeatedText(b);
}

/**
 * Text the outputs print more than once, which the file size does not bound: every speaker's name in
 * each row of the theme × speaker table, and each statement's theme titles beside it. Long names or
 * titles times many rows or statements would make hundreds of pages from a small file.
 */
function repeatedText(b: RawBriefing): { path: PathKey[]; message: string }[] {
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  const text = (v: unknown, key: string) => {
    const value = (v as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value.length : 0;
  };
  const statements = list(b.statements);
  const nameOf = new Map(list(b.participants).map((p) => [(p as { id?: unknown } | null)?.id, text(p, 'name')]));
  const titleOf = new Map(list(b.themes).map((t) => [(t as { id?: unknown } | null)?.id, text(t, 'title')]));
  const speakers = new Set(statements.map((s) => (s as { speaker?: unknown } | null)?.speaker));
  const names = [...speakers].reduce<number>((n, id) => n + (nameOf.get(id) ?? 0), 0);
  const table = titleOf.size * names;
  const themeLists = statements.reduce<number>((n, s) => n + list((s as { themes?: unknown } | null)?.themes).reduce<number>((m, id) => m + (titleOf.get(id) ?? 0), 0), 0);
  const limit = LIMITS.repeatedChars;
  const problems: { path: PathKey[]; message: string }[] = [];
  const k = (n: number) => n.toLocaleString('en');
  if (table > limit) problems.push({ path: ['themes'], message: `the theme × speaker table would print the speakers' names ${k(titleOf.size)} times, ${k(table)} characters; the limit is ${k(limit)} (fewer themes, or shorter names)` });
  if (themeLists > limit) problems.push({ path: ['statements'], message: `the statements' theme lists would print ${k(themeLists)} characters of theme titles; the limit is ${k(limit)} (fewer themes per statement, or shorter titles)` });
  return problems;
}

function paragraphCount(b: RawBriefing): { path: PathKey[]; message: string }[] {
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const statements = Array.isArray(b.statements) ? (b.statements as unknown[]) : [];
  const total = length(b.summary) + statements.reduce<number>((n, s) => n + length((s as { text?: unknown } | null)?.text), 0);
  if (total <= LIMITS.paragraphs) return [];
  return [{ path: [], message: `has ${total.toLocaleString('en')} paragraphs (summary and statements together); the limit is ${LIMITS.paragraphs.toLocaleString('en')}` }];
}

function kindOf(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `${String(value)} (a yes/no value)`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  return `a ${typeof value}`;
}

/** Replaces YAML timestamps by the text they were written as (the date alone when it has no time of day). */
function datesAsText(value: unknown, seen: WeakSet<object>): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  // Aliases can make the data circular; each object is visited once.
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = datesAsText(record[key], seen);
  return value;
}

function sortByPlace(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function fail(d: Omit<Diagnostic, 'fatal'>): never {
  throw new BriefingError([{ ...d, fatal: true }]);
}

/** The known name a misspelt one most likely meant: at most two edits away, and fewer than half its letters. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance && d <= 2 && d < Math.max(2, k.length / 2)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("countyr" -> "country"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
