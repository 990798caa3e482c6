import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import { BriefingError } from '../model/diagnostic.js';
import { builtinTemplates } from '../io/paths.js';
import { resolveTemplates, templatePath, type TemplateSet } from './template-set.js';
import type { View } from '../view/index.js';
import { splitSections, type Section } from './sections.js';
import { checkMarkup, markTags, unmarked, type Place } from './resources.js';
import { markLatinRunsIn } from './latin-runs.js';
import { toXhtml } from './serialize.js';

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
    render = compileRenderer(main, sources);
    renderers.set(key, render);
    // A watcher whose templates are being edited would otherwise keep every version.
    if (renderers.size > 8) renderers.delete(renderers.keys().next().value!);
  }
  return render;
}

const renderers = new Map<string, Render>();

function compileRenderer(main: TemplateSource, sources: Map<string, TemplateSource>): Render {
  const hb = Handlebars.create();
  // Where each tag that could load something stands in its template (see resources.ts).
  const places: Place[] = [];
  for (const [name, t] of sources) {
    const partial = compileChecked(hb, { ...t, source: markTags(t.source, t.file, places) });
    // A runtime error inside a partial names the partial's file, not the main template.
    hb.registerPartial(name, ((context: unknown, options: Handlebars.RuntimeOptions) => {
      try {
        return partial(context, options);
      } catch (err) {
        throw err instanceof BriefingError ? err : templateError(t, err);
      }
    }) as Handlebars.TemplateDelegate);
  }
  const template = compileChecked(hb, { ...main, source: markTags(main.source, main.file, places) });
  return (view) => {
    let xhtml: string;
    try {
      // Prototype access stays off (the Handlebars default): templates see only the view's own fields.
      xhtml = template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
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

/**
 * Compiles now, once, so a syntax error names its template file and line at once, not at render
 * time. These are the steps `Handlebars.compile` runs on the template's first call (its options
 * defaults included); calling it and then checking with `precompile` would compile twice.
 */
function compileChecked(hb: typeof Handlebars, t: TemplateSource): Handlebars.TemplateDelegate {
  const options = { strict: false, preventIndent: true, data: true };
  const env = hb as unknown as HandlebarsCompilers;
  try {
    const ast = hb.parse(t.source, options as Handlebars.ParseOptions);
    refuseUnescaped(ast, t);
    const environment = new env.Compiler().compile(ast, options);
    const spec = new env.JavaScriptCompiler().compile(environment, options, undefined, true);
    return hb.template(spec);
  } catch (err) {
    throw err instanceof BriefingError ? err : templateError(t, err);
  }
}

/**
 * `{{{value}}}` and `{{& value}}` write a value without escaping it: the briefing's own text would
 * become live markup. No template may use them; every value is printed as text.
 */
function refuseUnescaped(ast: hbs.AST.Program, t: TemplateSource): void {
  const visitor = new Handlebars.Visitor();
  let found: hbs.AST.MustacheStatement | undefined;
  visitor.MustacheStatement = function (this: typeof visitor, node: hbs.AST.MustacheStatement) {
    if (!node.escaped && !found) found = node;
    return Handlebars.Visitor.prototype.MustacheStatement.call(this, node);
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
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): Parameters<typeof Handlebars.template>[0] };
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
