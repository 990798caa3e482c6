import { createRequire } from 'node:module';

// jszip is CommonJS; require() reads it the same way under Node and vitest.
const JSZip = createRequire(import.meta.url)('jszip') as typeof import('jszip');

/**
 * The OCF container: `mimetype` first and stored, every other file deflated, in the order given.
 * Every entry carries `date` and no directory entries are written, so the same files and date
 * always give the same bytes.
 */
export async function repack(files: Map<string, string | Uint8Array>, date: Date): Promise<Buffer> {
  const zip = new JSZip();
  // ZIP (DOS) times cannot hold dates before 1980.
  const stamp = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE', date: stamp, createFolders: false });
  for (const [name, data] of files) {
    if (name === 'mimetype') continue;
    zip.file(name, data, { compression: 'DEFLATE', compressionOptions: { level: 9 }, date: stamp, createFolders: false });
  }
  return zip.generateAsync({ type: 'nodebuffer', platform: 'DOS', mimeType: 'application/epub+zip' });
}
