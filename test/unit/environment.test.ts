// The environment carries only what users set, each named in the README (docs/DESIGN: "Settings a
// user makes live in options and the README"): no test hooks, no plumbing between threads. Checked
// on the sources: every `process.env` in src/ reads one of these by name, and nothing writes to it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const USER_SETTINGS = ['SOURCE_DATE_EPOCH', 'BRIEFING_CACHE', 'BRIEFING_CACHE_DIR', 'XDG_CACHE_HOME', 'NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE'];

const src = join(root, 'src');
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: relative(root, join(src, f)), text: readFileSync(join(src, f), 'utf8') }));

/** Every `process.env` in the sources: the name it reads (undefined: not a read by name), and whether it assigns. */
function uses(): { file: string; name?: string; writes: boolean }[] {
  return sources.flatMap(({ file, text }) =>
    [...text.matchAll(/(delete\s+)?process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])?(\s*(?:=(?!=)|\?\?=|\|\|=))?/g)].map((m) => ({
      file,
      name: m[2] ?? m[3],
      writes: Boolean(m[1] || m[4]),
    })),
  );
}

describe('the environment', () => {
  it('is read in src/ only for the settings users make, each by name, and never written', () => {
    const found = uses();
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((u) => u.writes)).toEqual([]);
    expect(found.filter((u) => u.name === undefined)).toEqual([]);
    expect(found.filter((u) => !USER_SETTINGS.includes(u.name!))).toEqual([]);
  });

  it('each user setting is described in the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(USER_SETTINGS.filter((name) => !readme.includes(`\`${name}`))).toEqual([]);
  });
});
