// The command line: parses arguments, reports progress and errors, and calls the library.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { BriefingError, formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { printable } from '../model/strings.js';
import { packageRoot } from '../io/paths.js';
import { DEFAULT_FORMATS, FORMATS, type Format } from '../build/formats.js';
import { removeTemporaryFiles } from '../io/publish.js';
import { outDirProblem } from '../io/out-dir.js';
import { summarizeOrthography } from '../orthography/summary.js';
import type { BuildOptions } from '../build/build.js';
import type { LoadedBriefing } from '../model/load.js';
import type { BuildReport } from '../build/report.js';
import type { Shard } from '../build/shard.js';
import type { WriterPool } from '../build/writer-pool.js';
import type { Argv } from 'yargs';

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function main(argv: string[]): Promise<number> {
  const version = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')).version as string;
  const plain = plainBuildArgs(argv);
  if (plain) return buildCommand(plain, version);
  const { default: yargs } = await import('yargs');
  let exitCode: number = EXIT.ok;
  const cli = yargs(argv)
    // Files after `--` (a name starting with "-") are files: handlers add them (withFilesAfterDashes).
    .parserConfiguration({ 'populate--': true })
    .scriptName('briefing')
    .usage('$0 <command> [options]\n\nTurns a briefing written in YAML or JSON into a right-to-left PDF, an EPUB 3 and an HTML page.')
    // The commands in the order an analyst uses them.
    .command(
      'init <id>',
      'Start a new briefing: writes data/<id>.yaml with every field commented, next to its JSON Schema',
      (y) =>
        y
          .positional('id', { type: 'string', demandOption: true, describe: 'slug that names the briefing and its outputs' })
          .option('dir', { type: 'string', default: 'data', describe: 'folder for the new file' })
          .option('force', { type: 'boolean', describe: 'replace the file if it exists' })
          .example('$0 init nato-summit-2025', 'write data/nato-summit-2025.yaml, ready to fill in')
          .example('$0 init nato-summit-2025 --dir briefings --force', 'start it again in briefings/, replacing the earlier file')
          .group(['dir', 'force'], 'Options:')
          .group(GLOBAL_OPTIONS, 'Global options:'),
      async (args) => {
        const { initBriefing } = await import('./init.js');
        try {
          const file = await initBriefing(args.id, args.dir, new Date(), { force: args.force === true });
          say(`wrote ${file}`);
          say(`edit it, then: npx briefing watch ${file}   (live preview)   or: npx briefing build ${file}`);
        } catch (err) {
          reportError(err, args.id);
          exitCode = EXIT.failed;
        }
      },
    )
    .command(
      'validate [files..]',
      'Check briefing data files and list every problem found, one line each, and every orthography warning',
      (y) =>
        y
          // No default: yargs would show "[default: []]" for a list.
          .positional('files', { type: 'string', array: true, default: undefined, describe: 'briefing files (.yaml, .yml, .json); at least one' })
          .option('strict', { type: 'boolean', describe: 'exit 1 when there are warnings too (orthography: see briefing fix)' })
          .example('$0 validate data/nato-summit-2025.yaml', 'ok, or each problem as file:line:col: field: message')
          .example('$0 validate data/*.yaml --quiet', 'print the problems only (exit 1 if there are any)')
          .example('$0 validate --strict data/*.yaml', 'in CI: orthography warnings fail too')
          .group(['strict'], 'Options:')
          .group(GLOBAL_OPTIONS, 'Global options:'),
      async (args) => {
        const files = withFilesAfterDashes(args.files, args);
        if (files.length === 0) throw new UsageError('name the briefing files to check (briefing validate data/x.yaml)');
        exitCode = await validate(files, args.strict === true);
      },
    )
    .command(
      'fix <files..>',
      'Correct in place the Persian orthography validate warns about (a ZWNJ for the space in می شود, دولت ها; ی and ک for Arabic ي and ك; digits; spaces before punctuation), keeping comments and quoting. E.g. briefing fix data/x.yaml; in CI: briefing fix --check data/*.yaml',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, default: undefined, describe: 'briefing files (.yaml, .yml, .json)' })
          .option('check', { type: 'boolean', describe: 'write nothing; list what would change and exit 1 if anything would (for CI)' })
          .option('dry-run', { type: 'boolean', describe: 'write nothing; list each correction (file:line:col: field: «before» → «after»)' })
          .example('$0 fix data/mcis-2023.yaml', 'correct the file in place')
          .example('$0 fix --check data/*.yaml', 'in CI: fail when a file needs corrections')
          .group(['check', 'dry-run'], 'Options:')
          .group(GLOBAL_OPTIONS, 'Global options:'),
      async (args) => {
        const { fixFiles } = await import('../orthography/fix-files.js');
        const mode = args.check ? 'check' : args['dry-run'] ? 'dry-run' : 'write';
        const print = { out: say, err: (line: string) => process.stderr.write(`${line}\n`) };
        exitCode = await fixFiles(withFilesAfterDashes(args.files, args), mode, print);
      },
    )
    .command(
      'watch [files..]',
      'Rebuild on every save and serve a live HTML preview on 127.0.0.1',
      (y) =>
        outputOptions(y)
          .option('port', { alias: 'p', type: 'number', default: 4173, describe: 'preview port on 127.0.0.1 (0: any free port)' })
          .option('open', { type: 'boolean', describe: 'open the preview in the default browser' })
          .example('$0 watch data/nato-summit-2025.yaml --open', 'build it, then rebuild and reload the preview on every save')
          .example('$0 watch data/a.yaml data/b.yaml --port 8080', 'two briefings: http://127.0.0.1:8080/<id>.html')
          .group(['out', 'format', 'templates', 'port', 'open'], 'Options:')
          .group(GLOBAL_OPTIONS, 'Global options:'),
      async (args) => {
        const formats = parseFormats(args.format);
        const named = withFilesAfterDashes(args.files, args);
        const files = named.length ? named : await defaultDataFiles();
        if (files.length === 0) throw new UsageError('no briefing files given and none found in data/');
        const epoch = sourceDateEpoch();
        checkOutDir(args.out);
        const { watch, PortError } = await import('../watch/index.js');
        const watcher = await watch({
          files,
          outDir: args.out,
          formats,
          templatesDir: args.templates,
          port: args.port,
          sourceDateEpoch: epoch,
          verbose,
          report: (line, isError) => (isError ? process.stderr.write(`${line}\n`) : say(line)),
        }).catch((err: unknown) => {
          throw err instanceof PortError ? new SetupError(err.message) : err;
        });
        // The address is what the command is for: printed even with --quiet.
        process.stdout.write(`preview: ${watcher.url}  (Ctrl-C to stop)\n`);
        if (args.open) openInBrowser(watcher.url);
        // Stopped by Ctrl-C or SIGTERM: exit 130 or 143, as an interrupted build does.
        exitCode = await new Promise<number>((done) => {
          process.once('SIGINT', () => void watcher.close().then(() => done(130)));
          process.once('SIGTERM', () => void watcher.close().then(() => done(143)));
        });
      },
    )
    .command(
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
        exitCode = await buildCommand({ ...args, files: withFilesAfterDashes(args.files, args) }, version);
      },
    )
    .command(
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
        exitCode = await mergeReportsCommand(args.reports, args.out);
      },
    )
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only errors and warnings (and the preview address of watch)' })
    .option('verbose', { type: 'boolean', describe: 'say more: the settings of a build, each output\'s sha256 and time' })
    .conflicts('quiet', 'verbose')
    .middleware((a) => {
      quiet = a.quiet === true;
      verbose = a.verbose === true;
    })
    .option('debug', { type: 'boolean', describe: 'print stack traces of unexpected errors' })
    .example('$0 init nato-summit-2025', 'start a briefing')
    .example('$0 watch data/nato-summit-2025.yaml --open', 'write it with a live preview')
    .example('$0 build data/nato-summit-2025.yaml', 'the final PDF and EPUB in out/')
    .epilogue('Run "briefing <command> --help" for a command\'s options and examples. Exit codes: 0 done, 1 bad input or a failed build, 2 usage error, 130/143 interrupted.')
    .demandCommand(1, 'name a command: init, validate, fix, watch, build or merge-reports')
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      if (err) throw err;
      throw new UsageError(`${msg}\n\n${y.help() ? '' : ''}Run "briefing --help" for usage.`);
    });
  await cli.parseAsync();
  return exitCode;
}

/** The options `build` and `watch` share: which files, where to, which formats, which templates. */
function outputOptions<T>(y: Argv<T>) {
  return y
    .positional('files', { type: 'string', array: true, default: undefined, describe: 'briefing files (.yaml, .yml, .json; default: every briefing in data/)' })
    .option('out', { alias: 'o', type: 'string', default: 'out', describe: 'output folder' })
    .option('format', { alias: 'f', type: 'string', default: DEFAULT_FORMATS.join(','), describe: `comma-separated formats: ${FORMATS.join(', ')}` })
    .option('templates', { type: 'string', describe: 'folder with templates that override the built-in ones' });
}

/** In a command's help, after its own options (grouped so, they come first). */
const GLOBAL_OPTIONS = ['quiet', 'verbose', 'debug', 'help', 'version'];

/** The files named before and after `--` (yargs keeps those after it apart). */
function withFilesAfterDashes(files: readonly (string | number)[] | undefined, args: object): string[] {
  const after = (args as { '--'?: readonly (string | number)[] })['--'] ?? [];
  // A list positional with no default shown (`default: undefined`) comes as [undefined] when empty.
  return [...(files ?? []), ...after].filter((f) => f !== undefined && f !== null).map(String);
}

class UsageError extends Error {}
/** A problem with the command's environment, not its syntax: one line, exit 1. */
class SetupError extends Error {}

function checkOutDir(out: string): void {
  const problem = outDirProblem(out);
  if (problem) throw new SetupError(`--out ${out}: ${problem}`);
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

async function buildCommand(args: BuildArgs, version: string): Promise<number> {
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

const BUILD_OPTIONS: Record<string, 'out' | 'format' | 'templates' | 'report' | 'jobs' | 'shard'> = {
  '--out': 'out',
  '-o': 'out',
  '--format': 'format',
  '-f': 'format',
  '--templates': 'templates',
  '--report': 'report',
  '--jobs': 'jobs',
  '-j': 'jobs',
  '--shard': 'shard',
};

/** The switches the fast path reads (each at most once). */
const FLAGS: Record<string, 'debug' | 'quiet' | 'verbose'> = { '--debug': 'debug', '--quiet': 'quiet', '-q': 'quiet', '--verbose': 'verbose' };

/**
 * A plain `build` — files, each value option at most once as `--name value`, `--name=value` or
 * `-o value`, and `--debug`, `--quiet` or `--verbose` — is read here: yargs takes ~80 ms to load, a tenth of a small build.
 * Anything else (help, version, other commands, unknown, repeated or odd options) goes to yargs.
 */
function plainBuildArgs(argv: string[]): BuildArgs | undefined {
  if (argv[0] !== 'build') return undefined;
  const args: BuildArgs = { files: [], out: 'out', format: DEFAULT_FORMATS.join(',') };
  const seen = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      // Everything after `--` is a file, even a name that starts with "-".
      args.files!.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) {
      args.files!.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS[name];
    if (flag && eq < 0 && !seen.has(flag)) {
      seen.add(flag);
      if (flag === 'quiet') quiet = true;
      if (flag === 'verbose') verbose = true;
      continue;
    }
    const key = BUILD_OPTIONS[name];
    if (!key || seen.has(key)) return undefined;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    seen.add(key);
    args[key] = value;
  }
  // --quiet with --verbose is a usage error: yargs says so.
  if (seen.has('quiet') && seen.has('verbose')) return undefined;
  return args;
}

function parseFormats(given: string | string[]): Format[] {
  // `--format pdf --format epub` comes from yargs as a list.
  const value = [given].flat().join(',');
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !FORMATS.includes(n as Format));
  if (bad.length > 0 || names.length === 0) {
    throw new UsageError(`unknown format "${bad.join(',') || value}": choose from ${FORMATS.join(', ')}`);
  }
  return [...new Set(names)] as Format[];
}

async function defaultDataFiles(): Promise<string[]> {
  const dir = resolve('data');
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.(ya?ml|json)$/i.test(n) && !n.endsWith('.schema.json')).sort().map((n) => join('data', n));
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
  if (verbose) {
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
          if (verbose) say(`  sha256 ${a.sha256}`);
        }
        if (verbose) say(`  built in ${((performance.now() - (startedAt.get(file) ?? 0)) / 1000).toFixed(2)} s`);
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

/** `merge-reports`: the shards' reports as one, written atomically (or to standard output). */
async function mergeReportsCommand(files: string[], out: string | undefined): Promise<number> {
  const { mergeReports } = await import('../build/report.js');
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
    merged = mergeReports(reports);
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
    if (!quiet) process.stderr.write(`wrote ${out}: ${merged.built.length} built, ${merged.failed.length} failed\n`);
  }
  return EXIT.ok;
}

/** A status line that rewrites itself on a terminal; nothing at all when the output is a file or a pipe. */
function progressLine(stream: NodeJS.WriteStream): { show(text: string): void; clear(): void } {
  if (!stream.isTTY) return { show: () => {}, clear: () => {} };
  const width = Math.max(20, (stream.columns || 80) - 1);
  return {
    show: (text) => stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`),
    clear: () => stream.write('\r\x1b[K'),
  };
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

function diagnosticsOf(err: unknown, file: string): Diagnostic[] {
  if (err instanceof BriefingError) return err.diagnostics;
  return [{ file, message: (err instanceof Error ? err.message : String(err)).split('\n')[0]!, fatal: true }];
}

async function validate(files: string[], strict = false): Promise<number> {
  const [{ loadBriefingWithPlaces }, { orthographyWarnings }] = await Promise.all([import('../model/load.js'), import('../orthography/check.js')]);
  let failed = 0;
  for (const file of files) {
    try {
      const { briefing: b, data } = await loadBriefingWithPlaces(file);
      const warnings = orthographyWarnings(Buffer.from(data.bytes).toString('utf8'), file);
      printDiagnostics(warnings);
      if (strict && warnings.length > 0) failed++;
      const status = warnings.length === 0 ? 'ok' : `${strict ? 'failed' : 'ok'}, ${plural(warnings.length, 'warning')}${strict ? ' (--strict)' : ''}`;
      say(`${printable(file)}: ${status}${verbose ? ` (id ${b.id}, ${b.layout ?? 'layout chosen at build'}, ${plural(b.statements.length, 'statement')}, ${plural(b.participants.length, 'participant')})` : ''}`);
    } catch (err) {
      failed++;
      reportError(err, file);
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

/** 9999-12-31T23:59:59Z: PDF and EPUB dates have four-digit years. */
const LAST_EPOCH = 253_402_300_799;

function sourceDateEpoch(): number | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${raw}"`);
  if (raw.length > 12 || Number(raw) > LAST_EPOCH) throw new UsageError(`SOURCE_DATE_EPOCH ${raw} is after the year 9999, which PDF and EPUB dates cannot hold (at most ${LAST_EPOCH})`);
  return Number(raw);
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

function printDiagnostics(diagnostics: Diagnostic[]): void {
  // A code frame on lines of its own for a person at a terminal (or --verbose); two lines at most in logs and pipes.
  const style = process.stderr.isTTY || verbose ? 'full' : 'short';
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, style)}\n`);
}

function reportError(err: unknown, file: string): void {
  if (err instanceof BriefingError) {
    printDiagnostics(err.diagnostics);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${printable(`${file}: error: ${message.split('\n')[0]}`)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

/** A line of progress on standard output: none with --quiet. */
function say(line: string): void {
  if (!quiet) process.stdout.write(`${line}\n`);
}

/** `1 page`, `2 pages`. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Opens the preview in the default browser (xdg-open, open or start). A missing or failing opener
 * is a note, never the end of the watch: the address is printed either way.
 */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const note = (why: string) => process.stderr.write(`briefing: could not open a browser (${command}: ${why}); open ${url} yourself\n`);
  void import('node:child_process').then(({ spawn }) => {
    try {
      const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
      child.on('error', (err: NodeJS.ErrnoException) => note(err.code === 'ENOENT' ? 'not found' : (err.code ?? err.message)));
      child.on('exit', (code) => {
        if (code) note(`exit code ${code}`);
      });
      child.unref();
    } catch (err) {
      note((err as Error).message);
    }
  });
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`;
}

// What yargs' hideBin gives under Node: the arguments after `node` and the script.
const args = process.argv.slice(2);
const debug = args.includes('--debug');
// Set from the parsed options (yargs' middleware, or the fast path of a plain build).
let quiet = false;
let verbose = false;
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof SetupError) {
      process.stderr.write(`briefing: ${printable(err.message)}\n`);
      process.exitCode = EXIT.failed;
    } else if (err instanceof UsageError) {
      process.stderr.write(`briefing: ${err.message.split('\n').map(printable).join('\n')}\n`);
      process.exitCode = EXIT.usage;
    } else {
      reportError(err, 'briefing');
      process.exitCode = EXIT.failed;
    }
  },
);
