// Builds that several test files read: the same briefing with the default options (PDF, EPUB and
// HTML, built-in templates, no SOURCE_DATE_EPOCH), made once per vitest run and read by every file
// that asks, instead of built again in each (the MCIS PDF alone costs ~3 s of CPU).
//
// The global set-up (global-setup.ts) provides a run-wide folder. The first process to ask for a
// briefing claims its folder (mkdir is atomic) and builds into it; the others wait for its `done`
// file. Outside vitest's set-up each process builds its own. A shared build is a fixture: tests
// read it and never write into its folder (copy it first to change anything).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildFile } from '../../src/index.js';
import { tempDir } from '../helpers.js';

export interface SharedBuild {
  pdf: string;
  epub: string;
  html: string;
}

function providedFolder(): string | undefined {
  try {
    return inject('sharedBuilds');
  } catch {
    return undefined; // not inside a vitest worker
  }
}

async function build(source: string, outDir: string): Promise<SharedBuild> {
  const result = await buildFile(source, { outDir, formats: ['pdf', 'epub', 'html'] });
  const path = (format: string) => result.artifacts.find((a) => a.format === format)!.path;
  return { pdf: path('pdf'), epub: path('epub'), html: path('html') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function claimOrWait(source: string, folder: string): Promise<SharedBuild> {
  const dir = join(folder, createHash('sha256').update(source).digest('hex').slice(0, 16));
  const done = join(dir, 'done.json');
  const failed = join(dir, 'failed.txt');
  let claimed = false;
  try {
    mkdirSync(dir);
    claimed = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (claimed) {
    try {
      const built = await build(source, join(dir, 'out'));
      writeFileSync(`${done}.part`, JSON.stringify(built));
      renameSync(`${done}.part`, done);
      return built;
    } catch (err) {
      writeFileSync(failed, String((err as Error).stack ?? err));
      throw err;
    }
  }
  for (;;) {
    if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as SharedBuild;
    if (existsSync(failed)) throw new Error(`the shared build of ${source} failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    await sleep(100);
  }
}

const inProcess = new Map<string, Promise<SharedBuild>>();

/** The PDF, EPUB and HTML of `source` built with the default options; read them, do not change them. */
export function sharedBuild(source: string): Promise<SharedBuild> {
  const folder = providedFolder();
  const key = `${folder}\0${source}`; // a rerun in watch mode gets a new folder, so builds anew
  let pending = inProcess.get(key);
  if (!pending) {
    pending = folder ? claimOrWait(source, folder) : build(source, tempDir());
    inProcess.set(key, pending);
  }
  return pending;
}
