/**
 * Nothing a template writes may make an output load or run anything. The rendered XHTML is parsed
 * and walked as a tree against a vocabulary: the elements and attributes below and nothing else (no
 * `on*` handler, no foreign namespace, no `style` attribute, `href` only to the web, mail or a place
 * in the document, `<img>` only for the briefing's own images). Every output is then written from
 * that checked tree, not from the template's text, so a browser, a reading system and the PDF writer
 * all read what was checked. Data cannot add markup: Handlebars escapes it, and `{{{ }}}` is a
 * template error (index.ts), so templates are the only way in.
 *
 * Templates are marked before they are compiled: each start tag gets an attribute naming its
 * template file and line, so a refused element is reported there. The marks are removed afterwards.
 */
import { parseDocument } from 'htmlparser2';
import { isCDATA, isComment, isTag, isText, type AnyNode, type Document, type Element, type ParentNode } from 'domhandler';
import { removeElement } from 'domutils';
import { BriefingError, type Diagnostic } from '../model/diagnostic.js';
import { codePoint, FORBIDDEN } from '../model/strings.js';

const MARK = 'data-briefing-at';

/** Attributes any element of the vocabulary may carry. */
const COMMON = ['id', 'class', 'dir', 'lang', 'xml:lang', 'title', 'role', 'aria-label', 'aria-hidden', 'aria-labelledby', 'aria-describedby', 'epub:type'];

/** The templates' vocabulary (DESIGN.md): element -> attributes it may carry besides COMMON. */
const VOCABULARY: Record<string, readonly string[]> = {
  section: [], header: [], footer: [], nav: [], article: [], aside: [], div: [], address: [],
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], p: [], blockquote: ['cite'], hr: [],
  ul: [], ol: ['start', 'reversed', 'type'], li: ['value'], dl: [], dt: [], dd: [],
  table: [], caption: [], colgroup: ['span'], col: ['span'], thead: [], tbody: [], tfoot: [], tr: [],
  th: ['colspan', 'rowspan', 'scope', 'headers', 'abbr'], td: ['colspan', 'rowspan', 'headers'],
  figure: [], figcaption: [], img: ['src', 'alt', 'width', 'height'],
  a: ['href', 'hreflang', 'rel'], span: [], strong: [], em: [], b: [], i: [], u: [], s: [], small: [], mark: [],
  sub: [], sup: [], bdi: [], bdo: [], br: [], wbr: [], cite: [], q: ['cite'], abbr: [], time: ['datetime'], code: [],
  kbd: [], samp: [], var: [], dfn: [], del: ['datetime'], ins: ['datetime'],
};

/** Elements that have no content in HTML: written as `<br/>`, so content given to one would be lost or misplaced. */
const VOID = new Set(['br', 'hr', 'img', 'col', 'wbr']);

/** Where a link may lead: the web, mail, or a place in the same document. */
const HREF = /^(?:https?:\/\/[^\s]+|mailto:[^\s]+|#[^\s]*)$/i;
/** Attributes whose value is an address, checked like href (`cite` of a quote is never fetched, but a reader may follow it). */
const ADDRESS_ATTRIBUTES = new Set(['href', 'cite']);

export interface Place {
  file: string;
  line: number;
}

/** Removes the marks from text shown to a person (a template error's excerpt). */
export function unmarked(text: string): string {
  return text.replace(new RegExp(` ${MARK}="\\d+"`, 'g'), '');
}

/**
 * Adds a mark after the name of each start tag: `<p` becomes `<p data-briefing-at="N"`;
 * `places[N]` is its template file and line.
 */
export function markTags(source: string, file: string, places: Place[]): string {
  let line = 1;
  let counted = 0;
  return source.replace(/<([a-zA-Z][\w:.-]*)(?=[\s/>])/g, (whole, name: string, offset: number) => {
    for (; counted < offset; counted++) if (source.charCodeAt(counted) === 10) line++;
    places.push({ file, line });
    return `<${name} ${MARK}="${places.length - 1}"`;
  });
}

/**
 * Parses the rendered XHTML, checks it against the vocabulary and gives back the tree with the marks
 * removed, for the writers to serialise. `allowedImages` are the `src` values of the briefing's own
 * images; `fallback` names the main template for an element without a mark.
 */
export function checkMarkup(xhtml: string, places: Place[], allowedImages: ReadonlySet<string>, fallback: Place): Document {
  // Entities decoded, CDATA kept apart from text so it can be refused, as an XML parser reads it.
  const doc = parseDocument(xhtml, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
  const problems: Diagnostic[] = [];
  const walk = (parent: ParentNode, place: Place) => {
    for (const node of [...parent.children]) {
      if (isText(node)) {
        // A template's numeric reference (&#27;) can write what no data may hold: XML cannot, a terminal runs it.
        const bad = FORBIDDEN.exec(node.data);
        if (bad) problems.push({ ...place, message: `template error: the text holds the control character ${codePoint(bad[0])} (written as a character reference?), which XML cannot hold`, fatal: true });
        continue;
      }
      if (isComment(node)) {
        // A comment says nothing to a reader; it is dropped rather than carried into the outputs.
        removeElement(node);
        continue;
      }
      if (!isTag(node)) {
        const what = isCDATA(node) ? 'a CDATA section' : 'a processing instruction or declaration';
        problems.push({ ...place, message: `template error: ${what} is not allowed in a template's output`, fatal: true });
        continue;
      }
      const here = places[Number(node.attribs[MARK])] ?? place;
      delete node.attribs[MARK];
      const problem = problemOf(node, allowedImages);
      if (problem) problems.push({ file: here.file, line: here.line, message: `template error: ${problem}`, fatal: true });
      walk(node, here);
    }
  };
  walk(doc, fallback);
  if (problems.length > 0) throw new BriefingError(dedupe(problems));
  return doc;
}

function problemOf(el: Element, allowedImages: ReadonlySet<string>): string | undefined {
  const name = el.name;
  const allowed = VOCABULARY[name];
  if (allowed && VOID.has(name) && el.children.length > 0) return `<${name}> holds content, which it cannot (it is written as <${name}/>): close it where it opens`;
  if (!allowed) {
    return name.includes(':')
      ? `<${excerpt(name)}> is in a foreign namespace, which the templates' vocabulary does not include: outputs never load or run anything`
      : `<${excerpt(name)}> is not part of the templates' vocabulary (${Object.keys(VOCABULARY).length} elements: section, p, h1-h6, table, figure, img, a, span, bdi, …): outputs never load or run anything`;
  }
  for (const [attr, value] of Object.entries(el.attribs)) {
    const bad = FORBIDDEN.exec(value);
    if (bad) return `the ${excerpt(attr)} attribute of <${name}> holds the control character ${codePoint(bad[0])}, which XML cannot hold`;
    if (!allowed.includes(attr) && !COMMON.includes(attr)) {
      const why = /^on/i.test(attr) ? 'event handlers run script' : attr === 'style' ? 'give it a class and style the class in epub.css' : 'not part of the vocabulary';
      return `the ${excerpt(attr)} attribute of <${name}> is not allowed (${why}): outputs never load or run anything`;
    }
    if (ADDRESS_ATTRIBUTES.has(attr) && !HREF.test(value.trim())) {
      return `<${name} ${attr}="${excerpt(value)}"> may lead only to http(s):, mailto: or a #place in the document`;
    }
  }
  if (name === 'img') {
    const src = el.attribs.src;
    if (src === undefined || !allowedImages.has(src)) {
      const shown = src === undefined ? '<img> without src' : `<img src="${excerpt(src)}">`;
      return `${shown} is not one of the briefing's images (use {{logo.src}} or a figure's {{src}}); outputs never load anything else`;
    }
    if (!el.attribs.alt?.trim()) return `<img src="${excerpt(src)}"> has no alt text (use {{logo.alt}} or a figure's {{alt}})`;
  }
  return undefined;
}

/** A value as it may be shown in a one-line message: control characters as "?", at most `max` characters. */
export function excerpt(s: string, max = 80): string {
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
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

export type { AnyNode };
