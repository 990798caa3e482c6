import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rendering tests build real PDFs and EPUBs and shell out to poppler and EPUBCheck.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
