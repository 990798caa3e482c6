// What the command line prints: progress on standard output (none with --quiet), problems on
// standard error, each as one line (or a code frame at a terminal).
import { BriefingError, formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { printable } from '../model/strings.js';

const settings = { quiet: false, verbose: false, debug: process.argv.includes('--debug') };

/** Set from the parsed options (yargs' middleware, or the fast path of a plain build). */
export function setVerbosity(quiet: boolean, verbose: boolean): void {
  settings.quiet = quiet;
  settings.verbose = verbose;
}

export const isQuiet = (): boolean => settings.quiet;
export const isVerbose = (): boolean => settings.verbose;

export function printDiagnostics(diagnostics: Diagnostic[]): void {
  // A code frame on lines of its own for a person at a terminal (or --verbose); two lines at most in logs and pipes.
  const style = process.stderr.isTTY || settings.verbose ? 'full' : 'short';
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, style)}\n`);
}

export function reportError(err: unknown, file: string): void {
  if (err instanceof BriefingError) {
    printDiagnostics(err.diagnostics);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${printable(`${file}: error: ${message.split('\n')[0]}`)}\n`);
  if (settings.debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

export function diagnosticsOf(err: unknown, file: string): Diagnostic[] {
  if (err instanceof BriefingError) return err.diagnostics;
  return [{ file, message: (err instanceof Error ? err.message : String(err)).split('\n')[0]!, fatal: true }];
}

/** A line of progress on standard output: none with --quiet. */
export function say(line: string): void {
  if (!settings.quiet) process.stdout.write(`${line}\n`);
}

/** `1 page`, `2 pages`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** A status line that rewrites itself on a terminal; nothing at all when the output is a file or a pipe. */
export function progressLine(stream: NodeJS.WriteStream): { show(text: string): void; clear(): void } {
  if (!stream.isTTY) return { show: () => {}, clear: () => {} };
  const width = Math.max(20, (stream.columns || 80) - 1);
  return {
    show: (text) => stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`),
    clear: () => stream.write('\r\x1b[K'),
  };
}
