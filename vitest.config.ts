import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Checks the system tools once (one message if any is missing) and runs one EPUBCheck JVM for all files.
    globalSetup: ['test/support/global-setup.ts'],
    // Separate processes (the PDF layer patches pdfmake process-wide), two at least: vitest's default
    // of one fewer than the cores leaves a 2-core machine running one file at a time while most
    // files wait on a child process (the CLI, Chromium, poppler, EPUBCheck) for much of their time.
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Rendering tests build real PDFs and EPUBs and shell out to poppler, Chromium and EPUBCheck; on a
    // loaded machine the first EPUBCheck verdict of a run (the JVM warming up) can take a minute or two.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
