/**
 * The V8 flags the command line sets (src/startup.ts), applied again in each writer thread.
 *
 * Starting a worker thread resets every V8 flag set at runtime (`v8.setFlagsFromString`) to its
 * command-line value, for the whole process (Node 20, checked: `--semi-space-growth-factor=1` set
 * before `new Worker` no longer holds after it). The command line starts its writer threads ~0.1 s in,
 * so its flags held only until then. It hands them to its threads in `BRIEFING_THREAD_V8_FLAGS`
 * (the environment a worker inherits), and each thread sets them again as it starts, after its reset.
 * A program that uses the library sets no such variable, and its flags stay its own.
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
