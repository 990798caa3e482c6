// The reusable GitHub Action as GitHub runs it: action.yml's own steps, expressions filled in, each
// `run:` step run by bash in a runner's folder layout (the user's repository as the workspace, the
// action checked out elsewhere, RUNNER_TEMP, HOME, GITHUB_OUTPUT); each `uses:` step checked for
// what it is given. Then scripts/action.sh alone, for the cases that need no install.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, root, runCli, tempDir } from '../helpers.js';

const script = join(root, 'scripts', 'action.sh');
const commitTime = 1700000000; // 2023-11-14T22:13:20Z

/** A git repository with two briefings (one in a subfolder), committed at `commitTime`. */
function checkout(repo = tempDir('briefing-action-')): string {
  mkdirSync(join(repo, 'data', 'more'), { recursive: true });
  copyFileSync(join(fixtures, 'minimal.yaml'), join(repo, 'data', 'minimal.yaml'));
  writeFileSync(join(repo, 'data', 'more', 'second.yaml'), readFileSync(join(fixtures, 'minimal.yaml'), 'utf8').replace(/^id: .*$/m, 'id: second'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_AUTHOR_DATE: `${commitTime} +0000`, GIT_COMMITTER_DATE: `${commitTime} +0000` },
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'briefings');
  return repo;
}

function runAction(repo: string, inputs: Record<string, string>) {
  const output = join(tempDir(), 'github-output');
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_OUTPUT: output, ...inputs };
  delete env.SOURCE_DATE_EPOCH;
  const r = spawnSync('bash', [script, 'build'], { cwd: repo, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}


interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/**
 * The folders of a GitHub-hosted runner: the user's repository checked out as the workspace
 * (work/<repo>/<repo>), this action checked out under work/_actions at a commit, work/_temp, a HOME.
 * The action is the working tree's tracked (and new, unignored) files, as a checkout of them is.
 */
function runnerLayout() {
  const base = tempDir('briefing-runner-');
  const workspace = join(base, 'work', 'user-repo', 'user-repo');
  const actionPath = join(base, 'work', '_actions', 'someone', 'briefing', '0123456789abcdef0123456789abcdef01234567');
  const temp = join(base, 'work', '_temp');
  const home = join(base, 'home');
  for (const d of [workspace, actionPath, temp, home]) mkdirSync(d, { recursive: true });
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of tracked) {
    if (!existsSync(join(root, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(actionPath, f)), { recursive: true });
    copyFileSync(join(root, f), join(actionPath, f));
  }
  checkout(workspace);
  return { base, workspace, actionPath, temp, home };
}
type Layout = ReturnType<typeof runnerLayout>;

/** Where npm keeps its cache on this machine (`npm ci` filled it): what actions/cache restores as ~/.npm. */
const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();

/**
 * Fills in the ${{ }} expressions a composite action may use; any other expression fails the test,
 * so an expression this runner does not know cannot pass unseen.
 */
function evaluate(expression: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>>; actionPath: string }): string {
  const value = (term: string): string => {
    const t = term.trim();
    let m: RegExpExecArray | null;
    if ((m = /^'([^']*)'$/.exec(t))) return m[1]!;
    if ((m = /^inputs\.([\w-]+)$/.exec(t))) {
      if (!(m[1]! in context.inputs)) throw new Error(`action.yml uses inputs.${m[1]}, which it does not declare`);
      return context.inputs[m[1]!]!;
    }
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(t))) return context.steps[m[1]!]?.[m[2]!] ?? '';
    if (t === 'github.action_path') return context.actionPath;
    if (t === 'runner.os') return 'Linux';
    throw new Error(`an expression the test runner does not know: ${t}`);
  };
  const or = expression.split('||');
  if (or.length > 1) return or.map(value).find((v) => v !== '') ?? '';
  const cmp = /^(.*?)(==|!=)(.*)$/.exec(expression);
  if (cmp) return String((value(cmp[1]!) === value(cmp[3]!)) === (cmp[2] === '=='));
  return value(expression);
}
const fill = (text: string, context: Parameters<typeof evaluate>[1]) => text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => evaluate(e, context));

/** A path a `uses:` step is given, as the runner resolves it: `~` is HOME, a relative path is in the workspace. */
function resolvedPath(path: string, layout: Layout): string {
  return path.startsWith('~/') ? join(layout.home, path.slice(2)) : resolve(layout.workspace, path);
}
const inside = (path: string, folder: string) => !relative(folder, path).startsWith('..') && !isAbsolute(relative(folder, path));

/** Runs action.yml's steps as GitHub runs a composite action; returns its outputs and each step's log. */
function runActionYml(layout: Layout, given: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const action = parse(readFileSync(join(layout.actionPath, 'action.yml'), 'utf8')) as ActionFile;
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  for (const k of Object.keys(given)) expect(action.inputs, `input ${k}`).toHaveProperty(k);
  const context = { inputs, steps: {} as Record<string, Record<string, string>>, actionPath: layout.actionPath };
  const log: string[] = [];
  let status = 0;
  for (const [n, step] of action.runs.steps.entries()) {
    if (step.if !== undefined && evaluate(step.if, context) !== 'true') continue;
    if (step.uses) {
      const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, fill(String(v), context)]));
      if (step.uses.startsWith('actions/setup-node@')) {
        // setup-node's npm cache needs its lock file inside the workspace ("Some specified paths were not resolved").
        if (withs.cache) expect(inside(resolvedPath(withs['cache-dependency-path'] ?? 'package-lock.json', layout), layout.workspace), 'setup-node cache-dependency-path').toBe(true);
        continue; // Node is the one running this test
      }
      if (step.uses.startsWith('actions/cache@')) {
        expect(withs.key, 'a cache key').toMatch(/^briefing-npm-Linux-[0-9a-f]{64}$/);
        for (const path of withs.path!.split('\n').filter(Boolean)) {
          const at = resolvedPath(path.trim(), layout);
          expect(inside(at, layout.workspace) || inside(at, layout.home), `actions/cache path ${path}`).toBe(true);
        }
        // A cache hit: ~/.npm as `npm ci` left it on this machine.
        if (withs.path!.trim() === '~/.npm' && !existsSync(join(layout.home, '.npm'))) symlinkSync(npmCache, join(layout.home, '.npm'));
        continue;
      }
      throw new Error(`step ${n}: ${step.uses} is not one the test runner knows what to check for`);
    }
    expect(step.shell, `step ${n} names its shell, as composite actions must`).toBe('bash');
    const script = join(layout.temp, `${randomUUID()}.sh`);
    writeFileSync(script, fill(step.run!, context));
    const output = join(layout.temp, `output-${randomUUID()}`);
    writeFileSync(output, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(String(v), context)]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: layout.workspace,
      encoding: 'utf8',
      env: {
        PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
        HOME: layout.home,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: layout.workspace,
        GITHUB_ACTION_PATH: layout.actionPath,
        GITHUB_OUTPUT: output,
        RUNNER_TEMP: layout.temp,
        RUNNER_OS: 'Linux',
        // No network: what the install needs must come from the cache restored above.
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
        ...env,
        ...stepEnv,
      },
    });
    log.push(`${step.name ?? step.id ?? n}: ${r.stdout}${r.stderr}`);
    if (step.id) {
      context.steps[step.id] = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    }
    if (r.status !== 0) {
      status = r.status ?? 1;
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, fill(v.value, context)]));
  return { status, outputs, log: log.join('\n') };
}

/** Bytes of a folder's files, symbolic links not followed (du -sb). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const st = lstatSync(join(e.parentPath, e.name));
    if (st.isFile()) total += st.size;
  }
  return total;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('action.yml, run as GitHub runs it', () => {
  let layout: Layout;
  let first: ReturnType<typeof runActionYml>;
  beforeAll(() => {
    layout = runnerLayout();
    first = runActionYml(layout, { files: 'data/minimal.yaml\n data/more/*.yaml', out: 'public' });
  }, 300_000);

  it('installs, builds the files and globs given at the commit time, and names the report', () => {
    expect(first.status, first.log).toBe(0);
    expect(first.outputs).toEqual({ report: 'public/report.json', out: 'public', 'source-date-epoch': String(commitTime) });
    const report = JSON.parse(readFileSync(join(layout.workspace, 'public', 'report.json'), 'utf8'));
    expect(report.built.map((b: { id: string }) => b.id)).toEqual(['minimal-test', 'second']);
    for (const a of report.built.flatMap((b: { artifacts: { path: string; sha256: string }[] }) => b.artifacts)) expect(sha256(join(layout.workspace, a.path))).toBe(a.sha256);
    // The user's repository gets the outputs and nothing else.
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: layout.workspace, encoding: 'utf8' })).toBe('?? public/\n');
  });

  it('installs production dependencies only (at most 150 MB) and leaves no compiler behind', () => {
    expect(first.status, first.log).toBe(0);
    const bytes = folderBytes(join(layout.actionPath, 'node_modules'));
    expect(bytes).toBeLessThanOrEqual(150 * 1024 * 1024);
    for (const dev of ['typescript', '@typescript', 'vitest', 'pdfjs-dist', '@myriaddreamin', 'fast-check']) expect(existsSync(join(layout.actionPath, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(layout.actionPath, 'scripts', 'action-build', 'node_modules'))).toBe(false);
    // The built-in templates come compiled, as from npm run build: no build compiles them again.
    expect(readFileSync(join(layout.actionPath, 'dist', 'render', 'builtin-templates.js'), 'utf8')).toMatch(/^export default \{$/m);
  });

  it('compiles code that writes the same bytes as the type-checked build', () => {
    const out = tempDir();
    const r = runCli(['build', join(layout.workspace, 'data', 'more', 'second.yaml'), '--out', out], { env: { SOURCE_DATE_EPOCH: String(commitTime) } });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['second.pdf', 'second.epub']) expect(sha256(join(layout.workspace, 'public', name)), name).toBe(sha256(join(out, name)));
  });

  it("builds a matrix's shards and joins their reports with the merge input", () => {
    const shards = [1, 2].map((i) => runActionYml(layout, { files: 'data/**/*.yaml', shard: `${i}/2`, out: 'sharded', report: `reports/r${i}.json` }));
    for (const s of shards) expect(s.status, s.log).toBe(0);
    const merged = runActionYml(layout, { merge: 'reports/r*.json', report: 'merged.json' });
    expect(merged.status, merged.log).toBe(0);
    expect(merged.outputs.report).toBe('merged.json');
    const report = JSON.parse(readFileSync(join(layout.workspace, 'merged.json'), 'utf8'));
    expect(report.built.map((b: { file: string }) => b.file)).toEqual(['data/minimal.yaml', 'data/more/second.yaml']);
    expect(report.shard).toBeUndefined();
  });
});

describe('scripts/action.sh alone', () => {
  it('is a composite action with files, formats, out and report inputs and the report path as an output', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { value: string }>;
      runs: { using: string; steps: { uses?: string; run?: string; id?: string }[] };
    };
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['files', 'formats', 'out', 'report']));
    const build = action.runs.steps.find((s) => s.run?.includes('scripts/action.sh" build'));
    const merge = action.runs.steps.find((s) => s.run?.includes('scripts/action.sh" merge'));
    expect(action.outputs.report!.value).toBe(`\${{ steps.${build!.id}.outputs.report || steps.${merge!.id}.outputs.report }}`);
    for (const step of action.runs.steps) if (step.uses) expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
  });

  it('builds the files and globs given, reproducibly at the commit time, and names the report', () => {
    const repo = checkout();
    const r = runAction(repo, { INPUT_FILES: 'data/minimal.yaml\n data/more/*.yaml', INPUT_FORMATS: 'pdf,epub', INPUT_OUT: 'public', INPUT_REPORT: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.outputs).toEqual({ report: 'public/report.json', out: 'public', 'source-date-epoch': String(commitTime) });
    const report = JSON.parse(readFileSync(join(repo, 'public', 'report.json'), 'utf8'));
    expect(report.sourceDateEpoch).toBe(commitTime);
    expect(report.built.map((b: { id: string }) => b.id)).toEqual(['minimal-test', 'second']);
    const info = execFileSync('pdfinfo', ['-isodates', join(repo, 'public', 'second.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/^CreationDate:\s+2023-11-14T22:13:20Z$/m);
    // A second run of the same commit gives the same bytes.
    const again = runAction(repo, { INPUT_FILES: 'data/more/second.yaml', INPUT_OUT: 'again', INPUT_REPORT: 'again.json' });
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(repo, 'again', 'second.pdf')).equals(readFileSync(join(repo, 'public', 'second.pdf')))).toBe(true);
    expect(readFileSync(join(repo, 'again', 'second.epub')).equals(readFileSync(join(repo, 'public', 'second.epub')))).toBe(true);
  });

  it('fails the step on a bad briefing but still names the report, which lists the failure', () => {
    const repo = checkout();
    writeFileSync(join(repo, 'data', 'bad.yaml'), 'id: bad\n');
    const r = runAction(repo, { INPUT_FILES: '', INPUT_FORMATS: 'pdf', INPUT_OUT: 'out', INPUT_REPORT: 'build-report.json' });
    expect(r.status).toBe(1);
    expect(r.outputs.report).toBe('build-report.json');
    const report = JSON.parse(readFileSync(join(repo, 'build-report.json'), 'utf8'));
    expect(report.failed.map((f: { file: string }) => f.file)).toEqual(['data/bad.yaml']);
    expect(report.built.map((b: { file: string }) => b.file)).toEqual(['data/minimal.yaml']);
  });

  it('stops with one error naming a pattern that matches no file', () => {
    const r = runAction(checkout(), { INPUT_FILES: 'data/nope-*.yaml' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('::error::briefing: no file matches "data/nope-*.yaml"');
  });
});
