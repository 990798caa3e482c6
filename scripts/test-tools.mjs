#!/usr/bin/env node
// The system tools the tests read outputs back with: the one list that `npm test` (pretest), the
// vitest global set-up and `.ci/run` use. Run as a script, it finds what is missing; as root on
// Debian or Ubuntu it installs that with apt-get (unless BRIEFING_TEST_TOOLS=check), otherwise it
// stops with one message naming what to install and how. It needs nothing from node_modules, so
// `.ci/run` can call it before `npm ci`.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the tests find EPUBCheck: Debian's `epubcheck` package puts it here. */
export function epubcheckJar(env = process.env) {
  return env.EPUBCHECK_JAR || '/usr/share/java/epubcheck.jar';
}

/** Each tool: what the tests call, how to tell it is there, and the Debian/Ubuntu package holding it. */
export const TOOLS = [
  { name: 'pdftotext, pdfinfo, pdffonts (poppler)', command: ['pdftotext', 'pdfinfo', 'pdffonts'], apt: 'poppler-utils' },
  { name: 'java (a Java 11+ runtime)', command: ['java'], apt: 'default-jre-headless' },
  { name: 'EPUBCheck', file: (env) => epubcheckJar(env), apt: 'epubcheck' },
  { name: 'chromium', command: ['chromium'], apt: 'chromium' },
  { name: 'qpdf', command: ['qpdf'], apt: 'qpdf' },
  { name: 'mutool (MuPDF)', command: ['mutool'], apt: 'mupdf-tools' },
  // What calibre (library and viewer) takes for an EPUB's table of contents (test/e2e/reading-systems.test.ts).
  { name: 'calibre (calibre-debug)', command: ['calibre-debug'], apt: 'calibre' },
  // Apache PDFBox preflight, and the JAF and JAXB jars it needs on Java 11+ (test/e2e/pdf-standards.test.ts).
  { name: 'PDFBox preflight', file: () => '/usr/share/java/preflight.jar', apt: 'libpdfbox2-java' },
  { name: 'JavaBeans Activation Framework', file: () => '/usr/share/java/javax.activation.jar', apt: 'libactivation-java' },
  { name: 'JAXB API', file: () => '/usr/share/java/jaxb-api.jar', apt: 'libjaxb-api-java' },
];

function onPath(command, env) {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The tools of TOOLS that this machine lacks. */
export function missingTools(env = process.env) {
  return TOOLS.filter((t) => (t.command ? !t.command.every((c) => onPath(c, env)) : !existsSync(t.file(env))));
}

/** The one message for missing tools: what they are and the command that installs them. */
export function missingMessage(missing, env = process.env) {
  const packages = missing.map((t) => t.apt).join(' ');
  return [
    `The tests need tools this machine lacks: ${missing.map((t) => t.name).join('; ')}.`,
    `On Debian or Ubuntu: sudo apt-get install --no-install-recommends ${packages}`,
    `(as root, \`npm test\` installs them itself unless BRIEFING_TEST_TOOLS=check). Elsewhere install poppler,`,
    `a Java runtime, Chromium and EPUBCheck 4.2+ (EPUBCHECK_JAR=/path/to/epubcheck.jar if it is not at ${epubcheckJar(env)}).`,
  ].join('\n');
}

/** Installs missing tools with apt-get when that can work: root, Debian-like, not switched off. */
function install(missing, env) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || env.BRIEFING_TEST_TOOLS === 'check' || !existsSync('/etc/debian_version') || !onPath('apt-get', env)) return false;
  const packages = missing.map((t) => t.apt);
  console.error(`installing the test tools: ${packages.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { env: aptEnv, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  return run(['update', '-qq']) && run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

/** Makes sure the tools are there; returns the message to stop with, or undefined when all is well. */
export function ensureTools(env = process.env) {
  let missing = missingTools(env);
  if (missing.length > 0 && install(missing, env)) missing = missingTools(env);
  return missing.length > 0 ? missingMessage(missing, env) : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const message = ensureTools();
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
