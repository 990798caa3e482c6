/**
 * For the EPUB and the HTML page: the text of an inline element with its own `dir` (a Latin name in
 * Persian text) is wrapped in Unicode isolates (LRI/RLI/FSI … PDI). Browsers isolate such an
 * element already; MuPDF (and readers built on it) do not, and move a closing bracket of an LTR run
 * at the end of an RTL line to the wrong side ("(Security (MCIS"). The characters are invisible.
 * The PDF has its own bidi layer (src/pdf/rtl) and gets the markup without them.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, Text, type ParentNode } from 'domhandler';
import { toXhtml } from './serialize.js';

const INLINE = new Set(['span', 'a', 'strong', 'em', 'bdi', 'b', 'i']);
const OPEN: Record<string, string> = { ltr: '\u2066', rtl: '\u2067', auto: '\u2068' };
const PDI = '\u2069';

export function isolateInlineDirections(xhtml: string): string {
  if (!/\sdir="/.test(xhtml)) return xhtml;
  const doc = parseDocument(xhtml, { xmlMode: true });
  return isolateInlineDirectionsIn(doc) ? toXhtml(doc) : xhtml;
}

/** The same on a parsed tree, changed in place; whether anything was wrapped. */
export function isolateInlineDirectionsIn(doc: ParentNode): boolean {
  let changed = false;
  const walk = (parent: ParentNode) => {
    for (const node of parent.children) {
      if (!isTag(node)) continue;
      const open = OPEN[node.attribs.dir ?? ''];
      if (open && INLINE.has(node.name) && node.children.length > 0) {
        const first = new Text(open);
        const last = new Text(PDI);
        first.parent = last.parent = node;
        first.next = node.children[0]!;
        node.children[0]!.prev = first;
        last.prev = node.children.at(-1)!;
        node.children.at(-1)!.next = last;
        node.children.unshift(first);
        node.children.push(last);
        changed = true;
      }
      walk(node);
    }
  };
  walk(doc);
  return changed;
}
