import { resolve } from 'node:path';

/** The part of pdfmake that decides what a document definition may load. */
export interface ResourcePolicies {
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
}

/**
 * Lets documents load the given local files (the fonts the build chose) and nothing else:
 * no URL at all, no other local file, whatever a document definition asks for.
 */
export function allowOnlyFiles(pdf: ResourcePolicies, files: readonly string[]): void {
  const allowed = new Set(files.map((p) => resolve(p)));
  pdf.setUrlAccessPolicy(() => false);
  pdf.setLocalAccessPolicy((p) => typeof p === 'string' && allowed.has(resolve(p)));
}
