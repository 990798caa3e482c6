/**
 * For the EPUB and the HTML page: the text of an inline element with its own `dir` (a Latin name in
 * Persian text) gets a direction mark of its own direction at each end (LRM U+200E, or RLM U+200F).
 * Browsers isolate such an element already; MuPDF (SumatraPDF, many Android readers) does not, and
 * without the marks resolves brackets and punctuation at its edges by the paragraph's direction: a
 * closing bracket at the end of an RTL line moved to the wrong side ("(Security (MCIS"). Unicode
 * isolates (LRI … PDI) fix that case in MuPDF 1.21 and 1.28 but break others: text after the
 * isolate moves ("جین دو (Jane Doe)، تحلیلگر" came out "تحلیلگر ،(Jane Doe)"). Strong marks are
 * part of every bidi implementation. They are invisible; the PDF has its own bidi layer
 * (src/pdf/rtl) and gets the markup without them.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, Text, type Element, type ParentNode } from 'domhandler';
import { appendChild, prependChild, textContent } from 'domutils';
import { firstStrongDirection, type Direction } from '../pdf/rtl/bidi.js';
import { toXhtml } from './serialize.js';

const INLINE = new Set(['span', 'a', 'strong', 'em', 'bdi', 'b', 'i']);
const MARK = { ltr: '\u200e', rtl: '\u200f' } as const;

/** The direction an element's `dir` gives its text; for `auto`, that of its first strong character (none without one). */
function directionOf(element: Element): Direction | undefined {
  const dir = element.attribs.dir;
  if (dir === 'ltr' || dir === 'rtl') return dir;
  return dir === 'auto' ? firstStrongDirection(textContent(element)) : undefined;
}

export function markInlineDirections(xhtml: string): string {
  if (!/\sdir="/.test(xhtml)) return xhtml;
  const doc = parseDocument(xhtml, { xmlMode: true });
  return markInlineDirectionsIn(doc) ? toXhtml(doc) : xhtml;
}

/** The same on a parsed tree, changed in place; whether any mark was added. */
export function markInlineDirectionsIn(doc: ParentNode): boolean {
  let changed = false;
  const walk = (parent: ParentNode) => {
    for (const node of parent.children) {
      if (!isTag(node)) continue;
      const dir = INLINE.has(node.name) && node.children.length > 0 ? directionOf(node) : undefined;
      if (dir) {
        prependChild(node, new Text(MARK[dir]));
        appendChild(node, new Text(MARK[dir]));
        changed = true;
      }
      walk(node);
    }
  };
  walk(doc);
  return changed;
}
