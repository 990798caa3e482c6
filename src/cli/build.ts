// `briefing build`: the PDF, EPUB and HTML of each file, on a pool of writer threads, with a report.
import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Run } from './run.js';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import { printable } from '../model/strings.js';
import { DEFAULT_FORMATS, FORMATS } from '../build/formats.js';
import { removeTemporaryFiles } from '../io/publish.js';
import { outDirProblem } from '../io/out-dir.js';
import { summarizeOrthography } from '../orthography/summary.js';
import type { BuildOptions } from '../build/build.js';
import type { LoadedBriefing } from '../model/load.js';
import type { BuildReport } from '../build/report.js';
import type { Shard } from '../build/shard.js';
import type { WriterPool } from '../build/writer-pool.js';
import { EXIT, SetupError, UsageError } from './errors.js';
import { checkOutDir, defaultDataFiles, GLOBAL_OPTIONS, outputOptions, parseFormats, sourceDateEpoch, withFilesAfterDashes } from './options.js';
import { diagnosticsOf, formatBytes, isVerbose, plural, printDiagnostics, progressLine, reportError, say, setVerbosity } from './output.js';

export function buildCommand(y: Argv, run: Run) {
  return y.command(
    'build [files..]',
    'Build PDF and EPUB (and HTML) from briefing data files (default: every briefing in data/)',
    (y) =>
      outputOptions(y)
        .option('report', { type: 'string', describe: 'write a JSON report (artifacts with bytes, sha256, pages; failures) to this file' })
        .option('jobs', { alias: 'j', type: 'number', describe: 'writer threads (default: one a core; 0: none)' })
        .option('shard', { type: 'string', describe: 'build only share i of n of the files (i/n), for a CI matrix; see merge-reports' })
        .example('$0 build data/nato-summit-2025.yaml', 'write out/nato-summit-2025.pdf and out/nato-summit-2025.epub')
        .example('$0 build --format pdf,epub,html --out public', 'every briefing in data/, with a web page each, into public/')
        .example('SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) $0 build --report out/report.json', 'reproducible outputs dated by the last commit, and a report with their sha256')
        .example('$0 build data/*.yaml --shard 2/3 --report r2.json', 'the second of three CI jobs; join the reports with merge-reports')
        .group(['out', 'format', 'templates', 'report', 'jobs', 'shard'], 'Options:')
        .group(GLOBAL_OPTIONS, 'Global options:'),
    async (args) => {
      run.exit(await runBuild({ ...args, files: withFilesAfterDashes(args.files, args) }, run.version));
    },
  );
}

/** The options of `build` as yargs gives them. */
interface BuildArgs {
  files?: string[];
  out: string;
  format: string | string[];
  templates?: string;
  report?: string;
  /** A string as typed on the fast path, a number (or NaN) from yargs. */
  jobs?: string | number;
  shard?: string;
}

/**
 * A plain `build` (files and build options, each at most once, and --debug, --quiet or --verbose) is
 * read with Node's own parser: yargs takes ~80 ms to load, a tenth of a small build. Anything else
 * (help, version, other commands, unknown, repeated or empty options, a value that starts with "-")
 * goes to yargs, which explains it.
 */
export function plainBuildArgs(argv: string[]): BuildArgs | undefined {
  if (argv[0] !== 'build') return undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        templates: { type: 'string' },
        report: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        shard: { type: 'string' },
        debug: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean' },
      },
    });
  } catch {
    return undefined;
  }
  const named = parsed.tokens.filter((t) => t.kind === 'option');
  if (new Set(named.map((t) => t.name)).size !== named.length) return undefined;
  // A short option with its value attached (`-o=dir`, `-odir`): parseArgs keeps the "=" in the
  // value, yargs drops it. yargs reads those.
  if (named.some((t) => t.kind === 'option' && !t.rawName.startsWith('--') && t.inlineValue)) return undefined;
  if (named.some((t) => t.kind === 'option' && t.value !== undefined && (t.value === '' || t.value.startsWith('-')))) return undefined;
  const { values } = parsed;
  // --quiet with --verbose is a usage error: yargs says so.
  if (values.quiet && values.verbose) return undefined;
  setVerbosity(values.quiet === true, values.verbose === true);
  return {
    files: parsed.positionals,
    out: values.out ?? 'out',
    format: values.format ?? DEFAULT_FORMATS.join(','),
    templates: values.templates,
    report: values.report,
    jobs: values.jobs,
    shard: values.shard,
  };
}

export async function runBuild(args: BuildArgs, version: string): Promise<number> {
  const formats = parseFormats(args.format);
  const all = args.files?.length ? args.files : await defaultDataFiles();
  if (all.length === 0) throw new UsageError('no briefing files given and none found in data/');
  const asked = args.jobs === undefined ? undefined : Number(args.jobs);
  if (asked !== undefined && !(Number.isInteger(asked) && asked >= 0)) {
    throw new UsageError(`--jobs must be a whole number, 0 or more, not ${Number.isNaN(args.jobs) ? 'a number' : `"${args.jobs}"`}`);
  }
  // At most one thread per core (poolFor).
  const jobs = asked;
  const { parseShard, selectShard } = await import('../build/shard.js');
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  if (args.shard !== undefined && !shard) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/3), not "${args.shard}"`);
  const files = shard ? selectShard(all, shard) : all;
  const epoch = sourceDateEpoch();
  checkOutDir(args.out);
  if (args.report) checkReportFile(args.report, all);
  removeTemporaryFilesOnSignal();
  return build(files, { outDir: args.out, formats, templatesDir: args.templates, sourceDateEpoch: epoch }, { reportFile: args.report, version, jobs, shard });
}

async function build(files: string[], options: BuildOptions, run: { reportFile?: string; version: string; jobs?: number; shard?: Shard }): Promise<number> {
  // The writer threads start first, so they load pdfmake and the EPUB libraries while this thread
  // loads the rest of the code and the briefings (writer-pool.js itself loads next to nothing).
  const { poolFor } = await import('../build/writer-pool.js');
  // --jobs 0: every output on this thread. Not the default, even for one small briefing: the threads'
  // overlap wins back their start-up in wall time, though they cost more CPU and memory
  // (bench/INLINE.md); --jobs 0 is for when those matter more.
  const pool = poolFor(files.length, options.formats, run.jobs || undefined, { inline: run.jobs === 0 });
  try {
    return await buildOnPool(files, options, run, pool);
  } finally {
    await pool.close();
  }
}

async function buildOnPool(files: string[], options: BuildOptions, run: { reportFile?: string; version: string; jobs?: number; shard?: Shard }, pool: WriterPool): Promise<number> {
  const [{ buildFile, buildLoaded }, { buildFiles }] = await Promise.all([import('../build/build.js'), import('../build/batch.js')]);
  const progress = progressLine(process.stderr);
  const report: BuildReport = {
    tool: { name: 'briefing', version: run.version },
    sourceDateEpoch: options.sourceDateEpoch ?? null,
    ...(run.shard ? { shard: run.shard } : {}),
    built: [],
    failed: [],
  };
  if (run.shard && files.length === 0) say(`shard ${run.shard.index}/${run.shard.count}: no files`);
  // A file named twice is built once.
  files = files.filter((f, i) => files.findIndex((g) => resolve(g) === resolve(f)) === i);
  const loaded = files.length > 1 ? await loadAndCheckIds(files, options) : new Map<string, Loaded>();
  let started = 0;
  if (isVerbose()) {
    const dates = options.sourceDateEpoch !== undefined ? `SOURCE_DATE_EPOCH=${options.sourceDateEpoch} (${new Date(options.sourceDateEpoch * 1000).toISOString()})` : "each briefing's own date";
    say(`building ${plural(files.length, 'file')} into ${printable(options.outDir)} (${(options.formats ?? []).join(', ')}) on ${pool.onThreads ? plural(pool.size, 'writer thread') : 'the main thread'}; dates: ${dates}`);
  }
  const startedAt = new Map<string, number>();
  // Several files build at once; each one's lines are printed in the order of `files` all the same.
  await buildFiles(files, options, {
    pool,
    build: async (file, workers) => {
      const pre = loaded.get(file);
      if (pre && 'clash' in pre) throw new BriefingError([pre.clash]);
      if (!pre) return buildFile(file, options, workers);
      // Built from what was loaded, with its images and its data file as read: the same bytes as a one-file build.
      return buildLoaded(file, pre, options, workers);
    },
    onStart: (file) => {
      startedAt.set(file, performance.now());
      progress.show(`[${++started}/${files.length}] building ${printable(file)} …`);
    },
    onDone: ({ file, result, error }) => {
      progress.clear();
      if (result) {
        printDiagnostics(summarizeOrthography(file, result.warnings));
        for (const a of result.artifacts) {
          say(`${printable(file)} → ${printable(a.path)} (${formatBytes(a.bytes)}${a.pages ? `, ${plural(a.pages, 'page')}` : ''})`);
          if (isVerbose()) say(`  sha256 ${a.sha256}`);
        }
        if (isVerbose()) say(`  built in ${((performance.now() - (startedAt.get(file) ?? 0)) / 1000).toFixed(2)} s`);
        report.built.push({ file, id: result.id, artifacts: result.artifacts, warnings: result.warnings });
      } else {
        reportError(error, file);
        report.failed.push({ file, diagnostics: diagnosticsOf(error, file) });
      }
    },
  });
  const failed = report.failed.length;
  if (files.length > 1 || failed > 0 || run.shard) {
    const names = failed > 0 ? `: ${report.failed.map((f) => printable(f.file)).join(', ')}` : '';
    say(`${report.built.length} built, ${failed} failed${names}`);
  }
  if (run.reportFile) {
    const { publishAll } = await import('../io/publish.js');
    await publishAll([{ path: run.reportFile, bytes: `${JSON.stringify(report, null, 2)}\n` }]);
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

type Loaded = LoadedBriefing | { clash: Diagnostic };

/**
 * Loads every file of a batch before any is built: two files with one id would write the same
 * outputs (the second silently replacing the first), so both are refused and neither is built.
 * A file that does not load is left out here and fails with its own message when its turn comes.
 */
async function loadAndCheckIds(files: string[], options: BuildOptions): Promise<Map<string, Loaded>> {
  const { loadBriefingWithPlaces } = await import('../model/load.js');
  const loaded = new Map<string, Loaded>();
  const byId = new Map<string, string[]>();
  for (const file of files) {
    try {
      const b = await loadBriefingWithPlaces(file);
      loaded.set(file, b);
      byId.set(b.briefing.id, [...(byId.get(b.briefing.id) ?? []), file]);
    } catch {
      // Reported when the file is built.
    }
  }
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    for (const file of same) {
      const { placeOf } = loaded.get(file) as LoadedBriefing;
      const others = same.filter((f) => f !== file).join(', ');
      const message = `"${id}" is also the id of ${others}: both would write ${join(options.outDir, id)}.*, so neither was built (give each briefing its own id)`;
      loaded.set(file, { clash: { ...placeOf(['id']), message, fatal: true } });
    }
  }
  return loaded;
}

/** The report is written after the builds: a path it cannot take is found before them. */
function checkReportFile(report: string, inputs: readonly string[]): void {
  // It must not replace what it reports on: a briefing being built, or an output (a .pdf, .epub or .html).
  if (inputs.some((f) => sameFile(f, report))) throw new UsageError(`--report ${report}: is one of the briefings being built; name a new file such as out/report.json`);
  const ext = extname(report).toLowerCase();
  if (FORMATS.some((f) => `.${f}` === ext)) throw new UsageError(`--report ${report}: a ${ext} name is where outputs go; the report is JSON (e.g. out/report.json)`);
  let isFolder = false;
  try {
    isFolder = statSync(report).isDirectory();
  } catch {
    // Missing (it will be made) or unreachable (outDirProblem says why).
  }
  if (isFolder) throw new SetupError(`--report ${report}: is a folder, not a file`);
  const folder = dirname(resolve(report));
  const problem = outDirProblem(folder);
  if (problem) throw new SetupError(`--report ${report}: ${problem === 'is a file, not a folder' ? `${folder} ${problem}` : problem}`);
}

/** Two names of one file (the same path, or links to it), or of one file not yet made. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP remove the temporary files of the output being written and exit
 * 128 + the signal number; outputs already in place, finished earlier, stay as they are.
 */
function removeTemporaryFilesOnSignal(): void {
  const signals: [NodeJS.Signals, number][] = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [signal, code] of signals) {
    process.once(signal, () => {
      removeTemporaryFiles();
      process.stderr.write(`\nbriefing: interrupted by ${signal}; the unfinished output was not written\n`);
      process.exit(code);
    });
  }
}
