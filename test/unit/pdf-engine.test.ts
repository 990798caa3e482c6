// The PDF writer refuses a pdfmake or pdfkit outside the versions its hooks were tested with, naming what is wrong.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertEngine, engineProblems, EngineError, installedEngine, inTestedRange, packageVersion, type Engine } from '../../src/pdf/pdfmake/guard.js';
import { installedVersion } from '../../src/io/cache.js';
import type { Owner } from '../../src/pdf/pdfmake/registry.js';
import { renderPdf } from '../../src/pdf/index.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { renderBriefing } from '../../src/index.js';
import { loadBriefing } from '../../src/model/load.js';
import { builtinTemplates } from '../../src/io/paths.js';
import { fontFace } from '../../src/fonts/index.js';
import { fixtures, root, tempDir } from '../helpers.js';

/** The installed engine with some of it changed. */
function changed(change: { versions?: Partial<Engine['versions']>; module?: (name: Owner, real: unknown) => unknown }): Engine {
  const real = installedEngine();
  return {
    versions: { ...real.versions, ...change.versions },
    module: (name) => (change.module ? change.module(name, real.module(name)) : real.module(name)),
  };
}

/** A copy of a class whose prototype lacks `member` (or has it as `value`). */
function without(cls: unknown, member: string, value?: unknown): unknown {
  const proto = Object.create((cls as { prototype: object }).prototype) as Record<string, unknown>;
  // Shadow the inherited member.
  Object.defineProperty(proto, member, { value, enumerable: true });
  return { prototype: proto };
}

describe('the PDF engine check', () => {
  it('accepts the installed pdfmake and pdfkit, which package.json pins to tested versions', () => {
    expect(engineProblems(installedEngine())).toEqual([]);
    const pkg = createRequire(import.meta.url)(join(root, 'package.json')) as { dependencies: Record<string, string>; overrides?: Record<string, string> };
    expect(inTestedRange('pdfmake', pkg.dependencies.pdfmake!)).toBe(true);
    expect(inTestedRange('pdfkit', pkg.overrides!.pdfkit!)).toBe(true);
    // pdfkit 0.20.2 was tried too (src/pdf/pdfmake/README.md), and what lies between is accepted when every member is there.
    expect(engineProblems(changed({ versions: { pdfkit: '0.20.2' } }))).toEqual([]);
    expect(engineProblems(changed({ versions: { pdfkit: '0.20.1' } }))).toEqual([]);
  });

  it('refuses a pdfmake or pdfkit it was not tested with, naming the version and the tested ones', () => {
    expect(() => assertEngine(changed({ versions: { pdfmake: '0.3.12' } }))).toThrow(EngineError);
    expect(engineProblems(changed({ versions: { pdfmake: '0.3.12' } }))).toEqual([
      "pdfmake 0.3.12 is installed, but the PDF writer's hooks were tested with pdfmake 0.3.11 exactly; install that version (npm ci)",
    ]);
    expect(engineProblems(changed({ versions: { pdfkit: '0.21.0' } }))).toEqual([
      "pdfkit 0.21.0 is installed, but the PDF writer's hooks were tested with pdfkit 0.19.1 to 0.20.2; install one of them (npm ci)",
    ]);
    expect(engineProblems(changed({ versions: { pdfkit: '0.20.3-beta.1' } }))[0]).toMatch(/^pdfkit 0\.20\.3-beta\.1 is installed/);
    expect(engineProblems(changed({ versions: { pdfkit: '0.18.3' } }))[0]).toMatch(/^pdfkit 0\.18\.3 is installed/);
    expect(engineProblems(changed({ versions: { pdfkit: undefined } }))[0]).toMatch(/^pdfkit cannot be found/);
  });

  it("reads pdfkit's version from its package.json on disk, also behind `exports` (pdfkit 0.20 hides it)", () => {
    const modules = join(tempDir('briefing-engine-'), 'node_modules');
    const write = (file: string, text: string) => {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    };
    write(join(modules, 'pdfmake', 'package.json'), JSON.stringify({ name: 'pdfmake', version: '0.3.11', main: 'js/index.js' }));
    write(join(modules, 'pdfmake', 'js', 'index.js'), 'module.exports = {};');
    write(join(modules, 'pdfkit', 'package.json'), JSON.stringify({ name: 'pdfkit', version: '0.20.2', exports: { '.': './js/pdfkit.js' } }));
    write(join(modules, 'pdfkit', 'js', 'pdfkit.js'), 'module.exports = class PDFDocument {};');
    const engine = installedEngine(join(modules, 'pdfmake', 'js'));
    // What the old check did, and why it said "(not found)".
    expect(() => createRequire(join(modules, 'pdfmake', 'js', 'index.js'))('pdfkit/package.json')).toThrow(/exports/);
    expect(engine.versions).toEqual({ pdfmake: '0.3.11', pdfkit: '0.20.2' });
    const problems = engineProblems(engine);
    expect(problems.some((p) => p.includes('not found') || p.startsWith('pdfkit cannot be found'))).toBe(false);
    expect(problems.some((p) => p.startsWith('pdfkit 0.20.2 is installed'))).toBe(false);
    // The stubs have none of the members: each is named.
    expect(problems).toContain('pdfkit #markContent is missing, and the PDF writer hooks into it');
  });

  it('reads a version past inner package.json files that name no package or cannot be parsed, in the guard and in cache keys alike', () => {
    const modules = join(tempDir('briefing-engine-'), 'node_modules');
    const write = (file: string, text: string) => {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    };
    // A dual package's inner manifest (only a module type) and a broken one, between the file and the package's own.
    write(join(modules, 'pdfkit', 'package.json'), JSON.stringify({ name: 'pdfkit', version: '0.19.1' }));
    write(join(modules, 'pdfkit', 'js', 'package.json'), '{ "type": "commonjs"');
    write(join(modules, 'pdfkit', 'js', 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    const file = join(modules, 'pdfkit', 'js', 'cjs', 'pdfkit.js');
    write(file, 'module.exports = class PDFDocument {};');
    expect(packageVersion(file, 'pdfkit')).toBe('0.19.1');
    expect(installedVersion(file)).toBe('pdfkit@0.19.1');
    expect(packageVersion(file, 'pdfmake')).toBeUndefined();
  });

  it('refuses a hooked or called member that is missing, not a function, or of another arity, naming it', () => {
    const renamed = changed({ module: (name, real) => (name === 'pdfmake/js/TextInlines.js' ? without(real, 'measure') : real) });
    expect(engineProblems(renamed)).toEqual(['pdfmake/js/TextInlines.js #measure is missing, and the PDF writer hooks into it']);
    const value = changed({ module: (name, real) => (name === 'pdfkit' ? without(real, 'markContent', 1) : real) });
    expect(engineProblems(value)).toEqual(['pdfkit #markContent is not a function (number), and the PDF writer hooks into it']);
    const staticGone = changed({ module: (name, real) => (name === 'pdfmake/js/StyleContextStack.js' ? {} : real) });
    expect(engineProblems(staticGone)).toEqual(['pdfmake/js/StyleContextStack.js .getStyleProperty is missing, and the PDF writer hooks into it']);
    const unloadable = changed({ module: (name, real) => (name === 'pdfmake/js/Renderer.js' ? undefined : real) });
    expect(engineProblems(unloadable)).toEqual(['pdfmake/js/Renderer.js cannot be loaded, and the PDF writer hooks into it']);
    // The page-break function is read as layoutDocument's ninth argument.
    const eight = changed({ module: (name, real) => (name === 'pdfmake/js/LayoutBuilder.js' ? without(real, 'layoutDocument', function (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown, _f: unknown, _g: unknown, _h: unknown) {}) : real) });
    expect(engineProblems(eight)).toEqual(["pdfmake/js/LayoutBuilder.js #layoutDocument takes 8 parameters, not the 9 the PDF writer's hooks were written for"]);
    // The two the old list missed: pdfkit's PDF/A XMP (mixed into a PDF/A document) and its font's encode (below).
    const noPdfa = changed({ module: (name, real) => (name === 'pdfkit PDF/A document' ? Object.assign(Object.create(real as object), { _addPdfaMetadata: undefined }) : real) });
    expect(engineProblems(noPdfa)).toEqual(['pdfkit PDF/A document #_addPdfaMetadata is missing, and the PDF writer hooks into it']);
  });

  it("refuses, when the first font is opened, a pdfkit font without the layoutCached or encode the shaping relies on", async () => {
    const briefing = await loadBriefing(join(fixtures, 'minimal.yaml'));
    const { view, rendered } = await renderBriefing(briefing);
    const options = { theme: await loadTheme(builtinTemplates), creationDate: new Date(0) };
    // pdfkit's EmbeddedFont class, from a font opened the way pdfmake opens it.
    const PDFKit = createRequire(createRequire(import.meta.url).resolve('pdfmake/js/index.js'))('pdfkit') as new (o: object) => { font(p: string): { _font: object } };
    const EmbeddedFont = Object.getPrototypeOf(new PDFKit({ autoFirstPage: false }).font(fontFace(400).path)._font) as Record<string, unknown>;
    for (const member of ['layoutCached', 'encode']) {
      const own = Object.getOwnPropertyDescriptor(EmbeddedFont, member)!;
      delete EmbeddedFont[member];
      try {
        // encode falls back to pdfkit's abstract PDFFont#encode (no parameters): its arity gives it away.
        await expect(renderPdf(view, rendered, options)).rejects.toThrow(new RegExp(`pdfkit EmbeddedFont #${member} (is missing|takes 0 parameters), `));
      } finally {
        Object.defineProperty(EmbeddedFont, member, own);
      }
    }
    await expect(renderPdf(view, rendered, options)).resolves.toBeInstanceOf(Buffer);
  });
});
