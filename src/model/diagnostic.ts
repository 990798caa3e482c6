import { printable } from './strings.js';

/** One message shape for everything that goes wrong, printed only by the CLI. */
export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  /** Field path inside the data, e.g. `statements.2.speaker`. */
  path?: string;
  message: string;
  fatal: boolean;
  /** Which check a warning comes from, when callers treat it apart (`orthography`: `build` prints a count). */
  rule?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const place = [d.file, d.line, d.column].filter((p) => p !== undefined).join(':');
  const field = d.path ? ` ${d.path}:` : '';
  const level = d.fatal ? '' : ' warning:';
  // Data and file names reach the terminal only through here: control characters are written as \u{1b}.
  return printable(`${place}:${level}${field} ${d.message}`);
}

/** An error that carries diagnostics up to the CLI. */
export class BriefingError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BriefingError';
    this.diagnostics = diagnostics;
  }
}
