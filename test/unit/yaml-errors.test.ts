// YAML syntax errors as an author meets them: one message at the line that is wrong, that line with
// a caret, and a hint; the parser's cascade after the first error is not shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BriefingError, formatDiagnostic, type Diagnostic } from '../../src/model/diagnostic.js';
import { parseBriefing } from '../../src/model/load.js';
import { fixtures, root } from '../helpers.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');

function diagnosticsOf(source: string): Diagnostic[] {
  try {
    parseBriefing(source, 'b.yaml');
  } catch (err) {
    if (err instanceof BriefingError) return err.diagnostics;
    throw err;
  }
  return [];
}

/** What the terminal shows for `source`. */
const shown = (source: string) => diagnosticsOf(source).map((d) => formatDiagnostic(d)).join('\n');
/** `minimal` with line `n` (1-based) replaced. */
const withLine = (n: number, text: string) => minimal.split('\n').map((l, i) => (i === n - 1 ? text : l)).join('\n');
const lineOf = (needle: string) => minimal.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a YAML slip is one message, located, with the line, a caret and a hint', () => {
  it('a field of a list item one space short', () => {
    const n = lineOf('    name: مریم احمدی');
    expect(shown(withLine(n, '   name: مریم احمدی'))).toBe(
      [
        `b.yaml:${n}:4: participants.0.name: indentation: "name:" is indented 3 spaces where "id:" on line ${n - 1} has 4`,
        `  ${n - 1} |   - id: ahmadi`,
        `> ${n} |    name: مریم احمدی`,
        '     |    ^',
        `  hint: YAML nests by indentation: give "name:" 4 spaces, as "id:" on line ${n - 1} has`,
      ].join('\n'),
    );
  });

  it('a field of a list item one space too far in', () => {
    const n = lineOf('    nameLatin: Maryam Ahmadi');
    const [d, ...rest] = diagnosticsOf(withLine(n, '     nameLatin: Maryam Ahmadi'));
    expect(rest).toEqual([]);
    expect(formatDiagnostic(d!).split('\n')[0]).toBe(`b.yaml:${n}:6: participants.0.nameLatin: indentation: "nameLatin:" is indented 5 spaces where "name:" on line ${n - 1} has 4`);
  });

  it('the first line of a block, which sets its indentation, off by one', () => {
    const n = lineOf('  name: نشست امنیت');
    const d = diagnosticsOf(withLine(n, '   name: نشست امنیت منطقه‌ای'));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ line: n, column: 4, path: 'event.name' });
    expect(d[0]!.hint).toBe('YAML nests by indentation, and the first line of a block sets it: give "name:" 2 spaces');
  });

  it('a tab in the indentation', () => {
    const n = lineOf('  location: تهران');
    expect(shown(withLine(n, '\tlocation: تهران'))).toBe(
      [
        `b.yaml:${n}:1: event.location: a tab in the indentation: YAML indents with spaces only`,
        `> ${n} | →location: تهران`,
        '     | ^',
        `  hint: replace the tab at the start of line ${n} with spaces (2 per level in this file)`,
      ].join('\n'),
    );
  });

  it('a list item without its "- ", and one without the space after "-"', () => {
    const n = lineOf('  - The meeting ended');
    const missing = diagnosticsOf(withLine(n, '  The meeting ended with a joint statement.'));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ line: n, column: 3, path: 'summary', message: 'a list item without its "- "' });
    expect(missing[0]!.hint).toBe(`the items above (line ${n - 1}) start with "- " at this column: write "  - The meeting ended with a joint statemen…"`);
    const m = lineOf('  - id: smith');
    const glued = diagnosticsOf(withLine(m, '  -id: smith'));
    expect(glued).toHaveLength(1);
    expect(glued[0]).toMatchObject({ line: m, column: 3, message: 'a list item needs a space after its "-"', hint: 'write "- id: smith"' });
  });

  it('a ": " inside a value, a list and a quote never closed', () => {
    const n = lineOf('  location: تهران');
    expect(diagnosticsOf(withLine(n, '  location: تهران: ایران'))).toEqual([
      expect.objectContaining({ line: n, column: 18, path: 'event.location', hint: 'put the value in quotes: location: "تهران: ایران"' }),
    ]);
    const t = lineOf('title: نشست');
    expect(diagnosticsOf(withLine(t, 'title: [نشست'))).toEqual([expect.objectContaining({ line: t, column: 8, message: 'a list opened with "[" is never closed with "]"' })]);
    expect(diagnosticsOf(withLine(t, 'title: "نشست'))).toEqual([expect.objectContaining({ line: t, column: 8, message: 'a text opened with " is never closed' })]);
  });

  // Every indented line of three real briefings, one space in or out: wherever YAML refuses the
  // result, the author gets exactly one message, on the line that was changed, with a frame and a hint.
  const files = [join(fixtures, 'minimal.yaml'), join(fixtures, 'one-pager.yaml'), join(root, 'data', 'mcis-2023.yaml')];
  it.each(files.map((f) => [f.slice(root.length + 1), f]))('every one-space slip in %s', (_name, file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    let refused = 0;
    const wrong: string[] = [];
    lines.forEach((text, i) => {
      if (!/^ +\S/.test(text) || /^\s*#/.test(text)) return;
      for (const slipped of [text.slice(1), ` ${text}`]) {
        const ds = diagnosticsOf(lines.map((l, j) => (j === i ? slipped : l)).join('\n'));
        const syntax = ds.filter((d) => d.frame !== undefined);
        if (syntax.length === 0) continue; // still valid YAML (the schema may object, as it should)
        refused++;
        const d = syntax[0]!;
        if (ds.length !== 1 || d.line !== i + 1 || !d.hint || !d.frame!.includes(`> ${i + 1} |`) || !/\n\s+\| +\^/.test(d.frame!)) {
          wrong.push(`line ${i + 1} ${JSON.stringify(slipped)}: ${ds.map((d) => formatDiagnostic(d)).join(' / ')}`);
        }
      }
    });
    expect(refused).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });
});
