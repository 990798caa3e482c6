// No output ever makes a network request, whatever a template contains (issue 14): a template
// image on a local server is refused with its template file and line, and no request reaches it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, tempDir } from '../helpers.js';
import { countingServer, runCliAsync, templateFolder } from '../support/template-folders.js';
import { renderBriefing } from '../../src/index.js';
import { parseBriefing } from '../../src/model/load.js';
import { renderEpub } from '../../src/epub/index.js';
import { resolveTemplates } from '../../src/render/template-set.js';

let server: Awaited<ReturnType<typeof countingServer>>;
let base: string;
let requests: string[];

beforeAll(async () => {
  server = await countingServer(readFileSync(join(fixtures, 'topic', 'chart.png')), 'image/png');
  ({ base, requests } = server);
});

afterAll(() => server?.close());

const runCli = runCliAsync;
const templates = (files: Record<string, string>) => templateFolder(files, 'briefing-net-templates-');

const minimal = join(fixtures, 'minimal.yaml');

describe('no network, whatever a template contains', () => {
  it('refuses a template <img> on a server, naming the template and line, and sends it nothing', async () => {
    requests.length = 0;
    const dir = templates({
      'partials/summary.hbs': `<section id="summary" class="summary">\n  <h1>{{labels.summary}}</h1>\n  <img src="${base}/chart.png" alt="chart"/>\n</section>\n`,
    });
    const out = tempDir('briefing-net-out-');
    const r = await runCli(['build', minimal, '--out', out, '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'partials', 'summary.hbs')}:3: template error: <img src="${base}/chart.png"> is not one of the briefing's images`);
    expect(existsSync(join(out, 'minimal-test.pdf')) || existsSync(join(out, 'minimal-test.epub'))).toBe(false);
    expect(requests).toEqual([]);
  });

  it('refuses other ways of loading: a script, an iframe, a style with url(), a stylesheet @import or font URL', async () => {
    requests.length = 0;
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'partials/summary.hbs': `<section id="summary">\n<h1>x</h1>\n<script src="${base}/a.js"></script>\n</section>\n` }, /summary\.hbs:3: template error: <script> is not part/],
      [{ 'partials/summary.hbs': `<section id="summary">\n<h1>x</h1>\n\n<iframe src="${base}/f"></iframe>\n</section>\n` }, /summary\.hbs:4: template error: <iframe> is not part/],
      [{ 'partials/summary.hbs': `<section id="summary">\n<h1>x</h1>\n<p style="background: url(${base}/b.png)">x</p>\n</section>\n` }, /summary\.hbs:3: template error: the style attribute of <p> is not allowed/],
      [{ 'epub.css': `@import url("${base}/x.css");\nbody { color: black; }\n` }, /epub\.css:1(:\d+)?: stylesheet error: @import is not allowed/],
      [{ 'epub.css': `body { color: black; }\n@font-face { font-family: X; src: url("${base}/f.ttf"); }\n` }, /epub\.css:2(:\d+)?: stylesheet error: url\(http/],
    ];
    for (const [files, message] of cases) {
      const r = await runCli(['build', minimal, '--out', tempDir('briefing-net-out-'), '--templates', templates(files)]);
      expect(r.status, Object.keys(files)[0]).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect(requests).toEqual([]);
  });

  it('never lets the EPUB library fetch an image, even from markup that got past the renderer', async () => {
    requests.length = 0;
    const briefing = parseBriefing(readFileSync(minimal, 'utf8'), minimal);
    const { view, rendered } = await renderBriefing(briefing);
    // Markup the renderer would refuse, handed to the EPUB writer directly.
    const sneaked = rendered.sections.map((s, i) => (i === 1 ? { ...s, xhtml: s.xhtml.replace('</section>', `<img src="${base}/sneaked.png" alt="x"/></section>`) } : s));
    const bytes = await renderEpub(view, { ...rendered, sections: sneaked }, { templates: await resolveTemplates(), date: new Date(0) });
    expect(bytes.length).toBeGreaterThan(0);
    expect(requests).toEqual([]);
  });
});
