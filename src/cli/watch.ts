// `briefing watch`: rebuild on every save, with a live preview on 127.0.0.1.
import type { Argv } from 'yargs';
import type { Run } from './run.js';
import { SetupError, UsageError } from './errors.js';
import { checkOutDir, defaultDataFiles, GLOBAL_OPTIONS, outputOptions, parseFormats, sourceDateEpoch, withFilesAfterDashes } from './options.js';
import { isVerbose, say } from './output.js';

export function watchCommand(y: Argv, run: Run) {
  return y.command(
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
        verbose: isVerbose(),
        report: (line, isError) => (isError ? process.stderr.write(`${line}\n`) : say(line)),
      }).catch((err: unknown) => {
        throw err instanceof PortError ? new SetupError(err.message) : err;
      });
      // The address is what the command is for: printed even with --quiet.
      process.stdout.write(`preview: ${watcher.url}  (Ctrl-C to stop)\n`);
      if (args.open) openInBrowser(watcher.url);
      // Stopped by Ctrl-C or SIGTERM: exit 130 or 143, as an interrupted build does.
      run.exit(
        await new Promise<number>((done) => {
          process.once('SIGINT', () => void watcher.close().then(() => done(130)));
          process.once('SIGTERM', () => void watcher.close().then(() => done(143)));
        }),
      );
    },
  );
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
