// Preloaded (`node --import`) into a CLI a test starts: says on stderr when a PDF layout begins, in
// whichever thread it runs (a preload runs in every worker thread too), from the writer's
// diagnostics channel (src/pdf/index.ts, LAYOUT_START_CHANNEL).
import { subscribe } from 'node:diagnostics_channel';

subscribe('briefing:pdf:layout-start', () => process.stderr.write('briefing: test: PDF layout started\n'));
