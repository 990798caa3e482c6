// Once per vitest run, before any test file: stop at once, with one message, when a tool the tests
// read outputs back with is missing (`npm test` installs them first where it can, see
// scripts/test-tools.mjs); then offer the run-wide EPUBCheck service (see epubcheck.ts).
import type { TestProject } from 'vitest/node';
import { missingMessage, missingTools } from '../../scripts/test-tools.mjs';
import { startEpubcheckBroker } from './epubcheck.js';

export default function setup(project: TestProject): () => Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    // Stop here, before any test file: the message is the whole story (vitest would add a stack trace
    // and "No test files found" to a thrown error).
    console.error(missingMessage(missing));
    process.exit(1);
  }
  const broker = startEpubcheckBroker();
  project.provide('epubcheckSpool', broker.spool);
  return () => broker.close();
}
