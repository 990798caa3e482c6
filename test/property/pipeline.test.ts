// Property-based: random mixes of Persian, Latin, both kinds of digits, punctuation, ZWNJ and bidi
// controls in every text field go through the whole pipeline, give an EPUB that EPUBCheck accepts
// and come back out of the PDF with their words. Word order is the RTL layer's business, not tested here.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildBriefing, type Briefing } from '../../src/index.js';
import { parseBriefing } from '../../src/model/load.js';
import { pdfText, tempDir } from '../helpers.js';
import { epubcheck } from '../support/epubcheck.js';

const PERSIAN_LETTERS = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی'];
/** Marks, and embeddings, overrides and isolates with their closers: a field must close what it opens (an open one is refused). */
const BIDI_WRAPS: [string, string][] = [
  ['\u200e', ''], ['\u200f', ''], ['', '\u200e'], ['', '\u200f'],
  ['\u202a', '\u202c'], ['\u202b', '\u202c'], ['\u202d', '\u202c'], ['\u202e', '\u202c'],
  ['\u2066', '\u2069'], ['\u2067', '\u2069'], ['\u2068', '\u2069'],
];
const PUNCTUATION = ['.', '،', '؛', '؟', '!', ':', '(', ')', '«', '»', '-', '/', '٪', ','];
const ZWNJ = '\u200c';

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);
const persianWord = fc
  .array(pick(PERSIAN_LETTERS), { minLength: 2, maxLength: 7 })
  .chain((letters) => fc.integer({ min: 0, max: letters.length }).map((at) => (at > 0 && at < letters.length ? [...letters.slice(0, at), ZWNJ, ...letters.slice(at)] : letters).join('')));
const latinWord = fc.stringMatching(/^[A-Za-z]{1,9}$/);
const latinDigits = fc.stringMatching(/^[0-9]{1,6}$/);
const persianDigits = fc.array(pick([...'۰۱۲۳۴۵۶۷۸۹']), { minLength: 1, maxLength: 6 }).map((d) => d.join(''));
const token = fc.oneof({ weight: 4, arbitrary: persianWord }, { weight: 3, arbitrary: latinWord }, latinDigits, persianDigits);
/** A word, possibly wrapped in bidi controls and followed by punctuation. */
const decorated = fc
  .tuple(fc.option(pick(BIDI_WRAPS), { freq: 2 }), token, fc.option(pick(PUNCTUATION), { freq: 3 }))
  .map(([wrap, word, punct]) => `${wrap?.[0] ?? ''}${word}${wrap?.[1] ?? ''}${punct ?? ''}`);
const text = fc.array(decorated, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));

const briefingArb = fc
  .record({
    title: text, subtitle: text, eventName: text, nameLatin: text, organizer: text, location: text, sourceName: text, via: text,
    summary: fc.array(text, { minLength: 1, maxLength: 3 }),
    people: fc.array(fc.record({ name: text, role: text, country: text }), { minLength: 1, maxLength: 3 }),
    statements: fc.array(fc.record({ context: text, text: fc.array(text, { minLength: 1, maxLength: 2 }), quote: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    themes: fc.array(fc.record({ title: text, description: text }), { minLength: 1, maxLength: 2 }),
  })
  .map((r): { source: unknown; texts: string[] } => {
    const participants = r.people.map((p, i) => ({ id: `p${i}`, name: p.name, role: p.role, country: p.country }));
    const themes = r.themes.map((t, i) => ({ id: `t${i}`, title: t.title, description: t.description }));
    const statements = r.statements.map((s, i) => ({
      speaker: participants[i % participants.length]!.id, kind: s.quote ? 'quote' : 'paraphrase', context: s.context, text: s.text, themes: [themes[i % themes.length]!.id],
    }));
    const source = {
      id: 'generated', lang: 'fa', title: r.title, subtitle: r.subtitle, date: '2024-03-20',
      event: { name: r.eventName, nameLatin: r.nameLatin, location: r.location, organizer: r.organizer },
      source: { name: r.sourceName, via: r.via }, summary: r.summary, participants, statements, themes,
    };
    const texts = [
      r.title, r.subtitle, r.eventName, r.nameLatin, r.location, r.organizer, r.sourceName, r.via, ...r.summary,
      ...r.people.flatMap((p) => [p.name, p.role, p.country]), ...r.statements.flatMap((s) => [s.context, ...s.text]),
      ...r.themes.flatMap((t) => [t.title, t.description]),
    ];
    return { source, texts };
  });

const PERSIAN_WORD = new RegExp(`[${PERSIAN_LETTERS.join('')}]+`, 'g');
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Words of a kind, as a multiset (word → count). */
function words(s: string, kind: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  // poppler gives lam-alef back as alef-lam (RESEARCH.md); both spellings are read as one.
  for (const w of s.replace(BIDI, '').replaceAll(ZWNJ, '').replaceAll('لا', 'ال').match(kind) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
/** The words of `expected` that `actual` lacks (or holds fewer times). */
function missingWords(expected: Map<string, number>, actual: Map<string, number>): string[] {
  return [...expected].filter(([w, n]) => (actual.get(w) ?? 0) < n).map(([w]) => w);
}

interface Sample { texts: string[]; pdf: string; epub: string }
/**
 * The texts whose words must come back letter for letter: an override (LRO U+202D, RLO U+202E) asks
 * for its letters to be drawn in forced order, and a PDF keeps only the drawn order, so those are left out.
 */
const comparable = (s: Sample) => s.texts.filter((t) => !/[\u202d\u202e]/.test(t)).join(' ');
/**
 * An explicit embedding or isolate (LRE, RLE, LRI, RLI, FSI) reorders the spaces inside it with its
 * words: in an RTL paragraph, `LRE چل SPACE PDF ذعق` draws the space at the embedding's right edge and
 * `ذعق` right against `چل` (UAX #9, as Chromium draws it too), so a copy reads them as one word.
 * Such texts must still give back every Persian letter; the others every Persian word.
 */
const EXPLICIT = /[\u202a\u202b\u2066-\u2068]/;
const wordComparable = (s: Sample) => s.texts.filter((t) => !/[\u202d\u202e]/.test(t) && !EXPLICIT.test(t)).join(' ');
const letterComparable = (s: Sample) => s.texts.filter((t) => !/[\u202d\u202e]/.test(t) && EXPLICIT.test(t)).join(' ');
const runs = Number(process.env.BRIEFING_PROPERTY_RUNS) || 6;
// A fixed seed keeps CI (and release tags) repeatable; set BRIEFING_PROPERTY_SEED to explore other cases.
const seed = Number(process.env.BRIEFING_PROPERTY_SEED) || 20240320;

describe('generated briefings', () => {
  // Every test below reads the same generated briefings, so they are built here, once, whatever
  // test runs (alone or in any order); a crash fails them all with fast-check's counterexample.
  const samples: Sample[] = [];
  beforeAll(async () => {
    await fc.assert(
      fc.asyncProperty(briefingArb, async ({ source, texts }) => {
        // Through the loader too: it must accept every generated text, as it came.
        const briefing: Briefing = parseBriefing(JSON.stringify(source), 'generated.json');
        const out = tempDir('briefing-prop-');
        const result = await buildBriefing(briefing, { outDir: out });
        const epub = result.artifacts.find((a) => a.format === 'epub')!.path;
        samples.push({ texts, epub, pdf: pdfText(result.artifacts.find((a) => a.format === 'pdf')!.path) });
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
  });

  it('build without a crash, and EPUBCheck accepts every EPUB', async () => {
    expect(samples.length).toBe(runs);
    const checks = await Promise.all(samples.map((s) => epubcheck(s.epub)));
    checks.forEach((check, i) => expect(check.problems, `generated briefing ${i + 1}: ${samples[i]!.texts[0]}`).toEqual([]));
  });

  it('give back every Latin word and Latin digit run from the PDF', () => {
    expect(samples.length).toBe(runs);
    for (const s of samples) {
      // Inside an explicit embedding or isolate a space may be drawn at the isolate's edge, so `3 RLI ␠278`
      // is drawn (and copied) as `3278`, as Chromium draws it too: those texts give back their characters.
      expect(missingWords(words(wordComparable(s), /[A-Za-z]+|[0-9]+/g), words(s.pdf, /[A-Za-z]+|[0-9]+/g))).toEqual([]);
      expect(missingWords(words(letterComparable(s), /[A-Za-z0-9]/g), words(s.pdf, /[A-Za-z0-9]/g))).toEqual([]);
    }
  });

  it('give back every Persian digit run from the PDF', () => {
    expect(samples.length).toBe(runs);
    for (const s of samples) {
      expect(missingWords(words(comparable(s), /[۰-۹]+/g), words(s.pdf, /[۰-۹]+/g))).toEqual([]);
    }
  });

  it('give back every Persian word from the PDF, as a multiset', () => {
    expect(samples.length).toBe(runs);
    for (const s of samples) {
      expect(missingWords(words(wordComparable(s), PERSIAN_WORD), words(s.pdf, PERSIAN_WORD))).toEqual([]);
    }
  });

  it('give back every Persian letter of texts with explicit embeddings or isolates', () => {
    const letters = (t: string) => new Map([...words(t, new RegExp(`[${PERSIAN_LETTERS.join('')}]`, 'g'))]);
    const checked = samples.filter((s) => letterComparable(s) !== '');
    expect(checked.length).toBeGreaterThan(0);
    for (const s of checked) {
      expect(missingWords(letters(letterComparable(s)), letters(s.pdf))).toEqual([]);
    }
  });
});
