import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import { megabytes, notRegularFile } from '../model/read-file.js';
import { builtinTemplates } from '../io/paths.js';

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

/**
 * Runs `use` with a folder holding the complete template set: the override folder itself when it
 * has every built-in file, otherwise a temporary copy of the built-in set with the override's files
 * on top (removed afterwards). An override folder may so hold only the files it changes.
 */
export async function withTemplateSet<T>(overrideDir: string | undefined, use: (dir: string) => Promise<T>): Promise<T> {
  if (overrideDir === undefined || resolve(overrideDir) === resolve(builtinTemplates)) return use(builtinTemplates);
  await checkTemplatesDir(overrideDir);
  const have = new Set(await templateFiles(overrideDir));
  if ((await templateFiles(builtinTemplates)).every((f) => have.has(f))) return use(overrideDir);
  const merged = await mkdtemp(join(tmpdir(), 'briefing-templates-'));
  try {
    await cp(builtinTemplates, merged, { recursive: true });
    await cp(overrideDir, merged, { recursive: true, force: true });
    return await use(merged);
  } finally {
    await rm(merged, { recursive: true, force: true });
  }
}
