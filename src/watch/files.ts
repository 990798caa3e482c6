import { readdirSync, watch as watchFs, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/**
 * Calls `onChange` with the data files that changed, or with all of them when something in the
 * templates folder changed. It watches folders, never files: an editor that saves by writing a
 * temporary file and renaming it over the original (Vim, JetBrains "safe write", `sed -i`), or that
 * deletes and recreates the file, leaves a watcher on the file's inode watching a file that is gone.
 * A folder keeps its inode and reports each new file of that name. Every folder under the templates
 * folder is watched, and folders made later are picked up (Node's `recursive` is not used: on Linux
 * in Node 20 it is emulated and misses files in folders created after it starts).
 */
export function watchFiles(files: string[], templatesDir: string, ignoreDir: string, onChange: (files: string[]) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const ignored = resolve(ignoreDir);
  const add = (dir: string, listener: (name: string) => void) => {
    if (watchers.has(dir)) return;
    try {
      const w = watchFs(dir, (_event, name) => listener(name === null ? '' : String(name)));
      // A watched folder that is removed ends its watcher; the rest go on.
      w.on('error', () => {
        w.close();
        watchers.delete(dir);
      });
      watchers.set(dir, w);
    } catch {
      // A folder removed between listing and watching.
    }
  };

  // Data files, by folder: an event names the file that changed in it.
  const byDir = new Map<string, string[]>();
  for (const f of files.map((x) => resolve(x))) byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), f]);
  const dataListeners = new Map<string, (name: string) => void>();
  for (const [dir, inDir] of byDir) {
    dataListeners.set(dir, (name) => {
      // No name (some platforms): any of the folder's data files may have changed.
      const changed = name ? inDir.filter((f) => basename(f) === name) : inDir;
      if (changed.length > 0) onChange(changed);
    });
  }

  // Templates: any file in any folder below; editors' own files (.swp, backup~) do not count.
  const root = resolve(templatesDir);
  const templateEvent = (dir: string) => (name: string) => {
    const path = join(dir, name);
    if (path === ignored || path.startsWith(ignored + sep)) return;
    if (name && (basename(name).startsWith('.') || name.endsWith('~'))) return;
    syncTemplateDirs();
    onChange(files.map((x) => resolve(x)));
  };
  const templateDirs = (dir: string): string[] => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const sub = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(dir, e.name));
    return [dir, ...sub.filter((d) => d !== ignored).flatMap(templateDirs)];
  };
  const syncTemplateDirs = () => {
    for (const dir of templateDirs(root)) {
      // A folder holding data files too: one watcher serves both.
      const data = dataListeners.get(dir);
      const templates = templateEvent(dir);
      add(dir, data ? (name) => { data(name); templates(name); } : templates);
    }
  };

  syncTemplateDirs();
  for (const [dir, listener] of dataListeners) add(dir, listener);

  return {
    close: () => {
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

