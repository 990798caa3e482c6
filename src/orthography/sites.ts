/**
 * The string values of a YAML or JSON data file with the exact part of the file each is written
 * in, so a warning can point at the words and a fix can rewrite that part and nothing else
 * (comments, key order, quoting and layout of the rest stay byte for byte).
 */
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

type PathKey = string | number;

export interface TextSite {
  path: PathKey[];
  value: string;
  /** The scalar in the file, quotes or block header included: text.slice(start, end). */
  start: number;
  end: number;
  /** How it is written: a YAML scalar type (PLAIN, QUOTE_DOUBLE, …) or JSON. */
  style: Scalar.Type | 'JSON';
}

export interface ParsedFile {
  syntax: 'yaml' | 'json';
  /** The data as parsed (what the loader validates). */
  data: unknown;
  sites: TextSite[];
}

/** The file's strings and data, or undefined when it does not parse (the loader says why). */
export function parseSites(text: string, file: string): ParsedFile | undefined {
  return extname(file).toLowerCase() === '.json' ? jsonSites(text) : yamlSites(text);
}

function yamlSites(text: string): ParsedFile | undefined {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const sites: TextSite[] = [];
  const walk = (node: unknown, path: PathKey[]) => {
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.range) sites.push({ path, value: node.value, start: node.range[0], end: node.range[1], style: node.type ?? 'PLAIN' });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key === 'string' || typeof key === 'number') walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
    // An alias (*name) is checked where its anchor is written.
  };
  walk(doc.contents, []);
  return { syntax: 'yaml', data, sites };
}

function jsonSites(text: string): ParsedFile | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) return undefined;
  const sites: TextSite[] = [];
  const walk = (node: JsonNode, path: PathKey[]) => {
    if (node.type === 'string') sites.push({ path, value: node.value as string, start: node.offset, end: node.offset + node.length, style: 'JSON' });
    else if (node.type === 'array') node.children?.forEach((c, i) => walk(c, [...path, i]));
    else if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) walk(value, [...path, key.value as string]);
      }
    }
  };
  walk(root, []);
  // JSON.parse, not the tree's value: plain objects, as the corrected file's data is compared with them.
  return { syntax: 'json', data: JSON.parse(text) as unknown, sites };
}

/**
 * Where `fragment`, found at `offset` in the site's value, is written in the file: the same
 * occurrence of it in the scalar's source, when the source holds it as often as the value does
 * (it does unless an escape runs through it). A space of the fragment may be a line break there
 * (a folded or multi-line string). Undefined when it cannot be told.
 */
export function sourceSpan(text: string, site: TextSite, fragment: string, offset: number): { at: number; length: number } | undefined {
  if (fragment === '') return undefined;
  const inValue: number[] = [];
  for (let i = site.value.indexOf(fragment); i >= 0; i = site.value.indexOf(fragment, i + 1)) inValue.push(i);
  const k = inValue.indexOf(offset);
  if (k < 0) return undefined;
  const written = fragment.split(' ').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(?: |[ \\t]*\\r?\\n[ \\t]*)');
  // Every occurrence, overlapping ones too (as indexOf above counts them).
  const inSource = [...text.slice(site.start, site.end).matchAll(new RegExp(`(?=(${written}))`, 'gu'))];
  if (inSource.length !== inValue.length) return undefined;
  const m = inSource[k]!;
  return { at: site.start + m.index!, length: m[1]!.length };
}

/** Line and column (1-based, as the loader's messages give them) of offsets in `text`: the line starts are found once. */
export function lineColumns(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
