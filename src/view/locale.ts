import { cacheKey, readCached, writeCached } from '../io/cache.js';
import { labelsFor, type Labels } from './labels.js';

export type Direction = 'rtl' | 'ltr';
export type Digits = 'persian' | 'latin';

/** Everything language-dependent that the view needs: direction, digits, dates, labels. */
export interface Locale {
  lang: string;
  dir: Direction;
  digits: Digits;
  labels: Labels;
  number(n: number): string;
  /** The event date in the locale's own calendar (Jalali for Persian). */
  date(iso: string): string;
  /** The event date in the Gregorian calendar, in the locale's language. */
  gregorianDate(iso: string): string;
}

const RTL_LANGUAGES = new Set(['fa', 'ar', 'he', 'ur', 'ps', 'ckb', 'yi', 'dv', 'sd', 'ug']);

export function directionOf(lang: string): Direction {
  return RTL_LANGUAGES.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

const locales = new Map<string, Locale>();

/**
 * The locale of a language and digit choice, built once per thread and kept: the view and the PDF's
 * page numbers both ask for one.
 */
export function createLocale(lang: string, digits?: Digits): Locale {
  const key = `${lang}\u0000${digits ?? ''}`;
  let locale = locales.get(key);
  if (!locale) locales.set(key, (locale = buildLocale(lang, digits)));
  return locale;
}

function buildLocale(lang: string, digits?: Digits): Locale {
  const base = lang.split('-')[0]!.toLowerCase();
  const persian = base === 'fa';
  const useDigits: Digits = digits ?? (persian ? 'persian' : 'latin');
  // English without a region writes dates day month year ("14 May 2024"), as most of the English-
  // speaking world and international documents do, not Intl's American default ("May 14, 2024").
  const intlLang = persian ? 'fa-IR' : base === 'en' && !lang.includes('-') ? 'en-GB' : lang;
  // The numbering system is chosen explicitly so `digits: latin` works in a Persian briefing too.
  const nu = useDigits === 'persian' ? 'arabext' : 'latn';
  const dateOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
  // Built on first use only: the first Intl formatter of a thread loads ICU's data (40-250 ms), and
  // with the strings of earlier builds at hand (below) a build may need none.
  let numberFormat: Intl.NumberFormat | undefined;
  let native: Intl.DateTimeFormat | undefined;
  let gregorian: Intl.DateTimeFormat | undefined;
  const at = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const formatNumber = (n: number) => (numberFormat ??= new Intl.NumberFormat(`${intlLang}-u-nu-${nu}`)).format(n);
  // Everything the formatters are made with is in the key (the code's own hash is too, src/io/cache.ts).
  const memo = formattedBefore([intlLang, nu, JSON.stringify(dateOptions)]);
  return {
    lang,
    dir: directionOf(lang),
    digits: useDigits,
    labels: labelsFor(lang),
    // Counts, editions and page numbers: the first 1,000 whole numbers are formatted at once and kept.
    number: (n) => (Number.isInteger(n) && n >= 0 && n < SMALL && !Object.is(n, -0) ? memo.small(() => Array.from({ length: SMALL }, (_, i) => formatNumber(i)))[n]! : formatNumber(n)),
    // A date is never split over two lines («۱۳ / اردیبهشت» in a narrow cell): its spaces do not break.
    date: (iso) => memo.date(`native ${iso}`, () => unbroken((native ??= new Intl.DateTimeFormat(`${intlLang}-u-nu-${nu}`, dateOptions)).format(at(iso)))),
    gregorianDate: (iso) =>
      memo.date(`gregorian ${iso}`, () => unbroken((gregorian ??= new Intl.DateTimeFormat(`${intlLang}-u-ca-gregory-nu-${nu}`, dateOptions)).format(at(iso)))),
  };
}

const SMALL = 1000;

/**
 * Text that must not be split over two lines (a date; a name in a list or a narrow table cell): its
 * spaces, and the narrow no-break space some locales write, as no-break spaces, so lines break only
 * around it.
 */
export function unbroken(text: string): string {
  return text.replace(/[ \u202f]+/g, '\u00a0');
}

interface Formatted {
  small?: string[];
  dates: Record<string, string>;
}

/**
 * Strings Intl formatted for this language and numbering in earlier builds, from the disk cache
 * (src/io/cache.ts). They depend on the ICU and CLDR data of this Node binary only, so those versions
 * are part of the key. New strings are added and written back at once (a build adds a few dates).
 */
function formattedBefore(parts: string[]) {
  const key = cacheKey('intl', [...parts, process.version, process.versions.icu ?? '', process.versions.cldr ?? '', process.versions.unicode ?? '']);
  let stored: Formatted = { dates: {} };
  try {
    const bytes = readCached('intl', key);
    if (bytes) stored = JSON.parse(bytes.toString('utf8')) as Formatted;
  } catch {
    stored = { dates: {} };
  }
  const save = () => writeCached('intl', key, Buffer.from(JSON.stringify(stored), 'utf8'));
  return {
    small(make: () => string[]): string[] {
      if (!stored.small) {
        stored.small = make();
        save();
      }
      return stored.small;
    },
    date(what: string, make: () => string): string {
      let text = stored.dates[what];
      if (text === undefined) {
        text = stored.dates[what] = make();
        save();
      }
      return text;
    },
  };
}

export type { Labels };
