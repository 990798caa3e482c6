import { copyFile, mkdir, open, readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { BriefingError } from '../model/diagnostic.js';
import { briefingId } from '../model/schema.js';
import { builtinTemplates, packageRoot } from '../io/paths.js';
import { publishAll } from '../io/publish.js';

/**
 * Writes `<dir>/<id>.yaml`: every field present and commented in Persian, pointing at the JSON Schema,
 * which is copied beside it when missing. Refuses to overwrite an existing file unless `force` is set.
 */
export async function initBriefing(id: string, dir: string, today = new Date(), { force = false }: { force?: boolean } = {}): Promise<string> {
  const file = join(dir, `${id}.yaml`);
  const checked = briefingId.safeParse(id);
  if (!checked.success) {
    throw new BriefingError([{ file, message: `"${id}" is not a valid id: it ${checked.error.issues[0]!.message}`, fatal: true }]);
  }
  const template = await readFile(join(builtinTemplates, 'new-briefing.yaml'), 'utf8');
  const text = template.replaceAll('{{id}}', id).replaceAll('{{today}}', today.toISOString().slice(0, 10));
  await mkdir(dir, { recursive: true });
  if (force) {
    // Replaced whole or not at all: written beside it, then renamed over it.
    await publishAll([{ path: file, bytes: text }]);
    await copySchemaIfMissing(dir);
    return file;
  }
  let handle;
  try {
    // 'wx' fails if the file exists: an earlier briefing is never overwritten, even in a race.
    handle = await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new BriefingError([{ file, message: 'already exists; choose another id, or add --force to replace it', fatal: true }]);
    }
    throw err;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await copySchemaIfMissing(dir);
  return file;
}

async function copySchemaIfMissing(dir: string): Promise<void> {
  const schema = join(dir, 'briefing.schema.json');
  if (!(await access(schema).then(() => true, () => false))) await copyFile(join(packageRoot, 'data', 'briefing.schema.json'), schema);
}
