import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

// subset-font is CommonJS (harfbuzz compiled to wasm); require() reads it the same way under Node and vitest.
const subset = createRequire(import.meta.url)('subset-font') as (
  font: Buffer,
  text: string,
  options?: { targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt' },
) => Promise<Buffer>;

const cache = new Map<string, Promise<Buffer>>();
let harfbuzzReady: Promise<unknown> | undefined;

/**
 * subset-font compiles harfbuzz (680 KB of wasm) on its first call. V8 would then tier it up to
 * optimised code in the background, which costs ~0.3 s of CPU and ~25 MB for a handful of subsets;
 * baseline (Liftoff) code is fast enough. The flag is read when the module is compiled, so it is
 * set for that first call only and cleared again for any other wasm in the process.
 */
function firstSubset(font: Buffer, chars: string): Promise<Buffer> {
  setFlagsFromString('--liftoff-only');
  const result = subset(font, chars, { targetFormat: 'truetype' });
  harfbuzzReady = result.finally(() => setFlagsFromString('--no-liftoff-only')).catch(() => (harfbuzzReady = undefined));
  return result;
}

async function subsetOnce(path: string, chars: string): Promise<Buffer> {
  const font = await readFile(path);
  if (!harfbuzzReady) return firstSubset(font, chars);
  await harfbuzzReady;
  return subset(font, chars, { targetFormat: 'truetype' });
}

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
    result = subsetOnce(path, chars);
    // A failure is not remembered: the next call tries again.
    result.catch(() => cache.delete(key));
    cache.set(key, result);
  }
  return result;
}
