// Persian orthography through the CLI, as an author meets it: validate lists each slip where it is
// typed, build says how many there are in one line, fix corrects them in the file and nothing else.
import { chmodSync, copyFileSync, lstatSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixtures, root, runCli, tempDir } from '../helpers.js';

const Z = '\u200c';
const spaced = join(fixtures, 'orthography', 'spaced.yaml');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh copy of a fixture in a temporary folder. */
function copyOf(source: string, name = 'spaced.yaml'): string {
  const dir = tempDir('briefing-orthography-');
  dirs.push(dir);
  const file = join(dir, name);
  copyFileSync(source, file);
  return file;
}

/** The fixture's text with every correction made by hand: what `fix` must write, byte for byte. */
const correctedByHand = () =>
  readFileSync(spaced, 'utf8')
    .replace('منطقه ای"', `منطقه${Z}ای"`)
    .replace("و می شود'", `و می${Z}شود'`)
    .replace('خبرگزاري', 'خبرگزاری')
    .replace('اکثر دولت ها آماده اند و درگیری های جدید برانگیخته می شود .', `اکثر دولت${Z}ها آماده${Z}اند و درگیری${Z}های جدید برانگیخته می${Z}شود.`)
    .replace('گفت‌وگو می\n    شود', `گفت‌وگو می${Z}شود`)
    .replace('۱۴۰2 حدود ١٢٠', '۱۴۰۲ حدود ۱۲۰')
    .replace('بین المللی', `بین${Z}المللی`)
    .replace('ما اين كار را با دقت انجام مي دهيم', `ما این کار را با دقت انجام می${Z}دهیم`);

describe('briefing validate', () => {
  it('warns about each slip with file, line, column and field, and still exits 0', () => {
    const file = copyOf(spaced);
    const r = runCli(['validate', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${file}: ok, 17 warnings\n`);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(17);
    expect(lines).toContain(`${file}:12:56: warning: summary.0: «می شود»: write the prefix with a zero-width non-joiner (می${Z}شود)`);
    expect(lines).toContain(`${file}:5:20: warning: title: «منطقه ای»: write the suffix with a zero-width non-joiner (منطقه${Z}ای)`);
    expect(lines).toContain(`${file}:27:17: warning: statements.0.text.0: «كار»: Arabic kaf ك (U+0643): write the Persian letter (کار)`);
    expect(lines).toContain(`${file}:18:12: warning: summary.3: «۱۴۰2»: one number in two digit systems: write its digits in one (Persian) (۱۴۰۲)`);
    expect(lines).toContain(`${file}:12:59: warning: summary.0: «شود .»: no space before «.» (شود.)`);
    // The English paragraph, the URL, the ids are never checked.
    expect(r.stderr).not.toMatch(/summary\.2|source\.url|\.id:|speaker/);
  });

  it('--strict fails on warnings', () => {
    const file = copyOf(spaced);
    const r = runCli(['validate', '--strict', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${file}: failed, 17 warnings (--strict)\n`);
  });
});

describe('briefing fix', () => {
  it('--dry-run and --check list the corrections and write nothing; --check exits 1', () => {
    const file = copyOf(spaced);
    const before = readFileSync(file);
    const dry = runCli(['fix', '--dry-run', file]);
    expect(dry.status).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines).toContain(`${file}:12:56: summary.0: «می شود .» → «می${Z}شود.»`);
    expect(lines).toContain(`${file}:15:13: summary.1: «می شود» → «می${Z}شود»`);
    expect(lines.at(-1)).toBe(`${file}: 14 corrections (not written: --dry-run)`);
    const check = runCli(['fix', '--check', file]);
    expect(check.status).toBe(1);
    expect(check.stdout.trim().split('\n').at(-1)).toBe(`${file}: 14 corrections needed (briefing fix ${file} makes them)`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('corrects only the slips, keeping comments, key order, quoting and the English paragraph; validate is then quiet', () => {
    const file = copyOf(spaced);
    chmodSync(file, 0o640);
    const r = runCli(['fix', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${file}: 14 corrections written\n`);
    expect(readFileSync(file, 'utf8')).toBe(correctedByHand());
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const again = runCli(['validate', file]);
    expect(again).toMatchObject({ status: 0, stdout: `${file}: ok\n`, stderr: '' });
    expect(runCli(['fix', '--check', file])).toMatchObject({ status: 0, stdout: `${file}: nothing to correct\n` });
  });

  it('changes only the space, letter and digit forms: the text without ZWNJ and spaces is the same letters once the letters are unified', () => {
    const file = copyOf(spaced);
    const letters = (s: string) => s.replace(/[\s\u200c]/g, '').replace(/ك/g, 'ک').replace(/ي/g, 'ی').replace(/[٠-٩0-9]/g, (d) => String.fromCharCode(0x06f0 + (d.charCodeAt(0) >= 0x660 ? d.charCodeAt(0) - 0x660 : d.charCodeAt(0) - 48)));
    const before = parse(readFileSync(file, 'utf8'));
    runCli(['fix', file]);
    const after = parse(readFileSync(file, 'utf8'));
    expect(letters(JSON.stringify(after))).toBe(letters(JSON.stringify(before)));
    expect(after.summary[2]).toEqual(before.summary[2]);
    expect(after.source.url).toBe(before.source.url);
  });

  it('fixes a JSON file keeping its layout, and a file reached through a link keeps being a link', () => {
    const dir = tempDir('briefing-orthography-');
    dirs.push(dir);
    const data = parse(readFileSync(spaced, 'utf8'));
    const json = join(dir, 'spaced.json');
    writeFileSync(json, `${JSON.stringify(data, null, 4)}\n`);
    const link = join(dir, 'link.json');
    symlinkSync(json, link);
    const r = runCli(['fix', link]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${link}: 14 corrections written\n`);
    const expected = parse(correctedByHand());
    expect(readFileSync(json, 'utf8')).toBe(`${JSON.stringify(expected, null, 4)}\n`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('leaves a file that does not load untouched and exits 1 with a located message', () => {
    const file = copyOf(spaced);
    writeFileSync(file, `${readFileSync(spaced, 'utf8')}\nsummary: [دولت ها]\n`);
    const before = readFileSync(file);
    const r = runCli(['fix', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${file}:33:1: summary: duplicate key "summary" (each field may appear once; remove or rename one)\n`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('is listed by --help with an example', () => {
    const help = runCli(['--help']);
    expect(help.stdout).toMatch(/briefing fix <files\.\.>/);
    expect(help.stdout).toMatch(/in CI: briefing\s+fix\s+--check\s+data\/\*\.yaml/);
    const own = runCli(['fix', '--help']);
    expect(own.stdout).toContain('briefing fix --check data/*.yaml');
  });
});

describe('the MCIS briefing', () => {
  const asTyped = join(fixtures, 'orthography', 'mcis-2023-as-typed.yaml');
  const mcis = join(root, 'data', 'mcis-2023.yaml');

  it('as the source article typed it, gets a warning for each of its 44 spacing slips', () => {
    const r = runCli(['validate', asTyped]);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(44);
    expect(lines.every((l) => /zero-width non-joiner/.test(l))).toBe(true);
    expect(lines).toContain(`${asTyped}:100:234: warning: statements.5.text.0: «بین المللی»: write the compound with a zero-width non-joiner (بین${Z}المللی)`);
  });

  it('in data/ is that file corrected by fix, byte for byte, and validate is quiet about it', () => {
    const file = copyOf(asTyped, 'mcis-2023.yaml');
    expect(runCli(['fix', file]).stdout).toBe(`${file}: 44 corrections written\n`);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(mcis, 'utf8'));
    expect(runCli(['validate', mcis])).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('briefing build', () => {
  it('prints the orthography warnings as one line per file, and the report lists each', () => {
    const file = copyOf(spaced);
    const out = join(file, '..', 'out');
    const report = join(file, '..', 'report.json');
    const r = runCli(['build', file, '--out', out, '--format', 'html', '--report', report]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`${file}: warning: 17 orthography warnings (briefing validate ${file} lists them; briefing fix ${file} corrects them)\n`);
    const built = JSON.parse(readFileSync(report, 'utf8')).built[0];
    expect(built.warnings).toHaveLength(17);
    expect(built.warnings[0]).toMatchObject({ file, line: 5, column: 20, path: 'title', rule: 'orthography', fatal: false });
  });
});
