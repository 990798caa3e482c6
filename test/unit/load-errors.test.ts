// The loader's messages for what people get wrong by hand, and what it accepts as typed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/model/load.js';
import { errorsOf, fixtures } from '../helpers.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');

describe('loader messages', () => {
  it('accepts a date typed without quotes, in YAML 1.2 and YAML 1.1 files', () => {
    const unquoted = minimal.replace('date: "2024-03-20"', 'date: 2024-03-20');
    expect(parseBriefing(unquoted, 'b.yaml').date).toBe('2024-03-20');
    expect(parseBriefing(`%YAML 1.1\n---\n${unquoted}`, 'b.yaml').date).toBe('2024-03-20');
  });

  it('names a duplicate key with its field path, in YAML and JSON', () => {
    expect(errorsOf(minimal.replace('  location: تهران', '  location: تهران\n  location: مسکو'))).toEqual([
      `b.yaml:13:3: event.location: duplicate key "location" (each field may appear once; remove or rename one)`,
    ]);
    expect(errorsOf('{"id": "x",\n "id": "y"}', 'b.json')[0]).toBe('b.json:2:2: id: duplicate key "id" (each field may appear once; remove or rename one)');
  });

  it('says what was found where text, a number or a list belongs', () => {
    expect(errorsOf(minimal.replace('location: تهران', 'location: 1403'))).toEqual([
      'b.yaml:12:13: event.location: must be a string, not the number 1403; put it in quotes',
    ]);
    expect(errorsOf(minimal.replace('edition: 3', 'edition: yes'))[0]).toMatch(/event\.edition: must be a number, not a string$/);
    expect(errorsOf(minimal.replace('  - The meeting ended with a joint statement.', '').replace('summary:\n  - نشست', 'summary: نشست'))[0]).toMatch(/summary: must be a list, not a string$/);
    expect(errorsOf(minimal.replace('date: "2024-03-20"', 'date: 20240320'))[0]).toBe('b.yaml:6:7: date: must be a string, not the number 20240320; put it in quotes');
  });

  it('says what is wrong with a paragraph in the form its author chose: text, or text with lang', () => {
    const para = (yaml: string) => errorsOf(minimal.replace('  - The meeting ended with a joint statement.', yaml));
    expect(para('  - "  "')).toEqual(['b.yaml:21:5: summary.1: must not be empty']);
    expect(para('  - text: The meeting ended.\n    lang: english!')).toEqual(['b.yaml:22:11: summary.1.lang: must be a BCP 47 language tag such as fa or en']);
    expect(para('  - text: The meeting ended.')).toEqual(['b.yaml:21:5: summary.1.lang: is required (a string)']);
    expect(para('  - text: The meeting ended.\n    lang: en\n    tone: dry')).toEqual(['b.yaml:23:5: summary.1.tone: unknown field (check its spelling against the schema)']);
    expect(para('  - 42')).toEqual(['b.yaml:21:5: summary.1: must be text, or a mapping with text and lang, not the number 42']);
    expect(parseBriefing(minimal.replace('  - The meeting ended with a joint statement.', '  - text: The meeting ended.\n    lang: en'), 'b.yaml').summary[1]).toEqual({ text: 'The meeting ended.', lang: 'en' });
  });

  it('gives one message for a malformed date', () => {
    expect(errorsOf(minimal.replace('date: "2024-03-20"', 'date: "20.03.2024"'))).toEqual(['b.yaml:6:7: date: must be an ISO date YYYY-MM-DD']);
  });

  it('refuses a list at the top level, a second document and an alias to nothing', () => {
    expect(errorsOf('- id: a\n- id: b\n')).toEqual(['b.yaml:1:1: the top level must be a mapping of fields (id, title, date, ...)']);
    expect(errorsOf(`${minimal}---\nid: other\n`)[0]).toMatch(/: a briefing file holds one document: remove the "---" line/);
    expect(errorsOf('id: *nowhere\n')[0]).toMatch(/^b\.yaml:\d+:\d+: /);
  });
});
