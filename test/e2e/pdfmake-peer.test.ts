// briefing/pdfmake-rtl against pdfmake's own test suite (shared/peer/pdfmake-0.3.6: its mocha unit and
// integration specs and its examples, run on the compiled modules node_modules/pdfmake/js holds):
// every spec that passes on stock pdfmake passes with the layer installed, and every example, which
// holds no right-to-left text, renders the same pages, pixel for pixel, through installRtl + prepareBidi.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, tempDir } from '../helpers.js';

const run = promisify(execFile);
// In CI the shared folder is checked out beside the clone; BRIEFING_PDFMAKE_PEER names another place.
const peer = process.env.BRIEFING_PDFMAKE_PEER ?? join(root, '..', 'shared', 'peer', 'pdfmake-0.3.6');
const present = existsSync(join(peer, 'tests')) && existsSync(join(peer, 'examples'));
// A fresh clone without shared/ beside it skips these, and says so in the test's name and on stderr.
const skipped = present ? '' : ` (skipped: pdfmake's own tests are not at ${peer}; ../shared/peer beside the clone, or set BRIEFING_PDFMAKE_PEER)`;
if (!present) console.warn(`pdfmake-peer.test.ts:${skipped}`);

const support = join(root, 'test', 'support', 'pdfmake-peer');
const modes = { stock: [], rtl: ['--import', join(support, 'rtl.mjs')] } as const;
type Mode = keyof typeof modes;

interface MochaJson {
  stats: { passes: number; failures: number };
  passes: { fullTitle: string }[];
  failures: { fullTitle: string; err: { message: string } }[];
}

describe.skipIf(!present)(`pdfmake's own tests with briefing/pdfmake-rtl${skipped}`, () => {
  // pdfmake's layout as its specs expect it: `../../js/…` and `../fonts` beside the tests and examples.
  const sandbox = (mode: Mode) => {
    const dir = join(tempDir('briefing-peer-'), 'pdfmake');
    mkdirSync(dir);
    cpSync(join(peer, 'tests'), join(dir, 'tests'), { recursive: true });
    cpSync(join(peer, 'examples'), join(dir, 'examples'), { recursive: true });
    for (const part of ['js', 'fonts', 'standard-fonts', 'build']) symlinkSync(join(root, 'node_modules', 'pdfmake', part), join(dir, part));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    return { dir, mode };
  };
  const env = (dir: string) => ({ ...process.env, PDFMAKE_PEER_SAMPLE_IMAGE: join(dir, 'examples', 'images', 'sampleImage.jpg') });
  const node = (mode: Mode) => ['--import', join(support, 'offline.mjs'), ...modes[mode]];

  /** pdfmake's mocha specs in a sandbox, with or without the layer. */
  const mochaRun = async (mode: Mode): Promise<MochaJson> => {
    const { dir } = sandbox(mode);
    const out = join(dir, 'mocha.json');
    // No time limit: on a loaded machine pdfmake's 2 s default fails specs at random.
    const mocha = [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '0', '--reporter', 'json', '--reporter-option', `output=${out}`];
    await run(process.execPath, [...node(mode), ...mocha, 'tests/unit/**/*.spec.js', 'tests/integration/*.spec.js', 'tests/browser/*.spec.js'], {
      cwd: dir,
      env: env(dir),
      maxBuffer: 64 << 20,
    }).catch(() => {}); // mocha exits non-zero when any spec fails; the report says which
    return JSON.parse(readFileSync(out, 'utf8')) as MochaJson;
  };
  const exampleRun = async (mode: Mode) => {
    const { dir } = sandbox(mode);
    const r = await run(process.execPath, [...node(mode), join(support, 'examples.cjs')], { cwd: join(dir, 'examples'), env: env(dir), maxBuffer: 64 << 20 });
    return { dir: join(dir, 'examples'), ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { failed: Record<string, string>; rtl: boolean }) };
  };

  let rtlSpecs: MochaJson;
  const examples: Partial<Record<Mode, { dir: string; failed: Record<string, string>; rtl: boolean }>> = {};

  beforeAll(async () => {
    [rtlSpecs, examples.stock, examples.rtl] = await Promise.all([mochaRun('rtl'), exampleRun('stock'), exampleRun('rtl')]);
  }, 1_800_000); // ~30 s of CPU in all; minutes on a loaded machine

  it('passes, with the layer installed, every spec that passes on stock pdfmake', async () => {
    const rtl = rtlSpecs;
    expect(rtl.stats.passes).toBeGreaterThan(400);
    // The stock run (~20 s of CPU) only matters when a spec fails with the layer: it tells the
    // layer's failures from specs that fail on stock pdfmake too. When none fails, none is broken.
    const stock = rtl.failures.length > 0 ? await mochaRun('stock') : rtl;
    const passing = new Set(rtl.passes.map((t) => t.fullTitle));
    const broken = stock.passes.map((t) => t.fullTitle).filter((t) => !passing.has(t));
    const why = broken.map((t) => `${t}: ${rtl.failures.find((f) => f.fullTitle === t)?.err.message ?? 'not run'}`);
    expect(why).toEqual([]);
  }, 1_800_000);

  it('renders every example the same, pixel for pixel, with the layer installed', async () => {
    expect(examples.stock!.rtl).toBe(false);
    expect(examples.rtl!.rtl).toBe(true);
    const pdfs = readdirSync(join(examples.stock!.dir, 'pdfs')).filter((n) => n.endsWith('.pdf')).sort();
    expect(pdfs.length).toBeGreaterThan(25);
    expect(examples.rtl!.failed).toEqual(examples.stock!.failed);
    const different: string[] = [];
    for (const pdf of pdfs) {
      const [a, b] = await Promise.all(
        [examples.stock!.dir, examples.rtl!.dir].map(async (dir) => {
          const prefix = join(dir, 'pages', pdf);
          mkdirSync(join(dir, 'pages'), { recursive: true });
          await run('pdftoppm', ['-r', '36', join(dir, 'pdfs', pdf), prefix]);
          const pages = readdirSync(join(dir, 'pages')).filter((n) => n.startsWith(`${pdf}-`)).sort();
          return pages.map((p) => readFileSync(join(dir, 'pages', p)));
        }),
      );
      expect(a!.length, pdf).toBeGreaterThan(0);
      if (a!.length !== b!.length || a!.some((page, k) => !page.equals(b![k]!))) different.push(pdf);
    }
    expect(different).toEqual([]);
  });
});
