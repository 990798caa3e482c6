// Regenerates the README's pictures: a brief (test/fixtures/one-pager.yaml), pages of the MCIS report and an EPUB page.
// Needs poppler-utils (pdftoppm) and chromium. Run: npm run screenshots
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
