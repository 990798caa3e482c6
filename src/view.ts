import type { Briefing, Count, Paragraph, Participant, Statement } from './model/schema.js';
import { createLocale, type Digits, type Direction, type Labels, type Locale } from './locale/index.js';

/** What the templates see: the briefing with the locale applied and the cross-references resolved. */
export interface View {
  id: string;
  lang: string;
  dir: Direction;
  digits: Digits;
  title: string;
  subtitle?: string;
  labels: Labels;
  date: { native: string; gregorian: string; iso: string };
  event: Briefing['event'] & { editionText?: string; attendanceText?: string };
  facts: { label: string; value: string; latin?: string }[];
  summary: ParagraphView[];
  participants: (Participant & { statementCount: string })[];
  speakers: SpeakerView[];
  themes: ThemeView[];
  matrix: { speakers: Participant[]; rows: { theme: ThemeView; cells: { spoke: boolean }[] }[] };
  /** `href`: the address in the ASCII form links need (non-ASCII percent-encoded); `url` stays as written, for reading. */
  source: Briefing['source'] & { credit: string; publishedText?: string; href?: string };
  /** Plain-text keywords for metadata (PDF Keywords, EPUB subjects). */
  keywords: string[];
}

/**
 * A paragraph for the templates: `text`, and `lang` only when it is not the briefing's. It prints
 * as its text, so templates that write `{{this}}` for a paragraph keep working.
 */
export class ParagraphView {
  readonly text: string;
  readonly lang?: string;
  constructor(p: Paragraph, briefingLang: string) {
    this.text = paragraphText(p);
    if (typeof p !== 'string' && p.lang.toLowerCase() !== briefingLang.toLowerCase()) this.lang = p.lang;
  }
  toString(): string {
    return this.text;
  }
}

/** A paragraph's text, whichever way it was written. */
export function paragraphText(p: Paragraph): string {
  return typeof p === 'string' ? p : p.text;
}

export interface SpeakerView {
  participant: Participant;
  anchor: string;
  statements: StatementView[];
}

export interface StatementView {
  kind: Statement['kind'];
  isQuote: boolean;
  kindLabel: string;
  context?: string;
  text: ParagraphView[];
  themes: { id: string; title: string }[];
  themeList: string;
}

export interface ThemeView {
  id: string;
  title: string;
  description?: string;
  speakers: Participant[];
  speakerList: string;
}

export function toView(b: Briefing): View {
  const locale = createLocale(b.lang, b.digits);
  const { labels } = locale;
  const people = new Map(b.participants.map((p) => [p.id, p]));
  const themeTitles = new Map(b.themes.map((t) => [t.id, t.title]));

  const speakers = groupBySpeaker(b.statements, people, themeTitles, locale, b.lang);
  const themes: ThemeView[] = b.themes.map((t) => {
    const said = b.participants.filter((p) => b.statements.some((s) => s.speaker === p.id && s.themes.includes(t.id)));
    return { ...t, speakers: said, speakerList: said.map((p) => p.name).join(labels.listSeparator) };
  });
  const matrixSpeakers = speakers.map((s) => s.participant);

  const count = (c: Count | undefined) => (c ? labels[c.qualifier].replace('{n}', locale.number(c.count)) : undefined);
  const attendance = b.event.delegates || b.event.countries ? labels.attendanceText(count(b.event.delegates), count(b.event.countries)) : undefined;
  const date = { iso: b.date, native: locale.date(b.date), gregorian: locale.gregorianDate(b.date) };
  const editionText = b.event.edition ? labels.editionOrdinal(b.event.edition) : undefined;

  const facts: View['facts'] = [];
  facts.push({ label: labels.date, value: date.native === date.gregorian ? date.native : `${date.native} (${date.gregorian})` });
  if (editionText) facts.push({ label: labels.edition, value: editionText });
  if (b.event.location) facts.push({ label: labels.place, value: b.event.location });
  if (b.event.organizer) facts.push({ label: labels.organizer, value: b.event.organizer });
  if (attendance) facts.push({ label: labels.attendance, value: attendance });
  if (b.event.alongside) facts.push({ label: labels.alongside, value: b.event.alongside.name, latin: b.event.alongside.nameLatin });

  return {
    id: b.id,
    lang: b.lang,
    dir: locale.dir,
    digits: locale.digits,
    title: b.title,
    subtitle: b.subtitle,
    labels,
    date,
    event: { ...b.event, editionText, attendanceText: attendance },
    facts,
    summary: b.summary.map((p) => new ParagraphView(p, b.lang)),
    participants: b.participants.map((p) => ({
      ...p,
      statementCount: locale.number(b.statements.filter((s) => s.speaker === p.id).length),
    })),
    speakers,
    themes,
    matrix: {
      speakers: matrixSpeakers,
      rows: themes.map((t) => ({ theme: t, cells: matrixSpeakers.map((p) => ({ spoke: t.speakers.includes(p) })) })),
    },
    source: {
      ...b.source,
      credit: labels.sourceCredit(b.source.name, b.source.via),
      publishedText: b.source.published ? locale.date(b.source.published) : undefined,
      // A PDF link holds 7-bit ASCII (ISO 32000-1, 12.6.4.7): as written, a Persian path became a UTF-16 string no viewer opens.
      href: b.source.url ? new URL(b.source.url).href : undefined,
    },
    keywords: [b.event.name, b.event.nameLatin, b.event.abbreviation, ...b.themes.map((t) => t.title)].filter((k): k is string => Boolean(k)),
  };
}

/** Statements grouped by speaker, speakers in order of first appearance. */
function groupBySpeaker(
  statements: Statement[],
  people: Map<string, Participant>,
  themeTitles: Map<string, string>,
  locale: Locale,
  lang: string,
): SpeakerView[] {
  const groups = new Map<string, SpeakerView>();
  for (const s of statements) {
    const participant = people.get(s.speaker)!; // the loader has checked every speaker id
    let group = groups.get(s.speaker);
    if (!group) {
      group = { participant, anchor: `speaker-${participant.id}`, statements: [] };
      groups.set(s.speaker, group);
    }
    const themes = s.themes.map((id) => ({ id, title: themeTitles.get(id)! }));
    group.statements.push({
      kind: s.kind,
      isQuote: s.kind === 'quote',
      kindLabel: locale.labels[s.kind],
      context: s.context,
      text: s.text.map((p) => new ParagraphView(p, lang)),
      themes,
      themeList: themes.map((t) => t.title).join(locale.labels.listSeparator),
    });
  }
  return [...groups.values()];
}
