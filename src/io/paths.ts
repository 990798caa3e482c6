import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Compiled to dist/io/paths.js and run from src/io/ by the tests: two levels below the package root.
export const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
export const builtinTemplates = join(packageRoot, 'templates');

const require = createRequire(import.meta.url);
/** Folder of an installed package, found the way Node finds it. */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}
