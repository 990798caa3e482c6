// Where the PDF's pages break, as a reader turning them sees it: a speaker's name, their role or a
// statement's context never ends a page with the statement itself on the next one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { pdfPages, pdfPageTexts, pdfText, root, runCli, tempDir } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { fold } from '../support/text.js';

interface Data {
  title: string;
  participants: { id: string; name: string; role: string }[];
  statements: { speaker: string; context?: string; text: string[] }[];
}

const out = tempDir();
const mcis = YAML.parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8')) as Data;

/** The MCIS statements three times over, with contexts numbered: many more page breaks to land on. */
function longer(): string {
  const statements = [1, 2, 3].flatMap((round) => mcis.statements.map((s) => ({ ...s, context: `${s.context ?? 'سخنرانی'} ${round}` })));
  const file = join(out, 'longer.yaml');
  writeFileSync(file, YAML.stringify({ ...mcis, id: 'mcis-longer', statements }, { lineWidth: 0 }));
  return file;
}

/** The last line of text on each page, running header and page number left out. */
function lastLines(pdf: string, title: string): string[] {
  return Array.from({ length: pdfPages(pdf) }, (_, k) => {
    const lines = pdfPageTexts(pdf)[k]!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && l !== title && !/^[\d۰-۹]+ \/ [\d۰-۹]+$/.test(l));
    return lines.at(-1) ?? '';
  });
}

/** A statement whose context runs longer than a page: too long to keep with anything. */
const LONG_CONTEXT_END = 'پایان متن بسیار بلند زمینه';
function longContext(): string {
  const context = `${Array.from({ length: 120 }, (_, i) => `جمله شماره ${i + 1} از یک زمینه بسیار طولانی که نویسنده نوشته است.`).join(' ')} ${LONG_CONTEXT_END}`;
  const statements = [{ ...mcis.statements[0]!, context }, ...mcis.statements.slice(1)];
  const file = join(out, 'long-context.yaml');
  writeFileSync(file, YAML.stringify({ ...mcis, id: 'long-context', statements }, { lineWidth: 0 }));
  return file;
}

let files: string[];
/** Each briefing's PDF by id: the MCIS one as the run's shared build makes it, the variants built here. */
const pdfs: Record<string, string> = { 'mcis-longer': join(out, 'mcis-longer.pdf'), 'long-context': join(out, 'long-context.pdf') };
beforeAll(async () => {
  files = [join(root, 'data', 'mcis-2023.yaml'), longer(), longContext()];
  const r = runCli(['build', ...files.slice(1), '--out', out, '--format', 'pdf']);
  expect(r.status, r.stderr).toBe(0);
  pdfs['mcis-2023'] = (await sharedBuild(files[0]!)).pdf;
});

describe('page breaks in the PDF', () => {
  it('never leave a speaker, role or context at the foot of a page, away from what it introduces', () => {
    for (const [file, id] of [[files[0]!, 'mcis-2023'], [files[1]!, 'mcis-longer']] as const) {
      const data = YAML.parse(readFileSync(file, 'utf8')) as Data;
      const introductions = new Set([
        ...data.participants.flatMap((p) => [p.name, p.role]),
        ...data.statements.flatMap((s) => (s.context ? [s.context] : [])),
      ]);
      const ends = lastLines(pdfs[id]!, data.title);
      expect(ends.length).toBeGreaterThan(5);
      const stranded = ends.map((line, k) => ({ page: k + 1, line })).filter((e) => introductions.has(e.line));
      expect(stranded, `${id}.pdf`).toEqual([]);
    }
  });

  it("never starts a page with a theme's list of speakers, away from its theme", () => {
    for (const id of ['mcis-2023', 'mcis-longer']) {
      const pdf = pdfs[id]!;
      const firsts = Array.from({ length: pdfPages(pdf) }, (_, k) =>
        pdfPageTexts(pdf)[k]!.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== mcis.title)[0] ?? '',
      );
      expect(firsts.filter((l) => /^سخنرانان\s*:/.test(l)), `${id}.pdf`).toEqual([]);
    }
  });

  it('draws a context longer than a page in full instead of keeping it with its statement', () => {
    const pdf = pdfs['long-context']!;
    expect(fold(pdfText(pdf))).toContain(LONG_CONTEXT_END);
  });

  it('keeps every statement, with nothing dropped by keeping blocks together', () => {
    // Words only: poppler moves Persian punctuation around, and spells the lam-alef ligature backwards.
    const words = (t: string) => t.replace(/[،؛.:!?؟«»()\-—]/g, ' ').split(/\s+/).filter((w) => w && !w.includes('لا'));
    const text = ` ${words(pdfText(join(out, 'mcis-longer.pdf'))).join(' ')} `;
    for (const s of mcis.statements) {
      // The last words of each statement's last paragraph, where a lost line would show.
      const last = words(s.text.at(-1)!).slice(-3).join(' ');
      expect(text).toContain(` ${last} `);
    }
  });
});
