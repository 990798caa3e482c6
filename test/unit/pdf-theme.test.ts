// A broken pdf-theme.json is reported like a broken briefing: file:line:col: field.path: message, naming the theme.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BriefingError, formatDiagnostic } from '../../src/model/diagnostic.js';
import { loadTheme, parseTheme } from '../../src/pdf/theme.js';
import { xhtmlToPdf } from '../../src/pdf/from-xhtml.js';
import { builtinTemplates } from '../../src/io/paths.js';
import { fixtures, runCli, tempDir } from '../helpers.js';

const builtin = readFileSync(join(builtinTemplates, 'pdf-theme.json'), 'utf8');

/** The one-line messages parsing `source` as a theme named `my/pdf-theme.json` gives. */
function messages(source: string): string[] {
  try {
    parseTheme(source, 'my/pdf-theme.json');
  } catch (err) {
    if (err instanceof BriefingError) return err.diagnostics.map((d) => formatDiagnostic(d));
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

  it('reports a column width that pdfmake cannot use', () => {
    const broken = builtin.replace('"table.facts": ["auto", "*"]', '"table.facts": ["auto", "wide"]');
    expect(messages(broken)).toEqual([`my/pdf-theme.json:${lineOf(broken, '"wide"')}:31: table.widths.table.facts.1: must be a width in points, "*" or "auto"`]);
  });
});

describe('table column widths come from the theme', () => {
  /** The widths of the first table the XHTML maps to. */
  async function widths(table: string, dir: 'rtl' | 'ltr', change?: Record<string, (number | string)[]>): Promise<unknown> {
    const theme = await loadTheme(builtinTemplates);
    if (change) theme.table.widths = { ...theme.table.widths, ...(change as Record<string, ('*' | 'auto' | number)[]>) };
    const find = (n: unknown): unknown => {
      if (Array.isArray(n)) return n.map(find).find((w) => w !== undefined);
      if (n === null || typeof n !== 'object') return undefined;
      const node = n as { table?: { widths?: unknown }; stack?: unknown };
      return node.table?.widths ?? find(node.stack);
    };
    return find(xhtmlToPdf([{ xhtml: `<section>${table}</section>` }], theme, dir));
  }
  const row = '<tr><td>a</td><td>b</td><td>c</td></tr>';

  it("by the table's class, the last width standing for further columns, first column on the right in RTL", async () => {
    expect(await widths(`<table class="facts">${row}</table>`, 'ltr')).toEqual(['auto', '*', '*']);
    expect(await widths(`<table class="facts">${row}</table>`, 'rtl')).toEqual(['*', '*', 'auto']);
    // The matrix (theme, who addressed it, who did not) shares the width.
    expect(await widths(`<table class="matrix">${row}</table>`, 'rtl')).toEqual(['*', '*', '*']);
    expect(await widths(`<table class="lead">${row}</table>`, 'ltr', { 'table.lead': [120, 'auto'] })).toEqual([120, 'auto', 'auto']);
  });

  it('not from a class name that merely contains a known one', async () => {
    expect(await widths(`<table class="artifacts">${row}</table>`, 'ltr')).toEqual(['*', '*', '*']);
    expect(await widths(`<table class="matrix-notes">${row}</table>`, 'ltr')).toEqual(['*', '*', '*']);
  });
});
