import { createHash } from 'node:crypto';
import type { Diagnostic } from './model/diagnostic.js';
import type { Format } from './formats.js';

/** What a batch build records for CI (`briefing build --report FILE.json`). */
export interface BuildReport {
  tool: { name: 'briefing'; version: string };
  /** SOURCE_DATE_EPOCH the build ran with, if any. The report holds no clock time, so it is reproducible too. */
  sourceDateEpoch: number | null;
  built: { file: string; id: string; artifacts: ReportedArtifact[]; warnings: Diagnostic[] }[];
  failed: { file: string; diagnostics: Diagnostic[] }[];
}

export interface ReportedArtifact {
  format: Format;
  path: string;
  bytes: number;
  sha256: string;
  /** Page count, for PDFs. */
  pages?: number;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The page count of a PDF from its page tree: the largest /Count of a /Type /Pages dictionary
 * (the root's). Our PDFs keep their object dictionaries uncompressed, so the bytes can be read as text.
 */
export function pdfPageCount(pdf: Buffer): number | undefined {
  const text = pdf.toString('latin1');
  let pages: number | undefined;
  for (const [, dict] of text.matchAll(/<<((?:(?!<<|>>)[\s\S])*?)>>/g)) {
    if (!/\/Type\s*\/Pages\b/.test(dict!)) continue;
    const count = Number(/\/Count\s+(\d+)/.exec(dict!)?.[1]);
    if (Number.isInteger(count) && (pages === undefined || count > pages)) pages = count;
  }
  return pages;
}
