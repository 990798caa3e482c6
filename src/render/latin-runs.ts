/**
 * Runs of Latin script inside the text of a briefing written in another script (names, "Reuters",
 * an English quote) get the briefing's `latinLang` (default `en`), so a screen reader reads them
 * in that language's voice rather than in Persian. A run becomes `<span lang dir="ltr">`; an element
 * whose whole text is one run gets `lang` itself. In a left-to-right briefing it is the other way
 * round: runs of Persian (Arabic script) become `<span lang="fa" dir="rtl">`. Text inside an element that has its own `lang`
 * (a paragraph `{text, lang}` in the data, a template's `<span lang>`) or inside a link is left as
 * it is. The PDF (a `Span` with `Lang`), the EPUB and the HTML all read the result.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, isText, Element, Text, type AnyNode, type ParentNode } from 'domhandler';
import { prepend, removeElement } from 'domutils';
import { toXhtml } from './serialize.js';

/** A Latin letter, then Latin letters, ASCII digits and the punctuation of names, codes and URLs, ending on a letter or digit. */
const RUN = /\p{Script=Latin}(?:[\p{Script=Latin}\p{M}0-9 .,:;'’&/\-–_=?#%@~+!]*[\p{Script=Latin}\p{M}0-9])?/gu;
/** In a left-to-right briefing, a run of Persian: Arabic-script letters, marks, ZWNJ, digits and spaces between them, ending on a letter, mark or digit. */
const PERSIAN_RUN = /\p{Script=Arabic}(?:[\p{Script=Arabic}\p{M}\u200c0-9 ]*[\p{Script=Arabic}\p{M}0-9])?/gu;
/** The language of Arabic-script runs in a left-to-right briefing: this tool writes Persian. */
const PERSIAN = 'fa';

/** What a walk marks: runs of one script with their language and direction. */
interface Marking {
  run: RegExp;
  script: RegExp;
  lang: string;
  dir: 'ltr' | 'rtl';
}
const latinMarking = (lang: string): Marking => ({ run: RUN, script: /\p{Script=Latin}/u, lang, dir: 'ltr' });
const persianMarking: Marking = { run: PERSIAN_RUN, script: /\p{Script=Arabic}/u, lang: PERSIAN, dir: 'rtl' };
const CODE = /[<>{}&;=\\/]/;
/** Elements whose text is a block of its own: given `lang` when their whole text is one run. */
const BLOCKS = new Set(['p', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'caption', 'blockquote']);

export function markLatinRuns(xhtml: string, options: LatinOptions): string {
  // A briefing in a Latin-script language (ltr here) marks its Persian runs instead.
  if (!marksLatin(options) && !marksPersian(options)) return xhtml;
  const doc = parseDocument(xhtml, { xmlMode: true });
  markLatinRunsIn(doc, options);
  return toXhtml(doc);
}

interface LatinOptions {
  lang: string;
  latinLang: string;
  dir: 'rtl' | 'ltr';
}

function marksLatin(options: LatinOptions): boolean {
  return options.dir === 'rtl' && !!options.latinLang && !sameLanguage(options.latinLang, options.lang);
}

/** A left-to-right briefing not in Persian: its Persian runs get `lang="fa"` (sample-en's Persian phrase). */
function marksPersian(options: LatinOptions): boolean {
  return options.dir === 'ltr' && !sameLanguage(options.lang, PERSIAN);
}

/** The same on a parsed tree, changed in place (the renderer's one parse of its output). */
export function markLatinRunsIn(doc: ParentNode, options: LatinOptions): void {
  if (marksLatin(options)) walk(doc, true, latinMarking(options.latinLang));
  else if (marksPersian(options)) walk(doc, true, persianMarking);
}

function walk(parent: ParentNode, inherited: boolean, marking: Marking): void {
  for (const node of [...parent.children]) {
    if (!isTag(node)) {
      if (inherited && isText(node)) wrapRuns(node, marking);
      continue;
    }
    // Only text in the briefing's own language is looked at: a lang attribute says otherwise, a link keeps its text whole.
    const own = inherited && node.attribs.lang === undefined && node.name !== 'a';
    if (own && BLOCKS.has(node.name) && wholeRun(node, marking)) {
      node.attribs.lang = marking.lang;
      node.attribs['xml:lang'] = marking.lang;
      continue;
    }
    walk(node, own, marking);
  }
}

/** Whether every letter of an element is of the marked script (an all-English paragraph): it then gets `lang` itself. */
function wholeRun(el: Element, marking: Marking): boolean {
  const letters = textOf(el).match(/\p{L}/gu) ?? [];
  return letters.length > 0 && letters.every((l) => marking.script.test(l));
}

/** Text outside links (a URL is no language's text). */
function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  return isTag(node) && node.name !== 'a' ? node.children.map(textOf).join('') : '';
}

function wrapRuns(node: Text, marking: Marking): void {
  const text = node.data;
  // Text with its own bidi controls (embeddings, overrides, isolates) is left as written: a span
  // with dir would cut them.
  if (/[\u202a-\u202e\u2066-\u2069]/.test(text)) return;
  const runs = [...text.matchAll(marking.run)];
  if (runs.length === 0) return;
  let wrapped = 0;
  const replacement: AnyNode[] = [];
  let at = 0;
  for (const m of runs) {
    // Text that looks like markup or code ("<b>", "{{x}}", "&amp;") stays as it was typed, in one piece.
    const before = text[m.index - 1] ?? '';
    const after = text[m.index + m[0].length] ?? '';
    if (CODE.test(before) || CODE.test(after) || /=["']$/.test(text.slice(0, m.index))) continue;
    if (m.index > at) replacement.push(new Text(text.slice(at, m.index)));
    wrapped++;
    const span = new Element('span', { lang: marking.lang, 'xml:lang': marking.lang, dir: marking.dir }, [new Text(m[0])]);
    replacement.push(span);
    at = m.index + m[0].length;
  }
  if (wrapped === 0) return;
  if (at < text.length) replacement.push(new Text(text.slice(at)));
  for (const n of replacement) prepend(node, n);
  removeElement(node);
}

function sameLanguage(a: string, b: string): boolean {
  return a.split('-')[0]!.toLowerCase() === b.split('-')[0]!.toLowerCase();
}
