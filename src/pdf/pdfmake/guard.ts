/**
 * The hooks (registry.ts) reach into pdfmake's and pdfkit's internals. A renamed or removed member
 * would otherwise fail silently (a missing `layoutCached` skips shaping without an error). So the
 * writer refuses to start on a version the hooks were not tested with, or when a
 * member the registry declares is missing, not a function, or takes another number of parameters.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { manifestAbove } from '../../io/paths.js';
import { CHECKED_LATER, REGISTRY, stockOf, type Hooked, type Owner } from './registry.js';

/**
 * The range of versions the hooks were tested over, both ends tried (the same bytes for every sample
 * output, the test suite: src/pdf/pdfmake/README.md). A version inside it is accepted when every
 * member the registry declares is there with its arity (checked below, whatever the version).
 */
export const TESTED_RANGES: { readonly [name in 'pdfmake' | 'pdfkit']: { readonly from: string; readonly through: string } } = {
  pdfmake: { from: '0.3.11', through: '0.3.11' },
  pdfkit: { from: '0.19.1', through: '0.20.2' },
};

/** `a` before (< 0), equal to (0) or after (> 0) `b`, for plain x.y.z versions; NaN for anything else (a pre-release, say). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => (/^\d+\.\d+\.\d+$/.test(v) ? v.split('.').map(Number) : undefined);
  const [x, y] = [parse(a), parse(b)];
  if (!x || !y) return Number.NaN;
  return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
}

/** Whether `version` of `name` lies inside the tested range. */
export function inTestedRange(name: 'pdfmake' | 'pdfkit', version: string): boolean {
  const { from, through } = TESTED_RANGES[name];
  return compareVersions(version, from) >= 0 && compareVersions(version, through) <= 0;
}

/** What the check looks at; `installedEngine()` gives the real one, tests give fakes. */
export interface Engine {
  versions: { pdfmake: string | undefined; pdfkit: string | undefined };
  /** An owner's class (a pdfmake module's default export), or an object of it; undefined when it cannot be loaded. */
  module(owner: Owner): unknown;
}

function tested(name: 'pdfmake' | 'pdfkit'): string {
  const { from, through } = TESTED_RANGES[name];
  return from === through ? `${name} ${from} exactly; install that version` : `${name} ${from} to ${through}; install one of them`;
}

/** The members the guard can check now: one per owner and member, with the arity any entry declares. */
function checkedMembers(): Map<Owner, Map<string, number | undefined>> {
  const byOwner = new Map<Owner, Map<string, number | undefined>>();
  for (const entry of REGISTRY) {
    if (CHECKED_LATER.includes(entry.owner) || !isMethod(entry)) continue;
    let members = byOwner.get(entry.owner);
    if (!members) byOwner.set(entry.owner, (members = new Map()));
    members.set(entry.member, entry.arity ?? members.get(entry.member));
  }
  return byOwner;
}

/** Methods, and fields on a class or module itself (`.name`); fields of instances cannot be checked before they exist. */
function isMethod(entry: Hooked): boolean {
  return entry.kind !== 'field' || entry.member.startsWith('.');
}

/** Every reason the writer cannot run on `engine`, one sentence each; empty when it can. */
export function engineProblems(engine: Engine): string[] {
  const problems: string[] = [];
  for (const name of ['pdfmake', 'pdfkit'] as const) {
    const found = engine.versions[name];
    if (found === undefined) problems.push(`${name} cannot be found (no package.json of it above its entry file), and the PDF writer hooks into it; install it (npm ci)`);
    else if (!inTestedRange(name, found)) {
      problems.push(`${name} ${found} is installed, but the PDF writer's hooks were tested with ${tested(name)} (npm ci)`);
    }
  }
  // Members are checked even when a version is off: the message then says what exactly changed.
  for (const [owner, members] of checkedMembers()) problems.push(...memberProblems(engine.module(owner), owner, members));
  return problems;
}

/**
 * Which of `members` (`#name` on the prototype, or on the object itself when `value` is not a
 * class; `.name` on the value itself) are missing, not functions, or of another arity.
 */
export function memberProblems(value: unknown, where: string, members: ReadonlyMap<string, number | undefined>): string[] {
  if (value === undefined || value === null) return [`${where} cannot be loaded, and the PDF writer hooks into it`];
  const problems: string[] = [];
  for (const [member, arity] of members) {
    const onPrototype = member.startsWith('#');
    const key = member.slice(1);
    const prototype = (value as { prototype?: unknown }).prototype;
    const holder = onPrototype && typeof prototype === 'object' && prototype !== null ? prototype : value;
    const found = holder === null || holder === undefined ? undefined : (holder as Record<string, unknown>)[key];
    const field = REGISTRY.some((e) => e.owner === where && e.member === member && e.kind === 'field');
    const what = `${where} ${onPrototype ? '#' : '.'}${key}`;
    if (field) {
      if (found === undefined || found === null) problems.push(`${what} is missing, and the PDF writer reads it`);
      continue;
    }
    if (typeof found !== 'function') {
      problems.push(`${what} is ${found === undefined ? 'missing' : `not a function (${typeof found})`}, and the PDF writer hooks into it`);
      continue;
    }
    const length = stockOf(found).length;
    if (arity !== undefined && length !== arity) problems.push(`${what} takes ${length} parameters, not the ${arity} the PDF writer's hooks were written for`);
  }
  return problems;
}

/** Checks the registry's members of an owner the guard cannot load (pdfkit's font class) on an object of it. */
export function assertObjectMembers(owner: Owner, object: unknown): void {
  const members = new Map<string, number | undefined>();
  for (const entry of REGISTRY) if (entry.owner === owner && isMethod(entry)) members.set(entry.member, entry.arity ?? members.get(entry.member));
  const problems = memberProblems(object, owner, members);
  if (problems.length > 0) throw new EngineError(problems);
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
 * The version in the package.json of package `name` that holds `file`: found by walking up from it,
 * not through `require('name/package.json')`, which a package's `exports` may refuse (pdfkit 0.20).
 */
export function packageVersion(file: string, name: string): string | undefined {
  return manifestAbove(file, (m) => m.name === name)?.version;
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
  const attempt = <T>(get: () => T): T | undefined => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  const pdfkitEntry = attempt(() => fromPdfmake.resolve('pdfkit'));
  type Kit = new (options: object) => { ref(data: object): unknown };
  const pdfkit = () => attempt(() => fromPdfmake('pdfkit') as Kit);
  // pdfkit mixes its PDF/A members into a document made with a PDF/A subset: looked for on one.
  let made: { ref(data: object): unknown } | undefined;
  const probe = () => (made ??= attempt(() => new (pdfkit()!)({ autoFirstPage: false, subset: 'PDF/A-3a' })));
  return {
    versions: { pdfmake: packageVersion(pdfmakeEntry, 'pdfmake'), pdfkit: pdfkitEntry ? packageVersion(pdfkitEntry, 'pdfkit') : undefined },
    module(owner) {
      if (owner === 'pdfkit') return pdfkit();
      if (owner === 'pdfkit PDF/A document') return probe();
      if (owner === 'pdfkit PDFReference') return attempt(() => probe()!.ref({}));
      if (!owner.startsWith('pdfmake/js/')) return undefined;
      const m = attempt(() => fromPdfmake(join(jsDir, owner.slice('pdfmake/js/'.length)))) as { default?: unknown } | undefined;
      return m && typeof m === 'object' && 'default' in m ? m.default : m;
    },
  };
}
