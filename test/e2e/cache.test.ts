// The disk cache (font subsets, deflated ZIP entries, font coverage, Intl's strings) and Node's compile cache (Node 22.1+) change
// nothing in the outputs: a build with the caches off, one that fills them and one that reads them
// give the same bytes, and a damaged cache entry is never served.
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, root, runCli, tempDir } from '../helpers.js';

const mcis = join(root, 'data', 'mcis-2023.yaml');

function build(env: NodeJS.ProcessEnv, file = mcis): { pdf: Buffer; epub: Buffer } {
  const out = tempDir();
  // BRIEFING_CACHE empty: on, also in the CI leg that runs the suite with it off.
  const r = runCli(['build', file, '--out', out], { env: { SOURCE_DATE_EPOCH: '1700000000', NODE_COMPILE_CACHE: '', BRIEFING_CACHE: '', ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const [pdf, epub] = ['pdf', 'epub'].map((ext) => readdirSync(out).find((f) => f.endsWith(`.${ext}`))!);
  return { pdf: readFileSync(join(out, pdf!)), epub: readFileSync(join(out, epub!)) };
}

/** Every file under `dir`, as paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('caches', () => {
  it('of the tests are their own run\'s: a build under test never reads what older code left in the developer\'s cache', () => {
    const own = process.env.BRIEFING_CACHE_DIR;
    expect(own, 'BRIEFING_CACHE_DIR set by test/support/global-setup.ts').toMatch(/briefing-test-cache-/);
    const out = tempDir();
    const r = runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out, '--format', 'epub'], { env: { BRIEFING_CACHE: '' } });
    expect(r.status).toBe(0);
    expect(files(own!).some((f) => f.includes('font-subset'))).toBe(true);
  });

  it('give the same PDF and EPUB as a build without them, cold or warm', () => {
    const cache = tempDir('briefing-cache-');
    const uncached = build({ BRIEFING_CACHE: 'off', BRIEFING_CACHE_DIR: cache });
    expect(files(cache)).toEqual([]);
    const cold = build({ BRIEFING_CACHE_DIR: cache });
    const stored = files(cache);
    // One subset per face at least (an EPUB written early in the brief layout, before the report was chosen, adds its own).
    expect(stored.filter((f) => f.includes('/font-subset/')).length).toBeGreaterThanOrEqual(2);
    expect(stored.filter((f) => f.includes('/zip-deflate/')).length).toBeGreaterThan(5);
    // Dates and page numbers as Intl formatted them (Persian digits, Jalali and Gregorian dates).
    expect(stored.filter((f) => f.includes('/intl/')).length).toBeGreaterThan(0);
    const warm = build({ BRIEFING_CACHE_DIR: cache });
    for (const b of [cold, warm]) {
      expect(b.pdf.equals(uncached.pdf)).toBe(true);
      expect(b.epub.equals(uncached.epub)).toBe(true);
    }
  });

  it('never serve what older code made: a warm build after a change to the compiled code shows the change, as a cold build does', () => {
    // A copy of the installed program whose code can be changed, as an upgrade changes it.
    const pkg = tempDir('briefing-cache-pkg-');
    for (const part of ['dist', 'templates', 'fonts', 'package.json']) cpSync(join(root, part), join(pkg, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
    const cache = tempDir('briefing-cache-');
    const dates = (env: NodeJS.ProcessEnv) => {
      const out = tempDir();
      const r = spawnSync(process.execPath, [join(pkg, 'dist', 'cli.js'), 'build', join(root, 'data', 'sample-en.yaml'), '--out', out, '--format', 'html'], {
        env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', NODE_COMPILE_CACHE: '', BRIEFING_CACHE_DIR: cache, BRIEFING_CACHE: '', ...env },
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      return readFileSync(join(out, readdirSync(out)[0]!));
    };
    const before = dates({});
    expect(before.toString()).toContain('14\u00a0May\u00a02024');
    // The code changes how it keeps a date whole: with "_" where it put no-break spaces. Nothing of
    // that code is in the Intl entry's own key (locale, options, ICU), so only the hash of the code
    // tells the entry, made by the old code, from what the new code makes. Changed where the command
    // line runs it: the bundle (dist/bundle/), and the module it was made from.
    const unbroken = /(function unbroken\(text\) \{\s*return text\.replace\(\/\[ \\u202f\]\+\/g, )(?:"\\xA0"|'\\u00a0')\)/;
    const compiled = readdirSync(join(pkg, 'dist'), { recursive: true, encoding: 'utf8' })
      .map((f) => join(pkg, 'dist', f))
      .filter((f) => f.endsWith('.js') && unbroken.test(readFileSync(f, 'utf8')));
    expect(compiled.some((f) => f.includes(join('dist', 'bundle')))).toBe(true);
    for (const f of compiled) writeFileSync(f, readFileSync(f, 'utf8').replace(unbroken, '$1"_")'));
    const warm = dates({});
    const cold = dates({ BRIEFING_CACHE: 'off' });
    expect(warm.toString()).toContain('14_May_2024');
    expect(warm.equals(cold)).toBe(true);
    expect(warm.equals(before)).toBe(false);
  });

  it('ignore a damaged entry and build the same bytes', () => {
    const cache = tempDir('briefing-cache-');
    const minimal = join(fixtures, 'minimal.yaml');
    const first = build({ BRIEFING_CACHE_DIR: cache }, minimal);
    for (const f of files(cache).filter((f) => /\/(font-subset|zip-deflate|font-coverage|intl)\//.test(f))) {
      const bytes = readFileSync(f);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
      writeFileSync(f, bytes);
    }
    const again = build({ BRIEFING_CACHE_DIR: cache }, minimal);
    expect(again.epub.equals(first.epub)).toBe(true);
    expect(again.pdf.equals(first.pdf)).toBe(true);
  });

  it('give the same warnings for characters the fonts cannot draw (their coverage is cached)', () => {
    const dir = tempDir();
    const file = join(dir, 'glyphs.yaml');
    writeFileSync(file, readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace('  - The meeting ended with a joint statement.', '  - The meeting ended 🙂 with a joint statement.'));
    const cache = tempDir('briefing-cache-');
    const stderr = ['off', 'on', 'on'].map((mode) => {
      const r = runCli(['build', file, '--out', join(dir, 'out'), '--format', 'html'], { env: { BRIEFING_CACHE: mode, BRIEFING_CACHE_DIR: cache, NODE_COMPILE_CACHE: '' } });
      expect(r.status).toBe(0);
      return r.stderr;
    });
    expect(stderr[0]).toMatch(/no glyph for "🙂" \(U\+1F642\)/);
    expect(stderr[0]!.trim().split('\n')).toHaveLength(1);
    expect(stderr).toEqual([stderr[0], stderr[0], stderr[0]]);
    expect(files(cache).filter((f) => f.includes('/font-coverage/')).length).toBe(2);
  });
});
