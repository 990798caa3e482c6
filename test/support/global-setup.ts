// Once per vitest run, before any test file: stop at once, with one message, when a tool the tests
// read outputs back with is missing (`npm test` installs them first where it can, see
// scripts/test-tools.mjs); then offer the run-wide EPUBCheck service (see epubcheck.ts), a
// folder for the builds several files read (see shared-builds.ts), and a disk cache of the run's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { missingMessage, missingTools } from '../../scripts/test-tools.mjs';
import { startEpubcheckBroker, type EpubcheckBroker } from './epubcheck.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run-wide folder of builds several test files read (see shared-builds.ts). */
    sharedBuilds: string;
  }
}

// vitest calls the set-up once per project (see vitest.config.ts): every project gets the same
// broker and builds folder, so the whole run keeps one EPUBCheck JVM and builds each shared
// briefing once. Kept on globalThis, as each call may load this module afresh; closed when the last
// project is done with them.
const shared = globalThis as { briefingTestRun?: { broker: EpubcheckBroker; builds: string; cache: string; stale: string[]; users: number } };

export default function setup(project: TestProject): () => Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    // Stop here, before any test file: the message is the whole story (vitest would add a stack trace
    // and "No test files found" to a thrown error).
    console.error(missingMessage(missing));
    process.exit(1);
  }
  shared.briefingTestRun ??= {
    broker: startEpubcheckBroker(),
    builds: mkdtempSync(join(tmpdir(), 'briefing-shared-builds-')),
    cache: mkdtempSync(join(tmpdir(), 'briefing-test-cache-')),
    stale: [],
    users: 0,
  };
  const run = shared.briefingTestRun;
  // The run's own disk cache, empty at the start: a test never reads what another run (or the
  // developer's builds, with older code) left in node_modules/.cache. The test processes and the
  // CLIs they start inherit it. BRIEFING_CACHE=off still turns it off (CI runs the suite so once).
  process.env.BRIEFING_CACHE_DIR = run.cache;
  run.users++;
  project.provide('epubcheckSpool', run.broker.spool);
  project.provide('sharedBuilds', run.builds);
  // In watch mode the sources may have changed before a rerun: its shared builds start afresh.
  project.onTestsRerun(() => {
    const builds = mkdtempSync(join(tmpdir(), 'briefing-shared-builds-'));
    project.provide('sharedBuilds', builds);
    run.stale.push(builds);
  });
  return async () => {
    if (--run.users > 0) return;
    delete shared.briefingTestRun;
    for (const dir of [run.builds, run.cache, ...run.stale]) rmSync(dir, { recursive: true, force: true });
    await run.broker.close();
  };
}
