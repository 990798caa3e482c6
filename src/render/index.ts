import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { BriefingError } from '../model/diagnostic.js';
import { builtinTemplates } from '../paths.js';
import type { View } from '../view.js';
import { splitSections, type Section } from './sections.js';

export interface Rendered {
  /** The body content shared by every output: a sequence of top-level <section> elements. */
  xhtml: string;
  sections: Section[];
}

export type Render = (view: View) => Rendered;

/**
 * Compiles the template set once: `briefing.hbs` and every `partials/*.hbs`.
 * Handlebars escapes every `{{value}}`; the templates never use triple braces, so data is always text.
 */
export async function createRenderer(templatesDir: string = builtinTemplates): Promise<Render> {
  const hb = Handlebars.create();
  const partialsDir = join(templatesDir, 'partials');
  const partialFiles = (await readdir(partialsDir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs')).sort();
  for (const f of partialFiles) {
    const file = join(partialsDir, f);
    hb.registerPartial(basename(f, '.hbs'), precompileChecked(hb, await readFile(file, 'utf8'), file));
  }
  const mainFile = join(templatesDir, 'briefing.hbs');
  const main = precompileChecked(hb, await readFile(mainFile, 'utf8'), mainFile);
  return (view) => {
    let xhtml: string;
    try {
      // Prototype access stays off (the Handlebars default): templates see only the view's own fields.
      xhtml = main(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (err) {
      throw templateError(mainFile, err);
    }
    return { xhtml, sections: splitSections(xhtml) };
  };
}

/** Compiles eagerly so a syntax error names its template file and line now, not at render time. */
function precompileChecked(hb: typeof Handlebars, source: string, file: string): Handlebars.TemplateDelegate {
  try {
    hb.precompile(source, { strict: false });
    return hb.compile(source, { strict: false, preventIndent: true });
  } catch (err) {
    throw templateError(file, err);
  }
}

function templateError(file: string, err: unknown): BriefingError {
  const message = err instanceof Error ? err.message : String(err);
  const line = /(?:on line|line:?) (\d+)/i.exec(message)?.[1];
  const first = message.split('\n')[0]!.replace(/^Parse error on line \d+:?/, 'template syntax error').trim();
  return new BriefingError([
    { file, line: line ? Number(line) : undefined, message: `template error: ${first || message}`, fatal: true },
  ]);
}
