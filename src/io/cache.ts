/**
 * A disk cache for results that are pure and costly to compute (font subsets, compressed ZIP
 * entries). Every entry is named by a SHA-256 of everything its value depends on — the input bytes,
 * the versions of the tools that made it, this package's version and a hash of its code — so it can never serve
 * bytes that a fresh computation would not give; deleting the folder at any time only makes the next build slower.
 *
 * Where: BRIEFING_CACHE_DIR if set; else node_modules/.cache/briefing beside the installed
 * dependencies when that folder is writable; else $XDG_CACHE_HOME/briefing (~/.cache/briefing).
 * BRIEFING_CACHE=off (or 0, false, no) turns it off: every value is computed afresh, nothing is written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestAbove, packageRoot } from './paths.js';

/** Bumped when the layout of cache entries changes, so old entries are never read as new ones. */
const FORMAT = 'briefing-cache-1';
const DIGEST = 32;

let resolved: { env: string; dir: string | undefined } | undefined;

/** The cache folder, or undefined when caching is off. Read again when the variables that choose it change. */
export function cacheDir(): string | undefined {
  if (!cacheEnabled()) return undefined;
  const env = `${process.env.BRIEFING_CACHE_DIR ?? ''}\0${process.env.XDG_CACHE_HOME ?? ''}`;
  if (resolved?.env !== env) resolved = { env, dir: findCacheDir() };
  return resolved.dir;
}

export function cacheEnabled(): boolean {
  const v = (process.env.BRIEFING_CACHE ?? '').trim().toLowerCase();
  return !['off', '0', 'false', 'no'].includes(v);
}

function findCacheDir(): string | undefined {
  const own = process.env.BRIEFING_CACHE_DIR;
  if (own) return own;
  // A development checkout has node_modules in the package; an installed package sits inside one.
  const candidates = [join(packageRoot, 'node_modules')];
  if (basename(dirname(packageRoot)) === 'node_modules') candidates.push(dirname(packageRoot));
  for (const modules of candidates) {
    if (existsSync(modules) && writable(modules)) return join(modules, '.cache', 'briefing');
  }
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'briefing');
}

function writable(dir: string): boolean {
  try {
    const cache = join(dir, '.cache');
    accessSync(existsSync(cache) ? cache : dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

let fingerprint: string | undefined;
let version: string | undefined;

/** This package's version: a release that changes nothing in the code still starts a cache of its own. */
function packageVersion(): string {
  return (version ??= String((JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown }).version));
}

/**
 * A hash of this program's own code: every .js and .ts file of the folder above this module's
 * (dist/ as installed, src/ under the tests), with their names. It is in every key, so a
 * warm cache never serves what older code made (a date format changed in the code, say): the first
 * build after any change to the code computes afresh. Reading ~100 files takes a few milliseconds,
 * once per process and only when the cache is used.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|mjs|cjs|ts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(`\0${relative(root, file)}\0`).update(readFileSync(file));
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** A key from the parts a value depends on: strings and bytes, each length-prefixed so parts cannot run together. */
export function cacheKey(namespace: string, parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(FORMAT).update('\0').update(packageVersion()).update('\0').update(codeFingerprint()).update('\0').update(namespace);
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`\0${typeof part === 'string' ? 's' : 'b'}${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

function entryPath(dir: string, namespace: string, key: string): string {
  return join(dir, namespace, key.slice(0, 2), key.slice(2));
}

/** The cached value of `key`, or undefined. An entry whose checksum does not match its bytes is ignored. */
export function readCached(namespace: string, key: string): Buffer | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  let stored: Buffer;
  try {
    stored = readFileSync(entryPath(dir, namespace, key));
  } catch {
    return undefined;
  }
  if (stored.length < DIGEST) return undefined;
  const value = stored.subarray(DIGEST);
  if (!createHash('sha256').update(value).digest().equals(stored.subarray(0, DIGEST))) return undefined;
  return value;
}

/**
 * Stores `value` under `key`: written to a temporary file and renamed, so a reader sees the whole
 * entry or none. A cache that cannot be written is not an error: the build goes on without it.
 */
export function writeCached(namespace: string, key: string, value: Uint8Array): void {
  const dir = cacheDir();
  if (!dir) return;
  const target = entryPath(dir, namespace, key);
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, Buffer.concat([createHash('sha256').update(value).digest(), value]));
    renameSync(tmp, target);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** `compute()`'s result, read from the cache when an earlier build stored it. */
export async function cached(namespace: string, key: string, compute: () => Promise<Uint8Array>): Promise<Buffer> {
  const hit = readCached(namespace, key);
  if (hit) return hit;
  const value = Buffer.from(await compute());
  writeCached(namespace, key, value);
  return value;
}

/** `name@version` of the package that holds `file` (a path inside node_modules), for cache keys. */
export function installedVersion(file: string): string {
  const manifest = manifestAbove(file, (m) => Boolean(m.name && m.version));
  if (!manifest) throw new Error(`no package.json with a name and version above ${file}`);
  return `${manifest.name}@${manifest.version}`;
}
