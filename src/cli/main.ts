// The command line: reads the arguments, runs one command (each in a file of its own here), and
// turns what happened into an exit code. Nothing below cli/ prints or exits.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { printable } from '../model/strings.js';
import { packageRoot } from '../io/paths.js';
import { buildCommand, plainBuildArgs, runBuild } from './build.js';
import { EXIT, SetupError, UsageError } from './errors.js';
import { fixCommand } from './fix.js';
import { initCommand } from './init.js';
import { mergeReportsCommand } from './merge-reports.js';
import { reportError, setVerbosity } from './output.js';
import type { Run } from './run.js';
import { validateCommand } from './validate.js';
import { watchCommand } from './watch.js';

async function main(argv: string[]): Promise<number> {
  const version = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')).version as string;
  const plain = plainBuildArgs(argv);
  if (plain) return runBuild(plain, version);
  const { default: yargs } = await import('yargs');
  let exitCode: number = EXIT.ok;
  const run: Run = { version, exit: (code) => (exitCode = code) };
  let cli = yargs(argv)
    // Files after `--` (a name starting with "-") are files: handlers add them (withFilesAfterDashes).
    .parserConfiguration({ 'populate--': true })
    .scriptName('briefing')
    // Messages in English whatever LANG says, as the rest of the command's output is (and as the
    // bundle must: it cannot reach yargs' translation files).
    .detectLocale(false)
    .usage('$0 <command> [options]\n\nTurns a briefing written in YAML or JSON into a right-to-left PDF, an EPUB 3 and an HTML page.');
  // The commands in the order an analyst uses them.
  for (const command of [initCommand, validateCommand, fixCommand, watchCommand, buildCommand, mergeReportsCommand]) cli = command(cli, run);
  cli = cli
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only errors and warnings (and the preview address of watch)' })
    .option('verbose', { type: 'boolean', describe: 'say more: the settings of a build, each output\'s sha256 and time' })
    .conflicts('quiet', 'verbose')
    .middleware((a) => setVerbosity(a.quiet === true, a.verbose === true))
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


// What yargs' hideBin gives under Node: the arguments after `node` and the script.
const args = process.argv.slice(2);
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
