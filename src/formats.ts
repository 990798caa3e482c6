/** The output formats by name. `build` writes the defaults unless --format names others. */
export const FORMATS = ['pdf', 'epub', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_FORMATS: readonly Format[] = ['pdf', 'epub'];
