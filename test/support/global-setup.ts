// Once per vitest run, before any test file: stop at once, with one message, when a tool the tests
// read outputs back with is missing (`npm test` installs them first where it can, see
// scripts/test-tools.mjs); then offer the run-wide EPUBCheck service (see epubcheck.ts).
import type { TestProject } from 'vitest/node';
import { missingMessage, missingTools } from '../../scripts/test-tools.mjs';
import { startEpubcheckBroker } from './epubcheck.js';

export default function setup(project: TestProject): () => Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    const err = new Error(missingMessage(missing));
    err.stack = err.message; // the message is the whole story; a stack trace would only bury it
    throw err;
  }
  const broker = startEpubcheckBroker();
  project.provide('epubcheckSpool', broker.spool);
  return () => broker.close();
}
