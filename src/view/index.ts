import type { Author, Briefing, Count, Paragraph, Participant, Source, Statement } from '../model/schema.js';
import { createLocale, unbroken, type Digits, type Direction, type Locale } from './locale.js';
import { textLabels, type TextLabels } from './labels.js';
import { NO_IMAGES, type BriefingImages, type ImageAsset } from '../model/images.js';

export type Layout = 'brief' | 'report';
export type StatementOrder = 'source' | 'speaker';

/**
 * What the templates see: the briefing with the locale applied and the cross-references resolved.
 * Made once per layout by the main thread and handed as it is to the writers, on their threads too:
 * it is data (structured cloning keeps it but for ParagraphView's class: a paragraph arrives in a
 * thread as `{ text, lang }`, and writers read `text`).
 */
export interface View {
  id: string;
  /** brief: a compact title block and sections that flow; report: cover, contents, sections. */
  layout: Layout;
  isBrief: boolean;
  isReport: boolean;
  /** source: `speakers` holds runs of consecutive statements by one speaker, in the data's order; speaker: one group per speaker. */
  statementOrder: StatementOrder;
  lang: string;
  /** The language of Latin-script runs in the briefing's text (see render/latin-runs.ts). */
  latinLang: string;
  dir: Direction;
  digits: Digits;
  title: string;
  subtitle?: string;
  labels: TextLabels;
  /** The event's date; a briefing on a topic (no event) has its issue date here. */
  date: DateView;
  /** The date the briefing was written, when given. */
  issued?: DateView;
  revision?: number;
  revisionText?: string;
  /** Who wrote it: `authors`, and one line of them for a title block. */
  authors: Author[];
  authorsText?: string;
  /** Handling or classification marking: on the title page here, on every page in the PDF. */
  marking?: string;
  /** Absent for a briefing on a topic. */
  event?: NonNullable<Briefing['event']> & { editionText?: string; attendanceText?: string };
  facts: { label: string; value: string; latin?: string }[];
  summary: ParagraphView[];
  /** The author's own judgement, printed apart from the neutral summary. */
  assessment: ParagraphView[];
  logo?: ImageView;
  figures: FigureView[];
  /** The image files behind `logo` and `figures`, for the writers; templates use `src`. */
  images: BriefingImages;
  /** `wholeName`: the name with no-break spaces, for lists and tables where it must not be split. */
  participants: (Participant & { statementCount: string; wholeName: string })[];
  /** Optional participant columns that have a value in at least one row (a column empty in every row is left out). */
  participantColumns: { nameLatin: boolean; country: boolean };
  speakers: SpeakerView[];
  themes: ThemeView[];
  /** Theme × speaker: per theme the speakers who addressed it and those who did not, in words. */
  matrix: { speakers: Participant[]; rows: { theme: ThemeView; cells: { spoke: boolean }[]; spokeList: string; silentList: string }[] };
  /** Whether the theme × speaker matrix is printed: always in a report; in a brief only when it says more than the theme list. */
  showMatrix: boolean;
  sources: SourceView[];
  /** One line that credits the sources: the credit of the only source, or the names of all. */
  creditText: string;
  /** The first source (the only one in most briefings), for templates written before `sources`. */
  source: SourceView;
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

export interface DateView {
  iso: string;
  native: string;
  gregorian: string;
  /** The native date, with the Gregorian one in brackets when the calendars differ. */
  text: string;
}

export interface SourceView extends Source {
  /** "به گزارش X به نقل از Y". */
  credit: string;
  /** The address in the ASCII form links need (non-ASCII percent-encoded); `url` stays as written, for reading. */
  href?: string;
  publishedText?: string;
  /** Id of its entry in the sources section. */
  anchor: string;
}

export interface ImageView {
  /** What `<img src>` must say: the briefing's images are the only ones an output may show. */
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface FigureView extends ImageView {
  id: string;
  /** "شکل ۱" / "Figure 1". */
  label: string;
  caption?: string;
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
  /** The source that reports it: its own `source`, or the briefing's only source. */
  source?: SourceView;
}

export interface ThemeView {
  id: string;
  title: string;
  description?: string;
  speakers: Participant[];
  speakerList: string;
}

/**
 * `options.layout` is the layout to render when the briefing names none (the builder tries
 * `brief` first, see layout-choice.ts); the briefing's own `layout` always wins.
 */
export function toView(b: Briefing, images: BriefingImages = NO_IMAGES, options: { layout?: Layout } = {}): View {
  const locale = createLocale(b.lang, b.digits);
  const { labels } = locale;
  const people = new Map(b.participants.map((p) => [p.id, p]));
  const themeTitles = new Map(b.themes.map((t) => [t.id, t.title]));
  const sources: SourceView[] = b.sources.map((s) => ({
    ...s,
    credit: labels.sourceCredit(s.name, s.via),
    publishedText: s.published ? locale.date(s.published) : undefined,
    // A PDF link holds 7-bit ASCII (ISO 32000-1, 12.6.4.7): as written, a Persian path became a UTF-16 string no viewer opens.
    href: s.url ? new URL(s.url).href : undefined,
    anchor: `source-${s.id}`,
  }));
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  const defaultSource = sources.length === 1 ? sources[0] : undefined;

  const layout: Layout = b.layout ?? options.layout ?? 'brief';
  const statementOrder: StatementOrder = b.statementOrder ?? (layout === 'brief' ? 'source' : 'speaker');
  const speakers = groupBySpeaker(b.statements, people, themeTitles, locale, b.lang, (id) => (id ? sourceById.get(id) : defaultSource), statementOrder);
  // Who spoke on each theme, in the order of the participants: one pass over the statements (a
  // search of every statement for every theme and participant took seconds at the input limits).
  const speakersOf = new Map<string, Set<string>>(b.themes.map((t) => [t.id, new Set()]));
  for (const s of b.statements) for (const t of s.themes) speakersOf.get(t)?.add(s.speaker);
  const themes: ThemeView[] = b.themes.map((t) => {
    const ids = speakersOf.get(t.id)!;
    const said = ids.size ? b.participants.filter((p) => ids.has(p.id)) : [];
    return { ...t, speakers: said, speakerList: said.map((p) => unbroken(p.name)).join(labels.listSeparator) };
  });
  const matrixSpeakers = [...new Set(speakers.map((s) => s.participant))];
  const matrix: View['matrix'] = {
    speakers: matrixSpeakers,
    rows: themes.map((t) => {
      const spoke = new Set(t.speakers);
      const names = (said: boolean) => matrixSpeakers.filter((p) => spoke.has(p) === said).map((p) => unbroken(p.name));
      const list = (said: boolean) => names(said).join(labels.listSeparator) || labels.nobody;
      return { theme: t, cells: matrixSpeakers.map((p) => ({ spoke: spoke.has(p) })), spokeList: list(true), silentList: list(false) };
    }),
  };

  const dateView = (iso: string): DateView => {
    const native = locale.date(iso);
    const gregorian = locale.gregorianDate(iso);
    return { iso, native, gregorian, text: native === gregorian ? native : `${native} (${gregorian})` };
  };
  const issued = b.issued ? dateView(b.issued) : undefined;
  // The loader requires `date` with an event and `issued` without a date: one of them is there.
  const date = b.date ? dateView(b.date) : issued!;

  const ev = b.event;
  const count = (c: Count | undefined) => (c ? labels[c.qualifier].replace('{n}', locale.number(c.count)) : undefined);
  const attendance = ev && (ev.delegates || ev.countries) ? labels.attendanceText(count(ev.delegates), count(ev.countries)) : undefined;
  const editionText = ev?.edition ? labels.editionOrdinal(ev.edition) : undefined;

  const facts: View['facts'] = [];
  if (ev && b.date) facts.push({ label: labels.date, value: date.text });
  if (editionText) facts.push({ label: labels.edition, value: editionText });
  if (ev?.location) facts.push({ label: labels.place, value: ev.location });
  if (ev?.organizer) facts.push({ label: labels.organizer, value: ev.organizer });
  if (attendance) facts.push({ label: labels.attendance, value: attendance });
  if (ev?.alongside) facts.push({ label: labels.alongside, value: ev.alongside.name, latin: ev.alongside.nameLatin });

  const authorsText = b.authors.length
    ? b.authors.map((a) => (a.organization ? `${a.name} (${a.organization})` : a.name)).join(labels.listSeparator)
    : undefined;
  const imageView = (asset: ImageAsset | undefined, alt: string): ImageView | undefined =>
    asset ? { src: asset.href, alt, width: asset.width, height: asset.height } : undefined;

  return {
    id: b.id,
    layout,
    isBrief: layout === 'brief',
    isReport: layout === 'report',
    statementOrder,
    lang: b.lang,
    latinLang: b.latinLang,
    dir: locale.dir,
    digits: locale.digits,
    title: b.title,
    subtitle: b.subtitle,
    labels: textLabels(labels),
    date,
    issued,
    revision: b.revision,
    revisionText: b.revision ? labels.revisionText(locale.number(b.revision)) : undefined,
    authors: b.authors,
    authorsText,
    marking: b.marking,
    event: ev ? { ...ev, editionText, attendanceText: attendance } : undefined,
    facts,
    summary: b.summary.map((p) => new ParagraphView(p, b.lang)),
    assessment: b.assessment.map((p) => new ParagraphView(p, b.lang)),
    logo: b.logo ? imageView(images.logo, b.logo.alt) : undefined,
    figures: b.figures.flatMap((f, i) => {
      const image = imageView(images.figures[i], f.alt);
      return image ? [{ ...image, id: `figure-${i + 1}`, label: labels.figureLabel(locale.number(i + 1)), caption: f.caption }] : [];
    }),
    images,
    participants: b.participants.map((p) => ({
      ...p,
      wholeName: unbroken(p.name),
      statementCount: locale.number(b.statements.filter((s) => s.speaker === p.id).length),
    })),
    participantColumns: {
      nameLatin: b.participants.some((p) => p.nameLatin),
      country: b.participants.some((p) => p.country),
    },
    speakers,
    themes,
    matrix,
    showMatrix: matrix.rows.length > 0 && (layout === 'report' || matrixSaysMore(matrix)),
    sources,
    creditText: sources.length === 1 ? sources[0]!.credit : `${labels.sources}: ${sources.map((s) => s.name).join(labels.listSeparator)}`,
    source: sources[0]!,
    keywords: [ev?.name, ev?.nameLatin, ev?.abbreviation, ...b.themes.map((t) => t.title)].filter((k): k is string => Boolean(k)),
  };
}

/**
 * The matrix repeats what the theme list says (each theme names its speakers); it adds an overview
 * only when it is a dense grid: at least three themes and three speakers, and at least as many
 * marks as themes and speakers together (a sparse grid is a longer way to print the list).
 */
function matrixSaysMore(matrix: View['matrix']): boolean {
  const rows = matrix.rows;
  if (rows.length < 3 || matrix.speakers.length < 3) return false;
  const marks = rows.reduce((n, r) => n + r.cells.filter((c) => c.spoke).length, 0);
  return marks >= rows.length + matrix.speakers.length;
}

/**
 * Statements under their speakers. `speaker`: one group per speaker, in order of first appearance.
 * `source`: the data's order kept, consecutive statements of one speaker sharing a group.
 */
function groupBySpeaker(
  statements: Statement[],
  people: Map<string, Participant>,
  themeTitles: Map<string, string>,
  locale: Locale,
  lang: string,
  sourceOf: (id: string | undefined) => SourceView | undefined,
  order: StatementOrder,
): SpeakerView[] {
  const groups = new Map<string, SpeakerView>();
  const runs: SpeakerView[] = [];
  const anchors = new Map<string, number>();
  for (const s of statements) {
    const participant = people.get(s.speaker)!; // the loader has checked every speaker id
    let group = order === 'speaker' ? groups.get(s.speaker) : runs.at(-1)?.participant.id === s.speaker ? runs.at(-1) : undefined;
    if (!group) {
      // Anchors stay unique when a speaker has several runs in source order.
      const n = (anchors.get(s.speaker) ?? 0) + 1;
      anchors.set(s.speaker, n);
      group = { participant, anchor: n === 1 ? `speaker-${participant.id}` : `speaker-${participant.id}-${n}`, statements: [] };
      groups.set(s.speaker, group);
      runs.push(group);
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
      source: sourceOf(s.source),
    });
  }
  return runs;
}
