// A broken pdf-theme.json is reported like a broken briefing: file:line:col: field.path: message, naming the theme.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BriefingError, formatDiagnostic } from '../../src/model/diagnostic.js';
import { parseTheme } from '../../src/pdf/theme.js';
import { builtinTemplates } from '../../src/paths.js';
import { fixtures, runCli, tempDir } from '../helpers.js';

const builtin = readFileSync(join(builtinTemplates, 'pdf-theme.json'), 'utf8');

/** The one-line messages parsing `source` as a theme named `my/pdf-theme.json` gives. */
function messages(source: string): string[] {
  try {
    parseTheme(source, 'my/pdf-theme.json');
  } catch (err) {
    if (err instanceof BriefingError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

/** Line (1-based) of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the PDF theme is checked', () => {
  it('accepts the built-in theme', () => {
    expect(messages(builtin)).toEqual([]);
  });

  it('reports malformed JSON at its line and column', () => {
    const broken = builtin.replace('"baseFontSize": 11,', '"baseFontSize": 11');
    const line = lineOf(broken, '"lineHeight"');
    expect(messages(broken)).toEqual([`my/pdf-theme.json:${line}:3: JSON syntax error: CommaExpected`]);
  });

  it('reports every missing part of an empty theme, naming the field', () => {
    const out = messages('{}');
    expect(out).toContain('my/pdf-theme.json:1:1: page: is required (an object of fields)');
    expect(out).toContain('my/pdf-theme.json:1:1: baseFontSize: is required (a number)');
    expect(out).toHaveLength(10);
  });

  it('reports wrong types and values where they are written', () => {
    const broken = builtin
      .replace('"baseFontSize": 11', '"baseFontSize": "11"')
      .replace('"margins": [56, 64, 56, 64]', '"margins": [56, 64]')
      .replace('"alignment": "justify"', '"alignment": "jusitfy"')
      .replace('"size": "A4"', '"size": "A44"')
      .replace('"gap": 6', '"gap": 6, "bulet": "-"');
    expect(messages(broken)).toEqual([
      `my/pdf-theme.json:${lineOf(broken, '"size"')}:13: page.size: must be a page size pdfmake knows (A4, A5, LETTER, LEGAL, …)`,
      `my/pdf-theme.json:${lineOf(broken, '"margins"')}:16: page.margins: must be a list of 4 numbers (left, top, right, bottom)`,
      `my/pdf-theme.json:${lineOf(broken, '"baseFontSize"')}:19: baseFontSize: must be a number, not string "11"`,
      `my/pdf-theme.json:${lineOf(broken, '"jusitfy"')}:20: styles.p.alignment: must be one of "left", "right", "center", "justify", "start", "end"`,
      `my/pdf-theme.json:${lineOf(broken, '"bulet"')}:15: list.bulet: unknown field (check its spelling; see README "Theme keys")`,
    ]);
  });

  it('a build with a broken override theme names the theme file, exits 1 and writes nothing', () => {
    const templates = tempDir();
    mkdirSync(templates, { recursive: true });
    const themeFile = join(templates, 'pdf-theme.json');
    for (const [content, expected] of [
      ['{ "page": ', new RegExp(`^${themeFile}:1:11: JSON syntax error: ValueExpected$`, 'm')],
      ['{}', new RegExp(`^${themeFile}:1:1: page: is required`, 'm')],
    ] as const) {
      writeFileSync(themeFile, content);
      const out = tempDir();
      const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--templates', templates, '--out', out]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toContain('TypeError');
      expect(r.stderr).not.toContain('minimal.yaml:');
      expect(readdirSync(out)).toEqual([]);
    }
  });
});
