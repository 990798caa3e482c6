// The PDF writer refuses a pdfmake or pdfkit it was not written for, naming what is wrong.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertEngine, engineProblems, EngineError, HOOKED_MEMBERS, installedEngine, KNOWN_VERSIONS, type Engine } from '../../src/pdf/pdfmake/guard.js';
import { renderPdf } from '../../src/pdf/index.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { renderBriefing } from '../../src/index.js';
import { loadBriefing } from '../../src/model/load.js';
import { builtinTemplates } from '../../src/io/paths.js';
import { fontFace } from '../../src/fonts/index.js';
import { fixtures, root } from '../helpers.js';

/** The installed engine with some of it changed. */
function changed(change: { versions?: Partial<Engine['versions']>; module?: (name: string, real: unknown) => unknown }): Engine {
  const real = installedEngine();
  return {
    versions: { ...real.versions, ...change.versions },
    module: (name) => (change.module ? change.module(name, real.module(name)) : real.module(name)),
  };
}

/** A copy of a class whose prototype lacks `member` (or has it as a value). */
function without(cls: unknown, member: string, value?: unknown): unknown {
  const proto = Object.create((cls as { prototype: object }).prototype) as Record<string, unknown>;
  // Shadow the inherited member.
  Object.defineProperty(proto, member, { value, enumerable: true });
  return { prototype: proto };
}

describe('the PDF engine check', () => {
  it('accepts the installed pdfmake and pdfkit, which package.json pins exactly', () => {
    expect(engineProblems(installedEngine())).toEqual([]);
    const pkg = createRequire(import.meta.url)(join(root, 'package.json')) as { dependencies: Record<string, string>; overrides?: Record<string, string> };
    expect(pkg.dependencies.pdfmake).toBe(KNOWN_VERSIONS.pdfmake);
    expect(pkg.overrides?.pdfkit).toBe(KNOWN_VERSIONS.pdfkit);
  });

  it('refuses another pdfmake or pdfkit version, naming both versions', () => {
    expect(() => assertEngine(changed({ versions: { pdfmake: '0.3.12' } }))).toThrow(EngineError);
    expect(engineProblems(changed({ versions: { pdfmake: '0.3.12' } }))).toEqual([
      "pdfmake 0.3.12 is installed, but the PDF writer's hooks were written for pdfmake 0.3.11 exactly; install that version (npm ci)",
    ]);
    expect(engineProblems(changed({ versions: { pdfkit: '0.20.0' } }))[0]).toMatch(/^pdfkit 0\.20\.0 is installed, .* pdfkit 0\.19\.1 exactly/);
    expect(engineProblems(changed({ versions: { pdfkit: undefined } }))[0]).toMatch(/^pdfkit \(not found\) is installed/);
  });

  it('refuses a hooked member that is missing or not a function, naming it', () => {
    const renamed = changed({ module: (name, real) => (name === 'pdfmake/js/TextInlines.js' ? without(real, 'measure') : real) });
    expect(engineProblems(renamed)).toEqual(['pdfmake/js/TextInlines.js #measure is missing, and the PDF writer hooks into it']);
    const value = changed({ module: (name, real) => (name === 'pdfkit' ? without(real, 'markContent', 1) : real) });
    expect(engineProblems(value)).toEqual(['pdfkit #markContent is not a function (number), and the PDF writer hooks into it']);
    const staticGone = changed({ module: (name, real) => (name === 'pdfmake/js/StyleContextStack.js' ? {} : real) });
    expect(engineProblems(staticGone)).toEqual(['pdfmake/js/StyleContextStack.js .getStyleProperty is missing, and the PDF writer hooks into it']);
    const unloadable = changed({ module: (name, real) => (name === 'pdfmake/js/Renderer.js' ? undefined : real) });
    expect(engineProblems(unloadable)).toEqual(['pdfmake/js/Renderer.js cannot be loaded, and the PDF writer hooks into it']);
  });

  it('checks every member the hooks reach, each of which the installed engine has', () => {
    const engine = installedEngine();
    // Each listed member, removed on its own, is reported: no entry of the list is dead.
    for (const [name, members] of Object.entries(HOOKED_MEMBERS)) {
      for (const member of members) {
        const key = member.replace(/^#/, '');
        const gone = changed({
          module: (n, real) => (n !== name ? real : member.startsWith('#') ? without(real, key) : { ...(real as object), [key]: undefined }),
        });
        expect(engineProblems(gone), `${name} ${member}`).toHaveLength(1);
      }
    }
    expect(engineProblems(engine)).toEqual([]);
  });

  it("refuses, when the first font is opened, a pdfkit font without the layoutCached the shaping relies on", async () => {
    const briefing = await loadBriefing(join(fixtures, 'minimal.yaml'));
    const { view, rendered } = await renderBriefing(briefing);
    const options = { theme: await loadTheme(builtinTemplates), creationDate: new Date(0) };
    // pdfkit's EmbeddedFont class, from a font opened the way pdfmake opens it.
    const PDFKit = createRequire(createRequire(import.meta.url).resolve('pdfmake/js/index.js'))('pdfkit') as new (o: object) => { font(p: string): { _font: object } };
    const EmbeddedFont = Object.getPrototypeOf(new PDFKit({ autoFirstPage: false }).font(fontFace(400).path)._font) as Record<string, unknown>;
    const layoutCached = EmbeddedFont.layoutCached;
    delete EmbeddedFont.layoutCached;
    try {
      await expect(renderPdf(view, rendered, options)).rejects.toThrow(/pdfkit EmbeddedFont #layoutCached is missing, and the PDF writer hooks into it/);
    } finally {
      EmbeddedFont.layoutCached = layoutCached;
    }
    await expect(renderPdf(view, rendered, options)).resolves.toBeInstanceOf(Buffer);
  });
});
