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

const count = z.object({
  count: z.number().int().nonnegative(),
  qualifier: z.enum(['over', 'about', 'exact']).default('exact'),
});

export const eventSchema = z.object({
  name: text.describe('Name of the event in the briefing language'),
  nameLatin: text.optional().describe('Name in Latin script, e.g. Moscow Conference on International Security'),
  abbreviation: text.optional().describe('Short form, e.g. MCIS'),
  edition: z.number().int().positive().optional().describe('Which edition this is, e.g. 11'),
  location: text.optional().describe('Where it took place'),
  organizer: text.optional().describe('Who organised it'),
  delegates: count.optional().describe('How many delegates attended'),
  countries: count.optional().describe('How many countries were represented'),
  alongside: z.object({ name: text, nameLatin: text.optional() }).optional().describe('An event held at the same time'),
});

export const sourceSchema = z.object({
  name: text.describe('The outlet that published the report'),
  via: text.optional().describe('The agency the outlet cites'),
  url: webUrl.optional().describe('Address of the report (http or https)'),
  published: isoDate.optional().describe('Publication date, YYYY-MM-DD'),
});

export const participantSchema = z.object({
  id: slug.describe('Identifier that statements use as speaker'),
  name: text.describe('Name as the source gives it'),
  nameLatin: text.optional().describe('Name in Latin script'),
  role: text.describe('Role as the source gives it'),
  country: text.optional(),
});

export const statementSchema = z.object({
  speaker: slug.describe('id of a participant'),
  kind: z.enum(['quote', 'paraphrase']).describe('quote: the words verbatim; paraphrase: reported speech'),
  context: text.optional().describe('Occasion, e.g. opening speech'),
  text: z.array(paragraphSchema).min(1).describe('Paragraphs: text, or {text, lang} for one in another language'),
  themes: z.array(slug).default([]).describe('ids of the themes this statement touches'),
});

export const themeSchema = z.object({
  id: slug.describe('Identifier that statements use in themes'),
  title: text,
  description: text.optional(),
});

export const briefingSchema = z
  .object({
    $schema: z.string().optional(),
    id: briefingId.describe('Names the output files: <id>.pdf, <id>.epub (at most 100 characters)'),
    lang: langTag
      .default('fa')
      .describe('BCP 47 language tag; the text direction follows from it (fa: right to left)'),
    digits: z.enum(['persian', 'latin']).optional().describe('Digits for the numbers the templates write (dates, counts, page numbers); quoted text keeps its own'),
    title: text,
    subtitle: text.optional(),
    date: isoDate.describe('Date of the event, YYYY-MM-DD (Gregorian); the Jalali date is derived'),
    event: eventSchema,
    source: sourceSchema.describe('Where the report comes from; credited in both outputs'),
    summary: z.array(paragraphSchema).min(1).describe('Neutral summary paragraphs that attribute every claim: text, or {text, lang} for one in another language'),
    participants: z.array(participantSchema).min(1).max(LIMITS.participants, `must have at most ${LIMITS.participants} participants`),
    statements: z.array(statementSchema).max(LIMITS.statements, `must have at most ${LIMITS.statements.toLocaleString('en')} statements`).default([]),
    themes: z.array(themeSchema).max(LIMITS.themes, `must have at most ${LIMITS.themes} themes`).default([]),
  })
  .strict();

export type Briefing = z.infer<typeof briefingSchema>;
export type BriefingInput = z.input<typeof briefingSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type Statement = z.infer<typeof statementSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type Paragraph = z.infer<typeof paragraphSchema>;
export type Count = z.infer<typeof count>;

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
