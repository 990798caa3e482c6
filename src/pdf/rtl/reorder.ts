import { isRtlLevel } from './bidi.js';

/**
 * UAX #9 L2: from the highest level down to the lowest odd level, reverse every maximal run of
 * items at that level or higher. Returns logical indices in visual (left-to-right) order.
 */
export function visualOrder(levels: readonly number[]): number[] {
  const order = levels.map((_, i) => i);
  if (levels.length === 0) return order;
  const max = Math.max(...levels);
  const lowestOdd = Math.min(...levels.map((l) => (isRtlLevel(l) ? l : l + 1)));
  for (let level = max; level >= lowestOdd && level > 0; level--) {
    for (let i = 0; i < order.length; ) {
      if (levels[order[i]!]! < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && levels[order[j]!]! >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order;
}

/** One piece of a finished line as pdfmake measured it, in logical order. */
export interface LineItem {
  text: string;
  level: number;
  width: number;
  /** Width of leading white space pdfmake cuts at a line start (negative for an indent). */
  leadingCut?: number;
  /** Width of trailing white space pdfmake cuts at a line end. */
  trailingCut?: number;
}

export interface PlacedLine {
  /** Logical indices of the items in visual order, left to right. */
  order: number[];
  /** Where to start drawing each item (by logical index), relative to the line's left edge of ink. */
  x: number[];
  /** For each item in `order`, whether the gap on its left is an inter-word space justification may stretch. */
  stretchBefore: boolean[];
}

const WS = /^\s+$/;

/**
 * Places the items of one line (L1 + L2): trailing white space of the line goes to the paragraph
 * level, runs are reversed by level, and every item gets an x so that the visible text starts at 0
 * and is `sum(width) - leadingCut(first) - trailingCut(last)` wide, as pdfmake's Line expects.
 * Items at odd levels are drawn right to left, so their logical trailing space sits on their left.
 */
export function placeLine(items: readonly LineItem[], base: 0 | 1): PlacedLine {
  const n = items.length;
  if (n === 0) return { order: [], x: [], stretchBefore: [] };
  const last = n - 1;
  const tail = Math.max(0, items[last]!.trailingCut ?? 0);
  // L1: white space at the end of a line takes the paragraph level, wherever its item's level was.
  const levels = items.map((it) => it.level);
  for (let i = last; i >= 0 && WS.test(items[i]!.text); i--) levels[i] = base;
  const splitTail = tail > 0 && levels[last] !== base;
  type Box = { item: number; level: number; width: number; tailOf?: number };
  const boxes: Box[] = items.map((it, i) => ({ item: i, level: levels[i]!, width: i === last && splitTail ? it.width - tail : it.width }));
  if (splitTail) boxes.push({ item: -1, level: base, width: tail, tailOf: last });
  const visual = visualOrder(boxes.map((b) => b.level));

  const boxX: number[] = new Array(boxes.length).fill(0);
  let cursor = 0;
  for (const b of visual) {
    boxX[b] = cursor;
    cursor += boxes[b]!.width;
  }
  // Ink starts after the cut white space on the line's start side: the trailing space in RTL
  // (it ends the line at the left), the leading space (or indent) in LTR.
  const shift = base === 1 ? -tail : -(items[0]!.leadingCut ?? 0);
  const x = items.map((it, i) => {
    const own = boxX[i]! + shift;
    // An RTL-drawn item keeps its trailing space on its left, in the split-off tail box.
    return i === last && splitTail && isRtlLevel(it.level) ? own - tail : own;
  });

  const order = visual.filter((b) => boxes[b]!.item >= 0).map((b) => boxes[b]!.item);
  const stretchBefore = order.map((item, k) => {
    if (k === 0) return false;
    const left = order[k - 1]!;
    return edgeIsSpace(items[left]!, levels[left]!, 'right', left === last) || edgeIsSpace(items[item]!, levels[item]!, 'left', item === last);
  });
  return { order, x, stretchBefore };
}

/** Whether the visual left or right edge of an item is white space (an RTL item's text starts on its right). */
function edgeIsSpace(item: LineItem, level: number, edge: 'left' | 'right', isLast: boolean): boolean {
  const text = isLast ? item.text.replace(/\s+$/, '') : item.text;
  if (text === '' || WS.test(text)) return text !== '';
  const atStart = isRtlLevel(level) ? edge === 'right' : edge === 'left';
  return atStart ? /^\s/.test(text) : /\s$/.test(text);
}
