import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Compiled to dist/io/paths.js and run from src/io/ by the tests: two levels below the package root.
export const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
export const builtinTemplates = join(packageRoot, 'templates');

const require = createRequire(import.meta.url);
/** Folder of an installed package, found the way Node finds it. */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export interface Manifest {
  name?: string;
  version?: string;
}

/**
 * The nearest package.json above `file` that `accept` takes, or undefined: the cache keys ask for
 * the package holding a file, the version guard for a named package. A manifest that cannot be read
 * or parsed is passed over, as Node passes over it when it resolves a package.
 */
export function manifestAbove(file: string, accept: (manifest: Manifest) => boolean): Manifest | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      try {
        const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
        if (manifest !== null && typeof manifest === 'object' && accept(manifest)) return manifest;
      } catch {
        // Not readable: look further up.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
