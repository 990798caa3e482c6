// A template written by someone else cannot make an output load or run anything, nor run code
// during the build (issue 23). Each hostile template is given to the CLI as --templates: it is either
// refused (exit 1, a line naming its file) or built, and then every page it built (the HTML page and
// each EPUB page) is opened in Chromium with script on, while a local server counts every request.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, root, tempDir } from '../helpers.js';
import { countingServer, runCliAsync, templateFolder } from '../support/template-folders.js';

let server: Awaited<ReturnType<typeof countingServer>>;
let base: string;
let browser: Browser;
let requests: string[];

beforeAll(async () => {
  server = await countingServer('x', 'text/plain');
  ({ base, requests } = server);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const runCli = runCliAsync;
const templates = (files: Record<string, string>) => templateFolder(files, 'briefing-attack-templates-');

const summary = (inner: string) => ({ 'partials/summary.hbs': `<section id="summary" class="summary">\n<h1>{{labels.summary}}</h1>\n${inner}\n{{#each summary}}<p>{{text}}</p>{{/each}}\n</section>\n` });
const css = (rules: string) => ({ 'epub.css': `body { color: #111; }\n${rules}\n` });
const X = 'XBASEX';

/** Hostile template sets: what each tries, and the file a refusal must name. */
const ATTACKS: [string, Record<string, string>][] = [
  ['escaped url() in a rule', css(`body { background: u\\72l(${X}/css-escaped-url); }`)],
  ['escaped @import', css(`@\\69mport "${X}/css-escaped-import";`)],
  ['image-set()', css(`p { background-image: image-set("${X}/css-image-set" 1x); }`)],
  ['-webkit-image-set()', css(`p { background-image: -webkit-image-set(url(${X}/css-webkit-image-set) 1x); }`)],
  ['escaped url in @font-face', css(`@font-face { font-family: X; src: u\\72l("${X}/css-font-face"); }`)],
  ['url in a custom property', css(`body { --x: url(${X}/css-custom-property); } p { background: var(--x); }`)],
  ['url inside @media', css(`@media screen { p { background: url(${X}/css-media); } }`)],
  ['@namespace with a url', css(`@namespace x url(${X}/css-namespace);`)],
  ['attr() as a url', css(`p { background-image: attr(title url); }`)],
  ['</style> in a string', css(`p::after { content: "</style><img src=${X}/css-close-style><script>fetch('${X}/css-close-script')</script>"; }`)],
  ['a broken rule that hides a url', css(`p { color: red; background: url(${X}/css-broken }`)],
  ['autofocus onfocus', summary(`<p tabindex="0" autofocus="" onfocus="fetch('${X}/onfocus')">x</p>`)],
  ['details ontoggle', summary(`<details open="" ontoggle="fetch('${X}/ontoggle')"><summary>x</summary></details>`)],
  ['prefixed svg image', summary(`<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:image href="${X}/svg-image"/></s:svg>`)],
  ['a span in the svg namespace', summary(`<span xmlns="http://www.w3.org/2000/svg"><image href="${X}/xmlns-image"/></span>`)],
  ['javascript: link', summary(`<a href="javascript:fetch('${X}/javascript-link')">x</a>`)],
  ['javascript: link with an entity', summary(`<a href="java&#x09;script:fetch('${X}/javascript-entity')">x</a>`)],
  ['triple braces', summary('<p>{{{title}}}</p>')],
  ['ampersand braces', summary('<p>{{& title}}</p>')],
  ['CDATA', summary(`<p><![CDATA[<img src="${X}/cdata"/>]]></p>`)],
  ['base href', summary(`<base href="${X}/base/"/>`)],
  ['meta refresh', summary(`<meta http-equiv="refresh" content="0;url=${X}/meta-refresh"/>`)],
  ['srcset on the logo', summary(`<img src="{{../logo.src}}" alt="x" srcset="${X}/srcset 2x"/>`)],
  ['ping on a link', summary(`<a href="https://example.org/" ping="${X}/ping">x</a>`)],
  ['form action', summary(`<form action="${X}/form"><button>x</button></form>`)],
  ['style attribute', summary(`<p style="background: u\\72l(${X}/style-attribute)">x</p>`)],
  ['math with a link', summary(`<math><mi href="${X}/math">x</mi></math>`)],
  // Found by an attack round on the tree checks themselves:
  ['a @charset that decodes a string apart (Shift_JIS)', css(`@charset "Shift_JIS";\np::after { content: "\u00c1\\"; } body { background: url(${X}/sjis); } x { content: \\""; }`)],
  ['@font-face inside @media (the page keeps it)', css('@media all { @font-face { font-family: Evil; src: url(fonts/evil.ttf); } }\nbody { font-family: Evil; }')],
  ['a control character by reference', summary('<p>ZZ&#1;&#27;[31mQQ</p>')],
  ['a void element with content', summary('<p>a<br>inner</br>b</p>')],
  ['a theme that links every paragraph', { 'pdf-theme.json': JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'templates', 'pdf-theme.json'), 'utf8')), styles: { ...JSON.parse(readFileSync(join(root, 'templates', 'pdf-theme.json'), 'utf8')).styles, p: { link: 'file:///etc/passwd' } } }) }],
];

/** Built pages that must be harmless: the HTML page and every EPUB page, as files Chromium opens. */
async function pagesOf(out: string): Promise<string[]> {
  const pages = [join(out, 'minimal-test.html')];
  const zip = await JSZip.loadAsync(readFileSync(join(out, 'minimal-test.epub')));
  const book = join(out, 'book');
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    mkdirSync(join(book, name, '..'), { recursive: true });
    writeFileSync(join(book, name), await entry.async('nodebuffer'));
    if (name.endsWith('.xhtml')) pages.push(join(book, name));
  }
  return pages;
}

describe('templates written by someone else', () => {
  it.each(ATTACKS)('%s: refused with its file, or built into pages that load and run nothing', async (_name, files) => {
    requests.length = 0;
    const withServer = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.replaceAll(X, base)]));
    const dir = templates(withServer);
    const out = tempDir('briefing-attack-out-');
    const r = await runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out, '--format', 'pdf,epub,html', '--templates', dir]);
    if (r.status !== 0) {
      expect(r.status).toBe(1);
      // One line per problem, each naming the template file the attack is in.
      const lines = r.stderr.trim().split('\n');
      for (const line of lines) expect(line).toMatch(new RegExp(`^${join(dir, Object.keys(files)[0]!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+(:\\d+)?: ((template|stylesheet) error: |styles\\.)`));
      expect(existsSync(join(out, 'minimal-test.pdf'))).toBe(false);
    } else {
      for (const page of await pagesOf(out)) {
        const tab = await browser.newPage();
        const dialogs: string[] = [];
        tab.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
        await tab.keyboard.press('Tab');
        await tab.waitForTimeout(150);
        await tab.close();
        expect(dialogs, page).toEqual([]);
      }
    }
    expect(requests).toEqual([]);
  });

  it('an attribute holding ">" before src does not keep an image out of the HTML page\'s data: URLs', async () => {
    requests.length = 0;
    const dir = templates({ 'partials/title.hbs': '<section id="title"><h1>{{title}}</h1>{{#if logo}}<img title=">" src="{{logo.src}}" alt="{{logo.alt}}"/>{{/if}}</section>\n' });
    const out = tempDir('briefing-attack-out-');
    const r = await runCli(['build', join(fixtures, 'topic', 'topic-briefing.yaml'), '--out', out, '--format', 'html', '--templates', dir]);
    expect(r.stderr).toBe('');
    const html = readFileSync(join(out, 'topic-test.html'), 'utf8');
    expect(html).toMatch(/<img title=">" src="data:image\/(png|jpeg);base64,/);
    expect(html).not.toMatch(/src="images\//);
  });

  it('a range media query keeps its "<" (only "</" is escaped in the written style sheet)', async () => {
    const dir = templates(css('@media (width < 600px) { p { color: red; } }'));
    const out = tempDir('briefing-attack-out-');
    expect((await runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out, '--format', 'epub', '--templates', dir])).status).toBe(0);
    const book = await JSZip.loadAsync(readFileSync(join(out, 'minimal-test.epub')));
    expect(await book.file('OEBPS/style.css')!.async('string')).toContain('@media (width<600px)');
  });

  it('the attacks do reach the server when nothing stops them (the check above can fail)', async () => {
    requests.length = 0;
    const tab = await browser.newPage();
    await tab.setContent(`<style>body { background: u\\72l(${base}/control); }</style><p>x</p>`, { waitUntil: 'load' });
    await tab.close();
    expect(requests).toContain('/control');
  });

  it('an EPUB package template runs no code: epub/*.ejs overrides are refused before anything is built', async () => {
    const marker = join(tempDir('briefing-attack-ejs-'), 'ran');
    const original = readFileSync(join(root, 'templates', 'epub', 'content.opf.ejs'), 'utf8');
    const dir = templates({ 'epub/content.opf.ejs': `<% process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'x') %>${original}` });
    const out = tempDir('briefing-attack-out-');
    const r = await runCli(['build', join(fixtures, 'minimal.yaml'), '--out', out, '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'epub', 'content.opf.ejs')}: template error: the EPUB package templates (epub/*.ejs) run code and cannot be overridden`);
    expect(existsSync(marker)).toBe(false);
    // A copy of the whole built-in folder (epub/ unchanged) is still a valid override.
    const copy = templates(Object.fromEntries(['epub/content.opf.ejs', 'epub/toc.ncx.ejs', 'partials/title.hbs'].map((f) => [f, readFileSync(join(root, 'templates', f), 'utf8')])));
    expect((await runCli(['build', join(fixtures, 'minimal.yaml'), '--out', tempDir('briefing-attack-out-'), '--templates', copy])).status).toBe(0);
  });

  it('a template file that is a FIFO or a device is refused at once, not read for ever', async () => {
    const dir = templates({});
    mkdirSync(join(dir, 'partials'));
    execFileSync('mkfifo', [join(dir, 'partials', 'summary.hbs')]);
    symlinkSync('/dev/zero', join(dir, 'epub.css'));
    const started = Date.now();
    const r = await runCli(['build', join(fixtures, 'minimal.yaml'), '--out', tempDir('briefing-attack-out-'), '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'partials', 'summary.hbs')}: template error: is a FIFO (named pipe), not a regular file`);
    expect(r.stderr).toContain(`${join(dir, 'epub.css')}: template error: is a character device, not a regular file`);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
