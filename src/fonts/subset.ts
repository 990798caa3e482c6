import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// subset-font is CommonJS (harfbuzz compiled to wasm); require() reads it the same way under Node and vitest.
const subset = createRequire(import.meta.url)('subset-font') as (
  font: Buffer,
  text: string,
  options?: { targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt' },
) => Promise<Buffer>;

const cache = new Map<string, Promise<Buffer>>();

/**
 * The font at `path` cut down to the glyphs `text` needs, as TrueType.
 * Every OpenType layout feature is kept and glyphs reachable through GSUB are kept with it
 * (harfbuzz's layout closure), so Arabic joining forms, ligatures and mark positioning still work.
 * Results are cached per (path, text) for the life of the process.
 */
export function subsetFont(path: string, text: string): Promise<Buffer> {
  const chars = [...new Set(text)].sort().join('');
  const key = `${path}\u0000${chars}`;
  let result = cache.get(key);
  if (!result) {
    result = readFile(path).then((font) => subset(font, chars, { targetFormat: 'truetype' }));
    // A failure is not remembered: the next call tries again.
    result.catch(() => cache.delete(key));
    cache.set(key, result);
  }
  return result;
}
