/** White space (line breaks, runs of spaces) folded to one space and trimmed: what a reader compares when pasting. */
export const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
