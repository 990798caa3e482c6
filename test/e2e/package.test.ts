// The package as someone installs it: `npm pack`, then the tarball installed into an empty project
// from the npm cache alone (no network), its own `briefing` command run there, both entry points
// imported and a consumer's TypeScript checked against the shipped .d.ts files.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText, root, tempDir } from '../helpers.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license: string; dependencies: Record<string, string>; bin: unknown; engines: unknown };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Every npm call here runs offline: anything missing from the cache fails instead of downloading.
const offline = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: offline, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * The consumer's lockfile: the tarball plus our runtime dependencies at the versions and integrity
 * hashes of our own lockfile. With it `npm ci --offline` needs only the tarballs `npm ci` has cached,
 * not the registry's package documents (which a plain `npm install` would fetch).
 */
function consumerLock(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { briefing: `file:${tarball}` } },
    'node_modules/briefing': { version: pkg.version, resolved: `file:${tarball}`, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path && !entry.dev) packages[path] = entry;
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

describe('the packed tarball', () => {
  const work = tempDir('briefing-pack-');
  const project = join(work, 'consumer');
  let files: string[] = [];

  beforeAll(() => {
    // --ignore-scripts: dist/ is built already (npm test builds first); rebuilding it here would race other tests.
    const [packed] = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root).stdout) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    const tarball = join(work, packed!.filename);
    execFileSync('mkdir', [project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { briefing: `file:${tarball}` } }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
    run(npm, ['ci', '--offline'], project);
  }, 240_000);

  it('holds the code, templates, font registry and licence notice, schema and README, and no tests, benchmarks or sources', () => {
    for (const f of ['package.json', 'README.md', 'dist/cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/pdfmake-rtl.js', 'dist/pdfmake-rtl.d.ts',
      'dist/threads/worker.js', 'dist/bundle/cli.js', 'dist/bundle/worker.js', 'dist/bundle/writer-jobs.js', 'templates/briefing.hbs', 'templates/pdf-theme.json', 'templates/new-briefing.yaml', 'fonts/registry.json', 'fonts/NOTICE.md',
      'data/briefing.schema.json', 'examples/pdfmake-rtl.mjs']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|bench|src|scripts|docs|\.github|\.ci)\/|\.test\.|\.map$|^data\/.*\.ya?ml$/.test(f))).toEqual([]);
    // The fonts themselves come with the vazirmatn package, beside their licence.
    expect(readFileSync(join(project, 'node_modules', 'vazirmatn', 'OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE');
  });

  it('runs the bundled command line (dist/bundle/), the libraries it leaves out found in the installed node_modules', () => {
    expect(readFileSync(join(project, 'node_modules', 'briefing', 'dist', 'cli.js'), 'utf8')).toContain("import './bundle/cli.js'");
  });

  it('starts and builds a new briefing with its own briefing command', () => {
    const init = run('npx', ['briefing', 'init', 'new-2025'], project);
    expect(init.stdout).toContain(join('data', 'new-2025.yaml'));
    const build = run('npx', ['briefing', 'build', 'data/new-2025.yaml'], project);
    expect(build.stdout).toMatch(/new-2025\.pdf \(.*, \d+ pages?\)/);
    const pdf = join(project, 'out', 'new-2025.pdf');
    expect(pdfPages(pdf)).toBeGreaterThan(0);
    const title = /^title:\s*(.+)$/m.exec(readFileSync(join(project, 'data', 'new-2025.yaml'), 'utf8'))![1]!.replace(/\s+#.*$/, '').trim();
    expect(pdfText(pdf, ['-l', '1'])).toContain(title);
    expect(readFileSync(join(project, 'out', 'new-2025.epub')).subarray(0, 2).toString()).toBe('PK');
  });

  it('imports briefing and briefing/pdfmake-rtl, and the layer sets the consumer\'s own pdfmake right to left', () => {
    const script = `
      import pdfmake from 'pdfmake';
      import { loadBriefing, buildFile } from 'briefing';
      import { installRtl, prepareBidi } from 'briefing/pdfmake-rtl';
      import { writeFileSync } from 'node:fs';
      if (typeof loadBriefing !== 'function' || typeof buildFile !== 'function') throw new Error('briefing exports missing');
      const dir = new URL('./node_modules/vazirmatn/fonts/ttf/', import.meta.url).pathname;
      pdfmake.addFonts({ V: { normal: dir + 'Vazirmatn-Regular.ttf', bold: dir + 'Vazirmatn-Bold.ttf' } });
      installRtl(pdfmake);
      const doc = prepareBidi({ defaultStyle: { font: 'V' }, content: ['کتاب نو abc ۱۲۳'] }, { baseDir: 'rtl' });
      writeFileSync('rtl.pdf', await pdfmake.createPdf(doc).getBuffer());`;
    run(process.execPath, ['--input-type=module', '-e', script], project);
    const line = pdfText(join(project, 'rtl.pdf')).trim();
    expect(line).toBe('کتاب نو abc ۱۲۳');
    // Drawn from the right margin, as a right-to-left paragraph is.
    const bbox = execFileSync('pdftotext', ['-bbox', join(project, 'rtl.pdf'), '-'], { encoding: 'utf8' });
    const xMax = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(xMax).toBeGreaterThan(595 - 40 - 2); // A4 width minus pdfmake's default 40 pt margin
  });

  it('runs examples/pdfmake-rtl.mjs as shipped: the fonts found through briefing, and not a word from pdfmake on stderr', () => {
    const r = spawnSync(process.execPath, [join(project, 'node_modules', 'briefing', 'examples', 'pdfmake-rtl.mjs'), 'example.pdf'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe(''); // pdfmake warns twice when no access policy is set
    expect(r.status).toBe(0);
    expect(pdfText(join(project, 'example.pdf'))).toContain('گزارش نشست');
  });

  it('declares pdfmake, which briefing/pdfmake-rtl hooks, as an optional peer at the one version the hooks fit, and no test library among its dependencies', () => {
    const shipped = JSON.parse(readFileSync(join(project, 'node_modules', 'briefing', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    expect(shipped.peerDependencies?.pdfmake).toBe(shipped.dependencies.pdfmake);
    expect(shipped.peerDependenciesMeta?.pdfmake?.optional).toBe(true);
    expect(Object.keys(shipped.dependencies)).not.toContain('fast-check');
  });

  it('type-checks a consumer against the shipped declarations', () => {
    writeFileSync(join(project, 'consumer.ts'), `
      import { buildFile, loadBriefing, type Briefing, type BuildResult } from 'briefing';
      import { installRtl, prepareBidi, type Direction } from 'briefing/pdfmake-rtl';
      const dir: Direction = 'rtl';
      export const doc = prepareBidi({ content: ['سلام'] }, { baseDir: dir });
      export async function both(file: string): Promise<string> {
        const briefing: Briefing = await loadBriefing(file);
        const result: BuildResult = await buildFile(file, { outDir: 'out', formats: ['pdf', 'epub'] });
        return briefing.title + result.artifacts.map((a) => a.sha256).join();
      }
      // The declarations are real types, not any: each of these must be an error.
      // @ts-expect-error a format that does not exist
      void buildFile('x.yaml', { outDir: 'out', formats: ['docx'] });
      // @ts-expect-error a direction that does not exist
      void prepareBidi({ content: [] }, { baseDir: 'up' });
      export { installRtl };
    `);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
      files: ['consumer.ts'],
    }));
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
