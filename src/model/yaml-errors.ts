/**
 * YAML syntax errors as a person reads them: one message, at the line that is wrong, with that line
 * and a caret under the place, and a hint for the common slips (a line indented one space too many
 * or too few, a tab in the indentation, a list item without its `- `, a value with `: ` in it).
 *
 * The parser reports one slip as a cascade (`Sequence item without - indicator`, then `All mapping
 * items must start at the same column` and `Implicit keys need to be on a single line` for each line
 * after it): only the first error is kept, and the line is looked at again to say what is wrong.
 */
import { isCollection, isNode, isPair, isScalar, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { printable } from './strings.js';

type PathKey = string | number;

export function yamlSyntaxDiagnostics(errors: readonly YAMLError[], doc: Document, source: string, lineCounter: LineCounter, file: string): Diagnostic[] {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  // Duplicate keys are independent of each other: every one is reported. Any other error starts a
  // cascade: it is reported alone (with the duplicates before it), what follows it is dropped.
  const first = sorted.find((e) => e.code !== 'DUPLICATE_KEY');
  const kept = first ? sorted.filter((e) => e === first || (e.code === 'DUPLICATE_KEY' && e.pos[0] < first.pos[0])) : sorted;
  const lines = source.split('\n').map((l) => l.replace(/\r$/, ''));
  return kept.map((e) => (e.code === 'DUPLICATE_KEY' ? duplicateKey(e, doc, source, lineCounter, file) : syntaxError(e, source, lineCounter, lines, file)));
}

function duplicateKey(e: YAMLError, doc: Document, source: string, lineCounter: LineCounter, file: string): Diagnostic {
  const pos = lineCounter.linePos(e.pos[0]);
  const keyPath = pathOfKeyAt(doc.contents, e.pos[0]);
  const key = keyPath?.at(-1) ?? /^["']?([^"':]*)/.exec(source.slice(e.pos[0]))?.[1];
  return {
    file,
    line: pos.line,
    column: pos.col,
    path: keyPath?.join('.'),
    // Its line and field say where it is; no cascade follows it, and no frame is needed.
    message: `duplicate key "${String(key)}" (each field may appear once; remove or rename one)`,
    fatal: true,
  };
}

function syntaxError(e: YAMLError, source: string, lineCounter: LineCounter, lines: string[], file: string): Diagnostic {
  const pos = lineCounter.linePos(e.pos[0]);
  if (e.code === 'MULTIPLE_DOCS') {
    return { file, line: pos.line, column: pos.col, message: 'a briefing file holds one document: remove the "---" line that starts a second one', frame: frame(lines, pos.line - 1, pos.col - 1), fatal: true };
  }
  // The slip is on the line the parser stopped at, or on one of the lines its error spans (a line
  // indented too far reads as the continuation of the text above it).
  const spanEnd = lineCounter.linePos(Math.max(e.pos[0], e.pos[1] - 1)).line - 1;
  const last = Math.min(lines.length - 1, Math.max(spanEnd, pos.line - 1 + 2));
  for (let i = pos.line - 1; i <= last; i++) {
    const slip = slipAt(lines, i);
    if (slip) {
      const at = slip.line ?? i;
      return {
        file,
        line: at + 1,
        column: slip.column + 1,
        path: fieldPathAt(lines, at, slip.meant),
        message: slip.message,
        frame: frame(lines, at, slip.column, slip.reference),
        hint: slip.hint,
        fatal: true,
      };
    }
  }
  const unclosed = unclosedAbove(lines, pos.line - 1);
  if (unclosed) {
    return {
      file,
      line: unclosed.line + 1,
      column: unclosed.column + 1,
      path: fieldPathAt(lines, unclosed.line),
      message: unclosed.message,
      frame: frame(lines, unclosed.line, unclosed.column),
      hint: unclosed.hint,
      fatal: true,
    };
  }
  const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { file, line: pos.line, column: pos.col, message: `YAML syntax error: ${message}`, frame: frame(lines, pos.line - 1, pos.col - 1), fatal: true };
}

/** A value opened with `"`, `'`, `[` or `{` on a line at or above `i` and never closed. */
function unclosedAbove(lines: string[], i: number): { line: number; column: number; message: string; hint: string } | undefined {
  for (let j = Math.min(i, lines.length - 1); j >= 0 && j >= i - 50; j--) {
    const line = lines[j]!;
    const m = /^(\s*(?:- +)*(?:[^\s#'"[\]{}][^#:]*?:\s+)?)(["'[{])/.exec(line);
    if (!m) continue;
    const open = m[2]!;
    const rest = line.slice(m[1]!.length + 1);
    const close = { '"': '"', "'": "'", '[': ']', '{': '}' }[open]!;
    const closed = open === '"' ? /(^|[^\\])"/.test(rest) : open === "'" ? rest.includes("'") : depthAfter(open + rest, open, close) === 0;
    if (closed) continue;
    const quote = open === '"' || open === "'";
    return {
      line: j,
      column: m[1]!.length,
      message: quote ? `a text opened with ${open} is never closed` : `a ${open === '[' ? 'list' : 'mapping'} opened with "${open}" is never closed with "${close}"`,
      hint: quote
        ? `end the text with ${open} on the same line, or leave out the quotes`
        : `close it on the same line ("${open}a, b${close}"), or put a text that starts with "${open}" in quotes`,
    };
  }
  return undefined;
}

function depthAfter(text: string, open: string, close: string): number {
  let depth = 0;
  for (const ch of text) depth += ch === open ? 1 : ch === close ? -1 : 0;
  return depth;
}

interface Slip {
  /** 0-based column of the place to show. */
  column: number;
  message: string;
  hint: string;
  /** 0-based index of a line worth showing above, to compare with. */
  reference?: number;
  /** Where the line was meant to start (an indentation slip), for its field path. */
  meant?: number;
  /** The slip is on this other line (0-based): the first line of the block, which set its indentation. */
  line?: number;
}

/** A line as YAML's block structure sees it: its indentation, its `- ` items and its key. */
interface Shape {
  indent: number;
  /** Columns of the `- ` that start list items on this line (`- - x` has two). */
  dashes: number[];
  /** Column where a `key:` starts, if the line holds one. */
  key?: number;
  keyName?: string;
  /** The line ends with `key:` and nothing after it: the next, deeper lines are its value. */
  opens: boolean;
}

const KEY = /^(?:"[^"]*"|'[^']*'|[^\s#'"\-?:,[\]{}][^#:]*?|-[^\s#:][^#:]*?)\s*:(?=\s|$)/;

function shapeOf(line: string): Shape | undefined {
  const indent = /^ */.exec(line)![0].length;
  const rest = line.slice(indent);
  if (rest === '' || rest.startsWith('#') || /^\t/.test(rest)) return undefined;
  const dashes: number[] = [];
  let at = indent;
  for (let m; (m = /^-( +|$)/.exec(line.slice(at))); at += m[0].length) dashes.push(at);
  const key = KEY.exec(line.slice(at));
  const after = key ? line.slice(at + key[0].length).trim() : '';
  return {
    indent,
    dashes,
    key: key ? at : undefined,
    keyName: key ? key[0].replace(/\s*:$/, '') : undefined,
    opens: key !== null && (after === '' || after.startsWith('#')),
  };
}

/** The lines above `i` that hold the block it belongs to, nearest first: each less indented than the one before. */
function ancestors(lines: string[], i: number): { index: number; shape: Shape }[] {
  const found: { index: number; shape: Shape }[] = [];
  let limit = Infinity;
  for (let j = i - 1; j >= 0; j--) {
    const shape = shapeOf(lines[j]!);
    if (!shape) continue;
    const last = found.at(-1)?.shape;
    // A list may stand at the column of the key it is the value of (`summary:` then `- text`).
    const listKey = last !== undefined && last.dashes[0] === limit && shape.indent === limit && shape.dashes.length === 0 && shape.opens;
    // A deeper line (the value of a sibling) says nothing about where this one belongs.
    if (found.length > 0 && shape.indent >= limit && !listKey) continue;
    found.push({ index: j, shape });
    limit = shape.indent;
    if (limit === 0 && !(shape.dashes[0] === 0)) break;
  }
  return found;
}

function slipAt(lines: string[], i: number): Slip | undefined {
  const line = lines[i] ?? '';
  const tab = /^[ ]*\t/.exec(line);
  if (tab) {
    const unit = indentUnit(lines);
    return {
      column: tab[0].length - 1,
      message: 'a tab in the indentation: YAML indents with spaces only',
      hint: `replace the tab at the start of line ${i + 1} with spaces (${unit} per level in this file)`,
    };
  }
  const shape = shapeOf(line);
  if (!shape) return undefined;
  const above = ancestors(lines, i);
  const parent = above[0];
  if (!parent) return undefined;
  const text = line.trim();

  // `-id: x`: a dash without its space is part of the text, not a list item.
  if (shape.dashes.length === 0 && /^-[^\s-]/.test(text) && above.some((a) => a.shape.dashes.includes(shape.indent))) {
    return {
      column: shape.indent,
      message: 'a list item needs a space after its "-"',
      hint: `write "- ${clip(text.slice(1))}"`,
      reference: above.find((a) => a.shape.dashes.includes(shape.indent))!.index,
    };
  }
  // A line at the column of the list items above it, without the "- " they have.
  const sibling = above.find((a) => a.shape.dashes[0] === shape.indent);
  if (shape.dashes.length === 0 && sibling && (shape.key === undefined || sibling.shape.key === undefined)) {
    return {
      column: shape.indent,
      message: 'a list item without its "- "',
      hint: `the items above (line ${sibling.index + 1}) start with "- " at this column: write "${' '.repeat(shape.indent)}- ${clip(text)}"`,
      reference: sibling.index,
    };
  }

  return misplaced(lines, i, shape, above) ?? colonInValue(line, shape);
}

/** `context: speech: opening`: the second ": " makes a mapping where a text was meant. */
function colonInValue(line: string, shape: Shape): Slip | undefined {
  if (shape.key === undefined) return undefined;
  const valueAt = line.indexOf(':', shape.key + shape.keyName!.length) + 1;
  const value = line.slice(valueAt).trim();
  if (/^["'[{|>&*!]/.test(value)) return undefined;
  const colon = value.search(/:(\s|$)/);
  if (colon < 0) return undefined;
  return {
    column: line.indexOf(value, valueAt) + colon,
    message: 'a ": " inside a value: YAML reads it as another field',
    hint: `put the value in quotes: ${shape.keyName}: "${clip(value.replace(/"/g, '\\"'))}"`,
  };
}

/** A line that starts at no column its block allows: indented one space too many or too few. */
function misplaced(lines: string[], i: number, shape: Shape, above: { index: number; shape: Shape }[]): Slip | undefined {
  const parent = above[0]!;
  // Where this line could start: beside a key of a block it is in, at a dash of a list it is in,
  // or anywhere deeper than a key that opens a block on the line just above.
  const at = shape.indent;
  const what = shape.dashes.length > 0 ? 'the list item' : shape.keyName ? `"${shape.keyName}:"` : 'this line';
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  if (parent.shape.opens && at > parent.shape.key!) {
    // The first line of a block sets its indentation; when the lines after it agree among
    // themselves and not with it, the first one is the slip.
    // A list item's own lines stand at its key, deeper than its "- ": a line deeper still is the slip.
    if (shape.opens || shape.dashes.length > 0) return undefined;
    // At the file's usual step it is where it belongs: the deeper line after it is the slip.
    if (at === parent.shape.key! + indentUnit(lines)) return undefined;
    const next = lines.slice(i + 1).map((l, k) => ({ index: i + 1 + k, shape: shapeOf(l) })).find((n) => n.shape !== undefined);
    if (!next?.shape || next.shape.indent <= at || next.shape.dashes.length > 0 || next.shape.key === undefined) return undefined;
    const name = next.shape.keyName ? `"${next.shape.keyName}:" on line ${next.index + 1}` : `line ${next.index + 1}`;
    return {
      column: at,
      message: `indentation: ${what} is indented ${spaces(at)} where ${name} has ${next.shape.indent}`,
      hint: `YAML nests by indentation, and the first line of a block sets it: give ${what} ${spaces(next.shape.indent)}, as ${name} has`,
      reference: next.index,
      meant: next.shape.indent,
    };
  }
  const places = above.flatMap(({ index, shape: a }) => [
    ...(a.key !== undefined ? [{ column: a.key, index, name: a.keyName, kind: 'key' as const }] : []),
    ...a.dashes.map((column) => ({ column, index, name: undefined, kind: 'dash' as const })),
  ]);
  const mine = shape.dashes.length > 0 ? 'dash' : 'key';
  // A list may stand at the column of the key it belongs to (`statements:` then `- speaker:`).
  const fits = places.some((p) => p.column === at && (p.kind === mine || (mine === 'dash' && p.kind === 'key')));
  if (fits) return undefined;
  const first = firstLineMisplaced(lines, i, shape, above);
  if (first) return first;
  const same = places.filter((p) => p.kind === mine);
  const nearest = (same.length > 0 ? same : places).reduce((best, p) => (Math.abs(p.column - at) < Math.abs(best.column - at) ? p : best));
  const other = nearest.kind === 'key' && nearest.name ? `"${nearest.name}:" on line ${nearest.index + 1}` : `the "- " on line ${nearest.index + 1}`;
  return {
    column: at,
    message: `indentation: ${what} is indented ${spaces(at)} where ${other} has ${nearest.column}`,
    hint: `YAML nests by indentation: give ${what} ${spaces(nearest.column)}, as ${other} has`,
    reference: nearest.index,
    meant: nearest.column,
  };
}

/**
 * The first line of a block sets the indentation of the lines after it. When line `i` stands where
 * the file's usual step puts that block, and the block's first line does not, the first line is the
 * slip (`event:` then `   name:` at 3 and `  nameLatin:` at 2: `name:` is the one to move).
 */
function firstLineMisplaced(lines: string[], i: number, shape: Shape, above: { index: number; shape: Shape }[]): Slip | undefined {
  const opener = above.find((a) => a.shape.opens && a.shape.key! < shape.indent);
  if (!opener) return undefined;
  let first: { index: number; shape: Shape } | undefined;
  for (let j = opener.index + 1; j < i && !first; j++) {
    const s = shapeOf(lines[j]!);
    if (s) first = { index: j, shape: s };
  }
  if (!first || first.shape.indent <= opener.shape.key!) return undefined;
  const usual = opener.shape.key! + indentUnit(lines);
  const shift = usual - first.shape.indent;
  if (shift === 0) return undefined;
  // Moved to the usual column, would the first line agree with this one?
  const agrees = shape.dashes.length > 0 ? first.shape.dashes.map((c) => c + shift).includes(shape.indent) : first.shape.key !== undefined && first.shape.key + shift === shape.indent;
  if (!agrees) return undefined;
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  const what = first.shape.dashes.length > 0 ? 'the list item' : first.shape.keyName ? `"${first.shape.keyName}:"` : 'this line';
  const other = shape.keyName && shape.dashes.length === 0 ? `"${shape.keyName}:" on line ${i + 1}` : `line ${i + 1}`;
  return {
    line: first.index,
    column: first.shape.indent,
    message: `indentation: ${what}, the first line of the block under "${opener.shape.keyName}:", is indented ${spaces(first.shape.indent)}; the lines after it, like ${other}, have ${usual}`,
    hint: `YAML nests by indentation, and the first line of a block sets it: give ${what} ${spaces(usual)}`,
    reference: i,
    meant: usual,
  };
}

/** The usual indentation step of the file (2 when it cannot tell). */
function indentUnit(lines: string[]): number {
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    const s = shapeOf(line);
    if (!s) continue;
    if (s.indent > previous) steps.set(s.indent - previous, (steps.get(s.indent - previous) ?? 0) + 1);
    previous = s.indent;
  }
  return [...steps].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 2;
}

/** The field path of line `i` (`participants.0.name`), read from the lines above it; undefined at the top. */
function fieldPathAt(lines: string[], i: number, indent?: number): string | undefined {
  const path: PathKey[] = [];
  // A tab in the indentation counts as a level here (it is reported as a slip of its own).
  const own = shapeOf((lines[i] ?? '').replace(/^[ \t]+/, (ws) => ws.replace(/\t/g, '  ')));
  if (own?.keyName && own.dashes.length === 0 && !own.keyName.startsWith('-')) path.push(unquote(own.keyName));
  // A misplaced line is placed where it was meant to stand.
  let limit = indent ?? own?.indent ?? Infinity;
  for (let j = i - 1; j >= 0 && limit > 0; j--) {
    const s = shapeOf(lines[j]!);
    if (!s || s.indent >= limit) continue;
    if (s.dashes.length > 0) {
      // Which item of its list: the items at this dash column between the list's key and here.
      let index = 0;
      for (let k = j - 1; k >= 0; k--) {
        const t = shapeOf(lines[k]!);
        if (!t) continue;
        if (t.indent < s.indent || (t.indent === s.indent && t.dashes[0] !== s.indent)) break;
        if (t.dashes[0] === s.indent) index++;
      }
      if (s.keyName && s.opens && limit > s.key!) path.unshift(unquote(s.keyName));
      path.unshift(index);
    } else if (s.keyName && s.opens) {
      path.unshift(unquote(s.keyName));
    } else {
      // `key: value` holds no lines below it.
      continue;
    }
    limit = s.indent;
  }
  return path.length > 0 ? path.join('.') : undefined;
}

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

/** At most 40 characters of a line's text, for a hint. */
function clip(text: string): string {
  return printable(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}

/** The line (and the line to compare it with, when there is one) with a caret under `column`. */
function frame(lines: string[], i: number, column: number, reference?: number): string {
  const shown = [...(reference !== undefined && reference !== i ? [reference] : []), i].sort((a, b) => a - b);
  const width = String(i + 1).length;
  const row = (n: number) => `${n === i ? '>' : ' '} ${String(n + 1).padStart(width)} | ${printable((lines[n] ?? '').replace(/\t/g, '→'))}`;
  const out: string[] = [];
  shown.forEach((n, k) => {
    if (k > 0 && n > shown[k - 1]! + 1) out.push(`  ${' '.repeat(width)} ⋮`);
    out.push(row(n));
    // The caret goes right under the line it points into.
    if (n === i) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column))}^`);
  });
  return out.join('\n');
}

/** The field path of the mapping key that starts at `offset`, searched through nested collections. */
function pathOfKeyAt(node: unknown, offset: number, prefix: PathKey[] = []): PathKey[] | undefined {
  if (!isCollection(node)) return undefined;
  for (const [i, item] of node.items.entries()) {
    if (isPair(item)) {
      const key = isScalar(item.key) ? (item.key.value as PathKey) : String(item.key);
      if (isNode(item.key) && item.key.range?.[0] === offset) return [...prefix, key];
      const inner = pathOfKeyAt(item.value, offset, [...prefix, key]);
      if (inner) return inner;
    } else {
      const inner = pathOfKeyAt(item, offset, [...prefix, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}
