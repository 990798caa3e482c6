import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { briefingSchema, type Briefing } from './schema.js';
import { BriefingError, type Diagnostic } from './diagnostic.js';

type PathKey = string | number;

/** Reads, parses and validates one briefing file; throws BriefingError listing every problem found. */
export async function loadBriefing(file: string): Promise<Briefing> {
  const source = await readSource(file);
  return parseBriefing(source, file);
}

/** Parses and validates briefing text; `file` only names the source in diagnostics and picks the syntax. */
export function parseBriefing(source: string, file: string): Briefing {
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    fail({ file, message: `unsupported file type "${ext || '(none)'}": use .yaml, .yml or .json` });
  }
  if (source.trim() === '') fail({ file, line: 1, column: 1, message: 'file is empty' });

  const lines = new LineCounter();
  if (ext === '.json') checkJsonSyntax(source, file);
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new BriefingError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return { file, line: pos?.line, column: pos?.col, message, fatal: true };
      }),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail({ file, line: 1, column: 1, message: 'the top level must be a mapping of fields (id, title, date, ...)' });
  }

  const locate = locator(doc, lines, file);
  const parsed = briefingSchema.safeParse(data);
  if (!parsed.success) {
    throw new BriefingError(parsed.error.issues.map((issue) => issueToDiagnostic(issue, locate)));
  }
  const problems = crossReferences(parsed.data).map(({ path, message }) => ({ ...locate(path), message }));
  if (problems.length > 0) throw new BriefingError(problems);
  return parsed.data;
}

async function readSource(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read file (${code})`;
    fail({ file, message: reason });
  }
  try {
    // A BOM is tolerated; any other invalid byte sequence is refused rather than guessed at.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
  try {
    JSON.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const place = at ? lineColumn(source.slice(0, Number(at[1]))) : {};
    fail({ file, ...place, message: `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}` });
  }
}

type Locate = (path: PathKey[], key?: string) => Omit<Diagnostic, 'message'>;

/** Finds the line and column of a field path in the parsed document (the nearest existing ancestor if it is missing). */
function locator(doc: Document, lines: LineCounter, file: string): Locate {
  return (path, key) => {
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
    const pos = range ? lines.linePos(range[0]) : undefined;
    const fieldPath = [...path, ...(key !== undefined ? [key] : [])].join('.');
    return { file, line: pos?.line, column: pos?.col, path: fieldPath || undefined, fatal: true };
  };
}

function issueToDiagnostic(issue: z.core.$ZodIssue, locate: Locate): Diagnostic {
  const path = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return { ...locate(path, key), message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  return { ...locate(path), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = (issue as { input?: unknown }).input;
    if (received === undefined) return `is required (${issue.expected})`;
    return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small' && issue.origin === 'array') return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
  return issue.message;
}

/** Checks that every speaker and theme id a statement names exists, and that ids are unique. */
function crossReferences(b: Briefing): { path: PathKey[]; message: string }[] {
  const problems: { path: PathKey[]; message: string }[] = [];
  const unique = (items: { id: string }[], field: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) problems.push({ path: [field, i, 'id'], message: `duplicate id "${item.id}"` });
      seen.add(item.id);
    });
    return seen;
  };
  const people = unique(b.participants, 'participants');
  const themes = unique(b.themes, 'themes');
  b.statements.forEach((s, i) => {
    if (!people.has(s.speaker)) {
      problems.push({ path: ['statements', i, 'speaker'], message: `unknown speaker "${s.speaker}" (not a participant id: ${[...people].join(', ')})` });
    }
    s.themes.forEach((t, j) => {
      if (!themes.has(t)) problems.push({ path: ['statements', i, 'themes', j], message: `unknown theme "${t}" (not a theme id: ${[...themes].join(', ') || 'no themes defined'})` });
    });
  });
  return problems;
}

function fail(d: Omit<Diagnostic, 'fatal'>): never {
  throw new BriefingError([{ ...d, fatal: true }]);
}
