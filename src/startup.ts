/**
 * Process-wide settings the command line makes before it loads anything heavy. They live here, and
 * not in the library, because they change the whole process: a program that calls the library keeps
 * V8 and Node as it set them. Imported first by src/cli.ts, so it runs before the other imports.
 */
import module from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { cacheDir } from './cache.js';

// harfbuzz (subset-font, 680 KB of wasm) runs for a few milliseconds per build, yet V8 would spend
// 0.3-1.5 s of CPU optimising one 150 KB function of it with TurboFan in the background. Baseline
// (Liftoff) code is fast enough. Set at runtime, `--liftoff-only` alone no longer stops the
// tier-up on Node 24 (its implied flags are not re-derived), so the tiering flags are set too.
// The process runs no other wasm: the PDF path (fontkit) is JavaScript.
for (const flag of ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering']) setFlagsFromString(flag);

// After a full GC, V8 lets a heap that allocates fast grow to up to four times its live data before
// the next. The PDF layout allocates fast: pdfmake lays the whole document out again for every page
// break a hook asks for (lone lines, section starts), and each pass before the last is garbage. Growth
// of at most 30 % keeps the 1,000-statement build's peak at ~450 MB instead of ~780 MB and the
// ~600-paragraph PDF's at ~195 MB instead of ~330 MB, for the same CPU time (bench/PROFILE.md).
// The flag is process-wide, so it holds for the writer threads too.
setFlagsFromString('--heap-growing-percent=30');

// Node 20's V8 (11.x, no Maglev) sends a function to TurboFan after a short run in baseline code.
// A build is a short process whose code is mostly warm, not hot: compiling it with TurboFan (on a
// second core, and again in each writer thread) cost more than the optimised code gave back. With a
// budget 16 times the default, only the truly hot loops of the layout are optimised: CPU -25 to -30 %,
// wall -10 to -25 % for one page, MCIS and ~600 paragraphs, 1,000 statements no slower
// (bench/PROFILE.md). Newer V8 has a Maglev tier and other flags, and keeps its own tiering.
if (Number(process.versions.v8.split('.')[0]) <= 11) setFlagsFromString('--interrupt-budget=1081344');

// Node 22.1+ keeps the compiled code of the modules loaded from here on in a disk cache and reuses
// it next run (Node 20 has none and skips this). It goes in briefing's cache folder, and it is off
// when that cache is (BRIEFING_CACHE=off). Worker threads read NODE_COMPILE_CACHE when they start,
// so the PDF and EPUB threads, which load most of the code, use it too.
const enableCompileCache = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
const cache = cacheDir();
if (enableCompileCache && cache && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  const dir = process.env.NODE_COMPILE_CACHE || join(cache, 'node-compile-cache');
  enableCompileCache(dir);
  process.env.NODE_COMPILE_CACHE = dir;
}
