// A ZWNJ is not a place to break a line: with «می‌شود» and «دولت‌ها» typed with it, no PDF line
// starts with «ها» or ends with «می»; typed with a space (as the source article did), they do.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { pdfText, runCli, tempDir } from '../helpers.js';

const Z = '\u200c';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Words with an affix, among plain words of other lengths, so line ends fall at many places.
const WORDS = [`دولت${Z}ها`, `می${Z}شود`, 'کشور', `درگیری${Z}های`, 'جدید', `نمی${Z}دانند`, 'و', `منطقه${Z}ای`, 'امنیت', `می${Z}کنند`, 'در', `سلاح${Z}ها`, 'جهان'];
const paragraph = (n: number, offset: number) => Array.from({ length: n }, (_, i) => WORDS[(i * 5 + offset) % WORDS.length]).join(' ');

/** Builds a PDF of a briefing whose summary and quote are long runs of those words; returns its lines. */
function pdfLines(joiner: string): string[] {
  const dir = tempDir('briefing-zwnj-');
  dirs.push(dir);
  const typed = (s: string) => s.replaceAll(Z, joiner);
  const briefing = {
    id: 'zwnj-lines',
    lang: 'fa',
    title: 'آزمون شکستن سطر',
    issued: '2024-01-01',
    layout: 'brief',
    sources: [{ id: 's', name: 'منبع' }],
    summary: [typed(paragraph(400, 0)), typed(paragraph(300, 3))],
    participants: [{ id: 'a', name: 'الف', role: 'سخنگو' }],
    // A quote is set in a narrower box than the summary: other line ends again.
    statements: [{ speaker: 'a', kind: 'quote', text: [typed(paragraph(300, 7))] }],
  };
  const file = join(dir, 'zwnj.yaml');
  writeFileSync(file, stringify(briefing));
  const r = runCli(['build', file, '--out', dir, '--format', 'pdf']);
  expect(r.status, r.stderr).toBe(0);
  return pdfText(join(dir, 'zwnj-lines.pdf')).split('\n').map((l) => l.trim()).filter(Boolean);
}

const startsWithSuffix = (line: string) => /^(?:ها|های|ای)(?:[\s.،]|$)/u.test(line);
const endsWithPrefix = (line: string) => /(?:^|\s)ن?می$/u.test(line);

describe('line breaks in the PDF', () => {
  it('never part an affix from its word when it is joined with a ZWNJ', () => {
    const lines = pdfLines(Z);
    expect(lines.length).toBeGreaterThan(60);
    expect(lines.filter(startsWithSuffix)).toEqual([]);
    expect(lines.filter(endsWithPrefix)).toEqual([]);
    // Every affixed word is whole on one line: as many as were written.
    const text = lines.join('\n');
    expect(text.split(`دولت${Z}ها`).length - 1).toBe([paragraph(400, 0), paragraph(300, 3), paragraph(300, 7)].join(' ').split(`دولت${Z}ها`).length - 1);
  });

  it('do part them when the author typed a space (what fix corrects)', () => {
    const lines = pdfLines(' ');
    expect(lines.filter(startsWithSuffix).length + lines.filter(endsWithPrefix).length).toBeGreaterThan(0);
  });
});
