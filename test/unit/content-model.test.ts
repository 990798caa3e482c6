// The content model of issue 12: sources cited per statement, authors, issue date, marking,
// assessment, an optional event, logo and figures, each with located errors.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBriefingWithPlaces, parseBriefing } from '../../src/model/load.js';
import { BriefingError, formatDiagnostic } from '../../src/model/diagnostic.js';
import { toView } from '../../src/view/index.js';
import { errorsOf, fixtures, tempDir } from '../helpers.js';
import { edited } from '../support/yaml.js';

const topicDir = join(fixtures, 'topic');
const topic = readFileSync(join(topicDir, 'topic-briefing.yaml'), 'utf8');

/** Writes a briefing with the fixture's images beside it and loads it from there. */
async function loadErrors(source: string, setUp: (dir: string) => void = () => {}): Promise<string[]> {
  const dir = tempDir('briefing-images-');
  copyFileSync(join(topicDir, 'logo.jpg'), join(dir, 'logo.jpg'));
  copyFileSync(join(topicDir, 'chart.png'), join(dir, 'chart.png'));
  setUp(dir);
  const file = join(dir, 'b.yaml');
  writeFileSync(file, source);
  try {
    await loadBriefingWithPlaces(file);
    return [];
  } catch (err) {
    if (!(err instanceof BriefingError)) throw err;
    return err.diagnostics.map((d) => formatDiagnostic({ ...d, file: 'b.yaml' }));
  }
}

describe('sources', () => {
  it('gives each statement the source it names', () => {
    const view = toView(parseBriefing(topic, 'b.yaml'));
    expect(view.sources.map((s) => s.id)).toEqual(['irna', 'reuters']);
    const cited = view.speakers.flatMap((sp) => sp.statements.map((s) => s.source?.name));
    expect(cited).toEqual(['خبرگزاری ایرنا', 'رویترز']);
  });

  it('refuses a statement that cites an unknown source, naming the id with its line and field', () => {
    const src = topic.replace('source: reuters', 'source: afp');
    const line = src.split('\n').findIndex((l) => l.includes('source: afp')) + 1;
    expect(errorsOf(src)).toEqual([`b.yaml:${line}:13: statements.1.source: unknown source "afp" (not a source id: irna, reuters)`]);
  });

  it('reads the singular source as a one-item list that every statement cites', () => {
    const b = parseBriefing(edited(topic, (d) => {
      d.source = { name: 'آران نیوز', via: 'اسپوتنیک' };
      delete d.sources;
      for (const s of d.statements) delete s.source;
    }), 'b.yaml');
    expect(b.sources).toEqual([{ id: 'source', name: 'آران نیوز', via: 'اسپوتنیک' }]);
    const view = toView(b);
    expect(view.speakers.flatMap((sp) => sp.statements.map((s) => s.source?.name))).toEqual(['آران نیوز', 'آران نیوز']);
  });

  it('refuses both source and sources, duplicate source ids, and no source at all', () => {
    expect(errorsOf(edited(topic, (d) => (d.source = { name: 'x' }))).join('\n')).toMatch(/source: give either source \(one\) or sources \(a list\), not both/);
    expect(errorsOf(edited(topic, (d) => (d.sources[1].id = 'irna'))).join('\n')).toMatch(/sources\.1\.id: duplicate id "irna"/);
    expect(errorsOf(edited(topic, (d) => delete d.sources)).join('\n')).toMatch(/sources: is required/);
  });
});

describe('authors, dates, marking and assessment', () => {
  it('builds a topic briefing without event or date, dated by its issue date', () => {
    const view = toView(parseBriefing(topic, 'b.yaml'));
    expect(view.event).toBeUndefined();
    expect(view.date.iso).toBe('2024-05-02');
    expect(view.issued?.iso).toBe('2024-05-02');
    expect(view.authorsText).toBe('سارا کریمی (واحد تحلیل)');
    expect(view.revisionText).toBe('ویرایش ۲');
    expect(view.marking).toBe('فقط برای استفادهٔ داخلی');
    expect(view.assessment.map(String)).toEqual(['به نظر نویسنده، افزایش صادرات در کوتاه‌مدت پایدار نیست.']);
  });

  it('wants an issue date when there is no event date, and a date with an event', () => {
    expect(errorsOf(edited(topic, (d) => delete d.issued)).join('\n')).toMatch(/issued: is required when there is no event date/);
    expect(errorsOf(edited(topic, (d) => (d.event = { name: 'نشست' }))).join('\n')).toMatch(/event: date: is required with event/);
  });

  it('refuses a revision that is not a positive whole number and a marking too long for a page edge', () => {
    expect(errorsOf(edited(topic, (d) => (d.revision = 0))).join('\n')).toMatch(/revision: /);
    expect(errorsOf(edited(topic, (d) => (d.marking = 'م'.repeat(101)))).join('\n')).toMatch(/marking: must be short/);
  });
});

describe('logo and figures', () => {
  it('reads the images beside the briefing, with their size and type', async () => {
    const { images } = await loadBriefingWithPlaces(join(topicDir, 'topic-briefing.yaml'));
    expect(images.logo).toMatchObject({ key: 'logo', mediaType: 'image/jpeg', width: 64, height: 64, href: 'images/logo.jpg' });
    expect(images.figures.map((f) => [f.mediaType, f.width, f.height, f.href])).toEqual([['image/png', 240, 140, 'images/figure-1.png']]);
  });

  it('refuses URLs, absolute paths, paths that leave the folder, SVG and other types, with line and field', () => {
    const withFile = (file: string) => errorsOf(edited(topic, (d) => (d.figures[0].file = file))).join('\n');
    expect(withFile('http://example.org/chart.png')).toMatch(/^b\.yaml:\d+:\d+: figures\.0\.file: must be a file beside the briefing, not a URL/);
    expect(withFile('/etc/chart.png')).toMatch(/figures\.0\.file: must be a path relative to the briefing file/);
    expect(withFile('../chart.png')).toMatch(/figures\.0\.file: must not leave the briefing's folder/);
    expect(withFile('img/../../chart.png')).toMatch(/must not leave the briefing's folder/);
    expect(withFile('chart.svg')).toMatch(/SVG images are not supported/);
    expect(withFile('chart.gif')).toMatch(/must be a PNG or JPEG file/);
    expect(errorsOf(edited(topic, (d) => delete d.logo.alt)).join('\n')).toMatch(/logo\.alt: is required/);
  });

  it('refuses a missing file, a file that is not the image its name says, and a link out of the folder', async () => {
    expect((await loadErrors(edited(topic, (d) => (d.figures[0].file = 'nope.png')))).join('\n')).toMatch(/^b\.yaml:\d+:\d+: figures\.0\.file: image file not found/);
    const fake = await loadErrors(edited(topic, (d) => (d.figures[0].file = 'fake.png')), (dir) => writeFileSync(join(dir, 'fake.png'), 'not an image'));
    expect(fake.join('\n')).toMatch(/figures\.0\.file: is not a PNG or JPEG image/);
    const renamed = await loadErrors(edited(topic, (d) => (d.logo.file = 'logo.png')), (dir) => copyFileSync(join(topicDir, 'logo.jpg'), join(dir, 'logo.png')));
    expect(renamed.join('\n')).toMatch(/logo\.file: is named \.png but holds a JPEG image/);
    const outside = tempDir('briefing-outside-');
    copyFileSync(join(topicDir, 'chart.png'), join(outside, 'secret.png'));
    const linked = await loadErrors(edited(topic, (d) => (d.figures[0].file = 'sub/link.png')), (dir) => {
      mkdirSync(join(dir, 'sub'));
      symlinkSync(join(outside, 'secret.png'), join(dir, 'sub', 'link.png'));
    });
    expect(linked.join('\n')).toMatch(/figures\.0\.file: must not leave the briefing's folder/);
    expect(await loadErrors(topic)).toEqual([]);
  });
});
