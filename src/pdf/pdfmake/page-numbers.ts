/**
 * pdfmake fills in a `pageReference` while it draws the page, as `pageNumber.toString()`: always
 * Latin digits, shaped by the script fontkit guesses. The contents page must follow the briefing's
 * digits (Persian by default), so a reference node carries its number formatter on its
 * `fontFeatures` (the one value pdfmake hands from a node to its drawn inline, see rtl/shaping.ts),
 * and Renderer#renderLine is wrapped to give pdfmake the formatted number instead.
 */
import { hook, pdfmakeModule } from './registry.js';
import { directedFeatures } from '../rtl/shaping.js';

const INSTALLED = Symbol.for('briefing.pageNumbers.installed');
const FORMAT = Symbol.for('briefing.pageNumbers.format');

type Format = (n: number) => string;
interface PageRef {
  positions?: { pageNumber: number }[];
}
interface Inline {
  fontFeatures?: unknown;
  _pageNodeRef?: PageRef;
}
interface Line {
  inlines: Inline[];
  _pageNodeRef?: PageRef;
}

/** `fontFeatures` for a page-reference node: its digits drawn left to right, formatted by `format`. */
export function pageNumberFeatures(format: Format): string[] {
  return Object.assign(directedFeatures(null, 'ltr'), { [FORMAT]: format });
}

function formatOf(inline: Inline | undefined): Format | undefined {
  const f = inline?.fontFeatures;
  return Array.isArray(f) ? (f as { [FORMAT]?: Format })[FORMAT] : undefined;
}

/** A stand-in reference whose page number prints as `format` writes it. */
function formatted(ref: PageRef | undefined, format: Format | undefined): PageRef | undefined {
  const page = ref?.positions?.[0]?.pageNumber;
  if (!format || page === undefined) return ref;
  return { positions: [{ pageNumber: { toString: () => format(page) } as unknown as number }] };
}

export function installPageNumbers(): void {
  const Renderer = pdfmakeModule<Record<symbol, boolean>>('pdfmake/js/Renderer.js');
  if (Renderer[INSTALLED]) return;
  Renderer[INSTALLED] = true;
  hook<(this: unknown, line: Line, x: number, y: number) => void>('page-numbers.ts', 'pdfmake/js/Renderer.js', '#renderLine', (renderLine) =>
    function (line, x, y) {
      if (line._pageNodeRef) line._pageNodeRef = formatted(line._pageNodeRef, formatOf(line.inlines[0]));
      for (const inline of line.inlines) if (inline._pageNodeRef) inline._pageNodeRef = formatted(inline._pageNodeRef, formatOf(inline));
      renderLine.call(this, line, x, y);
    },
  );
}
