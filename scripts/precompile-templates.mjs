#!/usr/bin/env node
// After tsc and the bundle (which empties dist/bundle/): compiles the built-in templates
// (templates/*.hbs) into dist/render/builtin-templates.js and dist/bundle/builtin-templates.js, which the renderer loads
// instead of compiling them at every start (src/render/index.ts, builtinSpecs). The text comes from
// the compiled renderer itself, so the templates are marked and checked as at run time.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { precompileBuiltinTemplates } = await import(join(dist, 'render', 'index.js'));
const text = await precompileBuiltinTemplates();
for (const dir of [join(dist, 'render'), join(dist, 'bundle')]) {
  mkdirSync(dir, { recursive: true });
  // Whole or not at all: a build stopped midway leaves no half-written file.
  const tmp = join(dir, `.builtin-templates.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, 'builtin-templates.js'));
}
