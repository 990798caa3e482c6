// Release-grade behaviour of the compiled CLI: same bytes from the same input, nothing lost when a
// build fails or is interrupted, a report for CI, and precise messages for bad input and templates.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, holdingCli, pdfPages, root, runCli, tempDir } from '../helpers.js';
import { snapshot } from '../support/files.js';

const minimal = join(fixtures, 'minimal.yaml');

/** Every file in a folder with its bytes, to compare a folder before and after something happened. */
function creationDate(pdf: string): string {
  return /^CreationDate:\s+(.+)$/m.exec(execFileSync('pdfinfo', ['-isodates', pdf], { encoding: 'utf8' }))![1]!.trim();
}

/** A good build of the minimal briefing with SOURCE_DATE_EPOCH set, made once for the file; tests copy it, never change it. */
const epoch = '1700000000';
const firstBuild = tempDir();
beforeAll(() => {
  const r = runCli(['build', minimal, '--out', firstBuild], { env: { SOURCE_DATE_EPOCH: epoch } });
  expect(r.status, r.stderr).toBe(0);
}, 180_000);

describe('reproducible builds', () => {
  // A second, separate run with the same SOURCE_DATE_EPOCH.
  const secondBuild = tempDir();
  beforeAll(() => {
    const r = runCli(['build', minimal, '--out', secondBuild], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(r.status, r.stderr).toBe(0);
  }, 180_000);
  const builds = [firstBuild, secondBuild];

  it('gives byte-identical PDFs from two separate runs with one SOURCE_DATE_EPOCH', () => {
    const [a, b] = builds.map((d) => readFileSync(join(d, 'minimal-test.pdf')));
    expect(a!.equals(b!)).toBe(true);
  });

  it('gives byte-identical EPUBs from two separate runs with one SOURCE_DATE_EPOCH', () => {
    const [a, b] = builds.map((d) => readFileSync(join(d, 'minimal-test.epub')));
    expect(a!.equals(b!)).toBe(true);
  });

  it('writes SOURCE_DATE_EPOCH as the creation date, and the briefing date without it', () => {
    expect(creationDate(join(firstBuild, 'minimal-test.pdf'))).toBe('2023-11-14T22:13:20Z');
    const other = tempDir();
    expect(runCli(['build', minimal, '--out', other, '--format', 'pdf'], { env: { SOURCE_DATE_EPOCH: '1600000000' } }).status).toBe(0);
    expect(creationDate(join(other, 'minimal-test.pdf'))).toBe('2020-09-13T12:26:40Z');
    const unset = tempDir();
    expect(runCli(['build', minimal, '--out', unset, '--format', 'pdf'], { env: { SOURCE_DATE_EPOCH: '' } }).status).toBe(0);
    expect(creationDate(join(unset, 'minimal-test.pdf'))).toBe('2024-03-20T00:00:00Z'); // date: "2024-03-20"
  });

  it('refuses a SOURCE_DATE_EPOCH that is not a number of seconds as a usage error', () => {
    const r = runCli(['build', minimal, '--out', tempDir()], { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH must be a whole number of seconds');
  });
});

describe('nothing lost', () => {
  /** A new output folder holding an earlier good build of the minimal briefing (a copy of the file's first build). */
  function earlierBuild(): string {
    const out = tempDir();
    cpSync(firstBuild, out, { recursive: true });
    expect(readdirSync(out).sort()).toEqual(['minimal-test.epub', 'minimal-test.pdf']);
    return out;
  }

  /** Starts a build that holds with its temporary files on disk, interrupts it there and waits for the exit. */
  async function interrupt(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; sawTemporary: boolean }> {
    const data = tempDir();
    // The same id with different text: a finished build would replace the earlier outputs.
    writeFileSync(join(data, 'changed.yaml'), readFileSync(minimal, 'utf8').replace('گزارشی کوتاه برای آزمون', 'متن تازه'));
    const child = spawn(process.execPath, [...holdingCli, 'build', join(data, 'changed.yaml'), '--out', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Wait until the build has staged its temporary files (or has exited, which the assertions then report).
    let sawTemporary = false;
    let finished = false;
    void exited.then(() => (finished = true));
    while (!finished && !sawTemporary) {
      sawTemporary = readdirSync(out).some((n) => n.endsWith('.tmp'));
      if (!sawTemporary) await new Promise((r) => setTimeout(r, 25));
    }
    if (sawTemporary) child.kill(signal);
    return { code: await exited, stderr, sawTemporary };
  }

  it('Ctrl-C (SIGINT) while writing leaves the earlier outputs as they were and no temporary file (exit 130)', async () => {
    const out = earlierBuild();
    const before = snapshot(out);
    const r = await interrupt(out, 'SIGINT');
    expect(r.sawTemporary, r.stderr).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted by SIGINT');
    expect(snapshot(out)).toEqual(before);
  });

  it('SIGTERM does the same (exit 143)', async () => {
    const out = earlierBuild();
    const before = snapshot(out);
    const r = await interrupt(out, 'SIGTERM');
    expect(r.sawTemporary, r.stderr).toBe(true);
    expect(r.code).toBe(143);
    expect(snapshot(out)).toEqual(before);
  });

  it('a failing build leaves the earlier outputs untouched', () => {
    const out = earlierBuild();
    const before = snapshot(out);
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.yaml'), readFileSync(minimal, 'utf8').replace('kind: quote', 'kind: rumour'));
    const r = runCli(['build', join(dir, 'broken.yaml'), '--out', out]);
    expect(r.status).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('bad input is named precisely and changes nothing', () => {
  const good = readFileSync(minimal, 'utf8');
  const line = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  // A YAML syntax error's first line is like the others; its line with a caret and a hint follow.
  const cases: { name: string; file: string; content: string | Buffer; expected: RegExp; more?: string[] }[] = [
    {
      name: 'YAML syntax',
      file: 'a.yaml',
      content: good.replace('title: نشست', 'title: [نشست'),
      // In a log or pipe: the hint after the message, then the line that is wrong (the caret under it on a terminal or with --verbose).
      expected: new RegExp(`^FILE:${line(good, 'title: نشست')}:8: title: a list opened with "\\[" is never closed with "\\]" \\(hint: close it on the same line \\("\\[a, b\\]"\\), or put a text that starts with "\\[" in quotes\\)$`),
      more: ['> 4 | title: [نشست آزمایشی امنیت منطقه‌ای'],
    },
    { name: 'JSON syntax', file: 'b.json', content: '{\n  "id": "x",\n  "title": \n}\n', expected: /^FILE:4:1: JSON syntax error: ValueExpected$/ },
    { name: 'schema', file: 'c.yaml', content: good.replace('edition: 3', 'edition: third'), expected: new RegExp(`^FILE:${line(good, 'edition: 3')}:12: event\\.edition: must be a number, not a string$`) },
    { name: 'unknown speaker', file: 'd.yaml', content: good.replace('speaker: smith', 'speaker: smyth'), expected: /^FILE:\d+:14: statements\.1\.speaker: unknown speaker "smyth"/ },
    { name: 'unknown theme', file: 'e.yaml', content: good.replace('[cooperation, transparency]', '[cooperation, openness]'), expected: /^FILE:\d+:\d+: statements\.1\.themes\.1: unknown theme "openness"/ },
    { name: 'impossible date', file: 'f.yaml', content: good.replace('date: "2024-03-20"', 'date: 2023-02-30'), expected: new RegExp(`^FILE:${line(good, 'date: "2024')}:7: date: is not a date in the calendar$`) },
    { name: 'empty file', file: 'g.yaml', content: '', expected: /^FILE:1:1: file is empty$/ },
    { name: 'bytes that are not UTF-8', file: 'h.yaml', content: Buffer.from(good.replace('تهران', 'X'), 'utf8').fill(0xe9, 120, 121), expected: /^FILE:\d+:\d+: bytes are not valid UTF-8/ },
    { name: 'duplicate key', file: 'i.yaml', content: good.replace('  location: تهران', '  location: تهران\n  location: مسکو'), expected: new RegExp(`^FILE:${line(good, 'location:') + 1}:3: event\\.location: duplicate key "location"`) },
    { name: 'a list at the top level', file: 'j.yaml', content: '- id: x\n- id: y\n', expected: /^FILE:1:1: the top level must be a mapping/ },
    { name: 'a number where text belongs', file: 'k.yaml', content: good.replace('location: تهران', 'location: 1403'), expected: /^FILE:\d+:\d+: event\.location: must be a string, not the number 1403; put it in quotes$/ },
  ];

  for (const c of cases) {
    it(`${c.name}: one ${c.more ? 'message' : 'line'} with file, position and field; exit 1; output folder as it was`, () => {
      const dir = tempDir();
      const file = join(dir, c.file);
      writeFileSync(file, c.content);
      const out = join(dir, 'out');
      mkdirSync(out);
      writeFileSync(join(out, 'keep.pdf'), 'earlier output');
      const before = snapshot(out);
      const r = runCli(['build', file, '--out', out]);
      expect(r.status).toBe(1);
      const [first, ...more] = r.stderr.trimEnd().split('\n');
      expect(more).toEqual(c.more ?? []);
      expect(first).toMatch(new RegExp(c.expected.source.replace('FILE', file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))));
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(out)).toEqual(before);
    });
  }

  it('a missing file is named, with exit 1', () => {
    const r = runCli(['validate', join(tempDir(), 'nope.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nope\.yaml: file not found\n$/);
  });

  it('validate lists every problem of a file, one line each, and accepts an unquoted YAML date', () => {
    const dir = tempDir();
    const file = join(dir, 'many.yaml');
    writeFileSync(file, good.replace('date: "2024-03-20"', 'date: 2024-03-20').replace('kind: quote', 'kind: rumour').replace('speaker: smith', 'speaker: smyth').replace('lang: fa', 'lang: fa\ncolour: blue'));
    const r = runCli(['validate', file]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.map((l) => l.replace(`${file}:`, '').replace(/^\d+:\d+: /, ''))).toEqual([
      'colour: unknown field "colour" (check its spelling against the schema)',
      'statements.0.kind: must be one of "quote", "paraphrase"',
      'statements.1.speaker: unknown speaker "smyth" (not a participant id: ahmadi, smith)',
    ]);
    writeFileSync(file, good.replace('date: "2024-03-20"', 'date: 2024-03-20'));
    expect(runCli(['validate', file]).status).toBe(0);
  });
});

describe('template overrides', () => {
  it('a folder with one changed partial uses the built-in files for everything else', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'templates', 'partials'), { recursive: true });
    writeFileSync(join(dir, 'templates', 'partials', 'source.hbs'), '<section id="source"><h1>OVERRIDDEN SOURCE</h1></section>\n');
    const r = runCli(['build', minimal, '--out', join(dir, 'out'), '--format', 'pdf', '--templates', join(dir, 'templates')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'out', 'minimal-test.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('OVERRIDDEN SOURCE');
    expect(text).toContain('The meeting ended with a joint statement.'); // built-in summary partial
  });

  it('a syntax error in a partial names the partial file and line', () => {
    const dir = tempDir();
    const partial = join(dir, 'partials', 'summary.hbs');
    mkdirSync(join(dir, 'partials'));
    writeFileSync(partial, '<section id="summary">\n<h1>{{labels.summary}}</h1>\n{{#each summary}}\n<p>{{this}</p>\n{{/each}}\n</section>\n');
    const out = join(dir, 'out');
    const r = runCli(['build', minimal, '--out', out, '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${partial}:4: template error: syntax error near .*\\n$`));
    expect(existsSync(out)).toBe(false);
  });

  it('a runtime error (an unknown helper) names the partial file and the line using it', () => {
    const dir = tempDir();
    const partial = join(dir, 'partials', 'themes.hbs');
    mkdirSync(join(dir, 'partials'));
    writeFileSync(partial, '<section id="themes">\n<h1>{{labels.themes}}</h1>\n{{#each themes}}\n<p>{{shout title}}</p>\n{{/each}}\n</section>\n');
    const r = runCli(['build', minimal, '--out', join(dir, 'out'), '--templates', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${partial}:4: template error: Missing helper: "shout"\n`);
  });

  it('a templates folder that does not exist is named', () => {
    const missing = join(tempDir(), 'nowhere');
    const r = runCli(['build', minimal, '--out', tempDir(), '--templates', missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${missing}: templates folder not found\n`);
  });
});

describe('batch builds for CI', () => {
  it('goes on past a bad file, exits 1 with a summary, and writes a report of what it built', () => {
    const dir = tempDir();
    copyFileSync(minimal, join(dir, 'a-good.yaml'));
    writeFileSync(join(dir, 'b-bad.yaml'), readFileSync(minimal, 'utf8').replace('kind: quote', 'kind: rumour'));
    const other = readFileSync(minimal, 'utf8').replace('id: minimal-test', 'id: second-test');
    writeFileSync(join(dir, 'c-good.yaml'), other);
    const out = join(dir, 'out');
    const files = ['a-good.yaml', 'b-bad.yaml', 'c-good.yaml'].map((f) => join(dir, f));
    const r = runCli(['build', ...files, '--out', out, '--report', join(out, 'report.json')], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`2 built, 1 failed: ${files[1]}`);
    expect(r.stderr).toMatch(/b-bad\.yaml:\d+:\d+: statements\.0\.kind: must be one of/);
    expect(readdirSync(out).sort()).toEqual(['minimal-test.epub', 'minimal-test.pdf', 'report.json', 'second-test.epub', 'second-test.pdf']);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.sourceDateEpoch).toBe(1700000000);
    expect(report.built.map((b: { file: string }) => b.file)).toEqual([files[0], files[2]]);
    for (const b of report.built) {
      expect(b.warnings).toEqual([]);
      for (const a of b.artifacts) {
        const bytes = readFileSync(a.path);
        expect(a.bytes).toBe(bytes.length);
        expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        if (a.format === 'pdf') expect(a.pages).toBe(pdfPages(a.path));
        else expect(a.pages).toBeUndefined();
      }
    }
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0].file).toBe(files[1]);
    expect(report.failed[0].diagnostics[0]).toMatchObject({ file: files[1], path: 'statements.0.kind', fatal: true });
    expect(report.failed[0].diagnostics[0].line).toBeGreaterThan(0);
  });

  it('prints plain lines, without terminal control codes, when the output is not a terminal', () => {
    const r = runCli(['build', minimal, join(root, 'data', 'mcis-2023.yaml'), '--out', tempDir(), '--format', 'epub']);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/[\r\x1b]/);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/minimal\.yaml → .*minimal-test\.epub \(\d+\.\d KB\)$/),
      expect.stringMatching(/mcis-2023\.yaml → .*mcis-2023\.epub \(\d+\.\d KB\)$/),
      '2 built, 0 failed',
    ]);
  });

  it('has a release workflow that tests, builds with a report and attaches the artifacts on a v* tag', () => {
    const workflow = readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8');
    expect(workflow).toMatch(/tags:\s*\n\s*-\s*['"]?v\*/);
    for (const step of ['npm ci', 'npm test', 'npx briefing build --report out/report.json', 'out/*.pdf', 'out/*.epub', 'out/report.json']) {
      expect(workflow).toContain(step);
    }
  });
});
