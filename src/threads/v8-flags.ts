/**
 * The V8 flags the command line sets (src/cli/startup.ts), applied again in each writer thread.
 *
 * Setting up a worker thread's heap puts `--semi-space-growth-factor` back to its default for the
 * whole process on Node 20 (checked: set to 1 before `new Worker`, the young generation of the thread
 * and then of the main thread grow to ~34 MB as if it were never set; test/e2e/v8-flags.test.ts).
 * Node 24 keeps it; setting the flags again there changes nothing. The command line starts its writer threads ~0.1 s in, so it hands its
 * flags to them in `BRIEFING_THREAD_V8_FLAGS` (the environment a worker inherits), and each thread
 * sets them all again as it starts. A program that uses the library sets no such variable, and its
 * flags stay its own.
 */
import { setFlagsFromString } from 'node:v8';

const VARIABLE = 'BRIEFING_THREAD_V8_FLAGS';

/** Sets `flags` now and for every writer thread started after this. */
export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
  process.env[VARIABLE] = flags.join(' ');
}

/** In a writer thread: the command line's flags again (nothing when a library caller started it). */
export function reapplyV8Flags(): void {
  for (const flag of (process.env[VARIABLE] ?? '').split(' ')) if (flag) setFlagsFromString(flag);
}
