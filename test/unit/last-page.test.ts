// The last-page rule (src/pdf/last-page.ts) on figures: fills and break points as fractions of a page's body.
import { describe, expect, it } from 'vitest';
import { keepsRelayout, lastPageBreak, MAX_LAST_PAGE_FILL, MIN_LAST_PAGE_FILL } from '../../src/pdf/last-page.js';

describe('a near-empty last page', () => {
  it('is left alone when it holds enough', () => {
    expect(lastPageBreak({ penultimate: 0.9, last: MIN_LAST_PAGE_FILL }, [0.5, 0.7])).toBeUndefined();
  });

  it('takes the latest block that fills it enough (the least moved)', () => {
    // The topic brief: the sources alone (0.15) after a page ending at 0.9; a statement from 0.8 is not enough, the section from 0.6 is.
    expect(lastPageBreak({ penultimate: 0.9, last: 0.15 }, [0.3, 0.6, 0.8])).toBe(1);
    expect(lastPageBreak({ penultimate: 0.9, last: 0.15 }, [0.3, 0.5, 0.7])).toBe(2);
  });

  it('never fills the last page past the limit, nor leaves the page before shorter than the last', () => {
    // Only a block from 0.1 would do, and it would make the last page 0.95 full.
    expect(lastPageBreak({ penultimate: 0.9, last: 0.15 }, [0.1, 0.85])).toBeUndefined();
    expect(MAX_LAST_PAGE_FILL).toBeLessThan(0.95);
    // From 0.35: the last page 0.5, the page before 0.35.
    expect(lastPageBreak({ penultimate: 0.7, last: 0.15 }, [0.35, 0.65])).toBeUndefined();
  });

  it('is left alone when no block starts on the page before', () => {
    expect(lastPageBreak({ penultimate: 0.9, last: 0.1 }, [])).toBeUndefined();
  });

  it('keeps the new layout only with as many pages and a fuller last page', () => {
    expect(keepsRelayout({ pages: 2, last: 0.15 }, { pages: 2, last: 0.4 })).toBe(true);
    expect(keepsRelayout({ pages: 2, last: 0.15 }, { pages: 3, last: 0.1 })).toBe(false);
    expect(keepsRelayout({ pages: 2, last: 0.15 }, { pages: 2, last: 0.15 })).toBe(false);
  });
});
