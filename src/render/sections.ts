import { parseDocument } from 'htmlparser2';
import { textContent, findOne, getChildren } from 'domutils';
import { toXhtml } from './serialize.js';
import { isTag, type Element, type ParentNode } from 'domhandler';

export interface Section {
  id: string;
  /** Text of the section's first h1 (or h2), for tables of contents and bookmarks. */
  title: string;
  xhtml: string;
}

/** Splits the rendered body into its top-level sections. */
export function splitSections(xhtml: string | ParentNode): Section[] {
  const doc = typeof xhtml === 'string' ? parseDocument(xhtml, { xmlMode: true }) : xhtml;
  return getChildren(doc)
    .filter((n): n is Element => isTag(n) && n.name === 'section')
    .map((el, i) => {
      const heading = findOne((n) => n.name === 'h1' || n.name === 'h2', el.children, true);
      return {
        id: el.attribs.id ?? `section-${i + 1}`,
        title: heading ? textContent(heading).trim() : '',
        xhtml: toXhtml(el),
      };
    });
}
