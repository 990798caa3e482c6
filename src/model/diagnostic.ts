import { printable } from './strings.js';

/** One message shape for everything that goes wrong, printed only by the CLI. */
export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  /** Field path inside the data, e.g. `statements.2.speaker`. */
  path?: string;
  message: string;
  /** The source line(s) with a caret under the place (YAML syntax errors), printed under the message. */
  frame?: string;
  /** What to do about it, for the common slips. */
  hint?: string;
  fatal: boolean;
  /** Which check a warning comes from, when callers treat it apart (`orthography`: `build` prints a count). */
  rule?: string;
}

/**
 * `full`: the code frame (the lines around the place, a caret under it) and the hint on lines of
 * their own, for a person at a terminal. `short` (logs, pipes, other programs): at most two lines,
 * the message with the hint after it, then the line that is wrong.
 */
export type FrameStyle = 'full' | 'short';

export function formatDiagnostic(d: Diagnostic, style: FrameStyle = 'full'): string {
  const place = [d.file, d.line, d.column].filter((p) => p !== undefined).join(':');
  const field = d.path ? ` ${d.path}:` : '';
  const level = d.fatal ? '' : ' warning:';
  // Data and file names reach the terminal only through here: control characters are written as \u{1b}.
  // The first line stands alone (file:line:col: field: message); a code frame and a hint may follow.
  if (style === 'short') {
    const wrong = d.frame?.split('\n').find((l) => l.startsWith('>'));
    return [printable(`${place}:${level}${field} ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`), ...(wrong ? [printable(wrong)] : [])].join('\n');
  }
  const more = [...(d.frame ? d.frame.split('\n') : []), ...(d.hint ? [`  hint: ${d.hint}`] : [])];
  return [printable(`${place}:${level}${field} ${d.message}`), ...more.map(printable)].join('\n');
}

/** An error that carries diagnostics up to the CLI. */
export class BriefingError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'BriefingError';
    this.diagnostics = diagnostics;
  }
}
