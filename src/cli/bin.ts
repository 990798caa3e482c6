// The command's whole program, in the order it must load: first the process-wide settings (V8
// flags, the compile cache), before any other module; then the command line itself. The `briefing`
// bin (src/cli.ts) runs this, bundled into one file by `npm run build` (scripts/bundle.mjs).
import './startup.js';
import './main.js';
