// Numbers and dates of a locale are what Intl gives, whether formatted afresh or read back from the
// strings an earlier build kept in the disk cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const cache = mkdtempSync(join(tmpdir(), 'briefing-locale-cache-'));
const saved = process.env.BRIEFING_CACHE_DIR;
process.env.BRIEFING_CACHE_DIR = cache;
afterAll(() => {
  if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved;
  rmSync(cache, { recursive: true, force: true });
});

const CASES = [
  { lang: 'fa', digits: undefined, intl: 'fa-IR-u-nu-arabext', gregory: 'fa-IR-u-ca-gregory-nu-arabext' },
  { lang: 'fa', digits: 'latin', intl: 'fa-IR-u-nu-latn', gregory: 'fa-IR-u-ca-gregory-nu-latn' },
  { lang: 'en', digits: undefined, intl: 'en-GB-u-nu-latn', gregory: 'en-GB-u-ca-gregory-nu-latn' },
] as const;
const NUMBERS = [0, 1, 7, 12, 59, 235, 999, 1000, 1500, 12345, 2.5];
const DATES = ['2023-08-15', '2024-03-20', '1999-12-31'];
const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };

async function check(): Promise<void> {
  vi.resetModules();
  const { createLocale } = await import('../../src/view/locale.js');
  for (const c of CASES) {
    const locale = createLocale(c.lang, c.digits);
    for (const n of NUMBERS) expect(locale.number(n)).toBe(new Intl.NumberFormat(c.intl).format(n));
    for (const d of DATES) {
      const at = new Date(`${d}T00:00:00Z`);
      // As Intl writes it, with no-break spaces: a date never splits over two lines.
      const unbroken = (s: string) => s.replace(/[ \u202f]+/g, '\u00a0');
      expect(locale.date(d)).toBe(unbroken(new Intl.DateTimeFormat(c.intl, options).format(at)));
      expect(locale.gregorianDate(d)).toBe(unbroken(new Intl.DateTimeFormat(c.gregory, options).format(at)));
    }
  }
}

describe('locale', () => {
  it('formats numbers and dates as Intl does, afresh and from the cache', async () => {
    await check(); // fills the cache
    await check(); // a new module instance reads it
  });

  it('gives Persian digits and a Jalali date for a Persian briefing', async () => {
    const { createLocale } = await import('../../src/view/locale.js');
    const fa = createLocale('fa');
    expect(fa.number(235)).toBe('۲۳۵');
    expect(fa.date('2023-08-15')).toMatch(/۱۴۰۲/);
  });
});
