// What the loader refuses that would otherwise break an output or a terminal: control characters,
// ids no file system can hold, addresses that are not addresses, and input past the documented limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { initBriefing } from '../../src/cli/new-briefing.js';
import { parseBriefing } from '../../src/model/load.js';
import { LIMITS } from '../../src/model/strings.js';
import { errorsOf, fixtures, tempDir } from '../helpers.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
const withSource = (url: string) => minimal.replace('  via: Example Wire', `  via: Example Wire\n  url: ${JSON.stringify(url)}`);
// The terminal sees none of these raw in any message.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('control characters', () => {
  it('refuses NUL, ESC, BEL, DEL and C1 in any string, with file, line, column and field path, never echoing them raw', () => {
    const cases: [string, string, string][] = [
      // [how it is written in the YAML, replacing the title, expected code point]
      ['"نشست\\0پایان"', 'U+0000 (NUL)', '4:8'],
      ['"a\\eb\\ac"', 'U+001B (ESC)', '4:8'],
      [`x\u001b[31mred`, 'U+001B (ESC)', '4:9'],
      [`bell\u0007`, 'U+0007 (BEL)', '4:12'],
      ['"del\\x7f"', 'U+007F (DEL)', '4:8'],
      ['"c1\\x85"', 'U+0085 (NEL)', '4:8'],
      ['"c1\\x9b"', 'U+009B (C1 control)', '4:8'],
      ['"lone\\uD800"', 'U+D800 (a lone surrogate)', '4:8'],
    ];
    for (const [yaml, name, place] of cases) {
      const errors = errorsOf(minimal.replace('title: نشست آزمایشی امنیت منطقه‌ای', `title: ${yaml}`));
      expect(errors, yaml).toHaveLength(1);
      expect(errors[0], yaml).toContain(`b.yaml:${place}: title: contains the control character ${name} at character `);
      expect(errors[0]).not.toMatch(RAW_CONTROL);
    }
  });

  it('finds them in nested fields, in JSON and in field names, and counts the rest', () => {
    const nested = errorsOf(minimal.replace('    role: پژوهشگر مهمان', '    role: "پژوهشگر\\x01مهمان\\x02"'));
    expect(nested).toEqual(['b.yaml:31:11: participants.1.role: contains the control character U+0001 (control) at character 8 (and 1 more): remove it']);
    const json = errorsOf(JSON.stringify({ ...parseBriefing(minimal, 'b.yaml'), summary: ['ok', 'bad\u0000'] }, null, 1), 'b.json');
    expect(json).toEqual([expect.stringMatching(/^b\.json:\d+:\d+: summary\.1: contains the control character U\+0000 \(NUL\) at character 4: remove it$/)]);
    const key = errorsOf(minimal.replace('  location: تهران', '  "loc\\x1b[2Jation": تهران'));
    expect(key.some((e) => e.includes('a field name contains the control character U+001B (ESC)'))).toBe(true);
    expect(key.join('\n')).not.toMatch(RAW_CONTROL);
    expect(key.join('\n')).toContain('loc\\u{1b}[2Jation');
  });

  it('keeps TAB, LF and CR, bidi marks, ZWNJ and other format characters', () => {
    const b = parseBriefing(minimal.replace('  - The meeting ended with a joint statement.', '  - "tab\\there\\nline\\r\\n end \u200c\u200f\u2067x\u2069"'), 'b.yaml');
    expect(b.summary[1]).toBe('tab\there\nline\r\n end \u200c\u200f\u2067x\u2069');
  });
});

describe('the briefing id', () => {
  it('is at most 100 characters', () => {
    const long = 'a'.repeat(101);
    expect(errorsOf(minimal.replace('id: minimal-test', `id: ${long}`))).toEqual(['b.yaml:2:5: id: must be at most 100 characters (it names the output files)']);
    expect(parseBriefing(minimal.replace('id: minimal-test', `id: ${'a'.repeat(100)}`), 'b.yaml').id).toHaveLength(100);
    expect(errorsOf(minimal.replace('id: minimal-test', `id: ${'a'.repeat(300)}`))).toHaveLength(1);
  });

  it('is not a device name on Windows', () => {
    for (const name of ['con', 'prn', 'aux', 'nul', 'com1', 'com9', 'lpt1', 'lpt9']) {
      expect(errorsOf(minimal.replace('id: minimal-test', `id: ${name}`)), name).toEqual([
        'b.yaml:2:5: id: is a device name on Windows (con, prn, aux, nul, com1-9, lpt1-9), where no file can be called that: choose another id',
      ]);
    }
    for (const name of ['con-2024', 'console', 'com10', 'lpt0', 'auxiliary', 'nul-1']) {
      expect(parseBriefing(minimal.replace('id: minimal-test', `id: ${name}`), 'b.yaml').id).toBe(name);
    }
  });
});

describe('briefing init', () => {
  it('refuses the same ids, before writing anything', async () => {
    const dir = tempDir();
    await expect(initBriefing('lpt1', dir)).rejects.toThrow(/"lpt1" is not a valid id: it is a device name on Windows/);
    await expect(initBriefing('x'.repeat(300), dir)).rejects.toThrow(/is not a valid id: it must be at most 100 characters/);
    expect(existsSync(join(dir, 'lpt1.yaml'))).toBe(false);
  });
});

describe('the source address', () => {
  it('accepts http and https addresses, non-ASCII paths and an apostrophe', () => {
    for (const url of ['https://example.org/a?b=1&c=2#x', 'http://example.org', 'https://www.irna.ir/news/85/نشست-امنیت', "https://en.wikipedia.org/wiki/O'Brien", 'https://example.org/a%20b']) {
      expect(parseBriefing(withSource(url), 'b.yaml').sources[0]!.url, url).toBe(url);
    }
  });

  it('refuses markup, spaces, quotes, bidi controls and other schemes, with its place', () => {
    const charMessage = 'source.url: may not contain spaces, double quotes, <, >, \\, ^, `, {, |, } or bidi controls (write a space as %20)';
    for (const url of ['https://example.org/"><script>alert(1)</script>', 'https://example.org/a b', 'https://example.org/<b>', 'https://example.org/{{x}}', 'https://example.org/\u202ephp.exe']) {
      expect(errorsOf(withSource(url)), url).toEqual([`b.yaml:19:8: ${charMessage}`]);
    }
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.org/x', 'example.org/page', 'https://']) {
      expect(errorsOf(withSource(url)), url).toEqual(['b.yaml:19:8: source.url: must be a web address starting with http:// or https://']);
    }
  });
});

describe('input limits', () => {
  it('refuses a string longer than the limit, naming the field', () => {
    const long = 'و'.repeat(LIMITS.stringChars + 1);
    expect(errorsOf(minimal.replace('  - The meeting ended with a joint statement.', `  - ${long}`))).toEqual([
      `b.yaml:21:5: summary.1: is 10,001 characters long; the limit is 10,000 (split it into paragraphs)`,
    ]);
  });

  it('refuses more statements and paragraphs than the limits', () => {
    const statement = '  - speaker: ahmadi\n    kind: quote\n    text: [x, y, z, w, v, u]\n';
    const statements = (n: number) => minimal.replace('statements:\n', `statements:\n${statement.repeat(n)}`);
    // 2 summary paragraphs and 2 statements of one paragraph in the fixture, plus 6 to each added statement.
    expect(errorsOf(statements(1_700))).toEqual(['b.yaml:2:1: has 10,204 paragraphs (summary and statements together); the limit is 10,000']);
    expect(() => parseBriefing(statements(LIMITS.statements - 2).replaceAll('text: [x, y, z, w, v, u]', 'text: [x]'), 'b.yaml')).not.toThrow();
    expect(errorsOf(statements(LIMITS.statements - 1).replaceAll('text: [x, y, z, w, v, u]', 'text: [x]'))).toEqual(['b.yaml:33:3: statements: must have at most 2,000 statements']);
  });

  it('refuses text the outputs would repeat past the limits: a wide theme × speaker table, long theme titles beside many statements', () => {
    // As JSON: the briefing as data, so each case says only what it changes.
    const briefing = (themes: number, speakers: number, title = (i: number) => `موضوع ${i}`, themesPerStatement = 1, name = (i: number) => `سخنران ${i}`) => JSON.stringify({
      id: 'limits', title: 'x', date: '2024-03-20', source: { name: 'x' }, summary: ['x'],
      participants: Array.from({ length: speakers }, (_, i) => ({ id: `p${i}`, name: name(i), role: 'x' })),
      themes: Array.from({ length: themes }, (_, i) => ({ id: `t${i}`, title: title(i) })),
      statements: Array.from({ length: speakers }, (_, i) => ({ speaker: `p${i}`, kind: 'quote', text: ['x'], themes: Array.from({ length: themesPerStatement }, (_, k) => `t${(i + k) % themes}`) })),
    }, null, 1);
    // 201 × 100 is past 20,000 cells; 200 × 100 is not.
    expect(errorsOf(briefing(201, 100), 'b.json')).toEqual([expect.stringMatching(/^b\.json:\d+:\d+: themes: 201 themes × 100 speakers make a theme × speaker table of 20,100 cells; the limit is 20,000 \(/)]);
    expect(() => parseBriefing(briefing(200, 100), 'b.json')).not.toThrow();
    // Few cells, but each row repeats long names: 100 rows × 10 names of 600 characters.
    expect(errorsOf(briefing(100, 10, undefined, 1, (i) => `${i}`.padEnd(600, 'ن')), 'b.json')).toEqual([expect.stringMatching(/: themes: the theme × speaker table would print the speakers' names 100 times, 600,000 characters; the limit is 500,000 /)]);
    // Each of 60 statements names all 100 themes, whose titles are 100 characters: 600,000 characters beside the statements.
    expect(errorsOf(briefing(100, 60, (i) => `${i}`.padEnd(100, 'م'), 100), 'b.json')).toEqual([expect.stringMatching(/: statements: the statements' theme lists would print 600,000 characters of theme titles; the limit is 500,000 /)]);
    expect(() => parseBriefing(briefing(100, 40, (i) => `${i}`.padEnd(100, 'م'), 100), 'b.json')).not.toThrow();
  });

  it('refuses a file larger than the limit before reading it as YAML', () => {
    const big = `${minimal}\n# ${'x'.repeat(LIMITS.fileBytes)}\n`;
    expect(errorsOf(big)).toEqual(['b.yaml:1:1: file is 2.0 MB; the limit is 2.0 MB (split the briefing into several)']);
  });
});
