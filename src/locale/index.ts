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
 * The locale of a language and digit choice. Its Intl formatters take ~40 ms to build, and the view
 * and the PDF's page numbers both ask for one, so each is built once per thread and kept.
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
  const intlLang = persian ? 'fa-IR' : lang;
  // The numbering system is chosen explicitly so `digits: latin` works in a Persian briefing too.
  const nu = useDigits === 'persian' ? 'arabext' : 'latn';
  const numberFormat = new Intl.NumberFormat(`${intlLang}-u-nu-${nu}`);
  const dateOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
  const native = new Intl.DateTimeFormat(`${intlLang}-u-nu-${nu}`, dateOptions);
  const gregorian = new Intl.DateTimeFormat(`${intlLang}-u-ca-gregory-nu-${nu}`, dateOptions);
  const at = (iso: string) => new Date(`${iso}T00:00:00Z`);
  return {
    lang,
    dir: directionOf(lang),
    digits: useDigits,
    labels: labelsFor(lang),
    number: (n) => numberFormat.format(n),
    date: (iso) => native.format(at(iso)),
    gregorianDate: (iso) => gregorian.format(at(iso)),
  };
}

export type { Labels };
