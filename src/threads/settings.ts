/**
 * What the command line sets for its own process that each writer thread must set again as it
 * starts: V8 flags and Node's compile cache. The command line records them here (src/cli/startup.ts)
 * and the pool hands them to every thread it starts in `workerData` (src/threads/worker.ts applies
 * them before it loads any writer). A program that uses the library records nothing: its threads
 * keep V8 and Node as it set them.
 *
 * Setting up a worker thread's heap puts `--semi-space-growth-factor` back to its default for the
 * whole process on Node 20 (checked: set to 1 before `new Worker`, the young generation of the thread
 * and then of the main thread grow to ~34 MB as if it were never set; test/e2e/v8-flags.test.ts).
 * Node 24 keeps it; setting the flags again there changes nothing.
 */
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

export interface ThreadSettings {
  v8Flags: string[];
  /** The folder of Node's compile cache (Node 22.1+), when the process uses one. */
  compileCache?: string;
}

const recorded: ThreadSettings = { v8Flags: [] };

/** Sets `flags` now and for every writer thread started after this. */
export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
  recorded.v8Flags = [...flags];
}

/** Writer threads started after this keep their compiled code in `dir` too. */
export function shareCompileCache(dir: string): void {
  recorded.compileCache = dir;
}

/** What a thread started now is to set (nothing, unless the command line recorded it). */
export function threadSettings(): ThreadSettings {
  return { ...recorded, v8Flags: [...recorded.v8Flags] };
}

type EnableCompileCache = (dir?: string) => unknown;

/** In a writer thread, before it loads anything heavy: the settings the pool handed it. */
export function applyThreadSettings(settings: ThreadSettings | undefined): void {
  for (const flag of settings?.v8Flags ?? []) setFlagsFromString(flag);
  // Node 22.1+; Node 20 has no compile cache and skips this.
  const enable = (module as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (settings?.compileCache && enable) enable(settings.compileCache);
}
