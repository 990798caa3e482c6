// A fresh machine: the README's test command either gets the system tools it needs or stops at once
// with one message naming them and how to install them, never a wall of ENOENT failures.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../scripts/test-tools.mjs';
import { root, tempDir } from '../helpers.js';

/** What a bare machine (below) lacks: every command, EPUBCheck, and the Java libraries not installed here. */
const bareMissing = (env: NodeJS.ProcessEnv) => TOOLS.filter((t) => t.command || !existsSync(t.file!(env)));

/** A PATH holding only node, npm and sh (npm runs scripts with sh), and an EPUBCheck that is not there. */
function bareMachine(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('briefing-bare-path-');
  symlinkSync(process.execPath, join(dir, 'node'));
  const npm = process.env.npm_execpath?.endsWith('npm-cli.js') ? process.env.npm_execpath : join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  symlinkSync(npm, join(dir, 'npm'));
  symlinkSync('/bin/sh', join(dir, 'sh'));
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: dir, EPUBCHECK_JAR: join(dir, 'no-epubcheck.jar'), BRIEFING_TEST_TOOLS: 'check' };
  return { dir, env };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, seconds: (Date.now() - started) / 1000 };
}

function expectOneMessageNamingEveryTool(output: string, env: NodeJS.ProcessEnv) {
  expect(output.match(/The tests need tools this machine lacks/g)).toHaveLength(1);
  for (const tool of ['pdftotext', 'java', 'EPUBCheck', 'chromium']) expect(output).toContain(tool);
  const packages = bareMissing(env).map((t) => t.apt);
  expect(packages).toEqual(expect.arrayContaining(['poppler-utils', 'default-jre-headless', 'epubcheck', 'chromium']));
  expect(output).toContain(`apt-get install --no-install-recommends ${packages.join(' ')}`);
  expect(output).not.toMatch(/ENOENT|spawnSync|No test files/);
}

describe('npm test on a machine without poppler, Java, EPUBCheck or Chromium', () => {
  it('stops within seconds with one message naming the tools and the command that installs them', () => {
    const { env } = bareMachine();
    const r = run(join(env.PATH!, 'npm'), ['test'], env);
    expect(r.status).not.toBe(0);
    expectOneMessageNamingEveryTool(r.output, env);
    expect(r.seconds).toBeLessThan(60);
  });

  it('says the same when vitest is started directly', () => {
    const { env } = bareMachine();
    const r = run(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/unit/model.test.ts'], env);
    expect(r.status).not.toBe(0);
    expectOneMessageNamingEveryTool(r.output, env);
  });

  // Installing needs root and apt-get; a stand-in apt-get records what it was asked to do.
  const rootOnDebian = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  it.runIf(rootOnDebian)('as root on Debian, installs the missing packages with apt-get, unless told to only check', () => {
    const { dir, env } = bareMachine();
    const log = join(dir, 'apt-get.log');
    writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$*" >> "${log}"\n`);
    chmodSync(join(dir, 'apt-get'), 0o755);
    const script = join(root, 'scripts', 'test-tools.mjs');

    const checkOnly = run(process.execPath, [script], env);
    expect(checkOnly.status).toBe(1);
    expect(existsSync(log)).toBe(false);

    const installing = run(process.execPath, [script], { ...env, BRIEFING_TEST_TOOLS: undefined });
    const packages = bareMissing(env).map((t) => t.apt).join(' ');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['update -qq', `install -y -qq --no-install-recommends ${packages}`]);
    // The stand-in installed nothing, so the tools are still missing: the same one message, and a failure.
    expect(installing.status).toBe(1);
    expectOneMessageNamingEveryTool(installing.output, env);
  });
});
