#!/usr/bin/env node
// Times rebuilds in a running watcher, as an author sees them: from saving the data file to the
// watcher's "built" line (PDF, EPUB and preview; the watcher first waits 80 ms for the burst of
// writes an editor makes to end). Prints {"seconds": [...]} for `bench/run.mjs`.
// usage: node bench/watch-rebuild.mjs FILE EDITS
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watch } from '../dist/watch.js';

const [source, editsArg = '5'] = process.argv.slice(2);
const edits = Number(editsArg);
const dir = await mkdtemp(join(tmpdir(), 'briefing-watch-bench-'));
const file = join(dir, 'briefing.yaml');
await writeFile(file, await readFile(source, 'utf8'));

let built;
const watcher = await watch({
  files: [file],
  outDir: join(dir, 'out'),
  formats: ['pdf', 'epub'],
  report: (line, isError) => {
    if (isError) process.stderr.write(`${line}\n`);
    else if (line.endsWith(': built')) built?.();
  },
});
const seconds = [];
try {
  for (let i = 0; i < edits; i++) {
    const done = new Promise((resolve) => (built = resolve));
    const start = process.hrtime.bigint();
    // A comment changes the file, not the briefing: every rebuild does the same work.
    await writeFile(file, `${await readFile(file, 'utf8')}\n# edit ${i + 1}\n`);
    await done;
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
} finally {
  await watcher.close();
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ seconds })}\n`);
