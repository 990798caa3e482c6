/**
 * Nothing a template writes may make an output load anything: no output ever makes a network
 * request, and a reading system or browser must find every image inside the book or page.
 *
 * Templates are marked before they are compiled: each start tag that could load something (an
 * `<img>`, a `<script>`, any tag with `src` or `style`) gets an attribute naming its template file
 * and line. After rendering, such an element is refused with that place unless it is an `<img>`
 * showing one of the briefing's own images (its logo or a figure). The marks are then removed.
 * Data cannot add elements (Handlebars escapes it), so templates are the only way in.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';

const MARK = 'data-briefing-at';

/** Elements that load or run something by their nature. */
const LOADING = new Set([
  'img', 'image', 'picture', 'source', 'track', 'video', 'audio', 'script', 'style', 'link', 'iframe', 'frame',
  'frameset', 'object', 'embed', 'applet', 'svg', 'use', 'feimage', 'base', 'meta', 'form', 'input', 'math',
]);
/** Attributes that load something on any element. */
const LOADING_ATTRIBUTES = /^(src|srcset|poster|data|background|xlink:href|style|lowsrc|dynsrc|longdesc|formaction|action|ping|codebase|archive|manifest)$/i;

export interface Place {
  file: string;
  line: number;
}

/**
 * Adds a mark after the name of each start tag that could load something: `<img` becomes
 * `<img data-briefing-at="N"`; `places[N]` is its template file and line.
 */
/** Removes the marks from text shown to a person (a template error's excerpt). */
export function unmarked(text: string): string {
  return text.replace(new RegExp(` ${MARK}="\\d+"`, 'g'), '');
}

export function markLoadingTags(source: string, file: string, places: Place[]): string {
  return source.replace(/<([a-zA-Z][\w:.-]*)(?=[\s/>])([^>]*)/g, (whole, name: string, rest: string, offset: number) => {
    const loads = LOADING.has(name.toLowerCase()) || /(^|[\s"'])(src|srcset|poster|data|background|xlink:href|style)\s*=/i.test(rest);
    if (!loads) return whole;
    const line = source.slice(0, offset).split('\n').length;
    places.push({ file, line });
    return `<${name} ${MARK}="${places.length - 1}"${rest}`;
  });
}

/**
 * Checks the rendered XHTML and removes the marks. `allowedImages` are the `src` values of the
 * briefing's own images; `fallback` names the main template for an element without a mark.
 */
export function checkResources(xhtml: string, places: Place[], allowedImages: ReadonlySet<string>, fallback: Place): string {
  const doc = parseDocument(xhtml, { xmlMode: true });
  const problems: Diagnostic[] = [];
  const walk = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      const problem = problemOf(node, allowedImages);
      if (problem) {
        const place = places[Number(node.attribs[MARK])] ?? fallback;
        problems.push({ file: place.file, line: place.line, message: `template error: ${problem}`, fatal: true });
      }
      walk(node.children);
    }
  };
  walk(doc.children);
  if (problems.length > 0) throw new BriefingError(dedupe(problems));
  return xhtml.replace(new RegExp(` ${MARK}="\\d+"`, 'g'), '');
}

function problemOf(el: Element, allowedImages: ReadonlySet<string>): string | undefined {
  const name = el.name.toLowerCase();
  if (name === 'img') {
    const src = el.attribs.src;
    if (src === undefined || !allowedImages.has(src)) {
      const shown = src === undefined ? '<img> without src' : `<img src="${printable(src)}">`;
      return `${shown} is not one of the briefing's images (use {{logo.src}} or a figure's {{src}}); outputs never load anything else`;
    }
    if (!el.attribs.alt?.trim()) return `<img src="${printable(src)}"> has no alt text (use {{logo.alt}} or a figure's {{alt}})`;
  } else if (LOADING.has(name)) {
    return `<${name}> is not part of the templates' vocabulary: outputs never load or run anything`;
  }
  for (const [attr, value] of Object.entries(el.attribs)) {
    if (attr === MARK || (name === 'img' && attr === 'src')) continue;
    // A style attribute may set a look, as long as it loads nothing.
    if (attr.toLowerCase() === 'style' && !/url\s*\(|@import|image-set\s*\(|expression\s*\(|\\/i.test(value)) continue;
    if (LOADING_ATTRIBUTES.test(attr)) return `the ${attr} attribute of <${name}> is not allowed here: outputs never load anything`;
  }
  return undefined;
}

/** A value as it may be shown in a one-line message. */
function printable(s: string): string {
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.file}:${d.line}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A style sheet (epub.css) may load only the book's own fonts: `url()` in an `@font-face` rule
 * naming a file under `fonts/`. Anything else (an `@import`, a background image, a URL) is an
 * error naming the file and line.
 */
export function checkStylesheet(css: string, file: string): void {
  const problems: Diagnostic[] = [];
  const lineOf = (offset: number) => css.slice(0, offset).split('\n').length;
  // Comments may mention anything; they are blanked, keeping offsets.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  for (const m of text.matchAll(/@import\b/gi)) {
    problems.push({ file, line: lineOf(m.index), message: 'stylesheet error: @import is not allowed: outputs never load anything', fatal: true });
  }
  const fontFaces = [...text.matchAll(/@font-face\s*\{[^}]*\}/gi)].map((m) => [m.index, m.index + m[0].length] as const);
  for (const m of text.matchAll(/url\(\s*(["']?)([^"')]*)\1\s*\)/gi)) {
    const inFontFace = fontFaces.some(([a, b]) => m.index >= a && m.index < b);
    const target = m[2]!;
    if (!inFontFace || !/^fonts\/[\w.-]+\.(ttf|otf|woff2?)$/i.test(target)) {
      problems.push({ file, line: lineOf(m.index), message: `stylesheet error: url(${printable(target)}) is not allowed: only the book's fonts (fonts/… in @font-face); outputs never load anything`, fatal: true });
    }
  }
  if (problems.length > 0) throw new BriefingError(problems);
}
