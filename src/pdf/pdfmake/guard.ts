/**
 * The PDF writer's hooks (rtl/install.ts, tagged.ts, styles.ts, conformance.ts, pdfmake-internals.ts) reach into
 * pdfmake's and pdfkit's internals. They were written against exactly these versions; a renamed or
 * removed member would otherwise fail silently (a missing `layoutCached` skips shaping without an
 * error). So the writer refuses to start on any other version, or when a member it hooks is not there.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The versions package.json pins, and the hooks were written for. */
export const KNOWN_VERSIONS = { pdfmake: '0.3.11', pdfkit: '0.19.1' } as const;

/** Every member a hook replaces or calls, by the module that holds it (`#` = on the prototype). */
export const HOOKED_MEMBERS: Record<string, readonly string[]> = {
  'pdfmake/js/TextInlines.js': ['#measure', '#buildInlines'],
  'pdfmake/js/ElementWriter.js': ['#alignLine', '#context', '#addFragment'],
  'pdfmake/js/Line.js': ['#getWidth'],
  'pdfmake/js/PDFDocument.js': ['#provideFont', '#getFontType', '#file'],
  'pdfmake/js/StyleContextStack.js': ['getStyleProperty'],
  'pdfmake/js/LayoutBuilder.js': ['#layoutDocument', '#processNode', '#buildNextLine'],
  'pdfmake/js/DocMeasure.js': ['#measureLeaf', '#measureDocument'],
  'pdfmake/js/DocPreprocessor.js': ['#preprocessDocument'],
  'pdfmake/js/Printer.js': ['#createPdfKitDocument'],
  'pdfmake/js/TextDecorator.js': ['#drawBackground', '#drawDecorations'],
  'pdfmake/js/Renderer.js': ['#renderPages', '#renderLine', '#renderVector', '#renderImage', '#renderSVG'],
  pdfkit: ['#addPage', '#struct', '#addStructure', '#markStructureContent', '#markContent', '#endMarkedContent', '#text', '#font', '#link', '#goTo', '#fill', '#fillColor', '#addContent', '#endMetadata', '#endOutline', '#ref'],
};

/** pdfkit's EmbeddedFont is not exported: its members are checked on the first font a document opens. */
export const EMBEDDED_FONT_MEMBERS = ['#layout', '#layoutCached', '#embed'] as const;

/** What the check looks at; `installedEngine()` gives the real one, tests give fakes. */
export interface Engine {
  versions: { pdfmake: string | undefined; pdfkit: string | undefined };
  /** A module's export (the class, for pdfmake's `default` exports), undefined when it cannot be loaded. */
  module(name: string): unknown;
}

/** Every reason the writer cannot run on `engine`, one sentence each; empty when it can. */
export function engineProblems(engine: Engine): string[] {
  const problems: string[] = [];
  for (const name of ['pdfmake', 'pdfkit'] as const) {
    const found = engine.versions[name];
    if (found !== KNOWN_VERSIONS[name]) {
      problems.push(
        `${name} ${found ?? '(not found)'} is installed, but the PDF writer's hooks were written for ${name} ${KNOWN_VERSIONS[name]} exactly; install that version (npm ci)`,
      );
    }
  }
  // Members are checked even when a version is off: the message then says what exactly changed.
  for (const [name, members] of Object.entries(HOOKED_MEMBERS)) {
    problems.push(...memberProblems(engine.module(name), name, members));
  }
  return problems;
}

/** Which of `members` (`#name` on the prototype, `name` on the value itself) are missing or not functions. */
export function memberProblems(value: unknown, where: string, members: readonly string[]): string[] {
  if (value === undefined || value === null) return [`${where} cannot be loaded, and the PDF writer hooks into it`];
  return members.flatMap((member) => {
    const onPrototype = member.startsWith('#');
    const key = onPrototype ? member.slice(1) : member;
    const holder = onPrototype ? (value as { prototype?: unknown }).prototype : value;
    const found = holder === null || holder === undefined ? undefined : (holder as Record<string, unknown>)[key];
    if (typeof found === 'function') return [];
    const what = `${where} ${onPrototype ? '#' : '.'}${key}`;
    return [`${what} is ${found === undefined ? 'missing' : `not a function (${typeof found})`}, and the PDF writer hooks into it`];
  });
}

/** Throws one error that lists every problem, so a wrong install is explained in one go. */
export function assertEngine(engine: Engine = installedEngine()): void {
  const problems = engineProblems(engine);
  if (problems.length > 0) throw new EngineError(problems);
}

export class EngineError extends Error {
  constructor(readonly problems: string[]) {
    super(`the PDF engine is not the one this version of briefing supports: ${problems.join('; ')}`);
    this.name = 'EngineError';
  }
}

/**
 * The pdfmake this package loads (or the copy whose `pdfmake/js` folder is `dir`, for a user's own
 * pdfmake given to installRtl), and the pdfkit that pdfmake itself loads.
 */
export function installedEngine(dir?: string): Engine {
  const ours = createRequire(import.meta.url);
  const pdfmakeEntry = dir ? join(dir, 'index.js') : ours.resolve('pdfmake/js/index.js');
  const jsDir = dirname(pdfmakeEntry);
  // pdfkit as pdfmake resolves it: the very copy its PDFDocument extends.
  const fromPdfmake = createRequire(pdfmakeEntry);
  const load = (id: string): unknown => {
    try {
      return fromPdfmake(id);
    } catch {
      return undefined;
    }
  };
  const version = (file: string) => (load(file) as { version?: string } | undefined)?.version;
  return {
    versions: { pdfmake: version(join(jsDir, '..', 'package.json')), pdfkit: version('pdfkit/package.json') },
    module(name) {
      if (name === 'pdfkit') return load('pdfkit');
      const m = load(join(jsDir, name.replace(/^pdfmake\/js\//, ''))) as { default?: unknown } | undefined;
      return m && typeof m === 'object' && 'default' in m ? m.default : m;
    },
  };
}
