#!/usr/bin/env node
// After tsc: bundles the command line and the writer threads' code, with the libraries they import,
// into a few files in dist/bundle/ (esbuild), and points dist/cli.js at them. Loading ~150 small
// modules one by one was a large part of a small build (bench/RESULTS.md, start-up). The library
// entry points (dist/index.js, dist/pdfmake-rtl.js) stay unbundled for programs that import them.
//
// Left outside the bundle, loaded from node_modules as they are: pdfmake, pdfkit and fontkit (the
// PDF writer's hooks reach their internal modules by path, and pdfkit reads its data files next
// to its own code), native and WebAssembly packages (@resvg/resvg-js, subset-font), and what the
// code loads itself through createRequire (css-tree, epub-gen-memory, bidi-js).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');
rmSync(out, { recursive: true, force: true });

await build({
  // The names matter: the pool starts `./worker.js` and hands it `./writer-jobs.js`, both next to
  // the code that names them (src/threads/pool.ts, src/build/writer-pool.ts), here in dist/bundle/.
  entryPoints: [
    { in: join(dist, 'cli', 'bin.js'), out: 'cli' },
    { in: join(dist, 'threads', 'worker.js'), out: 'worker' },
    { in: join(dist, 'build', 'writer-jobs.js'), out: 'writer-jobs' },
  ],
  outdir: out,
  bundle: true,
  // Shared code in chunks, and the writers' code loaded only by the threads that run them.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Some libraries publish a CommonJS build that requires files by computed names (jsonc-parser):
  // their ES module build bundles whole.
  mainFields: ['module', 'main'],
  external: ['pdfmake', 'pdfmake/*', 'pdfkit', 'pdfkit/*', 'fontkit', '@resvg/resvg-js', 'subset-font', 'harfbuzzjs'],
  // CommonJS code inside an ES module bundle still calls require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

// dist/io/paths.js finds the package two levels up, as dist/bundle/*.js does: no path changes.
const bin = join(dist, 'cli.js');
const shebang = readFileSync(bin, 'utf8').startsWith('#!') ? '#!/usr/bin/env node\n' : '';
writeFileSync(bin, `${shebang}// The bundle of src/cli/bin.ts (scripts/bundle.mjs).\nimport './bundle/cli.js';\n`);
