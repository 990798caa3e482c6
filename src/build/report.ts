import { createHash } from 'node:crypto';
import type { Diagnostic } from '../model/diagnostic.js';
import { z } from 'zod';
import { FORMATS, type Format } from './formats.js';

/** What a batch build records for CI (`briefing build --report FILE.json`). */
export interface BuildReport {
  tool: { name: 'briefing'; version: string };
  /** SOURCE_DATE_EPOCH the build ran with, if any. The report holds no clock time, so it is reproducible too. */
  sourceDateEpoch: number | null;
  /** Set by `build --shard i/n`: this report covers that share of the files only. */
  shard?: { index: number; count: number };
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
 * One report from the reports of several shards of a batch (`briefing merge-reports`): their files,
 * sorted by path as a batch of sorted files (`data/*.yaml`, the default) reports them. Refuses
 * reports of different versions or SOURCE_DATE_EPOCHs, a file reported twice, and a set of shards
 * with one missing or repeated, with a message naming the problem.
 */
export function mergeReports(reports: { name: string; report: unknown }[]): BuildReport {
  if (reports.length === 0) throw new Error('no reports to merge');
  const checked = reports.map(({ name, report }) => ({ name, report: checkReport(name, report) }));
  return mergeChecked(checked);
}

/** The largest shard count a report may name: GitHub's matrix allows 256 jobs. */
const MAX_SHARDS = 1000;

const diagnosticShape = z.object({ file: z.string(), line: z.number().optional(), column: z.number().optional(), path: z.string().optional(), message: z.string(), frame: z.string().optional(), hint: z.string().optional(), fatal: z.boolean(), rule: z.string().optional() });
/** What `build --report` writes; a report that does not have this shape was not written by it. */
const reportShape = z.object({
  tool: z.object({ name: z.literal('briefing'), version: z.string() }),
  sourceDateEpoch: z.number().int().nonnegative().nullable(),
  shard: z
    .object({ index: z.number().int().min(1), count: z.number().int().min(1).max(MAX_SHARDS) })
    .refine((s) => s.index <= s.count, 'the shard index is larger than the count')
    .optional(),
  built: z.array(z.object({
    file: z.string(),
    id: z.string(),
    artifacts: z.array(z.object({
      format: z.enum(FORMATS),
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      pages: z.number().int().positive().optional(),
    })),
    warnings: z.array(diagnosticShape),
  })),
  failed: z.array(z.object({ file: z.string(), diagnostics: z.array(diagnosticShape) })),
});

/** A report as `build --report` writes it, or one line saying where it is not. */
export function checkReport(name: string, report: unknown): BuildReport {
  const parsed = reportShape.safeParse(report);
  if (parsed.success) return parsed.data as BuildReport;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return fail(`${name}: not a briefing build report (${where}${issue.message})`);
}

function fail(message: string): never {
  throw new Error(message);
}

function mergeChecked(reports: { name: string; report: BuildReport }[]): BuildReport {
  const [first] = reports;
  const seen = new Map<string, string>();
  for (const { name, report } of reports) {
    if (report.tool.version !== first!.report.tool.version) throw new Error(`${name}: built by briefing ${report.tool.version}, ${first!.name} by ${first!.report.tool.version}`);
    if (report.sourceDateEpoch !== first!.report.sourceDateEpoch) {
      throw new Error(`${name}: SOURCE_DATE_EPOCH ${report.sourceDateEpoch} differs from ${first!.name}'s ${first!.report.sourceDateEpoch}`);
    }
    for (const { file } of [...report.built, ...report.failed]) {
      if (seen.has(file)) throw new Error(`${name}: ${file} is reported by ${seen.get(file)} too`);
      seen.set(file, name);
    }
  }
  checkShards(reports);
  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    tool: first!.report.tool,
    sourceDateEpoch: first!.report.sourceDateEpoch,
    built: reports.flatMap((r) => r.report.built).sort(byFile),
    failed: reports.flatMap((r) => r.report.failed).sort(byFile),
  };
}

/** Shard reports must be 1/n … n/n, each once; reports without a shard merge freely. */
function checkShards(reports: { name: string; report: BuildReport }[]): void {
  const sharded = reports.filter((r) => r.report.shard);
  if (sharded.length === 0) return;
  const count = sharded[0]!.report.shard!.count;
  const have = new Map<number, string>();
  for (const { name, report } of sharded) {
    if (report.shard!.count !== count) throw new Error(`${name}: shard ${report.shard!.index}/${report.shard!.count} is not one of ${count}`);
    if (have.has(report.shard!.index)) throw new Error(`${name}: shard ${report.shard!.index}/${count} is in ${have.get(report.shard!.index)} too`);
    have.set(report.shard!.index, name);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !have.has(i));
  if (missing.length > 0) {
    const listed = missing.slice(0, 10).map((i) => `${i}/${count}`).join(', ');
    throw new Error(`shard ${listed}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''} missing: merge the reports of every shard`);
  }
}
