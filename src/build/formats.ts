/** The output formats by name. `build` writes the defaults unless --format names others. */
export const FORMATS = ['pdf', 'epub', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_FORMATS: readonly Format[] = ['pdf', 'epub'];

/** The writers a build of these formats runs on threads (the PDF one also chooses the layout). */
export function writerKinds(formats: readonly Format[] = DEFAULT_FORMATS): ('pdf' | 'epub')[] {
  return (['pdf', 'epub'] as const).filter((k) => formats.includes(k));
}
