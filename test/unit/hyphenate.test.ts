// English hyphenation (src/pdf/hyphenate.ts): where soft hyphens go, and where they never go.
import { describe, expect, it } from 'vitest';
import { hyphenatorFor } from '../../src/pdf/hyphenate.js';

const SHY = '\u00ad';
const pieces = (text: string) => text.split(SHY);

describe('hyphenatorFor', () => {
  it('loads nothing for a briefing that is not English', async () => {
    expect(await hyphenatorFor('fa')).toBeUndefined();
    expect(await hyphenatorFor('de')).toBeUndefined();
  });

  it('breaks long lower-case words where the patterns allow, keeping two letters before a break and three after', async () => {
    const hyphenate = (await hyphenatorFor('en'))!;
    const out = hyphenate('the interoperability of hydrological networks, unambiguously');
    expect(out.replaceAll(SHY, '')).toBe('the interoperability of hydrological networks, unambiguously');
    for (const word of out.split(/[ ,]+/)) {
      const parts = pieces(word);
      if (parts.length === 1) continue;
      expect(parts[0]!.length, word).toBeGreaterThanOrEqual(2);
      expect(parts.at(-1)!.length, word).toBeGreaterThanOrEqual(3);
    }
    expect(pieces(out).length).toBeGreaterThan(6);
    // British patterns by default: "hy-dro-lo-gic-al"; American ones for en-US: "hy-dro-log-i-cal".
    expect(hyphenate('hydrological')).not.toBe((await hyphenatorFor('en-US'))!('hydrological'));
  });

  it('never breaks names, acronyms, words with digits, addresses, or short words', async () => {
    const hyphenate = (await hyphenatorFor('en-GB'))!;
    for (const kept of ['Lindqvist', 'Representatives', 'UNESCO', 'covid19', 'https://example.org/interoperability', 'info@hydrogeology.example', 'www.interoperability.example', 'water', 'basin']) {
      expect(hyphenate(kept), kept).toBe(kept);
    }
    // Words next to punctuation are still words.
    expect(hyphenate('(interoperability).')).toContain(SHY);
    // A compound keeps its own hyphen as its only break; a possessive is part of its word.
    expect(hyphenate('decision-makers and capacity-building')).toBe('decision-makers and capacity-building');
    expect(pieces(hyphenate('organisation’s')).at(-1)).toMatch(/’s$/);
    // Soft hyphens the author typed are the word's breaks: none are added around them.
    expect(hyphenate(`inter${SHY}operability`)).toBe(`inter${SHY}operability`);
  });

  it('takes English in any spelling of its tag, British unless American is asked for', async () => {
    const british = (await hyphenatorFor('en'))!('hydrological');
    const american = (await hyphenatorFor('en-US'))!('hydrological');
    expect((await hyphenatorFor('en-us'))!('hydrological')).toBe(american);
    expect((await hyphenatorFor('en-CA'))!('hydrological')).toBe(british);
    expect((await hyphenatorFor('EN-gb'))!('hydrological')).toBe(british);
  });
});
