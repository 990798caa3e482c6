import { z } from 'zod';

// One definition drives validation, the TypeScript types and the committed JSON Schema.

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (letters a-z, digits, single hyphens)');

const text = z.string().trim().min(1, 'must not be empty');

/** ISO calendar date (YYYY-MM-DD) that exists in the calendar: 2023-02-30 is refused. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a date in the calendar');

const count = z.object({
  count: z.number().int().nonnegative(),
  qualifier: z.enum(['over', 'about', 'exact']).default('exact'),
});

export const eventSchema = z.object({
  name: text,
  nameLatin: text.optional(),
  abbreviation: text.optional(),
  edition: z.number().int().positive().optional(),
  location: text.optional(),
  organizer: text.optional(),
  delegates: count.optional(),
  countries: count.optional(),
  alongside: z.object({ name: text, nameLatin: text.optional() }).optional(),
});

export const sourceSchema = z.object({
  name: text,
  via: text.optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  published: isoDate.optional(),
});

export const participantSchema = z.object({
  id: slug,
  name: text,
  nameLatin: text.optional(),
  role: text,
  country: text.optional(),
});

export const statementSchema = z.object({
  speaker: slug,
  kind: z.enum(['quote', 'paraphrase']),
  context: text.optional(),
  text: z.array(text).min(1),
  themes: z.array(slug).default([]),
});

export const themeSchema = z.object({
  id: slug,
  title: text,
  description: text.optional(),
});

export const briefingSchema = z
  .object({
    $schema: z.string().optional(),
    id: slug,
    lang: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as fa or en')
      .default('fa'),
    digits: z.enum(['persian', 'latin']).optional(),
    title: text,
    subtitle: text.optional(),
    date: isoDate,
    event: eventSchema,
    source: sourceSchema,
    summary: z.array(text).min(1),
    participants: z.array(participantSchema).min(1),
    statements: z.array(statementSchema).default([]),
    themes: z.array(themeSchema).default([]),
  })
  .strict();

export type Briefing = z.infer<typeof briefingSchema>;
export type BriefingInput = z.input<typeof briefingSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type Statement = z.infer<typeof statementSchema>;
export type Theme = z.infer<typeof themeSchema>;
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
