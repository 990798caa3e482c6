/**
 * Which strings of a briefing are Persian prose: every string field except identifiers, codes,
 * dates, addresses, file names and Latin names, and only in a Persian briefing or a paragraph
 * marked Persian (`{ text, lang: fa }`). A paragraph in another language (`{ text, lang: en }`)
 * is never checked. Paths are those of the data file as written (`source`, not `sources.0`).
 */

type PathKey = string | number;

// Fields that hold codes rather than prose, wherever they stand.
const NOT_PROSE = new Set(['$schema', 'id', 'lang', 'latinLang', 'digits', 'layout', 'statementOrder', 'date', 'issued', 'published', 'url', 'file', 'nameLatin']);
// A statement's speaker, source and themes are ids of other entries; its kind is a keyword.
const STATEMENT_IDS = new Set(['speaker', 'kind', 'source', 'themes']);

/** Persian (fa, and Dari: prs, fa-AF), the language the rules are written for. */
export const isPersian = (lang: unknown): boolean => typeof lang === 'string' && /^(?:fa|prs)(?:-|$)/i.test(lang);

/** Whether the string at `path` of `data` (the file's data, as parsed) is Persian prose. */
export function isPersianProse(data: unknown, path: readonly PathKey[]): boolean {
  if (path.some((step) => typeof step === 'string' && NOT_PROSE.has(step))) return false;
  if (path[0] === 'statements' && typeof path[2] === 'string' && STATEMENT_IDS.has(path[2])) return false;
  const top = data as { lang?: unknown } | null;
  const parent = valueAt(data, path.slice(0, -1)) as { lang?: unknown } | null;
  // A paragraph's own lang wins over the briefing's.
  const lang = path.at(-1) === 'text' && parent !== null && typeof parent === 'object' && 'lang' in parent ? parent.lang : (top?.lang ?? 'fa');
  return isPersian(lang);
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let value = data;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathKey, unknown>)[step];
  }
  return value;
}

/** Every string of plain data with its path, in order (for a briefing given as an object, without a file). */
export function stringsOf(data: unknown): { path: PathKey[]; value: string }[] {
  const out: { path: PathKey[]; value: string }[] = [];
  const walk = (value: unknown, path: PathKey[]) => {
    if (typeof value === 'string') out.push({ path, value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(data, []);
  return out;
}
