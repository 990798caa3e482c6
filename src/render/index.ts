import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type Handlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { BriefingError } from '../model/diagnostic.js';
import { builtinTemplates } from '../io/paths.js';
import { resolveTemplates, templatePath, type TemplateSet } from './template-set.js';
import type { View } from '../view/index.js';
import { splitSections, type Section } from './sections.js';
import { checkMarkup, markTags, unmarked, type Place } from './resources.js';
import { markLatinRunsIn } from './latin-runs.js';
import { toXhtml } from './serialize.js';

/** Handlebars without its compiler (its own typings declare nothing): what precompiled templates need. */
const HandlebarsRuntime = runtime as unknown as typeof Handlebars;

export interface Rendered {
  /** The body content shared by every output: a sequence of top-level <section> elements. */
  xhtml: string;
  sections: Section[];
}

export type Render = (view: View) => Rendered;

interface TemplateSource {
  file: string;
  source: string;
}

/**
 * Compiles the template set once: `briefing.hbs` and every `partials/*.hbs`. A file missing from
 * `templates` (a folder, or a set resolved already) is taken from the built-in set, so an override
 * folder holds only what it changes.
 * Handlebars escapes every `{{value}}`; the templates never use triple braces, so data is always text.
 * A process that renders again with the same template files (a watcher, several briefings in one
 * build) gets the renderer it compiled before: compiling takes ~20-40 ms, reading the files ~1 ms.
 */
export async function createRenderer(templates: string | TemplateSet = builtinTemplates): Promise<Render> {
  const set = typeof templates === 'string' ? await resolveTemplates(templates) : templates;
  const sources = await partials(set);
  const main = await templateSource(set, 'briefing.hbs');
  const key = JSON.stringify([main, ...sources]);
  let render = renderers.get(key);
  if (!render) {
    render = await compileRenderer(main, sources);
    renderers.set(key, render);
    // A watcher whose templates are being edited would otherwise keep every version.
    if (renderers.size > 8) renderers.delete(renderers.keys().next().value!);
  }
  return render;
}

const renderers = new Map<string, Render>();

async function compileRenderer(main: TemplateSource, sources: Map<string, TemplateSource>): Promise<Render> {
  const { places, partials: marked, main: markedMain } = markAll(main, sources);
  // The built-in templates come compiled with the package (builtinSpecs); Handlebars' compiler is
  // loaded only for a template it does not have (the user's own, or one after them in the marking).
  const specs = await builtinSpecs();
  const found = new Map([...marked.map(({ t }) => t), markedMain].map((t) => [t, builtinSpec(specs, t)] as const));
  const compiler = [...found.values()].some((spec) => spec === undefined) ? (await import('handlebars')).default : undefined;
  const hb = (compiler ?? HandlebarsRuntime).create();
  // Made by this environment, which holds the partials: a template sees the partials of its own.
  const templateOf = (t: TemplateSource) => {
    const spec = found.get(t);
    return spec ? hb.template(spec) : compileChecked(compiler!, hb, t);
  };
  for (const { name, t } of marked) {
    const partial = templateOf(t);
    // A runtime error inside a partial names the partial's file, not the main template.
    hb.registerPartial(name, ((context: unknown, options: Handlebars.RuntimeOptions) => {
      try {
        return partial(context, options);
      } catch (err) {
        throw err instanceof BriefingError ? err : templateError(t, err);
      }
    }) as Handlebars.TemplateDelegate);
  }
  const template = templateOf(markedMain);
  const delegate = (view: View) => template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  return (view) => {
    let xhtml: string;
    try {
      // Prototype access stays off (the Handlebars default): templates see only the view's own fields.
      xhtml = delegate(view);
    } catch (err) {
      throw err instanceof BriefingError ? err : templateError(main, err);
    }
    // Only the briefing's own images may appear; nothing else may be loaded by any output.
    const images = new Set([view.logo?.src, ...view.figures.map((f) => f.src)].filter((s): s is string => s !== undefined));
    // One parse of the output: checked, Latin runs marked, split; every writer gets the checked tree's text.
    const doc = checkMarkup(xhtml, places, images, { file: main.file, line: 1 });
    markLatinRunsIn(doc, view);
    return { xhtml: toXhtml(doc), sections: splitSections(doc) };
  };
}

/**
 * The templates with each tag that could load something marked by its place (see resources.ts):
 * the partials in order, then the main template, numbered across them all. The compiled built-in
 * templates are found by their marked source, so the build and the renderer mark them here alike.
 */
function markAll(main: TemplateSource, sources: Map<string, TemplateSource>): { places: Place[]; partials: { name: string; t: TemplateSource }[]; main: TemplateSource } {
  const places: Place[] = [];
  const partials = [...sources].map(([name, t]) => ({ name, t: { ...t, source: markTags(t.source, t.file, places) } }));
  return { places, partials, main: { ...main, source: markTags(main.source, main.file, places) } };
}

/** Compiled templates by `specKey` of their marked source (template specs, as `Handlebars.precompile` writes them). */
type Specs = Record<string, Parameters<typeof Handlebars.template>[0]>;
let specsLoaded: Promise<Specs> | undefined;

/**
 * The built-in templates, compiled at `npm run build` (scripts/precompile-templates.mjs) into
 * `builtin-templates.js` beside this module, in dist/render/ and dist/bundle/. Compiling them here
 * took ~100 ms of a one-page build, on the main thread, before the writers could start. Under the
 * tests the sources run as TypeScript, with no such file: every template is compiled.
 */
function builtinSpecs(): Promise<Specs> {
  return (specsLoaded ??= import(new URL('./builtin-templates.js', import.meta.url).href).then(
    // A file that is not what the build writes (empty, cut short) is as if missing.
    (m: { default?: unknown }) => (m.default !== null && typeof m.default === 'object' ? (m.default as Specs) : {}),
    () => ({}),
  ));
}

/** A template's key among the compiled ones: its marked source, the compiler's options and Handlebars' version. */
export function specKey(source: string): string {
  return createHash('sha256').update(HandlebarsRuntime.VERSION).update('\0').update(JSON.stringify(COMPILE_OPTIONS)).update('\0').update(source).digest('hex');
}

/** The compiled built-in template for `t` if its marked source is the one compiled, and this runtime takes it. */
function builtinSpec(specs: Specs, t: TemplateSource): Specs[string] | undefined {
  const spec = specs[specKey(t.source)];
  if (!spec) return undefined;
  try {
    HandlebarsRuntime.template(spec);
    return spec;
  } catch {
    // Compiled by another Handlebars than the one installed: compile it again.
    return undefined;
  }
}

/** The partials by name: `partials/*.hbs` of the set. */
async function partials(set: TemplateSet): Promise<Map<string, TemplateSource>> {
  const names = Object.keys(set.files).filter((f) => /^partials\/[^/]+\.hbs$/.test(f)).sort();
  const result = new Map<string, TemplateSource>();
  for (const name of names) result.set(name.slice('partials/'.length, -'.hbs'.length), await templateSource(set, name));
  return result;
}

async function templateSource(set: TemplateSet, name: string): Promise<TemplateSource> {
  const file = templatePath(set, name);
  return { file, source: await readFile(file, 'utf8') };
}

const COMPILE_OPTIONS: Readonly<Record<string, boolean>> = Object.freeze({ strict: false, preventIndent: true, data: true });

/**
 * Compiles now, once, so a syntax error names its template file and line at once, not at render
 * time. These are the steps `Handlebars.compile` runs on the template's first call (its options
 * defaults included); calling it and then checking with `precompile` would compile twice.
 */
function compileChecked(compiler: typeof Handlebars, hb: typeof Handlebars, t: TemplateSource): Handlebars.TemplateDelegate {
  return hb.template(checkedSpec(compiler, t, true) as Parameters<typeof Handlebars.template>[0]);
}

/** The template spec of `t` after the checks: an object (`asObject`) or the JavaScript text of one, as `precompile` gives it. */
function checkedSpec(compiler: typeof Handlebars, t: TemplateSource, asObject: boolean): unknown {
  const env = compiler as unknown as HandlebarsCompilers;
  // A copy each time: Handlebars writes into the options it is given (known helpers and more).
  const options = () => ({ ...COMPILE_OPTIONS });
  try {
    const ast = compiler.parse(t.source, options() as Handlebars.ParseOptions);
    refuseUnescaped(compiler, ast, t);
    const environment = new env.Compiler().compile(ast, options());
    return new env.JavaScriptCompiler().compile(environment, options(), undefined, asObject);
  } catch (err) {
    throw err instanceof BriefingError ? err : templateError(t, err);
  }
}

/**
 * The built-in template set as `builtin-templates.js` holds it compiled (scripts/precompile-templates.mjs):
 * each template marked as `compileRenderer` marks it, checked as it checks it.
 */
export async function precompileBuiltinTemplates(): Promise<string> {
  const compiler = (await import('handlebars')).default;
  const set = await resolveTemplates(builtinTemplates);
  const marked = markAll(await templateSource(set, 'briefing.hbs'), await partials(set));
  const all = [...marked.partials.map(({ t }) => t), marked.main];
  const entries = all.map((t) => `  ${JSON.stringify(specKey(t.source))}: ${checkedSpec(compiler, t, false) as string},`);
  return `// Compiled from templates/ by scripts/precompile-templates.mjs at npm run build (src/render/index.ts, builtinSpecs).\nexport default {\n${entries.join('\n')}\n};\n`;
}

/**
 * `{{{value}}}` and `{{& value}}` write a value without escaping it: the briefing's own text would
 * become live markup. No template may use them; every value is printed as text.
 */
function refuseUnescaped(compiler: typeof Handlebars, ast: hbs.AST.Program, t: TemplateSource): void {
  const visitor = new compiler.Visitor();
  let found: hbs.AST.MustacheStatement | undefined;
  visitor.MustacheStatement = function (this: typeof visitor, node: hbs.AST.MustacheStatement) {
    if (!node.escaped && !found) found = node;
    return compiler.Visitor.prototype.MustacheStatement.call(this, node);
  };
  visitor.accept(ast);
  if (found) {
    const name = found.path.type === 'PathExpression' ? (found.path as hbs.AST.PathExpression).original : 'value';
    throw new BriefingError([{ file: t.file, line: found.loc.start.line, message: `template error: {{{${name}}}} writes its value unescaped, so text could become markup: use {{${name}}}`, fatal: true }]);
  }
}

/** The compiler classes every Handlebars environment carries (not in its type declarations). */
interface HandlebarsCompilers {
  Compiler: new () => { compile(ast: unknown, options: object): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: boolean): unknown };
}

/** A template error as a diagnostic: the file, the line (from Handlebars, or where the missing name is used) and the reason. */
function templateError(t: TemplateSource, err: unknown): BriefingError {
  const message = unmarked(err instanceof Error ? err.message : String(err));
  const lines = message.split('\n');
  const parse = /^Parse error on line \d+/.test(lines[0]!);
  // Handlebars' parse errors come as: the line, an excerpt, a caret, then what it expected and got.
  const got = parse ? /got '([^']+)'/.exec(lines.at(-1) ?? '')?.[1] : undefined;
  const first = parse ? `syntax error near "${(lines[1] ?? '').trim()}"${got ? ` (unexpected ${got})` : ''}` : lines[0]!.trim() || message;
  const known = (err as { lineNumber?: unknown }).lineNumber;
  const line = typeof known === 'number' ? known : Number(/(?:on line|line:?) (\d+)/i.exec(message)?.[1]) || lineOfMissingName(t.source, message);
  return new BriefingError([{ file: t.file, line, message: `template error: ${first}`, fatal: true }]);
}

/** Runtime errors (a missing helper or partial) carry no position: find the first line that uses the name. */
function lineOfMissingName(source: string, message: string): number | undefined {
  const name = /Missing helper: "([^"]+)"|partial (\S+) could not be found/.exec(message);
  const wanted = name?.[1] ?? name?.[2];
  if (!wanted) return undefined;
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const use = new RegExp(`\\{\\{[#>~\\s]*${escaped}\\b|\\(\\s*${escaped}\\b`);
  const index = source.split('\n').findIndex((l) => use.test(l));
  return index >= 0 ? index + 1 : undefined;
}
