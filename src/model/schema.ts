import { z } from 'zod';
import { LIMITS } from './strings.js';

// One definition drives validation, the TypeScript types and the committed JSON Schema.

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (letters a-z, digits, single hyphens)');

/**
 * The briefing's id names its output files: short enough for every file system with the folder in
 * front of it, and not a name Windows keeps for a device (`con.pdf` cannot be created there).
 */
export const briefingId = slug
  .max(100, 'must be at most 100 characters (it names the output files)')
  .regex(/^(?!(?:con|prn|aux|nul|com[1-9]|lpt[1-9])$)/i, 'is a device name on Windows (con, prn, aux, nul, com1-9, lpt1-9), where no file can be called that: choose another id');

/**
 * A web address: http or https with a host, as `new URL` reads it, written with the characters an
 * address may hold (RFC 3986, plus non-ASCII letters as in RFC 3987). Space, quotes, <, >, \\, ^, `,
 * {, |, } and bidi controls are refused: they are not part of an address, and in markup they end it.
 */
export const webUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: 'must be a web address starting with http:// or https://' })
  .regex(
    /^[^\s"<>\\^`{|}\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/u,
    'may not contain spaces, double quotes, <, >, \\, ^, `, {, |, } or bidi controls (write a space as %20)',
  );

const text = z.string().trim().min(1, 'must not be empty');

const langTag = z.string().regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as fa or en');

/**
 * A paragraph: its text, or its text with the language it is written in when that is not the
 * briefing's (an English quote in a Persian briefing), so screen readers and hyphenation follow it.
 */
export const paragraphSchema = z.union([
  text,
  z.object({ text, lang: langTag.describe('BCP 47 language tag of this paragraph, e.g. en') }).strict(),
]);

/** ISO calendar date (YYYY-MM-DD) that exists in the calendar: 2023-02-30 is refused. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD')
  // Only a well-formed date is checked against the calendar, so a malformed one gets one message.
  .refine((s) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return true;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a date in the calendar');

const count = z
  .object({
    count: z.number().int().nonnegative(),
    qualifier: z.enum(['over', 'about', 'exact']).default('exact'),
  })
  .strict();

export const eventSchema = z.object({
  name: text.describe('Name of the event in the briefing language'),
  nameLatin: text.optional().describe('Name in Latin script, e.g. Moscow Conference on International Security'),
  abbreviation: text.optional().describe('Short form, e.g. MCIS'),
  edition: z.number().int().positive().optional().describe('Which edition this is, e.g. 11'),
  location: text.optional().describe('Where it took place'),
  organizer: text.optional().describe('Who organised it'),
  delegates: count.optional().describe('How many delegates attended'),
  countries: count.optional().describe('How many countries were represented'),
  alongside: z.object({ name: text, nameLatin: text.optional() }).strict().optional().describe('An event held at the same time'),
}).strict();

const sourceFields = {
  name: text.describe('The outlet or author that published the report'),
  via: text.optional().describe('The agency the outlet cites'),
  url: webUrl.optional().describe('Address of the report (http or https)'),
  published: isoDate.optional().describe('Publication date, YYYY-MM-DD'),
  title: text.optional().describe('Title of the report or article'),
};

/** One of the briefing's sources; statements name it by `id`. */
export const sourceSchema = z
  .object({ id: slug.describe('Identifier that statements use as source'), ...sourceFields })
  .strict();

/** The singular `source` of earlier briefings: a one-item `sources`, its id optional. */
const singleSourceSchema = z
  .object({ id: slug.optional().describe('Identifier that statements use as source (default: source)'), ...sourceFields })
  .strict();

/** The id a singular `source` gets when it names none. */
export const SINGLE_SOURCE_ID = 'source';

export const authorSchema = z
  .object({
    name: text.describe('Name of the author'),
    organization: text.optional().describe('The author\'s organisation'),
  })
  .strict();

/**
 * A path to an image beside the briefing: relative, inside the briefing's folder, PNG or JPEG.
 * URLs are refused here; that the file exists and is what its name says is checked when loading.
 */
export const imagePath = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((s, ctx) => {
    const problem = imagePathProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Why a path cannot name one of the briefing's images, or undefined when it can. */
export function imagePathProblem(s: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) return 'must be a file beside the briefing, not a URL (builds never use the network)';
  if (s.startsWith('//')) return 'must be a file beside the briefing, not a URL (builds never use the network)';
  if (/^([a-z]:)?[\\/]/i.test(s)) return 'must be a path relative to the briefing file, not an absolute path';
  const parts = s.split(/[\\/]+/);
  let depth = 0;
  for (const part of parts) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return 'must not leave the briefing\'s folder ("..")';
  }
  if (/\.svg$/i.test(s)) return 'SVG images are not supported (they can load other files): use PNG or JPEG';
  if (!/\.(png|jpe?g)$/i.test(s)) return 'must be a PNG or JPEG file (.png, .jpg, .jpeg)';
  return undefined;
}

export const logoSchema = z
  .object({
    file: imagePath.describe('PNG or JPEG file, relative to the briefing file'),
    alt: text.describe('What the logo shows, for readers who cannot see it'),
  })
  .strict();

export const figureSchema = z
  .object({
    file: imagePath.describe('PNG or JPEG file, relative to the briefing file'),
    alt: text.describe('What the image shows, for readers who cannot see it'),
    caption: text.optional().describe('Caption printed under the image'),
  })
  .strict();

export const participantSchema = z.object({
  id: slug.describe('Identifier that statements use as speaker'),
  name: text.describe('Name as the source gives it'),
  nameLatin: text.optional().describe('Name in Latin script'),
  role: text.describe('Role as the source gives it'),
  country: text.optional(),
}).strict();

export const statementSchema = z.object({
  speaker: slug.describe('id of a participant'),
  kind: z.enum(['quote', 'paraphrase']).describe('quote: the words verbatim; paraphrase: reported speech'),
  context: text.optional().describe('Occasion, e.g. opening speech'),
  text: z.array(paragraphSchema).min(1).describe('Paragraphs: text, or {text, lang} for one in another language'),
  themes: z.array(slug).default([]).describe('ids of the themes this statement touches'),
  source: slug.optional().describe('id of the source that reports this statement (default: the only source)'),
}).strict();

export const themeSchema = z.object({
  id: slug.describe('Identifier that statements use in themes'),
  title: text,
  description: text.optional(),
}).strict();

export const briefingSchema = z
  .object({
    $schema: z.string().optional(),
    id: briefingId.describe('Names the output files: <id>.pdf, <id>.epub (at most 100 characters)'),
    lang: langTag
      .default('fa')
      .describe('BCP 47 language tag; the text direction follows from it (fa: right to left)'),
    latinLang: langTag
      .default('en')
      .describe('BCP 47 language of runs of Latin script inside text of a non-Latin briefing (names, quotes in English), for screen readers; a paragraph with its own lang keeps it'),
    digits: z.enum(['persian', 'latin']).optional().describe('Digits for the numbers the templates write (dates, counts, page numbers); quoted text keeps its own'),
    layout: z
      .enum(['brief', 'report'])
      .optional()
      .describe('brief: no cover, sections flow, for a page or two; report: cover, contents page, sections grouped. Without it: brief when the brief fits on two pages'),
    statementOrder: z
      .enum(['source', 'speaker'])
      .optional()
      .describe('source: statements in the order written here; speaker: grouped under each speaker. Default: source for a brief, speaker for a report'),
    title: text,
    subtitle: text.optional(),
    marking: text
      .max(100, 'must be short (at most 100 characters): it is printed on every page')
      .optional()
      .describe('Handling or classification marking, printed at the top and bottom of every page'),
    authors: z.array(authorSchema).default([]).describe('Who wrote the briefing'),
    issued: isoDate.optional().describe('Date the briefing was written, YYYY-MM-DD; required when there is no event date'),
    revision: z.number().int().positive().optional().describe('Revision number of this briefing (1, 2, ...); a corrected briefing is a new edition'),
    date: isoDate.optional().describe('Date of the event, YYYY-MM-DD (Gregorian); the Jalali date is derived. Required with event'),
    event: eventSchema.optional().describe('The event the briefing reports on; a briefing on a topic has none'),
    logo: logoSchema.optional().describe('Logo of the issuing organisation, on the title page and the EPUB cover'),
    source: singleSourceSchema.optional().describe('The one source of the report (same as a one-item sources)'),
    sources: z.array(sourceSchema).min(1).optional().describe('Where the report comes from; statements name one by id'),
    summary: z.array(paragraphSchema).min(1).describe('Neutral summary paragraphs that attribute every claim: text, or {text, lang} for one in another language'),
    participants: z.array(participantSchema).min(1).max(LIMITS.participants, `must have at most ${LIMITS.participants} participants`),
    statements: z.array(statementSchema).max(LIMITS.statements, `must have at most ${LIMITS.statements.toLocaleString('en')} statements`).default([]),
    themes: z.array(themeSchema).max(LIMITS.themes, `must have at most ${LIMITS.themes} themes`).default([]),
    assessment: z.array(paragraphSchema).default([]).describe("The author's own assessment, printed apart from the neutral summary: paragraphs like summary"),
    figures: z.array(figureSchema).default([]).describe('Images printed after the summary: file, alt text, optional caption'),
  })
  .strict()
  // One shape for every later stage: the singular `source` becomes a one-item `sources`.
  .transform(({ source, sources, ...rest }) => ({
    ...rest,
    sources: sources ?? (source ? [{ ...source, id: source.id ?? SINGLE_SOURCE_ID }] : []),
  }));

export type Briefing = z.infer<typeof briefingSchema>;
export type BriefingInput = z.input<typeof briefingSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type Statement = z.infer<typeof statementSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type Paragraph = z.infer<typeof paragraphSchema>;
export type Count = z.infer<typeof count>;
export type Source = z.infer<typeof sourceSchema>;
export type Author = z.infer<typeof authorSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type Logo = z.infer<typeof logoSchema>;

/** The JSON Schema that editors use to check and complete data files. */
export function briefingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(briefingSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://briefing.local/briefing.schema.json',
    title: 'Briefing',
    description: 'A structured briefing: summary, participants, statements, themes.',
    ...schema,
  };
}

/**
 * The field names a mapping at `path` may hold (numeric steps are list items), for a misspelt
 * field's "did you mean" hint; empty when the path leads to no mapping.
 */
export function fieldsAt(path: readonly (string | number)[]): string[] {
  let node: z.core.$ZodType | undefined = briefingSchema;
  const objects = (t: z.core.$ZodType | undefined): z.core.$ZodType[] => {
    if (!t) return [];
    const def = t._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; options?: z.core.$ZodType[] };
    if (def.type === 'object') return [t];
    if (def.innerType) return objects(def.innerType);
    if (def.type === 'pipe') return objects(def.in);
    if (def.type === 'union') return (def.options ?? []).flatMap(objects);
    return [t];
  };
  for (const step of path) {
    const here: z.core.$ZodType[] = objects(node);
    node = undefined;
    for (const t of here) {
      const def = t._zod.def as { type: string; element?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType> };
      if (typeof step === 'number' && def.type === 'array') node = def.element;
      else if (typeof step === 'string' && def.type === 'object' && def.shape && Object.hasOwn(def.shape, step)) node = def.shape[step];
      if (node) break;
    }
    if (!node) return [];
  }
  return objects(node).flatMap((t) => {
    const def = t._zod.def as { type: string; shape?: Record<string, unknown> };
    return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
  });
}
