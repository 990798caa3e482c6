import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/sequencer.js';

// Files that change process-wide state run in a fresh process each: pdfmake's shared instance
// (fonts, policies, the RTL hooks installed on its classes in-process), environment variables, the
// module registry; or that need pdfmake as it is before any build (pdf-host, pdf-styles); and the batch, interrupt and worker tests, whose subject is processes and threads.
const ownProcess = [
  'test/unit/pdf-host.test.ts',
  'test/unit/pdf-policy.test.ts',
  'test/unit/pdf-styles.test.ts',
  'test/unit/pdf-hooks.test.ts',
  'test/unit/rtl/standard-fonts.test.ts',
  'test/unit/locale.test.ts',
  'test/unit/epub-pack.test.ts',
  'test/unit/batch.test.ts',
  'test/e2e/copy-viewers.test.ts',
  'test/e2e/copy-engines.test.ts',
  'test/e2e/rtl-cases.test.ts',
  'test/e2e/pdf-tagged.test.ts',
  'test/e2e/batch.test.ts',
  'test/e2e/cli-batch.test.ts',
  'test/e2e/interrupt.test.ts',
  'test/e2e/writer-pool.test.ts',
];

export default defineConfig({
  test: {
    // Separate processes (the PDF layer patches pdfmake process-wide), two at least: vitest's default
    // of one fewer than the cores leaves a 2-core machine running one file at a time while most
    // files wait on a child process (the CLI, Chromium, poppler, EPUBCheck) for much of their time.
    pool: 'forks',
    // Checks the system tools (one message if any is missing) and runs one EPUBCheck JVM for all files
    // of both projects (vitest calls it once per project; the JVM is shared, see global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Removes the temporary folders each test file made (tempDir in test/helpers.ts).
    setupFiles: ['test/support/cleanup.ts'],
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Rendering tests build real PDFs and EPUBs and shell out to poppler, Chromium and EPUBCheck; on a
    // loaded machine the first EPUBCheck verdict of a run (the JVM warming up) can take a minute or two.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // The longest files first, also on a fresh checkout (see test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ownProcess,
        },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: ownProcess,
          // Tests of pure functions, in-process builds that leave no state behind, and the CLI in child
          // processes: one worker process runs many files, so the sources and libraries are loaded once
          // per worker instead of once per file (the unit tests took 40 s of CPU isolated, 17 s shared).
          isolate: false,
        },
      },
    ],
  },
});
