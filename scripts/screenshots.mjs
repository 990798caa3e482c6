// Regenerates the README's pictures: a brief (test/fixtures/one-pager.yaml), pages of the MCIS report and an EPUB page,
// and the gallery: each layout (brief, report, English) as we print it, as Chromium prints our HTML page of it and as
// Typst sets the same text. Needs poppler-utils (pdftoppm) and chromium. Run: npm run screenshots
// `npm run screenshots -- --pages` also writes the page-image references of test/e2e/page-images.test.ts
// (test/pages/), once the pages have been looked at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs');
const work = mkdtempSync(join(tmpdir(), 'briefing-shots-'));
mkdirSync(docs, { recursive: true });

// The MCIS briefing prints as a report (too long for a brief); the one-page fixture as a brief.
const brief = join(root, 'test', 'fixtures', 'one-pager.yaml');
execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'build', join(root, 'data', 'mcis-2023.yaml'), brief, '--out', work], { stdio: 'inherit' });

const shoot = (pdf, page, name) =>
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', join(work, pdf), join(docs, name)]);
shoot('one-pager.pdf', 1, 'pdf-brief');
shoot('mcis-2023.pdf', 1, 'pdf-report-1');
shoot('mcis-2023.pdf', 2, 'pdf-report-2');
shoot('mcis-2023.pdf', 4, 'pdf-report-4');

// The EPUB's own XHTML, CSS and fonts, unpacked and shown as a reading system would.
const zip = await JSZip.loadAsync(readFileSync(join(work, 'mcis-2023.epub')));
for (const [name, entry] of Object.entries(zip.files)) {
  if (entry.dir) continue;
  const target = join(work, 'epub', name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, await entry.async('nodebuffer'));
}
const chapter = Object.keys(zip.files).find((n) => /statements\.xhtml$/.test(n));
if (!chapter) throw new Error('no statements chapter in the EPUB');
execFileSync('chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', `--user-data-dir=${join(work, 'profile')}`, '--hide-scrollbars', '--window-size=560,900',
  `--screenshot=${join(docs, 'epub-page.png')}`, `file://${join(work, 'epub', chapter)}`,
], { stdio: 'ignore' });
console.log('wrote docs/pdf-brief.png, docs/pdf-report-1.png, docs/pdf-report-2.png, docs/pdf-report-4.png, docs/epub-page.png');

// The gallery: the same page of each layout from three typesetters.
const english = join(root, 'data', 'sample-en.yaml');
execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'build', join(root, 'data', 'mcis-2023.yaml'), brief, english, '--out', work, '--format', 'pdf,html'], { stdio: 'inherit' });
const chromium = (html, pdf) =>
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
    `--user-data-dir=${join(work, 'profile-print')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`], { stdio: 'ignore' });
const { typstAvailable, typstSource } = await import('../bench/typst.mjs');
const YAML = (await import('yaml')).default;
for (const [name, file, page] of [['brief', brief, 1], ['report', join(root, 'data', 'mcis-2023.yaml'), 4], ['english', english, 3]]) {
  const id = YAML.parse(readFileSync(file, 'utf8')).id;
  shoot(`${id}.pdf`, page, `gallery-${name}-ours`);
  chromium(join(work, `${id}.html`), join(work, `${id}-chromium.pdf`));
  shoot(`${id}-chromium.pdf`, 1, `gallery-${name}-chromium`);
  if (typstAvailable()) {
    writeFileSync(join(work, `${id}.typ`), typstSource(YAML.parse(readFileSync(file, 'utf8'))));
    execFileSync(process.execPath, [join(root, 'bench', 'typst.mjs'), join(work, `${id}.typ`), join(work, `${id}-typst.pdf`)], { stdio: 'inherit' });
    shoot(`${id}-typst.pdf`, Math.min(page, Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(work, `${id}-typst.pdf`)], { encoding: 'utf8' }))[1])), `gallery-${name}-typst`);
  }
}
console.log('wrote docs/gallery-{brief,report,english}-{ours,chromium,typst}.png');

// References of the page-image test: every page of the MCIS report and of the brief, small and grey.
if (process.argv.includes('--pages')) {
  const pages = join(root, 'test', 'pages');
  rmSync(pages, { recursive: true, force: true });
  mkdirSync(pages, { recursive: true });
  execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'build', join(root, 'data', 'mcis-2023.yaml'), brief, '--out', join(work, 'pages'), '--format', 'pdf'], {
    stdio: 'inherit',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
  });
  for (const name of ['mcis-2023', 'one-pager']) execFileSync('pdftoppm', ['-png', '-gray', '-r', '30', join(work, 'pages', `${name}.pdf`), join(pages, name)]);
  // pdftoppm numbers pages with as many digits as the last one needs: name-1.png … for fewer than 10.
  console.log(`wrote test/pages/: ${readdirSync(pages).sort().join(', ')}`);
}
