// The hook registry against what a real build does: every member the hooks replace (seen by comparing
// pdfmake's and pdfkit's classes, documents and fonts with their stock state, not by reading the
// registry) is one the guard checks; every declared replacement is installed by a build; and `hook`
// refuses a member the registry does not declare. Runs in a process of its own: pdfmake is stock
// until the first build.
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';

const require = createRequire(import.meta.url);
const pdfmakeJs = dirname(require.resolve('pdfmake/js/index.js'));
type Cls = { prototype: Record<string, unknown> } & Record<string, unknown>;
const PDFKit = createRequire(join(pdfmakeJs, 'index.js'))('pdfkit') as Cls & (new (o: object) => Record<string, unknown>);

/** Every class pdfmake's modules export, by owner name as the registry spells it, and pdfkit's document. */
function classes(): Map<string, Cls> {
  const out = new Map<string, Cls>([['pdfkit', PDFKit]]);
  for (const file of readdirSync(pdfmakeJs).filter((f) => f.endsWith('.js'))) {
    const m = require(join(pdfmakeJs, file)) as { default?: unknown };
    if (typeof m?.default === 'function') out.set(`pdfmake/js/${file}`, m.default as unknown as Cls);
  }
  return out;
}

/** Each own member of each class and its prototype, as it is now. */
function snapshot(): Map<string, unknown> {
  const members = new Map<string, unknown>();
  for (const [owner, cls] of classes()) {
    for (const key of Object.getOwnPropertyNames(cls.prototype)) members.set(`${owner} #${key}`, Object.getOwnPropertyDescriptor(cls.prototype, key)!.value);
    for (const key of Object.getOwnPropertyNames(cls)) members.set(`${owner} .${key}`, Object.getOwnPropertyDescriptor(cls, key)!.value);
  }
  return members;
}

/**
 * An object's own function members that replace one `stock` (an object made the same way, unhooked)
 * shares with every object of its kind; members bound per object (pdfkit's `_line`) are its own anyway.
 */
function replacedOn(object: Record<string, unknown>, stock: Record<string, unknown>, fresh = false): string[] {
  return Object.keys(object).filter((k) => {
    const was = stock[k];
    if (typeof object[k] !== 'function' || object[k] === was) return false;
    return fresh || (typeof was === 'function' && !was.name.startsWith('bound '));
  });
}

const stock = snapshot();
let replaced: string[] = [];
let docMembers: string[] = [];
let fontMembers: string[] = [];
let font: Record<string, unknown> | undefined;

beforeAll(async () => {
  const { renderPdf } = await import('../../src/pdf/index.js');
  const { loadTheme } = await import('../../src/pdf/theme.js');
  const { renderBriefing } = await import('../../src/index.js');
  const { loadBriefing } = await import('../../src/model/load.js');
  const { builtinTemplates } = await import('../../src/io/paths.js');
  const briefing = await loadBriefing(join(fixtures, 'minimal.yaml'));
  const { view, rendered } = await renderBriefing({ ...briefing, layout: 'report' });
  const options = { theme: await loadTheme(builtinTemplates), creationDate: new Date(0), source: { name: 'minimal.yaml', bytes: new Uint8Array([1, 2, 3]), mediaType: 'application/yaml' } };
  await renderPdf(view, rendered, options);
  replaced = [...snapshot()].filter(([k, v]) => stock.has(k) && stock.get(k) !== v).map(([k]) => k);
  // The documents and fonts of a second build, seen from outside (these wrappers are the test's, outermost).
  const Printer = require(join(pdfmakeJs, 'Printer.js')).default as Cls;
  const PDFDocument = require(join(pdfmakeJs, 'PDFDocument.js')).default as Cls;
  const create = Printer.prototype.createPdfKitDocument as (...a: unknown[]) => Promise<Record<string, unknown>>;
  const provideFont = PDFDocument.prototype.provideFont as (...a: unknown[]) => Record<string, unknown>;
  let doc: Record<string, unknown> | undefined;
  Printer.prototype.createPdfKitDocument = async function (...args: unknown[]) {
    return (doc = await create.apply(this, args));
  };
  PDFDocument.prototype.provideFont = function (...args: unknown[]) {
    return (font ??= provideFont.apply(this, args));
  };
  try {
    await renderPdf(view, rendered, options);
  } finally {
    Printer.prototype.createPdfKitDocument = create;
    PDFDocument.prototype.provideFont = provideFont;
  }
  docMembers = replacedOn(doc!, new PDFKit({ autoFirstPage: false, subset: 'PDF/A-3a', tagged: true }) as Record<string, unknown>);
  fontMembers = replacedOn(font!, {}, true);
});

describe('the hook registry, against a real build', () => {
  it('the guard checks every member of pdfmake and pdfkit a build replaced', async () => {
    const { engineProblems, installedEngine } = await import('../../src/pdf/pdfmake/guard.js');
    // What the hooks are known to replace, named here, not read from the registry.
    expect(replaced).toEqual(expect.arrayContaining(['pdfmake/js/TextInlines.js #measure', 'pdfmake/js/LayoutBuilder.js #layoutDocument', 'pdfmake/js/StyleContextStack.js .getStyleProperty', 'pdfmake/js/Renderer.js #renderLine', 'pdfmake/js/PDFDocument.js #file']));
    expect(docMembers.sort()).toEqual(['_addPdfaMetadata', 'endMetadata', 'endOutline']);
    expect(fontMembers.sort()).toEqual(['embed', 'encode', 'layout']);
    const real = installedEngine();
    const gone = (owner: string, member: string) => {
      const key = member.slice(1);
      return {
        versions: real.versions,
        module: (name: string) => {
          const value = real.module(name as never) as Cls | undefined;
          if (name !== owner || !value) return value;
          if (member.startsWith('.')) return Object.assign(Object.create(value), { [key]: undefined });
          if (typeof value !== 'function') return Object.assign(Object.create(value), { [key]: undefined });
          const proto = Object.create((value as Cls).prototype);
          Object.defineProperty(proto, key, { value: undefined });
          return { prototype: proto };
        },
      };
    };
    for (const name of replaced) {
      const [owner, member] = name.split(' ') as [string, string];
      expect(engineProblems(gone(owner, member)), name).toContain(`${owner} ${member} is missing, and the PDF writer hooks into it`);
    }
    for (const key of docMembers) {
      const owner = key in (PDFKit as unknown as Cls).prototype ? 'pdfkit' : 'pdfkit PDF/A document';
      expect(engineProblems(gone(owner, `#${key}`)), key).toContain(`${owner} #${key} is missing, and the PDF writer hooks into it`);
    }
  });

  it('checks, on the first font, every font member a build replaced', async () => {
    const { assertObjectMembers } = await import('../../src/pdf/pdfmake/guard.js');
    expect(() => assertObjectMembers('pdfkit EmbeddedFont', Object.getPrototypeOf(font))).not.toThrow();
    for (const key of fontMembers) {
      const without = Object.create(Object.getPrototypeOf(font)) as Record<string, unknown>;
      Object.defineProperty(without, key, { value: undefined });
      expect(() => assertObjectMembers('pdfkit EmbeddedFont', without), key).toThrow(`pdfkit EmbeddedFont #${key} is missing`);
    }
  });

  it('every replacement the registry declares was installed by the builds', async () => {
    const { REGISTRY, usedEntries } = await import('../../src/pdf/pdfmake/registry.js');
    const used = usedEntries();
    const unused = REGISTRY.filter((e) => (e.kind === 'wrap' || e.kind === 'replace') && !used.has(e)).map((e) => `${e.by}: ${e.owner} ${e.member}`);
    expect(unused).toEqual([]);
  });

  it('hook refuses a member the registry does not declare for that file, and a wrapper out of the registry order', async () => {
    const { hook, during } = await import('../../src/pdf/pdfmake/registry.js');
    const Renderer = require(join(pdfmakeJs, 'Renderer.js')).default as Cls;
    const before = Renderer.prototype.renderLine;
    expect(() => hook('styles.ts', 'pdfmake/js/Renderer.js', '#renderLine', (f) => f)).toThrow(/styles\.ts replaces pdfmake\/js\/Renderer\.js #renderLine, which the hook registry .* does not declare for it/);
    expect(() => hook('tagged.ts', 'pdfmake/js/Renderer.js', '#renderWhatever', (f) => f)).toThrow(/does not declare/);
    expect(() => during('tagged.ts', 'pdfkit', {}, { '#save': (f: unknown) => f }, () => 0)).toThrow(/does not declare/);
    // rtl-hooks.ts's wrapper comes before (inside) tagged.ts's, installed by the build already.
    expect(() => hook('rtl-hooks.ts', 'pdfmake/js/Renderer.js', '#renderPages', (f) => f)).toThrow(/must be installed before tagged\.ts's \(registry order\)/);
    expect(Renderer.prototype.renderLine).toBe(before);
  });
});
