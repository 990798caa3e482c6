// Once per vitest run, before any test file: stop at once, with one message, when a tool the tests
// read outputs back with is missing (`npm test` installs them first where it can, see
// scripts/test-tools.mjs); then offer the run-wide EPUBCheck service (see epubcheck.ts).
import type { TestProject } from 'vitest/node';
import { missingMessage, missingTools } from '../../scripts/test-tools.mjs';
import { startEpubcheckBroker, type EpubcheckBroker } from './epubcheck.js';

// vitest calls the set-up once per project (see vitest.config.ts): every project gets the same
// broker, so the whole run keeps one EPUBCheck JVM. Kept on globalThis, as each call may load this
// module afresh; closed when the last project is done with it.
const shared = globalThis as { briefingEpubcheck?: { broker: EpubcheckBroker; users: number } };

export default function setup(project: TestProject): () => Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    // Stop here, before any test file: the message is the whole story (vitest would add a stack trace
    // and "No test files found" to a thrown error).
    console.error(missingMessage(missing));
    process.exit(1);
  }
  shared.briefingEpubcheck ??= { broker: startEpubcheckBroker(), users: 0 };
  const service = shared.briefingEpubcheck;
  service.users++;
  project.provide('epubcheckSpool', service.broker.spool);
  return async () => {
    if (--service.users > 0) return;
    delete shared.briefingEpubcheck;
    await service.broker.close();
  };
}
