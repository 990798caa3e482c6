// Options and arguments several commands share, and their checks.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_FORMATS, FORMATS, type Format } from '../build/formats.js';
import { outDirProblem } from '../io/out-dir.js';
import { SetupError, UsageError } from './errors.js';

/** The options `build` and `watch` share: which files, where to, which formats, which templates. */
export function outputOptions<T>(y: Argv<T>) {
  return y
    .positional('files', { type: 'string', array: true, default: undefined, describe: 'briefing files (.yaml, .yml, .json; default: every briefing in data/)' })
    .option('out', { alias: 'o', type: 'string', default: 'out', describe: 'output folder' })
    .option('format', { alias: 'f', type: 'string', default: DEFAULT_FORMATS.join(','), describe: `comma-separated formats: ${FORMATS.join(', ')}` })
    .option('templates', { type: 'string', describe: 'folder with templates that override the built-in ones' });
}

/** In a command's help, after its own options (grouped so, they come first). */
export const GLOBAL_OPTIONS = ['quiet', 'verbose', 'debug', 'help', 'version'];

/** The files named before and after `--` (yargs keeps those after it apart). */
export function withFilesAfterDashes(files: readonly (string | number)[] | undefined, args: object): string[] {
  const after = (args as { '--'?: readonly (string | number)[] })['--'] ?? [];
  // A list positional with no default shown (`default: undefined`) comes as [undefined] when empty.
  return [...(files ?? []), ...after].filter((f) => f !== undefined && f !== null).map(String);
}

export function checkOutDir(out: string): void {
  const problem = outDirProblem(out);
  if (problem) throw new SetupError(`--out ${out}: ${problem}`);
}

export function parseFormats(given: string | string[]): Format[] {
  // `--format pdf --format epub` comes from yargs as a list.
  const value = [given].flat().join(',');
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !FORMATS.includes(n as Format));
  if (bad.length > 0 || names.length === 0) {
    throw new UsageError(`unknown format "${bad.join(',') || value}": choose from ${FORMATS.join(', ')}`);
  }
  return [...new Set(names)] as Format[];
}

export async function defaultDataFiles(): Promise<string[]> {
  const dir = resolve('data');
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.(ya?ml|json)$/i.test(n) && !n.endsWith('.schema.json')).sort().map((n) => join('data', n));
}

/** 9999-12-31T23:59:59Z: PDF and EPUB dates have four-digit years. */
const LAST_EPOCH = 253_402_300_799;

export function sourceDateEpoch(): number | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${raw}"`);
  if (raw.length > 12 || Number(raw) > LAST_EPOCH) throw new UsageError(`SOURCE_DATE_EPOCH ${raw} is after the year 9999, which PDF and EPUB dates cannot hold (at most ${LAST_EPOCH})`);
  return Number(raw);
}
