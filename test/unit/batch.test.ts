// How `--shard i/n` splits a batch and how `merge-reports` puts the shards' reports back together.
import { describe, expect, it } from 'vitest';
import { parseShard, selectShard } from '../../src/build/shard.js';
import { mergeReports, type BuildReport } from '../../src/build/report.js';

const files = ['data/c.yaml', 'data/a.yaml', 'b/x.json', 'data/b.yml', 'data/e.yaml', 'z.yaml', 'data/d.yaml'];

describe('--shard', () => {
  it.each([2, 3, 4, 7, 9])('splits %i ways into disjoint shares whose union is the batch', (n) => {
    const shares = Array.from({ length: n }, (_, i) => selectShard(files, { index: i + 1, count: n }));
    expect(shares.flat().sort()).toEqual([...files].sort());
    expect(new Set(shares.flat()).size).toBe(files.length);
    // As even as it can be: sizes differ by at most one.
    const sizes = shares.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('gives each machine the same share whatever order the files were listed in, and keeps their given order', () => {
    const reversed = [...files].reverse();
    for (const index of [1, 2, 3]) {
      const a = selectShard(files, { index, count: 3 });
      const b = selectShard(reversed, { index, count: 3 });
      expect([...b].sort()).toEqual([...a].sort());
      expect(a).toEqual(files.filter((f) => a.includes(f)));
    }
    expect(selectShard(['./data/a.yaml', 'data/b.yaml'], { index: 1, count: 2 })).toEqual(['./data/a.yaml']);
  });

  it('reads i/n with 1 ≤ i ≤ n and nothing else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) expect(parseShard(bad), bad).toBeUndefined();
  });
});

describe('merge-reports', () => {
  const base = { tool: { name: 'briefing' as const, version: '1.0.0' }, sourceDateEpoch: 1700000000 };
  const built = (file: string) => ({ file, id: file, artifacts: [], warnings: [] });
  const shard = (index: number, count: number, b: string[], f: string[] = []): BuildReport => ({
    ...base,
    shard: { index, count },
    built: b.map(built),
    failed: f.map((file) => ({ file, diagnostics: [{ file, message: 'bad', fatal: true }] })),
  });

  it('gives the report of the whole batch, files in path order, without a shard', () => {
    const merged = mergeReports([
      { name: 'r2.json', report: shard(2, 2, ['data/d.yaml', 'data/b.yaml'], ['data/x.yaml']) },
      { name: 'r1.json', report: shard(1, 2, ['data/c.yaml', 'data/a.yaml']) },
    ]);
    expect(merged).toEqual({
      ...base,
      built: ['data/a.yaml', 'data/b.yaml', 'data/c.yaml', 'data/d.yaml'].map(built),
      failed: [{ file: 'data/x.yaml', diagnostics: [{ file: 'data/x.yaml', message: 'bad', fatal: true }] }],
    });
  });

  it('refuses a missing or repeated shard, a file reported twice, and reports of other builds', () => {
    expect(() => mergeReports([{ name: 'r1.json', report: shard(1, 3, ['a']) }, { name: 'r3.json', report: shard(3, 3, ['c']) }])).toThrow('shard 2/3 missing');
    expect(() => mergeReports([{ name: 'a.json', report: shard(1, 2, ['a']) }, { name: 'b.json', report: shard(1, 2, ['b']) }])).toThrow('shard 1/2 is in a.json too');
    expect(() => mergeReports([{ name: 'a.json', report: shard(1, 2, ['a']) }, { name: 'b.json', report: shard(2, 2, ['a']) }])).toThrow('a is reported by a.json too');
    const other = { ...shard(2, 2, ['b']), sourceDateEpoch: 1 };
    expect(() => mergeReports([{ name: 'a.json', report: shard(1, 2, ['a']) }, { name: 'b.json', report: other }])).toThrow('SOURCE_DATE_EPOCH 1 differs');
    expect(() => mergeReports([{ name: 'x.json', report: { hello: 1 } as unknown as BuildReport }])).toThrow('x.json: not a briefing build report');
  });
});
