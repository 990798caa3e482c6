// `briefing merge-reports`: the reports of a matrix's shards as one.
import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { Run } from './run.js';
import { printable } from '../model/strings.js';
import type { BuildReport } from '../build/report.js';
import { EXIT } from './errors.js';
import { GLOBAL_OPTIONS } from './options.js';
import { isQuiet } from './output.js';

export function mergeReportsCommand(y: Argv, run: Run) {
  return y.command(
    'merge-reports <reports..>',
    'Merge the --report files of several shards (build --shard i/n) into one report of the whole batch',
    (y) =>
      y
        .positional('reports', { type: 'string', array: true, demandOption: true, default: undefined, describe: 'report files, one per shard' })
        .option('out', { alias: 'o', type: 'string', describe: 'write the merged report here (default: standard output)' })
        .example('$0 merge-reports r1.json r2.json r3.json --out report.json', 'one report for the three shards of a matrix')
        .group(['out'], 'Options:')
        .group(GLOBAL_OPTIONS, 'Global options:'),
    async (args) => {
      run.exit(await mergeReports(args.reports, args.out));
    },
  );
}

/** `merge-reports`: the shards' reports as one, written atomically (or to standard output). */
async function mergeReports(files: string[], out: string | undefined): Promise<number> {
  const { mergeReports: merge } = await import('../build/report.js');
  const reports: { name: string; report: unknown }[] = [];
  let merged: BuildReport;
  try {
    for (const name of files) {
      // A report lists one entry per file: megabytes at most. Anything else is not a report (nor a FIFO read forever).
      const info = statSync(name, { throwIfNoEntry: false });
      if (info && !info.isFile()) throw new Error(`${name}: not a file`);
      if (info && info.size > 64 * 1024 * 1024) throw new Error(`${name}: ${Math.round(info.size / 1024 / 1024)} MB is too large for a build report`);
      const text = await readFile(name, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new Error(`${name}: cannot read it (${err.code ?? err.message})`);
      });
      try {
        reports.push({ name, report: JSON.parse(text) as unknown });
      } catch {
        throw new Error(`${name}: not JSON`);
      }
    }
    merged = merge(reports);
  } catch (err) {
    // A forged report's fields reach the terminal only as printable text (no ESC or BEL).
    process.stderr.write(`briefing: ${printable((err as Error).message)}\n`);
    return EXIT.failed;
  }
  const json = `${JSON.stringify(merged, null, 2)}\n`;
  if (out === undefined) process.stdout.write(json);
  else {
    const { publishAll } = await import('../io/publish.js');
    await publishAll([{ path: out, bytes: json }]);
    if (!isQuiet()) process.stderr.write(`wrote ${out}: ${merged.built.length} built, ${merged.failed.length} failed\n`);
  }
  return EXIT.ok;
}
