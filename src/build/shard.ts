/** `--shard i/n`: a deterministic share of a batch for one machine of a CI matrix. */
import { normalize } from 'node:path';

export interface Shard {
  index: number;
  count: number;
}

/** `i/n` with 1 ≤ i ≤ n, as `--shard` takes it; undefined for anything else. */
export function parseShard(value: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Shard `index` of `count`: the files whose position in the list sorted by path is `index - 1`
 * modulo `count`. Every machine of a CI matrix given the same files (in any order) gets a disjoint
 * share, and the shares together are the whole list. The files keep their given order.
 */
export function selectShard(files: readonly string[], shard: Shard): string[] {
  const sorted = [...new Set(files.map((f) => normalize(f)))].sort(comparePaths);
  const mine = new Set(sorted.filter((_, k) => k % shard.count === shard.index - 1));
  return files.filter((f) => mine.has(normalize(f)));
}

/** Code-unit order, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
