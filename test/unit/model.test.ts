import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadBriefing, parseBriefing } from '../../src/model/load.js';
import { briefingJsonSchema } from '../../src/model/schema.js';
import { errorsOf, fixtures, root, tempDir } from '../helpers.js';
import { edited } from '../support/yaml.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');

describe('loading a briefing', () => {
  it('accepts the MCIS briefing and the test fixture', async () => {
    const mcis = await loadBriefing(join(root, 'data', 'mcis-2023.yaml'));
    expect(mcis.id).toBe('mcis-2023');
    expect(mcis.lang).toBe('fa');
    const speakers = new Set(mcis.statements.map((s) => s.speaker));
    expect(speakers.size).toBe(5);
    const b = parseBriefing(minimal, 'minimal.yaml');
    expect(b.participants.map((p) => p.id)).toEqual(['ahmadi', 'smith']);
  });

  it('reads JSON as well as YAML', () => {
    const json = JSON.stringify(parse(minimal));
    expect(parseBriefing(json, 'b.json').title).toBe('نشست آزمایشی امنیت منطقه‌ای');
  });

  it('defaults lang to fa', () => {
    const b = parseBriefing(edited(minimal, (d) => delete d.lang), 'b.yaml');
    expect(b.lang).toBe('fa');
  });

  it('names an unknown speaker with its line and field', () => {
    const src = minimal.replace('speaker: smith', 'speaker: smyth');
    const [err] = errorsOf(src);
    const line = src.split('\n').findIndex((l) => l.includes('speaker: smyth')) + 1;
    expect(err).toBe(`b.yaml:${line}:14: statements.1.speaker: unknown speaker "smyth" (not a participant id: ahmadi, smith)`);
  });

  it('names an unknown theme', () => {
    const [err] = errorsOf(minimal.replace('themes: [cooperation]', 'themes: [coop]'));
    expect(err).toMatch(/statements\.0\.themes\.0: unknown theme "coop"/);
  });

  it('reports a missing required field at its parent', () => {
    const [err] = errorsOf(edited(minimal, (d) => delete d.title));
    expect(err).toMatch(/^b\.yaml:\d+:\d+: title: is required/);
  });

  it('refuses impossible dates and unknown fields, listing every problem', () => {
    const errs = errorsOf(minimal.replace('date: "2024-03-20"', 'date: "2023-02-30"').replace('lang: fa', 'lang: fa\ncolour: blue'));
    expect(errs).toHaveLength(2);
    expect(errs.join('\n')).toMatch(/date: is not a date in the calendar/);
    expect(errs.join('\n')).toMatch(/b\.yaml:4:1: colour: unknown field/);
  });

  it('gives YAML and JSON syntax errors a line and column', () => {
    expect(errorsOf('id: x\ntitle: [unclosed\n')[0]).toMatch(/^b\.yaml:\d+:\d+: /);
    expect(errorsOf('{"id": "x",\n "title": }', 'b.json')[0]).toMatch(/^b\.json:2:\d+: JSON syntax error/);
  });

  it('refuses an empty file, bytes that are not UTF-8 and a missing file', async () => {
    expect(errorsOf('  \n')[0]).toBe('b.yaml:1:1: file is empty');
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, Buffer.concat([Buffer.from('id: x\ntitle: '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    await expect(loadBriefing(bad)).rejects.toThrow(`${bad}:2:8: bytes are not valid UTF-8`);
    await expect(loadBriefing(join(dir, 'nope.yaml'))).rejects.toThrow('nope.yaml: file not found');
  });

  it('keeps the committed JSON Schema current with the model', () => {
    const committed = JSON.parse(readFileSync(join(root, 'data', 'briefing.schema.json'), 'utf8'));
    expect(committed, 'run `npm run schema` and commit data/briefing.schema.json').toEqual(briefingJsonSchema());
  });
});
