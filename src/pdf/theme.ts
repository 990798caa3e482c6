import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeepWithNext } from './keep-with-next.js';

export type Margins = [number, number, number, number];

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
  table: { margin: Margins; cellPadding: number; borderColor: string };
  list: { bullet: string; gap: number };
  /** Elements kept on the page of the block after them (optional; default: h1-h3, 2 lines). */
  keepWithNext?: KeepWithNext;
}

export async function loadTheme(templatesDir: string): Promise<PdfTheme> {
  const file = join(templatesDir, 'pdf-theme.json');
  return JSON.parse(await readFile(file, 'utf8')) as PdfTheme;
}
