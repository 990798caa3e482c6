// Preloaded into a CLI under test (`node --import`): each temporary file of src/io/publish.ts, once
// written, is held on disk for a minute before the build goes on to rename it, so a test can
// interrupt or kill the build at that point. The CLI itself has no such hook.
import fs from 'node:fs/promises';
import { basename } from 'node:path';
import { syncBuiltinESMExports } from 'node:module';

const TEMPORARY = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
const writeFile = fs.writeFile;
fs.writeFile = async (file, ...rest) => {
  await writeFile(file, ...rest);
  if (typeof file === 'string' && TEMPORARY.test(basename(file))) await new Promise((resolve) => setTimeout(resolve, 60_000));
};
// The ES module bindings (`import { writeFile } from 'node:fs/promises'`) follow.
syncBuiltinESMExports();
