// The package's built-in templates come compiled (scripts/precompile-templates.mjs at npm run build):
// the built program renders with them, without loading Handlebars' compiler, and writes the very
// XHTML that compiling the templates gives. A stale or missing compiled file must only cost time.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBriefing } from '../../src/model/load.js';
import { renderBriefing } from '../../src/index.js';
import { fixtures, root, tempDir } from '../helpers.js';

const BRIEFINGS = [join(root, 'data', 'mcis-2023.yaml'), join(fixtures, 'one-pager.yaml')];

/** Renders the briefings with the built library in a process of its own; says which Handlebars modules it loaded. */
function renderWithDist(templatesDir?: string, dist = join(root, 'dist')): { xhtml: string[]; compilerLoaded: boolean } {
  const script = `
    const lib = await import(${JSON.stringify(pathToFileURL(join(dist, 'index.js')).href)});
    const { createRequire } = await import('node:module');
    const xhtml = [];
    for (const f of ${JSON.stringify(BRIEFINGS)}) {
      const b = await lib.loadBriefing(f);
      xhtml.push((await lib.renderBriefing(b${templatesDir ? `, ${JSON.stringify(templatesDir)}` : ''})).rendered.xhtml);
    }
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write(JSON.stringify({ xhtml, compilerLoaded: loaded.some((m) => /handlebars[\\\\/]dist[\\\\/]cjs[\\\\/]handlebars[\\\\/]compiler/.test(m)) }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { xhtml: string[]; compilerLoaded: boolean };
}

describe('the built-in templates, compiled with the package', () => {
  it('render the same XHTML as compiling the templates, and the compiler is never loaded', async () => {
    const built = renderWithDist();
    // Here the sources run as TypeScript, with no compiled templates: every template is compiled.
    const compiled = await Promise.all(BRIEFINGS.map(async (f) => (await renderBriefing(await loadBriefing(f))).rendered.xhtml));
    expect(built.xhtml).toEqual(compiled);
    expect(built.compilerLoaded).toBe(false);
  });

  it("are compiled afresh where a template is the user's own, and the others stay as they were", () => {
    const dir = tempDir('briefing-templates-');
    cpSync(join(root, 'templates'), dir, { recursive: true });
    const summary = join(dir, 'partials', 'summary.hbs');
    writeFileSync(summary, `${readFileSync(summary, 'utf8')}{{!-- the user's own --}}`);
    const own = renderWithDist(dir);
    const builtin = renderWithDist();
    expect(own.compilerLoaded).toBe(true);
    // A template comment writes nothing: the user's summary renders as the built-in one did.
    expect(own.xhtml).toEqual(builtin.xhtml);
  });

  it('are compiled at run time, to the same XHTML, when the compiled file is missing or empty', () => {
    // A copy of the package whose compiled templates are gone, or cut to nothing by a build stopped midway.
    const pkg = tempDir('briefing-package-');
    cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
    for (const name of ['node_modules', 'templates', 'fonts', 'package.json']) symlinkSync(join(root, name), join(pkg, name));
    const builtin = renderWithDist();
    rmSync(join(pkg, 'dist', 'render', 'builtin-templates.js'));
    const missing = renderWithDist(undefined, join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'render', 'builtin-templates.js'), '');
    const empty = renderWithDist(undefined, join(pkg, 'dist'));
    for (const r of [missing, empty]) {
      expect(r.compilerLoaded).toBe(true);
      expect(r.xhtml).toEqual(builtin.xhtml);
    }
  });
});
