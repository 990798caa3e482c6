// The reusable GitHub Action: action.yml's inputs and outputs, and its script (scripts/action.sh)
// run as the runner runs it, in a repository checkout with GITHUB_OUTPUT pointing at a file.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cliPath, fixtures, root, tempDir } from '../helpers.js';

const script = join(root, 'scripts', 'action.sh');
const commitTime = 1700000000; // 2023-11-14T22:13:20Z

/** A git repository with two briefings (one in a subfolder), committed at `commitTime`. */
function checkout(): string {
  const repo = tempDir('briefing-action-');
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
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_OUTPUT: output, BRIEFING_CLI: cliPath, ...inputs };
  delete env.SOURCE_DATE_EPOCH;
  const r = spawnSync('bash', [script, 'build'], { cwd: repo, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('GitHub Action', () => {
  it('is a composite action with files, formats, out and report inputs and the report path as an output', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { value: string }>;
      runs: { using: string; steps: { uses?: string; run?: string; id?: string }[] };
    };
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['files', 'formats', 'out', 'report']));
    const build = action.runs.steps.find((s) => s.run?.includes('scripts/action.sh" build'));
    expect(action.outputs.report!.value).toBe(`\${{ steps.${build!.id}.outputs.report }}`);
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
