/**
 * The template set of a build, resolved in one place: the user's --templates folder (checked once)
 * over the built-in one, file by file, so an override folder holds only the files it changes. The
 * renderer, the theme, the EPUB and the HTML page all read their files through it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import { megabytes, notRegularFile } from '../model/read-file.js';
import { builtinTemplates } from '../io/paths.js';
import { checkStylesheet, type CheckedStylesheet } from './stylesheet.js';

/** Plain data: it travels to the writer threads with their jobs. */
export interface TemplateSet {
  /** The user's folder, checked; absent: the built-in set alone. */
  override?: string;
  /** Every file of the set by its path in the folder (`partials/title.hbs`), as the file it is read from: the user's, else the built-in one. */
  files: Record<string, string>;
  /** `epub.css`, checked (stylesheet.ts): what the EPUB and the HTML page write. */
  stylesheet: CheckedStylesheet;
}

/** Resolves the set once for a build: the override folder is checked, every file found, the style sheet checked. */
export async function resolveTemplates(overrideDir?: string): Promise<TemplateSet> {
  const override = overrideDir === undefined || resolve(overrideDir) === resolve(builtinTemplates) ? undefined : overrideDir;
  if (override !== undefined) await checkTemplatesDir(override);
  const files: Record<string, string> = {};
  for (const dir of override === undefined ? [builtinTemplates] : [builtinTemplates, override]) {
    // Links included: checkTemplatesDir has seen that each leads to a regular file.
    for (const f of await templateFiles(dir, true)) files[f] = join(dir, f);
  }
  const css = templatePath({ files }, 'epub.css');
  return { ...(override !== undefined ? { override } : {}), files, stylesheet: checkStylesheet(await readFile(css, 'utf8'), css) };
}

/** The file a template set reads `name` from (a path in the folder, `/`-separated); messages name it too. */
export function templatePath(set: Pick<TemplateSet, 'files' | 'override'>, name: string): string {
  const file = set.files[name];
  if (file === undefined) throw new BriefingError([{ file: join(set.override ?? builtinTemplates, name), message: 'template not found', fatal: true }]);
  return file;
}

/** A template, style sheet or theme is text of a few kilobytes. */
const TEMPLATE_BYTES = 1024 * 1024;

/** Every file of a template folder (`everything`: and whatever else is in it but folders), as paths relative to it, sorted. */
export async function templateFiles(dir: string, everything = false): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => (everything ? !e.isDirectory() : e.isFile()))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Refuses a --templates folder that does not exist, naming it, before anything is built. */
export async function checkTemplatesDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new BriefingError([{ file: dir, message: info ? 'is not a folder of templates' : 'templates folder not found', fatal: true }]);
  }
  // Every file is read whole by some writer: only regular files of a sensible size (a FIFO would
  // block the build, a device would be read until memory runs out).
  const odd: Diagnostic[] = [];
  for (const f of await templateFiles(dir, true)) {
    const info = await stat(join(dir, f)).catch(() => undefined);
    const problem = !info ? 'is a link to nothing' : info.isDirectory() ? undefined : notRegularFile(info) ?? (info.size > TEMPLATE_BYTES ? `is ${megabytes(info.size)}; a template file may be at most ${megabytes(TEMPLATE_BYTES)}` : undefined);
    if (problem) odd.push({ file: join(dir, f), message: `template error: ${problem}`, fatal: true });
  }
  if (odd.length > 0) throw new BriefingError(odd);
  // The EPUB's package, navigation and page skeletons are EJS templates, which run the JavaScript
  // they hold: they are the product's own and cannot be replaced. Every look is in the .hbs and CSS.
  // A copy of the whole built-in folder holds them unchanged, which is fine.
  const code: string[] = [];
  for (const f of (await templateFiles(dir)).filter((f) => /^epub[\\/]/.test(f) || f.endsWith('.ejs'))) {
    const [mine, builtin] = await Promise.all([readFile(join(dir, f)), readFile(join(builtinTemplates, f)).catch(() => undefined)]);
    if (!builtin?.equals(mine)) code.push(f);
  }
  if (code.length > 0) {
    throw new BriefingError(code.map((f) => ({
      file: join(dir, f),
      message: 'template error: the EPUB package templates (epub/*.ejs) run code and cannot be overridden; change the look with briefing.hbs, partials/*.hbs and epub.css',
      fatal: true,
    })));
  }
}
