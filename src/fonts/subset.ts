import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { cacheKey, cached, installedVersion } from '../io/cache.js';

const require = createRequire(import.meta.url);

type SubsetFn = (font: Buffer, text: string, options?: { targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt' }) => Promise<Buffer>;

// subset-font is CommonJS (harfbuzz compiled to wasm); required on the first cache miss only, so a
// build whose subsets all come from the disk cache never loads or compiles harfbuzz.
// (`--liftoff-only`, which spares harfbuzz V8's costly optimising tier, is set by the command line
// in src/cli/startup.ts: a library does not change V8's flags for the process it runs in.)
let subset: SubsetFn | undefined;
const loadSubset = (): SubsetFn => (subset ??= require('subset-font') as SubsetFn);

const OPTIONS = { targetFormat: 'truetype' } as const;
const memory = new Map<string, Promise<Buffer>>();
let versions: string | undefined;

/** What else a subset depends on besides the font and the characters: the tools that cut it. */
function toolVersions(): string {
  const subsetMain = require.resolve('subset-font');
  // harfbuzzjs exports no package.json: found from the wasm file subset-font loads.
  const harfbuzz = require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm', { paths: [dirname(subsetMain)] });
  return (versions ??= [installedVersion(subsetMain), installedVersion(harfbuzz), JSON.stringify(OPTIONS)].join(' '));
}

async function subsetOnce(path: string, chars: string): Promise<Buffer> {
  const font = await readFile(path);
  // Keyed by the font's bytes, not its path: an updated font package gives new subsets.
  const key = cacheKey('font-subset', [font, chars, toolVersions()]);
  return cached('font-subset', key, () => loadSubset()(font, chars, OPTIONS));
}

/**
 * The font at `path` cut down to the glyphs `text` needs, as TrueType.
 * Every OpenType layout feature is kept and glyphs reachable through GSUB are kept with it
 * (harfbuzz's layout closure), so Arabic joining forms, ligatures and mark positioning still work.
 * Results are kept per (path, text) for the life of the process and on disk (src/io/cache.ts).
 */
export function subsetFont(path: string, text: string): Promise<Buffer> {
  const chars = [...new Set(text)].sort().join('');
  const key = `${path}\u0000${chars}`;
  let result = memory.get(key);
  if (!result) {
    result = subsetOnce(path, chars);
    // A failure is not remembered: the next call tries again.
    result.catch(() => memory.delete(key));
    memory.set(key, result);
  }
  return result;
}
