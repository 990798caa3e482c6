/**
 * Balanced title lines: a title that takes two lines (or more) is set on a measure that makes its
 * lines about equally long, as CSS `text-wrap: balance` does, instead of a full first line and a word
 * or two on the last («نکات مهم یازدهمین کنفرانس امنیت بین‌المللی / در مسکو»). The width is the
 * text's, shaped with the font it is set in; the measure is narrowed by margins on the node.
 */
import { fontFace } from '../fonts/index.js';
import { fontkitFont } from './line-height.js';
import { standardPageSizes } from './theme.js';

/** The width text is set in on a page of this size and these margins (left, top, right, bottom). */
export function measureOf(pageSize: string, margins: readonly number[]): number {
  const [width] = standardPageSizes[pageSize.toUpperCase()] ?? [595.28, 841.89];
  return width - margins[0]! - margins[2]!;
}

/**
 * The side margins that balance `text` over as many lines as it needs on `measure` points, or
 * undefined when it fits on one line. A few percent of slack keeps the break where the words allow.
 */
export function balancingMargins(text: string, fontSize: number, bold: boolean, measure: number): number | undefined {
  const f = fontkitFont(fontFace(bold ? 700 : 400).path);
  const width = (f.layout(text).advanceWidth / f.unitsPerEm) * fontSize;
  if (width <= measure) return undefined;
  const lines = Math.ceil(width / measure);
  const balanced = Math.min(measure, (width / lines) * 1.08 + fontSize);
  return Math.max(0, measure - balanced);
}
