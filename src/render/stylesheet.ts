/**
 * The style sheet (epub.css) may set a look and load nothing but the book's own fonts. It is parsed
 * with css-tree and checked as a tree, not searched for bad strings: a CSS escape (`u\72l(`,
 * `@\69mport`) or a construct the checker did not think of cannot slip through, because only what is
 * known to load nothing is let through: the at-rules, functions and the one kind of `url()` below.
 * The outputs then get the style sheet as css-tree writes the checked tree back, not the file's own
 * text, so what a browser or reading system reads is what was checked; `<` is written as the escape
 * `\3c `, so no content of it can close the HTML page's `<style>` element.
 */
import { createRequire } from 'node:module';
import type { CssNode, StyleSheet, WalkContext } from 'css-tree';
import { cacheKey, installedVersion, readCached, writeCached } from '../io/cache.js';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import { excerpt } from './resources.js';

/** css-tree takes ~60 ms to load: loaded only for a style sheet not checked before (see checkStylesheet). */
let cssTree: typeof import('css-tree') | undefined;
const loadCssTree = () => (cssTree ??= createRequire(import.meta.url)('css-tree') as typeof import('css-tree'));

/** At-rules that only select or describe: none loads anything. */
const AT_RULES = new Set(['media', 'supports', 'page', 'font-face', 'charset']);

/**
 * Functions that compute a value from their arguments and load nothing. Left out on purpose: `url`,
 * `image`, `image-set`, `cross-fade`, `element`, `paint`, `attr` (it can yield a URL), `expression`.
 */
const FUNCTIONS = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'color-mix',
  'calc', 'min', 'max', 'clamp', 'var', 'counter', 'counters',
  'linear-gradient', 'radial-gradient', 'conic-gradient', 'repeating-linear-gradient', 'repeating-radial-gradient',
  'translate', 'translatex', 'translatey', 'rotate', 'scale', 'scalex', 'scaley', 'skew', 'skewx', 'skewy', 'matrix',
  'cubic-bezier', 'steps',
  // Only inside @font-face's src, checked below.
  'local', 'format',
]);

/** A font the EPUB carries: the only thing a style sheet may point at. */
const FONT_URL = /^fonts\/[\w.-]+\.(ttf|otf|woff2?)$/i;

export interface CheckedStylesheet {
  /** The checked style sheet as written into the EPUB. */
  css: string;
  /** The same without its @font-face rules (the HTML page carries the fonts itself). */
  pageCss: string;
  /** The font files its @font-face rules name (`fonts/…`), for the EPUB to carry. */
  fontFiles: string[];
}

/**
 * Checks a style sheet and gives it back as the outputs write it; errors name the file and line.
 * A style sheet that passed before is read from the disk cache (keyed by its text, css-tree's version
 * and the code that checks it, src/io/cache.ts), so a build with the usual epub.css does not load the CSS parser at all.
 */
export function checkStylesheet(source: string, file: string): CheckedStylesheet {
  // css-tree writes the checked sheet back: its version is in the key (found without loading it).
  const key = cacheKey('stylesheet', [source, installedVersion(createRequire(import.meta.url).resolve('css-tree'))]);
  const hit = readCached('stylesheet', key);
  if (hit) return JSON.parse(hit.toString('utf8')) as CheckedStylesheet;
  const checked = checkAndWrite(source, file);
  writeCached('stylesheet', key, Buffer.from(JSON.stringify(checked), 'utf8'));
  return checked;
}

function checkAndWrite(source: string, file: string): CheckedStylesheet {
  const { generate, parse, walk } = loadCssTree();
  const problems: Diagnostic[] = [];
  const refuse = (node: CssNode | { loc?: CssNode['loc'] } | undefined, message: string) =>
    problems.push({ file, line: node?.loc?.start.line, column: node?.loc?.start.column, message: `stylesheet error: ${message}`, fatal: true });
  const ast = parse(source, {
    positions: true,
    parseCustomProperty: true,
    onParseError: (err) => {
      const e = err as unknown as { line?: number; column?: number; message: string };
      problems.push({ file, line: e.line, column: e.column, message: `stylesheet error: ${e.message} (it must be plain CSS that css-tree can read)`, fatal: true });
    },
  }) as StyleSheet;

  // @font-face only at the top level: the HTML page leaves those out (it carries the fonts itself),
  // and one inside @media would reach the page with its url().
  const topLevel = new Set(ast.children.toArray());
  const fontFiles: string[] = [];
  // Where each node stands: the at-rule and the declaration around it.
  walk(ast, {
    enter(this: WalkContext, node: CssNode) {
      const atrule = this.atrule?.name.toLowerCase();
      const declaration = this.declaration?.property.toLowerCase();
      switch (node.type) {
        case 'Raw':
          refuse(node, `"${excerpt(node.value, 60)}" is not CSS that can be checked: outputs never load anything`);
          break;
        case 'Atrule': {
          const name = node.name.toLowerCase();
          if (!AT_RULES.has(name)) refuse(node, `@${excerpt(node.name, 60)} is not allowed (allowed: ${[...AT_RULES].map((a) => `@${a}`).join(', ')}): outputs never load anything`);
          else if (name === 'font-face' && !topLevel.has(node)) refuse(node, '@font-face must stand at the top level, not inside another at-rule');
          // The outputs are UTF-8 and say so nowhere else: another @charset would have a reader decode
          // the file differently from the check (a Shift_JIS byte swallowing a quote).
          else if (name === 'charset' && !/^\s*"utf-8"\s*$/i.test(node.prelude ? generate(node.prelude) : '')) refuse(node, '@charset must be "UTF-8" (or left out): the outputs are UTF-8');
          break;
        }
        case 'Declaration':
          if (/\\/.test(node.property)) refuse(node, `the property name "${excerpt(node.property, 60)}" holds an escape; write it plainly`);
          break;
        case 'Function': {
          const name = node.name.toLowerCase();
          if (!FUNCTIONS.has(name)) refuse(node, `${excerpt(node.name, 60)}() is not allowed here: outputs never load anything`);
          else if ((name === 'local' || name === 'format') && !(atrule === 'font-face' && declaration === 'src')) refuse(node, `${name}() belongs in @font-face's src only`);
          break;
        }
        case 'Url':
          if (!(atrule === 'font-face' && declaration === 'src' && FONT_URL.test(node.value))) {
            refuse(node, `url(${excerpt(node.value, 60)}) is not allowed: only the book's fonts (fonts/… in @font-face's src); outputs never load anything`);
          } else fontFiles.push(node.value);
          break;
        default:
      }
    },
  });
  if (problems.length > 0) throw new BriefingError(problems.filter((p, i) => problems.findIndex((q) => q.line === p.line && q.message === p.message) === i));

  // One rule a line, so the EPUB's style.css stays readable; no @charset (the text written is ASCII).
  const rules = ast.children.toArray().filter((n) => !(n.type === 'Atrule' && n.name.toLowerCase() === 'charset'));
  const write = (nodes: CssNode[]) => safeText(nodes.map((n) => generate(n)).join('\n'));
  const isFontFace = (n: CssNode) => n.type === 'Atrule' && n.name.toLowerCase() === 'font-face';
  return { css: `${write(rules)}\n`, pageCss: write(rules.filter((n) => !isFontFace(n))), fontFiles };
}

/**
 * The text as pure ASCII: every other character as a CSS escape (`\\627 `), so no reader can decode
 * it differently from the check, whatever encoding it guesses; and `</` as `\\3c /`, so nothing in
 * it can end the HTML page's `<style>` element. Escapes are valid wherever such characters may stand
 * (strings, names); a `<` elsewhere (a range media query) is left as it is.
 */
function safeText(css: string): string {
  return css.replace(/[^\x00-\x7f]/gu, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `).replace(/<\//g, '\\3c /');
}

