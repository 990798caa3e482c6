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

  it('refuses a misspelt field at every depth, at the field, with the name it most likely meant', () => {
    const errors = errorsOf(minimal
      .replace('    country: ایران', '    countyr: ایران')
      .replace('  location: تهران', '  locaton: تهران')
      .replace('  delegates: { count: 120, qualifier: about }', '  delegates: { count: 120, qualifer: about }')
      .replace('    themes: [cooperation]\n', '    theme: [cooperation]\n')
      .replace('    description: گفت‌وگو', '    descripton: گفت‌وگو')
      .replace('    kind: paraphrase', '    kind: paraphrase\n    contxt: پرسش و پاسخ'));
    expect(errors).toEqual([
      'b.yaml:12:3: event.locaton: unknown field "locaton" (did you mean "location"?)',
      'b.yaml:14:28: event.delegates.qualifer: unknown field "qualifer" (did you mean "qualifier"?)',
      'b.yaml:27:5: participants.0.countyr: unknown field "countyr" (did you mean "country"?)',
      'b.yaml:37:5: statements.0.theme: unknown field "theme" (did you mean "themes"?)',
      'b.yaml:40:5: statements.1.contxt: unknown field "contxt" (did you mean "context"?)',
      'b.yaml:47:5: themes.0.descripton: unknown field "descripton" (did you mean "description"?)',
    ]);
    // Far from every known name: the names that may stand there.
    expect(errorsOf(minimal.replace('    nameLatin: John Smith', '    nameLatin: John Smith\n    affiliation: RSM'))).toEqual([
      'b.yaml:31:5: participants.1.affiliation: unknown field "affiliation" (known fields here: id, name, nameLatin, role, country)',
    ]);
  });

  it('refuses a bidi control a field leaves open or closes without opening, so it cannot reorder the next field', () => {
    const named = (name: string) => errorsOf(minimal.replace('    name: مریم احمدی', `    name: "${name}"`));
    expect(named('مریم \\u202Eاحمدی')).toEqual([
      'b.yaml:24:11: participants.0.name: contains the bidi control U+202E (RLO) at character 6, never closed: it would reorder the text after this field; close it with U+202C (PDF) or remove it',
    ]);
    expect(named('مریم \\u2067احمدی')[0]).toMatch(/U\+2067 \(RLI\) at character 6, never closed: .* close it with U\+2069 \(PDI\)/);
    expect(named('مریم احمدی\\u2069')[0]).toMatch(/U\+2069 \(PDI\) at character 11 with nothing to close: remove it$/);
    // Crossed: an isolate closed while an embedding inside it is open.
    expect(named('\\u2066a\\u202Bb\\u2069c\\u202C')[0]).toMatch(/U\+2069 \(PDI\) at character 5 with nothing to close \(the RLE at character 3 is still open\)/);
    // Closed within the field: accepted as typed.
    for (const ok of ['مریم \\u202Eاحمدی\\u202C', '\\u2067Maryam\\u2069 \\u202Aاحمدی\\u202C', 'مریم\\u200f احمدی']) {
      expect(parseBriefing(minimal.replace('    name: مریم احمدی', `    name: "${ok}"`), 'b.yaml').participants[0]!.name).toContain('احمدی');
    }
  });

  it('says what is wrong with a paragraph in the form its author chose: text, or text with lang', () => {
    const para = (yaml: string) => errorsOf(minimal.replace('  - The meeting ended with a joint statement.', yaml));
    expect(para('  - "  "')).toEqual(['b.yaml:21:5: summary.1: must not be empty']);
    expect(para('  - text: The meeting ended.\n    lang: english!')).toEqual(['b.yaml:22:11: summary.1.lang: must be a BCP 47 language tag such as fa or en']);
    expect(para('  - text: The meeting ended.')).toEqual(['b.yaml:21:5: summary.1.lang: is required (a string)']);
    expect(para('  - text: The meeting ended.\n    lang: en\n    tone: dry')).toEqual(['b.yaml:23:5: summary.1.tone: unknown field "tone" (known fields here: text, lang)']);
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
