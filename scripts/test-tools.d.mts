// Types of test-tools.mjs for the TypeScript tests that import it.
export interface Tool {
  name: string;
  apt: string;
  command?: string[];
  file?: (env: NodeJS.ProcessEnv) => string;
}
export const TOOLS: Tool[];
export function epubcheckJar(env?: NodeJS.ProcessEnv): string;
export function missingTools(env?: NodeJS.ProcessEnv): Tool[];
export function missingMessage(missing: Tool[], env?: NodeJS.ProcessEnv): string;
export function ensureTools(env?: NodeJS.ProcessEnv): string | undefined;
