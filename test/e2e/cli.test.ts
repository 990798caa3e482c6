// The CLI as a user runs it: compiled JavaScript, real files, exit codes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixtures, root, runCli, tempDir } from '../helpers.js';

describe('briefing CLI', () => {
  it('builds a briefing from outside the repository as JSON into a chosen folder', () => {
    const dir = tempDir();
    const data = parse(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8'));
    data.id = 'other-briefing';
    writeFileSync(join(dir, 'other.json'), JSON.stringify(data, null, 2));
    const r = runCli(['build', join(dir, 'other.json'), '--out', join(dir, 'result')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'result')).sort()).toEqual(['other-briefing.epub', 'other-briefing.pdf']);
    expect(readFileSync(join(dir, 'result', 'other-briefing.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('builds only the formats asked for', () => {
    const dir = tempDir();
    const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', dir, '--format', 'epub']);
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['minimal-test.epub']);
  });

  it('builds every briefing in data/ by default', () => {
    const dir = tempDir();
    const r = runCli(['build', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['mcis-2023.epub', 'mcis-2023.pdf', 'sample-en.epub', 'sample-en.pdf']);
  });

  it('validates good and bad files, exiting 1 with one line per problem', () => {
    expect(runCli(['validate', join(root, 'data', 'mcis-2023.yaml')]).status).toBe(0);
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace('speaker: smith', 'speaker: nobody').replace('kind: quote', 'kind: rumour'));
    const r = runCli(['validate', bad]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${bad}:\\d+:\\d+: statements\\.0\\.kind: must be one of "quote", "paraphrase"$`));
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('fails a bad build with exit 1 and writes nothing', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: x\ntitle: [');
    const out = join(dir, 'out');
    const r = runCli(['build', bad, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad}:\\d+:\\d+: `));
    expect(existsSync(out)).toBe(false);
  });

  it('warns about characters the fonts cannot draw, naming character and field, and still builds', () => {
    const dir = tempDir();
    const file = join(dir, 'glyphs.yaml');
    const source = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace('  - The meeting ended with a joint statement.', '  - The meeting ended 🙂 with 会议 a joint statement.');
    writeFileSync(file, source);
    const line = source.split('\n').findIndex((l) => l.includes('🙂')) + 1;
    const r = runCli(['build', file, '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toEqual([
      `${file}:${line}:5: warning: summary.1: the embedded fonts have no glyph for "🙂" (U+1F642); it will show as a blank or a box`,
      `${file}:${line}:5: warning: summary.1: the embedded fonts have no glyph for "会" (U+4F1A); it will show as a blank or a box`,
      `${file}:${line}:5: warning: summary.1: the embedded fonts have no glyph for "议" (U+8BAE); it will show as a blank or a box`,
    ]);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['minimal-test.epub', 'minimal-test.pdf']);
  });

  it('exits 2 on a usage error and prints help and version', () => {
    expect(runCli(['build', '--format', 'docx']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    expect(runCli([]).status).toBe(2);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('briefing build');
    expect(runCli(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});
