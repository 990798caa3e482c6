// pdf.js (Firefox's PDF engine) opening a file as the tests read it: the legacy build, which runs
// under Node without a DOM, and no console warnings about fonts it substitutes.
import { readFileSync } from 'node:fs';

export type PdfjsDocument = Awaited<ReturnType<typeof openPdfjs>>;

export async function openPdfjs(file: string) {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
}
