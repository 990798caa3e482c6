import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Checks the system tools once (one message if any is missing) and runs one EPUBCheck JVM for all files.
    globalSetup: ['test/support/global-setup.ts'],
    // Rendering tests build real PDFs and EPUBs and shell out to poppler and EPUBCheck.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
