import { describe, expect, it } from 'vitest';
import { placeLine, visualOrder, type LineItem } from '../../../src/pdf/rtl/reorder.js';

describe('L2 visual order', () => {
  it('reverses an all-RTL line', () => {
    expect(visualOrder([1, 1, 1])).toEqual([2, 1, 0]);
  });
  it('keeps LTR runs in order inside an RTL line', () => {
    // R L L R: the Latin pair stays left to right, the line around it is reversed
    expect(visualOrder([1, 2, 2, 1])).toEqual([3, 1, 2, 0]);
  });
  it('handles nested levels (RTL inside LTR inside RTL)', () => {
    // levels 1 2 3 3 2 1: the level-3 pair is reversed twice, the level-2 run once more
    expect(visualOrder([1, 2, 3, 3, 2, 1])).toEqual([5, 1, 3, 2, 4, 0]);
  });
  it('leaves an LTR line alone', () => {
    expect(visualOrder([0, 0, 0])).toEqual([0, 1, 2]);
    expect(visualOrder([0, 1, 1, 0])).toEqual([0, 2, 1, 3]);
  });
});

const item = (text: string, level: number, width: number, trailingCut = 0): LineItem => ({ text, level, width, trailingCut });

describe('placing a line', () => {
  it('lays an RTL line out right to left with its trailing space cut at the left (L1)', () => {
    // logical: "a " "b " "c " (each 10 wide with a 2-wide space), RTL
    const placed = placeLine([item('a ', 1, 10, 2), item('b ', 1, 10, 2), item('c ', 1, 10, 2)], 1);
    expect(placed.order).toEqual([2, 1, 0]);
    // "c" is drawn from -2 so its cut space hangs off the left; ink spans 0..28
    expect(placed.x).toEqual([18, 8, -2]);
  });
  it('sends the trailing space of an LTR word ending an RTL line to the paragraph end (L1)', () => {
    // "فارسی " then "Moscow " (level 2, last on the line): the space leaves the Latin word
    const placed = placeLine([item('فارسی ', 1, 20, 2), item('Moscow ', 2, 30, 2)], 1);
    expect(placed.order).toEqual([1, 0]);
    // Moscow's ink starts at 0; its trailing space (drawn on its right) does not push it inwards
    expect(placed.x).toEqual([28, 0]);
  });
  it('reorders runs of an LTR paragraph with an RTL phrase', () => {
    const placed = placeLine([item('is ', 0, 10), item('کنفرانس ', 1, 20), item('امنیت ', 1, 20), item('and', 0, 10)], 0);
    expect(placed.order).toEqual([0, 2, 1, 3]);
    expect(placed.x).toEqual([0, 30, 10, 50]);
  });
  it('marks inter-word gaps for justification, not the joins between runs of one word', () => {
    const placed = placeLine([item('نشست‌های ', 1, 20), item('MCIS', 2, 20), item('-11', 2, 10), item(' در', 1, 10)], 1);
    expect(placed.order).toEqual([3, 1, 2, 0]);
    expect(placed.stretchBefore).toEqual([false, true, false, true]);
  });
  it('places an indent (negative leading cut) on the start side', () => {
    const placed = placeLine([{ text: 'a', level: 0, width: 10, leadingCut: -5 }], 0);
    expect(placed.x).toEqual([5]);
  });
});
