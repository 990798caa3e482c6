import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findNodeAtLocation, parse as parseJson, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import type { KeepWithNext } from './keep-with-next.js';
import { standardPageSizes } from './pdfmake/page-sizes.js';

export type Margins = [number, number, number, number];
/** A pdfmake table column width: points, `*` (a share of what is left) or `auto` (its content's width). */
export type ColumnWidth = number | '*' | 'auto';

/** The PDF theme (templates/pdf-theme.json): how XHTML elements and classes are drawn. */
export interface PdfTheme {
  page: { size: string; margins: Margins };
  baseFontSize: number;
  lineHeight: number;
  colors: Record<string, string>;
  header: { fontSize: number; color: string };
  footer: { fontSize: number; color: string };
  styles: Record<string, Record<string, unknown>>;
  blockquote: { ruleWidth: number; ruleColor: string; padding: number; margin: Margins; fillColor?: string };
  /** Blocks drawn as a tinted box with a rule where lines start (the assessment), by style name (`div.assessment-body`). */
  boxes?: Record<string, { ruleWidth: number; ruleColor: string; padding: number; margin: Margins; fillColor?: string }>;
  /** The marking printed at the top and bottom of every page (optional; default: the header's size, bold). */
  marking?: { fontSize: number; color: string; bold?: boolean };
  table: {
    margin: Margins;
    cellPadding: number;
    borderColor: string;
    /** Column widths by style name (`table.facts`), logical order; the last one stands for further columns. */
    widths?: Record<string, ColumnWidth[]>;
  };
  list: { bullet: string; gap: number };
  /** Elements kept on the page of the block after them (optional; default: h1-h3, 2 lines). */
  keepWithNext?: KeepWithNext;
  /** What changes for one layout: any top-level key, and `styles` merged over the shared ones. */
  brief?: LayoutTheme;
  report?: LayoutTheme;
  /** What a left-to-right (Latin-script) briefing changes: its own line height and alignment. */
  ltr?: LayoutTheme;
}

export type LayoutTheme = Partial<Omit<PdfTheme, 'brief' | 'report' | 'ltr' | 'page'>> & { page?: Partial<PdfTheme['page']> };

export { standardPageSizes };
const pageSizes = new Set(Object.keys(standardPageSizes));

const size = z.number().nonnegative();
const positive = z.number().positive();
const colour = z.string().min(1);
const margins = z.tuple([size, size, size, size]);
const pageSize = z.string().refine((s) => pageSizes.has(s.trim().toUpperCase()), { message: 'must be a page size pdfmake knows (A4, A5, LETTER, LEGAL, …)' });
/** pdfmake style properties the writer and the built-in theme use are checked; others pass as pdfmake reads them. */
const style = z.looseObject({
  font: z.string().optional(),
  fontSize: positive.optional(),
  lineHeight: positive.optional(),
  bold: z.boolean().optional(),
  italics: z.boolean().optional(),
  color: colour.optional(),
  fillColor: colour.optional(),
  alignment: z.enum(['left', 'right', 'center', 'justify', 'start', 'end']).optional(),
  margin: z.union([z.number(), z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number(), z.number(), z.number()])]).optional(),
  decoration: z.enum(['underline', 'lineThrough', 'overline']).optional(),
  // Images (img, img.logo): the largest size they are drawn at, in points.
  maxWidth: positive.optional(),
  maxHeight: positive.optional(),
  // pdfmake reads these from styles too: a theme would put links of any scheme (file:, javascript:,
  // smb:) on every paragraph. Links come from the templates' <a href>, checked there.
  link: z.never().optional(),
  linkToPage: z.never().optional(),
  linkToDestination: z.never().optional(),
});
const box = z.strictObject({ ruleWidth: size, ruleColor: colour, padding: size, margin: margins, fillColor: colour.optional() });

/** What one layout changes (`brief`, `report`): any shared key but these two, the page's fields each optional. */
const layoutTheme = z.strictObject({
  $comment: z.string().optional(),
  page: z.strictObject({ size: pageSize.optional(), margins: margins.optional() }).optional(),
  baseFontSize: positive.optional(),
  lineHeight: positive.optional(),
  colors: z.record(z.string(), colour).optional(),
  header: z.strictObject({ fontSize: positive, color: colour }).optional(),
  footer: z.strictObject({ fontSize: positive, color: colour }).optional(),
  styles: z.record(z.string(), style).optional(),
  blockquote: z.strictObject({ ruleWidth: size, ruleColor: colour, padding: size, margin: margins, fillColor: colour.optional() }).optional(),
  table: z.strictObject({ margin: margins, cellPadding: size, borderColor: colour }).optional(),
  list: z.strictObject({ bullet: z.string(), gap: size }).optional(),
  keepWithNext: z.strictObject({ elements: z.array(z.string()), lines: z.number().int().nonnegative() }).optional(),
});

export const pdfThemeSchema: z.ZodType<PdfTheme> = z.strictObject({
  $comment: z.string().optional(),
  page: z.strictObject({
    size: pageSize,
    margins,
  }),
  baseFontSize: positive,
  lineHeight: positive,
  colors: z.record(z.string(), colour),
  header: z.strictObject({ fontSize: positive, color: colour }),
  footer: z.strictObject({ fontSize: positive, color: colour }),
  styles: z.record(z.string(), style),
  boxes: z.record(z.string(), box).optional(),
  marking: z.strictObject({ fontSize: positive, color: colour, bold: z.boolean().optional() }).optional(),
  blockquote: box,
  table: z.strictObject({
    margin: margins,
    cellPadding: size,
    borderColor: colour,
    widths: z.record(z.string(), z.array(z.union([positive, z.literal('*'), z.literal('auto')])).min(1)).optional(),
  }),
  list: z.strictObject({ bullet: z.string(), gap: size }),
  keepWithNext: z.strictObject({ elements: z.array(z.string()), lines: z.number().int().nonnegative() }).optional(),
  brief: layoutTheme.optional(),
  report: layoutTheme.optional(),
  ltr: layoutTheme.optional(),
}) as unknown as z.ZodType<PdfTheme>;

/**
 * Reads and checks `DIR/pdf-theme.json`. `shownAs` is the name messages give the file (the user's
 * override rather than a temporary merged copy). Any problem is a BriefingError whose diagnostics
 * name the theme file, line and column, and field path.
 */
export async function loadTheme(templatesDir: string, shownAs = join(templatesDir, 'pdf-theme.json')): Promise<PdfTheme> {
  return parseTheme(await readFile(join(templatesDir, 'pdf-theme.json'), 'utf8'), shownAs);
}

export function parseTheme(source: string, file: string): PdfTheme {
  const errors: ParseError[] = [];
  const data: unknown = parseJson(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw new BriefingError([{ file, ...lineColumn(source, first.offset), message: `JSON syntax error: ${printParseErrorCode(first.error)}`, fatal: true }]);
  const result = pdfThemeSchema.safeParse(data);
  if (result.success) return result.data;
  const tree = parseTree(source);
  const diagnostics = result.error.issues.flatMap((issue) => describe(issue, data, tree, source, file));
  throw new BriefingError(diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
}

type Key = string | number;

function describe(issue: z.core.$ZodIssue, data: unknown, tree: JsonNode | undefined, source: string, file: string): Diagnostic[] {
  const path = issue.path.filter((p): p is Key => typeof p !== 'symbol');
  const at = (p: Key[], key?: string): Omit<Diagnostic, 'message'> => ({
    file,
    ...place(tree, p, key, source),
    path: [...p, ...(key === undefined ? [] : [key])].join('.') || undefined,
    fatal: true,
  });
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ ...at(path, key), message: 'unknown field (check its spelling; see README "Theme keys")' }));
  const value = valueAt(data, path);
  if (issue.code === 'invalid_type' && issue.expected === 'never') return [{ ...at(path), message: 'a theme cannot add links (links come from the templates: http(s), mailto or a #place)' }];
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' || issue.expected === 'tuple' ? 'a list' : issue.expected === 'object' ? 'an object of fields' : `a ${issue.expected}`;
    return [{ ...at(path), message: value === missing ? `is required (${expected})` : `must be ${expected}, not ${kindOf(value)}` }];
  }
  if (issue.code === 'invalid_value') return [{ ...at(path), message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
  if (issue.code === 'invalid_union' && path.includes('widths')) return [{ ...at(path), message: 'must be a width in points, "*" or "auto"' }];
  if (issue.code === 'invalid_union' && path.at(-1) === 'margin') return [{ ...at(path), message: 'must be a number or a list of 2 or 4 numbers' }];
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'array') return [{ ...at(path), message: 'must be a list of 4 numbers (left, top, right, bottom)' }];
  return [{ ...at(path), message: issue.message }];
}

const missing = Symbol('missing');

function valueAt(data: unknown, path: Key[]): unknown {
  let value = data;
  for (const step of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return missing;
    value = (value as Record<Key, unknown>)[step];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Line and column of the value at `path` (of its key `key`), else of the nearest part of the path that exists. */
function place(tree: JsonNode | undefined, path: Key[], key: string | undefined, source: string): { line?: number; column?: number } {
  if (!tree) return {};
  let node: JsonNode = tree;
  for (let n = path.length; n >= 0; n--) {
    const found = findNodeAtLocation(tree, path.slice(0, n));
    if (found) {
      node = found;
      break;
    }
  }
  if (key !== undefined && node.type === 'object') {
    const property = node.children?.find((p) => p.children?.[0]?.value === key);
    if (property?.children?.[0]) node = property.children[0];
  }
  return lineColumn(source, node.offset);
}

function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
