#!/usr/bin/env node
// The benchmark: times the real CLI (dist/, as users run it) on generated briefings of several
// sizes, with Chromium's print-to-PDF of the same XHTML as the reference, and writes
// bench/RESULTS.md. Run with `npm run bench` (builds first); `--runs N` (default 5).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { loadBriefing, renderBriefing } from '../dist/index.js';
import { typstAvailable, typstSource } from './typst.mjs';
import { stockDocument } from './stock-pdfmake.mjs';
import { generate, generateParagraphs, paragraphs } from './inputs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const args = parseArgs(process.argv.slice(2));
const RUNS = args.runs;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CHROMIUM = args.chromium ? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) : undefined;
// Typst (a devDependency) as a second reference; skipped, with a note, where its native binary is missing.
const TYPST = args.typst && typstAvailable();
// A second Node for the PDF + EPUB jobs, side by side with this one: `--node24 PATH` or BENCH_NODE24.
const NODE24 = args.node24 || process.env.BENCH_NODE24 || undefined;

function parseArgs(argv) {
  const out = { runs: 5, chromium: true, typst: true, watch: true, keep: false, only: undefined, node24: undefined, pause: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a.startsWith('--runs=')) out.runs = Number(a.slice(7));
    else if (a === '--no-chromium') out.chromium = false;
    else if (a === '--no-typst') out.typst = false;
    else if (a === '--no-watch') out.watch = false;
    else if (a === '--node24') out.node24 = argv[++i];
    else if (a === '--keep') out.keep = true;
    else if (a === '--only') out.only = argv[++i].split(',');
    else if (a === '--pause') out.pause = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node bench/run.mjs [--runs N] [--pause SECONDS] [--no-chromium] [--no-typst] [--no-watch] [--node24 PATH] [--keep] [--only one-page,s10,s100,s1000,p600,batch,memory]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.runs) || out.runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  if (!(out.pause >= 0)) throw new Error('--pause takes a number of seconds ≥ 0');
  return out;
}

// ---------------------------------------------------------------- inputs



// ---------------------------------------------------------------- measuring

/** Runs one command in a fresh process; wall time from hrtime around the spawn, peak RSS from time(1). */
async function measure(command, argv, { cwd = root, shell = false, env } = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}.txt`);
  let file = command;
  let list = argv;
  if (shell) {
    list = ['-c', [command, ...argv].map(shellQuote).join(' ')];
    file = '/bin/sh';
  }
  if (TIME) {
    list = ['-o', rssFile, '-f', '%M %U %S', file, ...list];
    file = TIME;
  }
  const start = process.hrtime.bigint();
  const { code, stderr } = await new Promise((done, fail) => {
    const child = spawn(file, list, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (c) => done({ code: c, stderr: err }));
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0) throw new Error(`${command} ${argv.join(' ')} exited with ${code}\n${stderr}`);
  let rssMB;
  let cpu;
  if (TIME) {
    const [kb, user, sys] = (await readFile(rssFile, 'utf8')).trim().split('\n').pop().split(' ').map(Number);
    rssMB = kb / 1024;
    cpu = user + sys;
    await rm(rssFile, { force: true });
  }
  return { seconds, rssMB, cpu };
}

const shellQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function buildJob(file, format, outDir, shell = false, { node = process.execPath, note = '', env } = {}) {
  return {
    label: `${format === 'pdf,epub' ? 'PDF + EPUB' : format.toUpperCase()}${note}`,
    shell,
    run: () => measure(node, [cli, 'build', ...[file].flat(), '--out', outDir, '--format', format], { shell, env }),
  };
}

function stockJob(json, pdf) {
  return { label: 'stock pdfmake PDF', run: () => measure(process.execPath, [join(root, 'bench', 'stock-pdfmake.mjs'), json, pdf]) };
}

function typstJob(typ, pdf) {
  return { label: 'Typst PDF', run: () => measure(process.execPath, [join(root, 'bench', 'typst.mjs'), typ, pdf]) };
}

/** The installed pdfmake's version, for the stock pdfmake anchor. */
function pdfmakeVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'pdfmake', 'package.json'), 'utf8')).version;
}

/** The version of another Node binary, or undefined when it does not run. */
function nodeVersion(node) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function chromiumJob(html, pdf, profile) {
  return {
    label: 'Chromium PDF',
    run: () =>
      measure(CHROMIUM, [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        pathToFileURL(html).href,
      ]),
  };
}

/** The page Chromium prints: the product's own XHTML, the EPUB stylesheet, the fonts from node_modules. */
async function chromiumPage(yamlFile, htmlFile) {
  const briefing = await loadBriefing(yamlFile);
  const { rendered } = await renderBriefing(briefing);
  const css = (await readFile(join(root, 'templates', 'epub.css'), 'utf8')).replace(/@font-face\s*\{[^}]*\}/g, '');
  const ttf = join(root, 'node_modules', 'vazirmatn', 'fonts', 'ttf');
  const face = (weight, name) =>
    `@font-face { font-family: "Vazirmatn"; font-weight: ${weight}; font-style: normal; src: url("${pathToFileURL(join(ttf, name)).href}") format("truetype"); }`;
  // Page size, margins and body size follow templates/pdf-theme.json so the page counts compare.
  const html = `<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8" />
<title>bench</title>
<style>
${face(400, 'Vazirmatn-Regular.ttf')}
${face(700, 'Vazirmatn-Bold.ttf')}
${css}
@page { size: A4; margin: 64pt 56pt; }
html { font-size: 11pt; }
body { margin: 0; line-height: 1.5; }
body > section + section { break-before: page; }
</style>
</head>
<body>
${rendered.xhtml}
</body>
</html>
`;
  await writeFile(htmlFile, html);
}

/** Seconds of each rebuild of `file` in a watcher running in a fresh process (bench/watch-rebuild.mjs). */
async function watchRebuilds(file, edits) {
  const output = await new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'watch-rebuild.mjs'), file, String(edits)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`watch-rebuild ${file} exited with ${code}\n${err}`))));
  });
  return JSON.parse(output).seconds;
}

function pdfPages(file) {
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- statistics and report

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (x) => (x === undefined ? '–' : x.toFixed(3));
const mb = (x) => (x === undefined ? '–' : x.toFixed(0));

function summarise(samples) {
  const t = samples.map((s) => s.seconds);
  const m = samples.map((s) => s.rssMB).filter((x) => x !== undefined);
  const c = samples.map((s) => s.cpu).filter((x) => x !== undefined);
  return {
    cpuMedian: c.length ? median(c) : undefined,
    median: median(t),
    min: Math.min(...t),
    max: Math.max(...t),
    rssMedian: m.length ? median(m) : undefined,
    rssMax: m.length ? Math.max(...m) : undefined,
  };
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? execFileSync('cat', ['/proc/cpuinfo'], { encoding: 'utf8' }) : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  let chromiumVersion;
  if (CHROMIUM) {
    try {
      chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      chromiumVersion = CHROMIUM;
    }
  }
  return { nproc, model, memGB: (totalmem() / 1024 ** 3).toFixed(1), node: process.version, chromiumVersion };
}

function gitState() {
  const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src', 'templates', 'fonts').split('\n').filter(Boolean);
    return { head, dirty };
  } catch {
    // A copy outside git (e.g. `git archive` of a commit, benchmarked while the checkout changes) names its commit here.
    return { head: process.env.BENCH_COMMIT ?? 'unknown', dirty: [] };
  }
}

// ---------------------------------------------------------------- main

const work = await mkdtemp(join(tmpdir(), 'briefing-bench-'));
try {
  await main();
} finally {
  if (!args.keep) await rm(work, { recursive: true, force: true });
  else process.stderr.write(`kept ${work}\n`);
}

async function main() {
  const base = YAML.parse(await readFile(join(root, 'data', 'mcis-2023.yaml'), 'utf8'));
  const inputs = [
    { key: 'one-page', name: 'one-page briefing (test/fixtures/minimal.yaml)', file: join(root, 'test', 'fixtures', 'minimal.yaml'), shell: true },
    { key: 's10', name: '10 statements', briefing: generate(base, 'bench-10', 10) },
    { key: 's100', name: '100 statements', briefing: generate(base, 'bench-100', 100) },
    { key: 's1000', name: '1,000 statements', briefing: generate(base, 'bench-1000', 1000) },
    { key: 'p600', name: '~600 paragraphs', briefing: generateParagraphs(base, 'bench-p600', 600, 40, 8) },
    // Twelve copies of the MCIS briefing (own ids) in one call, against one of them built alone.
    { key: 'batch', name: 'batch: 12 copies of data/mcis-2023.yaml', copies: 12 },
  ].filter((i) => !args.only || args.only.includes(i.key));
  const node24 = NODE24 ? nodeVersion(NODE24) : undefined;
  for (const input of inputs) {
    input.out = join(work, `out-${input.key}`);
    await mkdir(input.out, { recursive: true });
    if (input.copies) {
      const { $schema, ...mcis } = base;
      input.files = [];
      for (let k = 1; k <= input.copies; k++) {
        const file = join(work, `mcis-copy-${k}.yaml`);
        await writeFile(file, YAML.stringify({ ...mcis, id: `mcis-copy-${k}` }, { lineWidth: 0 }));
        input.files.push(file);
      }
      input.paragraphs = paragraphs(base) * input.copies;
      input.statements = base.statements.length * input.copies;
      input.jobs = [
        { ...buildJob(input.files, 'pdf,epub', join(input.out, 'batch'), false, { note: `, ${input.copies} files in one call` }), samples: [] },
        { ...buildJob(input.files[0], 'pdf,epub', join(input.out, 'one'), false, { note: ', one of them alone' }), samples: [] },
      ];
      continue;
    }
    if (input.briefing) {
      input.file = join(work, `${input.briefing.id}.yaml`);
      await writeFile(input.file, YAML.stringify(input.briefing, { lineWidth: 0 }));
      input.paragraphs = paragraphs(input.briefing);
      input.statements = input.briefing.statements.length;
    }
    // The briefing as YAML gives it, read once for the counts and the reference typesetters' sources.
    const source = input.briefing ?? YAML.parse(await readFile(input.file, 'utf8'));
    if (!input.briefing) {
      input.paragraphs = paragraphs(source);
      input.statements = source.statements.length;
    }
    input.jobs = ['pdf', 'epub', 'pdf,epub'].map((f) => ({ ...buildJob(input.file, f, join(input.out, f.replace(',', '-')), input.shell), samples: [] }));
    // The same build with the disk cache off: what a briefing's first build costs.
    if (['one-page', 'p600'].includes(input.key)) {
      input.jobs.push({ ...buildJob(input.file, 'pdf,epub', join(input.out, 'cold'), input.shell, { note: ', cache off', env: { BRIEFING_CACHE: 'off' } }), samples: [] });
    }
    // The second Node and Typst where the issue's targets are: the one-page and ~600-paragraph briefings, and 100 statements.
    if (node24 && ['one-page', 's100', 'p600'].includes(input.key)) input.jobs.push({ ...buildJob(input.file, 'pdf,epub', join(input.out, 'node24'), input.shell, { node: NODE24, note: ` (Node ${node24})` }), samples: [] });
    if (TYPST && ['one-page', 'p600'].includes(input.key)) {
      const typ = join(work, `${input.key}.typ`);
      await writeFile(typ, typstSource(source));
      input.typstPdf = join(input.out, 'typst.pdf');
      input.jobs.push({ ...typstJob(typ, input.typstPdf), samples: [] });
    }
    // The engine's floor: pdfmake as published, the same words, no RTL layer, tagging or EPUB.
    if (['one-page', 'p600'].includes(input.key)) {
      const json = join(work, `${input.key}-stock.json`);
      await writeFile(json, JSON.stringify(stockDocument(source)));
      input.jobs.push({ ...stockJob(json, join(input.out, 'stock.pdf')), samples: [] });
    }
    if (CHROMIUM) {
      const html = join(work, `${input.key}.html`);
      await chromiumPage(input.file, html);
      input.chromiumPdf = join(input.out, 'chromium.pdf');
      input.jobs.push({ ...chromiumJob(html, input.chromiumPdf, join(work, `chromium-profile-${input.key}`)), samples: [] });
    }
  }

  const env = machine();
  const git = gitState();
  const log = (s) => process.stderr.write(s);
  log(`briefing bench: ${RUNS} runs per job (+1 warm-up), ${env.nproc} × ${env.model}, Node ${env.node}, commit ${git.head}${git.dirty.length ? ' + uncommitted changes' : ''}\n`);

  // A figure counts only on a quiet machine (Chromium slows far more than our build under load):
  // wait up to 10 minutes for the 1-minute load average to fall below 1, and record it either way.
  for (let waited = 0; loadavg()[0] >= 1 && waited < 600; waited += 10) {
    if (waited === 0) log(`waiting for the load average (${loadavg()[0].toFixed(2)}) to fall below 1 …\n`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
  const loadBefore = loadavg();
  // One warm-up run per job (file cache, Chromium profile), then the runs interleaved job by job
  // so that drift on the machine spreads over every job alike.
  for (const input of inputs) for (const job of input.jobs) await job.run();
  // With --pause, each timed run waits first, so that the runs themselves keep the load average low
  // (two cores busy for 3 s, then idle for 15 s, average ~0.3): the highest 1-minute load at a run's
  // start is recorded.
  let loadAtRuns = 0;
  for (let r = 0; r < RUNS; r++) {
    log(`run ${r + 1}/${RUNS}:`);
    for (const input of inputs) {
      for (const job of input.jobs) {
        if (args.pause > 0) await new Promise((done) => setTimeout(done, args.pause * 1000));
        loadAtRuns = Math.max(loadAtRuns, loadavg()[0]);
        job.samples.push(await job.run());
        log('.');
      }
    }
    log('\n');
  }
  const loadAfterRuns = loadavg();

  // Rebuilds in a running watcher: one watcher per briefing, RUNS edits after one warm-up edit
  // (the 1,000-statement briefing is left out: nobody edits that in a live preview).
  for (const input of inputs.filter((i) => args.watch && i.key !== 's1000' && i.file)) {
    log(`watch ${input.key}: `);
    input.rebuilds = summarise((await watchRebuilds(input.file, RUNS + 1)).slice(1).map((seconds) => ({ seconds })));
    log('done\n');
  }

  // Memory against input size: one PDF + EPUB build each of 1x, 4x and 16x the statements (the
  // largest is the documented limit of 2,000 statements), to check that memory grows no faster than the input.
  const memory = [];
  if (TIME && (!args.only || args.only.includes('memory'))) {
    log('memory: ');
    for (const [scale, count] of [[1, 125], [4, 500], [16, 2000]]) {
      const briefing = generate(base, `bench-mem-${count}`, count);
      const file = join(work, `${briefing.id}.yaml`);
      const yaml = YAML.stringify(briefing, { lineWidth: 0, aliasDuplicateObjects: false });
      await writeFile(file, yaml);
      // The median of --runs builds: one build's peak moves by ~20 MB with when the EPUB thread ends
      // against the PDF thread's peak (500 statements: 189 and 213 MB on the same commit).
      const samples = [];
      for (let r = 0; r < Math.max(1, args.runs); r++) samples.push(await buildJob(file, 'pdf,epub', join(work, `out-mem-${count}`)).run());
      const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
      memory.push({ scale, count, bytes: Buffer.byteLength(yaml), rssMB: median(samples.map((x) => x.rssMB)), seconds: median(samples.map((x) => x.seconds)) });
      log('.');
    }
    log('\n');
  }

  const loadAfter = loadavg();
  for (const input of inputs) {
    // The PDF-alone job's output folder holds the built PDF.
    const pdf = (await readdir(join(input.out, 'pdf')).catch(() => [])).find((f) => f.endsWith('.pdf'));
    input.pages = pdf ? pdfPages(join(input.out, 'pdf', pdf)) : undefined;
    input.chromiumPages = input.chromiumPdf ? pdfPages(input.chromiumPdf) : undefined;
    input.typstPages = input.typstPdf ? pdfPages(input.typstPdf) : undefined;
    for (const job of input.jobs) job.stats = summarise(job.samples);
  }

  const rows = [];
  rows.push('| briefing | statements | paragraphs | PDF pages (ours / Chromium / Typst) | job | median s | min s | max s | CPU s (median) | peak RSS MB median (max) |');
  rows.push('|---|---:|---:|---|---|---:|---:|---:|---:|---:|');
  for (const input of inputs) {
    for (const job of input.jobs) {
      const s = job.stats;
      rows.push(
        `| ${input.name} | ${input.statements} | ${input.paragraphs} | ${input.pages ?? '?'} / ${input.chromiumPages ?? '–'} / ${input.typstPages ?? '–'} | ${job.label}${job.shell ? ' (sh -c)' : ''} | ${sec(s.median)} | ${sec(s.min)} | ${sec(s.max)} | ${s.cpuMedian === undefined ? '–' : s.cpuMedian.toFixed(2)} | ${mb(s.rssMedian)} (${mb(s.rssMax)}) |`,
      );
    }
  }
  const table = rows.join('\n');
  const watchRows = inputs
    .filter((i) => i.rebuilds)
    .map((i) => `| ${i.name} | ${sec(i.rebuilds.median)} | ${sec(i.rebuilds.min)} | ${sec(i.rebuilds.max)} |`);
  const watchTable = watchRows.length
    ? `Rebuild in a running \`briefing watch\` (PDF + EPUB + preview), from saving the file to the "built" line, which includes the watcher's 80 ms wait for an editor's burst of writes to end (\`node bench/watch-rebuild.mjs FILE N\`; ${RUNS} edits after one warm-up edit):

| briefing | median s | min s | max s |
|---|---:|---:|---:|
${watchRows.join('\n')}
`
    : '';

  const memoryTable = memory.length
    ? `Memory against input size: PDF + EPUB builds of each generated briefing, the median of the runs (peak RSS from time(1); \`--only memory\`). "MB per 1x" is the growth of peak RSS per 1x of input over the step before it:

| input | statements | file KB | peak RSS MB | MB per 1x (from the size before) | s |
|---|---:|---:|---:|---:|---:|
${memory.map((m, i) => `| ${m.scale}x | ${m.count} | ${(m.bytes / 1024).toFixed(0)} | ${mb(m.rssMB)} | ${i ? ((m.rssMB - memory[i - 1].rssMB) / (m.scale - memory[i - 1].scale)).toFixed(1) : '–'} | ${sec(m.seconds)} |`).join('\n')}
`
    : '';

  const get = (key, label) => inputs.find((i) => i.key === key)?.jobs.find((j) => j.label === label)?.stats;
  const checks = [];
  const verdict = (ok) => (ok ? '**PASS**' : '**FAIL**');
  const missing = (what, limit) => checks.push(`| ${what} | ${limit} | not measured in this run | – |`);
  const both600 = get('p600', 'PDF + EPUB');
  const chrome600 = get('p600', 'Chromium PDF');
  const ratioTarget = '~600 paragraphs: PDF + EPUB ÷ Chromium PDF alone (medians)';
  if (both600 && chrome600) {
    const ratio = both600.median / chrome600.median;
    checks.push(`| ${ratioTarget} | ≤ 0.70 | ${sec(both600.median)} s ÷ ${sec(chrome600.median)} s = **${ratio.toFixed(2)}** | ${verdict(ratio <= 0.7)} |`);
  } else missing(ratioTarget, '≤ 0.70');
  const g100 = get('s100', 'PDF + EPUB');
  const g1000 = get('s1000', 'PDF + EPUB');
  const growthTarget = 'growth 100 → 1,000 statements, PDF + EPUB (medians)';
  if (g100 && g1000) {
    const growth = g1000.median / g100.median;
    checks.push(`| ${growthTarget} | ≤ 10 | ${sec(g1000.median)} s ÷ ${sec(g100.median)} s = **${growth.toFixed(2)}** | ${verdict(growth <= 10)} |`);
  } else missing(growthTarget, '≤ 10');
  const memTarget = 'peak memory at 1,000 statements (largest of any run, any format)';
  const s1000 = inputs.find((i) => i.key === 's1000');
  if (s1000 && TIME) {
    const rss1000 = Math.max(...s1000.jobs.filter((j) => !/^(Chromium|Typst|stock)|\(Node /.test(j.label)).map((j) => j.stats.rssMax));
    checks.push(`| ${memTarget} | < 300 MB | **${mb(rss1000)} MB** | ${verdict(rss1000 < 300)} |`);
  } else missing(memTarget, '< 300 MB');
  const one = get('one-page', 'PDF + EPUB');
  const chromeOne = get('one-page', 'Chromium PDF');
  const oneTarget = 'one-page briefing: PDF + EPUB from the shell ÷ Chromium PDF of it (medians)';
  if (one && chromeOne) {
    const ratio = one.median / chromeOne.median;
    checks.push(`| ${oneTarget} | ≤ 0.50 | ${sec(one.median)} s ÷ ${sec(chromeOne.median)} s = **${ratio.toFixed(2)}** | ${verdict(ratio <= 0.5)} |`);
  } else missing(oneTarget, '≤ 0.50');
  const batchInput = inputs.find((i) => i.key === 'batch');
  const batch = batchInput?.jobs[0]?.stats;
  const single = batchInput?.jobs[1]?.stats;
  const batchTarget = `batch of ${batchInput?.copies ?? 12} MCIS copies in one call ÷ one of them alone (medians)`;
  if (batch && single) {
    const ratio = batch.median / single.median;
    checks.push(`| ${batchTarget} | ≤ 3 | ${sec(batch.median)} s ÷ ${sec(single.median)} s = **${ratio.toFixed(2)}** | ${verdict(ratio <= 3)} |`);
  } else missing(batchTarget, '≤ 3');
  const memTarget2 = 'memory grows no faster than the input: MB per 1x, 4x → 16x ÷ 1x → 4x';
  if (memory.length === 3) {
    const [m1, m4, m16] = memory;
    const ratio = ((m16.rssMB - m4.rssMB) / 12) / Math.max(1, (m4.rssMB - m1.rssMB) / 3);
    checks.push(`| ${memTarget2} | ≤ 1.25 | **${ratio.toFixed(2)}** (${mb(m1.rssMB)} → ${mb(m4.rssMB)} → ${mb(m16.rssMB)} MB) | ${verdict(ratio <= 1.25)} |`);
  } else missing(memTarget2, '≤ 1.25');
  const info = [];
  if (g100 && g1000) {
    info.push(`growth 100 → 1,000 statements per format: ${['PDF', 'EPUB'].map((l) => `${l} ${(get('s1000', l).median / get('s100', l).median).toFixed(2)}`).join(', ')}`);
    info.push(`growth of CPU time (user + sys) 100 → 1,000, PDF + EPUB: ${(g1000.cpuMedian / g100.cpuMedian).toFixed(2)}`);
  }
  if (both600 && chrome600) info.push(`~600 paragraphs, PDF alone ÷ Chromium PDF: ${(get('p600', 'PDF').median / chrome600.median).toFixed(2)}`);
  for (const key of ['one-page', 'p600']) {
    const cold = get(key, 'PDF + EPUB, cache off');
    const typst = get(key, 'Typst PDF');
    const name = key === 'p600' ? '~600 paragraphs' : 'one-page';
    if (cold) info.push(`${name}, PDF + EPUB with the disk cache off (a briefing's first build): ${sec(cold.median)} s`);
    if (typst) info.push(`${name}, Typst PDF: ${sec(typst.median)} s`);
    const stock = get(key, 'stock pdfmake PDF');
    const chrome = get(key, 'Chromium PDF');
    const limit = key === 'p600' ? 0.7 : 0.5;
    if (stock && chrome) {
      const budget = limit * chrome.median;
      info.push(`${name}, stock pdfmake (PDF alone, no RTL layer, tagging or EPUB): ${sec(stock.median)} s (${stock.cpuMedian?.toFixed(2) ?? '–'} s CPU) = ${(stock.median / chrome.median).toFixed(2)} × Chromium; the target (${limit} × Chromium = ${sec(budget)} s) leaves ${sec(budget - stock.median)} s beyond it for everything the product adds`);
    }
  }
  if (node24) {
    const side = inputs.map((i) => [i, i.jobs.find((j) => j.label.includes(`(Node ${node24})`) || j.label.includes(`files (Node ${node24})`))]).filter(([, j]) => j);
    info.push(`Node ${node24} beside ${process.version}, PDF + EPUB medians: ${side.map(([i, j]) => `${i.name} ${sec(j.stats.median)} s (${sec(i.jobs.find((x) => x.label.startsWith('PDF + EPUB') && !x.label.includes('(Node') && !x.label.includes('cache off') && !x.label.includes('alone'))?.stats.median)} s)`).join('; ')}`);
  } else info.push('no second Node (set BENCH_NODE24 or --node24 PATH to add Node 24 beside this one)');
  if (!TYPST) info.push(args.typst ? 'Typst column skipped: @myriaddreamin/typst-ts-node-compiler (or its native binary for this machine) is not installed' : 'Typst column skipped (--no-typst)');

  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}   (node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''})`;
  const section = `<!-- run -->
## ${date} — commit ${git.head}${git.dirty.length ? ' + uncommitted changes' : ''}

- Machine: ${env.nproc} CPUs (\`nproc\`), ${env.model}, ${env.memGB} GB memory, Node ${env.node}${env.chromiumVersion ? `, ${env.chromiumVersion}` : ''}
- Command: \`${command}\`
- Load average (1, 5, 15 min) before: ${loadBefore.map((x) => x.toFixed(2)).join(', ')}; after: ${loadAfter.map((x) => x.toFixed(2)).join(', ')}${args.pause > 0 ? `; ${args.pause} s pause before each timed run, the 1-minute load at their starts at most ${loadAtRuns.toFixed(2)} and ${loadAfterRuns[0].toFixed(2)} after the last` : ''} — other work on the machine shows up in wall times; CPU time (user + sys of the child, from time(1)) is less sensitive to it.
- Commit: \`${git.head}\`${git.dirty.length ? `; uncommitted changes under src/, templates/ or fonts/ were compiled in: ${git.dirty.map((d) => `\`${d.trim()}\``).join(', ')}` : ' (clean src/, templates/, fonts/)'}
- Method: each job is a fresh process running the real CLI, \`node dist/cli/main.js build FILE --out TMP --format pdf|epub|pdf,epub\`;
  wall time from \`process.hrtime\` around the spawn; peak memory is ${TIME ? 'the child\'s maximum resident set size from `/usr/bin/time -f %M`' : 'not measured (no /usr/bin/time)'}.
  ${RUNS} runs per job after one warm-up run, interleaved job by job. The one-page briefing (test/fixtures/minimal.yaml: 2 statements, 4 paragraphs; its PDF has a page per top-level section) is run through \`/bin/sh -c\`.
  Chromium: \`chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --user-data-dir=TMP --no-pdf-header-footer --print-to-pdf=OUT.pdf file:///….html\`
  on the product's own XHTML (\`renderBriefing\`) with templates/epub.css, Vazirmatn from node_modules via file:// URLs, A4 and the PDF theme's margins; one profile folder per briefing, reused across its runs. Its peak memory is that of its largest process, not the sum, and its CPU time counts only the processes time(1) sees reaped.
  Stock pdfmake: \`node bench/stock-pdfmake.mjs IN.json OUT.pdf\` (pdfmake ${pdfmakeVersion()} as published, in a fresh process) on the same text as Typst, Vazirmatn, A4: the floor of the PDF engine, with none of the product's work (no bidi, tagging, copy text or EPUB).
  Typst: \`node bench/typst.mjs IN.typ OUT.pdf\` (@myriaddreamin/typst-ts-node-compiler in a fresh process) on markup holding the same text (bench/typst.mjs: title page, summary, speakers, statements as block quotes, themes), Vazirmatn from node_modules, A4, the same margins and size.
  The disk cache (font subsets, compressed EPUB entries, font coverage; Node's compile cache on Node 22.1+) is on as a user has it: the warm-up run fills it, so the timed runs read it; "cache off" jobs run with BRIEFING_CACHE=off, as a briefing's first build would.
  "Node vNN" jobs run the same CLI under a second Node binary (\`--node24 PATH\` or BENCH_NODE24) in the same interleaved rounds.
- Inputs: generated from data/mcis-2023.yaml by cycling its ${base.statements.length} statements (with their own speakers and themes; the cycle number is added to each context); the ~600-paragraph briefing has one sentence of the data per paragraph (the data's paragraphs average 245 characters, too long for 600 of them to fill about 35 pages): 40 summary paragraphs and ${inputs.find((i) => i.key === 'p600')?.statements ?? '?'} statements of 8 paragraphs each, speakers, kinds and themes cycled from the data.

${table}

${watchTable}
${memoryTable}
| target (issue 26) | limit | measured | result |
|---|---|---|---|
${checks.join('\n')}

Informational: ${info.join('; ') || '–'}.
`;

  process.stdout.write(`\n${section.replace('<!-- run -->\n', '')}\n`);

  const resultsFile = join(root, 'bench', 'RESULTS.md');
  const header = `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs); the newest run first. Targets are those of issue 26 (runs before it checked issue 16's, and before those issue 6's).
Figures are wall-clock seconds of a fresh process, as a user would see them from the shell.
`;
  let earlier = '';
  if (existsSync(resultsFile)) {
    const old = await readFile(resultsFile, 'utf8');
    const at = old.indexOf('<!-- run -->');
    if (at >= 0) earlier = old.slice(at);
  }
  await writeFile(resultsFile, `${header}\n${section}\n${earlier}`.replace(/\n{3,}/g, '\n\n'));
  log(`wrote ${resultsFile}\n`);
}
