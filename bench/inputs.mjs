// The generated briefings of the bench (bench/run.mjs) and of the output comparison (bench/compare-base.mjs).

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const fa = (n) => String(n).replace(/\d/g, (d) => FA_DIGITS[Number(d)]);

/**
 * A briefing of `count` statements cycled from the MCIS data, each copy tagged with its cycle
 * number in the context so consecutive cycles are not byte-identical; speakers and themes are the
 * data's own, so every id stays valid. `summaryParagraphs` cycles the summary.
 */
export function generate(base, id, count, summaryParagraphs = base.summary.length) {
  const statements = [];
  for (let i = 0; i < count; i++) {
    const s = base.statements[i % base.statements.length];
    const cycle = Math.floor(i / base.statements.length) + 1;
    statements.push({ ...s, context: `${s.context ?? 'بخش'} (${fa(cycle)})` });
  }
  const summary = Array.from({ length: summaryParagraphs }, (_, i) => base.summary[i % base.summary.length]);
  const { $schema, ...rest } = base;
  return { ...rest, id, title: `${base.title} (${fa(count)} اظهارنظر)`, summary, statements };
}

const sentences = (paragraphs) => paragraphs.flatMap((p) => p.split(/(?<=[.!?؟])\s+/)).filter(Boolean);

/**
 * A briefing of `total` short paragraphs: the data's sentences, one per paragraph, `perStatement`
 * to a statement (speaker, kind, context and themes cycled from the data's statements), plus a
 * summary of `summaryParagraphs` sentences.
 */
export function generateParagraphs(base, id, total, summaryParagraphs, perStatement) {
  const summaryPool = sentences(base.summary);
  const pool = sentences(base.statements.flatMap((s) => s.text));
  const summary = Array.from({ length: summaryParagraphs }, (_, i) => summaryPool[i % summaryPool.length]);
  const statements = [];
  let next = 0;
  for (let k = 0; next < total - summaryParagraphs; k++) {
    const s = base.statements[k % base.statements.length];
    const n = Math.min(perStatement, total - summaryParagraphs - next);
    const text = Array.from({ length: n }, (_, j) => pool[(next + j) % pool.length]);
    next += n;
    statements.push({ ...s, context: `${s.context ?? 'بخش'} (${fa(k + 1)})`, text });
  }
  const { $schema, ...rest } = base;
  return { ...rest, id, title: `${base.title} (${fa(total)} بند)`, summary, statements };
}

export const paragraphs = (b) => b.summary.length + b.statements.reduce((n, s) => n + s.text.length, 0);

/**
 * A briefing whose theme × speaker table is `themes` × `speakers`: that many participants, one
 * statement each (cycled from the data's), each on every `stride`-th theme from its own offset, so
 * every row of the table lists speakers who spoke and speakers who did not.
 */
export function generateMatrix(base, id, themes, speakers, stride = 7) {
  const participants = Array.from({ length: speakers }, (_, i) => {
    const p = base.participants[i % base.participants.length];
    return { ...p, id: `p${i + 1}`, name: `${p.name} ${fa(i + 1)}` };
  });
  const themeList = Array.from({ length: themes }, (_, i) => ({ id: `t${i + 1}`, title: `${base.themes[i % base.themes.length].title} ${fa(i + 1)}` }));
  const statements = participants.map((p, i) => {
    const s = base.statements[i % base.statements.length];
    return { speaker: p.id, kind: s.kind, text: s.text.slice(0, 1), themes: themeList.filter((_, t) => (t + i) % stride === 0).map((t) => t.id) };
  });
  const { $schema, ...rest } = base;
  return { ...rest, id, title: `${base.title} (${fa(themes)} × ${fa(speakers)})`, participants, themes: themeList, statements };
}

/** `statements` statements that each name all `themes` themes, whose titles are `titleChars` long. */
export function generateThemeLists(base, id, themes, titleChars, statements) {
  const title = (i) => `${base.themes[i % base.themes.length].title} ${fa(i + 1)} `.repeat(titleChars).slice(0, titleChars);
  const themeList = Array.from({ length: themes }, (_, i) => ({ id: `t${i + 1}`, title: title(i) }));
  const list = Array.from({ length: statements }, (_, i) => {
    const s = base.statements[i % base.statements.length];
    return { ...s, themes: themeList.map((t) => t.id) };
  });
  const { $schema, ...rest } = base;
  return { ...rest, id, title: `${base.title} (${fa(statements)} × ${fa(themes)})`, themes: themeList, statements: list, layout: 'report' };
}
