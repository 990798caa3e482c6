/**
 * Process-wide settings the command line makes before it loads anything heavy. They live here, and
 * not in the library, because they change the whole process: a program that calls the library keeps
 * V8 and Node as it set them. Imported first by src/cli/main.ts, so it runs before the other imports.
 */
import module from 'node:module';
import { join } from 'node:path';
import { setV8Flags, shareCompileCache } from '../threads/settings.js';
import { cacheDir } from '../io/cache.js';

// harfbuzz (subset-font, 680 KB of wasm) runs for a few milliseconds per build, yet V8 would spend
// 0.3-1.5 s of CPU optimising one 150 KB function of it with TurboFan in the background. Baseline
// (Liftoff) code is fast enough. Set at runtime, `--liftoff-only` alone no longer stops the
// tier-up on Node 24 (its implied flags are not re-derived), so the tiering flags are set too.
// The process runs no other wasm: the PDF path (fontkit) is JavaScript.
const flags = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];

// After a full GC, V8 lets a heap that allocates fast grow to up to four times its live data before
// the next; the PDF layout allocates fast. At most 30 % here.
flags.push('--heap-growing-percent=30');

// V8 grows a heap's young generation (up to 3 x 16 MB) whenever many objects survive a scavenge: the
// main thread's parsing and rendering grew it to ~50 MB that then sat unused while the writer
// threads worked, and each writer thread grew its own. Kept at its starting size (growth factor 1),
// with the writer threads starting at 4 MB semi-spaces instead of 1.
flags.push('--semi-space-growth-factor=1', '--min-semi-space-size=4');

// Node 20's V8 (11.x, no Maglev) sends a function to TurboFan after a short run in baseline code.
// A build is a short process whose code is mostly warm, not hot: compiling it with TurboFan (on a
// second core, and again in each writer thread) costs more than the optimised code gives back. With
// a budget 16 times the default, only the truly hot loops of the layout are optimised. Newer V8 has
// a Maglev tier and other flags, and keeps its own tiering.
if (Number(process.versions.v8.split('.')[0]) <= 11) flags.push('--interrupt-budget=1081344');

// Set here and again in each writer thread as it starts: starting a thread undoes the young
// generation's setting (src/threads/settings.ts). Together they make builds faster and smaller on Node 20; the
// figures, and what each flag alone does, are in bench/PROFILE.md (sixth round).
setV8Flags(flags);

// Node 22.1+ keeps the compiled code of the modules loaded from here on in a disk cache and reuses
// it next run (Node 20 has none and skips this). It goes in briefing's cache folder (or the one the
// user names in NODE_COMPILE_CACHE), and it is off when that cache is (BRIEFING_CACHE=off) or when
// the user turns Node's off (NODE_DISABLE_COMPILE_CACHE). The writer threads, which load most of the
// code, are handed the folder and use it too (src/threads/settings.ts).
const enableCompileCache = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
const cache = cacheDir();
if (enableCompileCache && cache && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  const dir = process.env.NODE_COMPILE_CACHE || join(cache, 'node-compile-cache');
  enableCompileCache(dir);
  shareCompileCache(dir);
}
