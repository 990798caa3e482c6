// What a command's failure means for its exit code.

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The command line itself is wrong (an unknown option, a bad value): exit 2. */
export class UsageError extends Error {}
/** A problem with the command's environment, not its syntax: one line, exit 1. */
export class SetupError extends Error {}
