#!/usr/bin/env node
// The `briefing` command (src/cli/bin.ts). `npm run build` replaces the compiled file with one that
// runs the bundle of the same code (dist/bundle/, scripts/bundle.mjs), which loads much faster.
import './cli/bin.js';
