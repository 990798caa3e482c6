// The promises package.json and the GitHub workflows make about runtimes and supply chain.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }>;
};
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((n) => /\.ya?ml$/.test(n));
const read = (name: string) => readFileSync(join(workflowsDir, name), 'utf8');

describe('engines', () => {
  const range = pkg.engines.node;

  it('admits Node 20.19+, 22.12+ and 24 and refuses what the dependencies cannot run on', () => {
    for (const v of ['20.19.0', '20.20.2', '22.12.0', '22.20.0', '23.0.0', '24.0.0', '24.11.1']) expect(semver.satisfies(v, range), v).toBe(true);
    for (const v of ['18.20.0', '20.0.0', '20.18.3', '22.0.0', '22.11.0']) expect(semver.satisfies(v, range), v).toBe(false);
  });

  it('is no wider than the engines of any installed runtime dependency', () => {
    const wider: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const theirs = !entry.dev && entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!path || !theirs || !semver.validRange(theirs)) continue;
      if (!semver.subset(range, theirs)) wider.push(`${path.replace(/^node_modules\//, '')} needs ${theirs}`);
    }
    expect(wider).toEqual([]);
  });
});

describe('GitHub workflows', () => {
  it('test every push and pull request on Node 22 and 24', () => {
    const ci = parse(read('ci.yml')) as { on: Record<string, unknown>; jobs: Record<string, { strategy?: { matrix?: { node?: unknown[] } }; steps: { run?: string }[] }> };
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = Object.values(ci.jobs)[0]!;
    expect(job.strategy?.matrix?.node).toEqual(expect.arrayContaining([22, 24]));
    for (const v of job.strategy!.matrix!.node!) expect(semver.satisfies(`${v}.99.0`, pkg.engines.node), `Node ${v}`).toBe(true);
    expect(job.steps.map((s) => s.run)).toEqual(expect.arrayContaining(['npm ci', 'npm test']));
  });

  it.each(workflows)('%s pins every action by full commit SHA and reads the repository only, unless a job says more', (name) => {
    const text = read(name);
    const uses = [...text.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, comment] of uses) {
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(comment, `${ref} names its version`).toMatch(/#\s*v\d/);
    }
    const doc = parse(text) as { permissions?: Record<string, string> };
    expect(doc.permissions).toEqual({ contents: 'read' });
  });
});
