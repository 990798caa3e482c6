// fixText on the ways a string can be written in YAML and JSON: only the corrected words change.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixText } from '../../src/orthography/fix.js';
import { orthographyWarnings } from '../../src/orthography/check.js';

const Z = '\u200c';

describe('fixText on YAML', () => {
  it('rewrites the words in place in every quoting style, and nothing else', () => {
    const yaml = [
      '# comment',
      'title: دولت ها   # trailing comment',
      "subtitle: 'که ''نه'' می شود'",
      'summary:',
      '  - "درگیری های \\"جدید\\""',
      '  - |',
      '    خط اول منطقه ای',
      '    خط دوم',
      '',
    ].join('\n');
    const { text, corrections } = fixText(yaml, 'b.yaml');
    expect(text).toBe(yaml.replace('دولت ها', `دولت${Z}ها`).replace('می شود', `می${Z}شود`).replace('درگیری های', `درگیری${Z}های`).replace('منطقه ای', `منطقه${Z}ای`));
    expect(corrections.map((c) => `${c.line}:${c.column} ${c.path}`)).toEqual(['2:8 title', '3:22 subtitle', '5:6 summary.0', '7:12 summary.1']);
  });

  it('joins a word broken over two lines of a folded string', () => {
    const yaml = 'summary:\n  - >-\n    نوشته می\n    شود و پایان\n';
    expect(fixText(yaml, 'b.yaml').text).toBe(`summary:\n  - >-\n    نوشته می${Z}شود و پایان\n`);
  });

  it('writes a string anew, double-quoted, when an escape runs through the words', () => {
    const yaml = 'title: "\\u0645\\u06cc \\u0634\\u0648\\u062f"\nid: x\n';
    const { text } = fixText(yaml, 'b.yaml');
    expect(text).toBe(`title: "می${Z}شود"\nid: x\n`);
  });

  it('keeps a byte order mark and Windows line ends', () => {
    const yaml = '\ufefftitle: دولت ها\r\nid: x\r\n';
    expect(fixText(yaml, 'b.yaml').text).toBe(`\ufefftitle: دولت${Z}ها\r\nid: x\r\n`);
  });

  it('refuses, changing nothing, when an alias would change another field with the same words', () => {
    const yaml = 'title: &t دولت ها\nsubtitle: *t\n';
    expect(() => fixText(yaml, 'b.yaml')).toThrow(/nothing was changed/);
  });

  it('leaves a briefing in another language alone except its Persian paragraphs', () => {
    const yaml = 'lang: en\ntitle: دولت ها\nsummary:\n  - { text: دولت ها, lang: fa }\n';
    const { text, corrections } = fixText(yaml, 'b.yaml');
    expect(corrections.map((c) => c.path)).toEqual(['summary.0.text']);
    expect(parse(text)).toEqual({ lang: 'en', title: 'دولت ها', summary: [{ text: `دولت${Z}ها`, lang: 'fa' }] });
    expect(orthographyWarnings(yaml, 'b.yaml').map((d) => d.path)).toEqual(['summary.0.text']);
  });
});

describe('fixText on JSON', () => {
  it('replaces the words inside the string literal, layout kept', () => {
    const json = '{\n\t"title":   "دولت ها",\n\t"id": "x"\n}\n';
    expect(fixText(json, 'b.json').text).toBe(`{\n\t"title":   "دولت${Z}ها",\n\t"id": "x"\n}\n`);
  });

  it('keeps a file written in ASCII with \\u escapes in ASCII', () => {
    const json = '{"title": "\\u062f\\u0648\\u0644\\u062a \\u0647\\u0627"}';
    expect(fixText(json, 'b.json').text).toBe('{"title": "\\u062f\\u0648\\u0644\\u062a\\u200c\\u0647\\u0627"}');
  });
});
