import render from 'dom-serializer';
import type { AnyNode } from 'domhandler';

/**
 * A parsed XHTML fragment or document written back as XHTML: HTML-mode serialisation with UTF-8
 * keeps Persian text readable, self-closing tags keep it well-formed XML. HTML mode writes a no-break
 * space as &nbsp;, which XHTML does not declare (EPUBCheck RSC-005), so it is put back as the
 * character (a literal "&nbsp;" in text was written as &amp;nbsp; and is left alone).
 */
export function toXhtml(node: AnyNode | AnyNode[]): string {
  return render(node, { encodeEntities: 'utf8', selfClosingTags: true }).replace(/&nbsp;/g, '\u00a0');
}
