// Page breaks decided as each paragraph is placed (src/pdf/pdfmake/break-planner.ts) must give exactly the
// pages that pdfmake's one-layout-pass-per-break hook gives: same PDF bytes, in a fraction of the
// passes. The ~600-paragraph briefing of the bench has 15 breaks (orphans moved, sections started
// on a new page, paragraphs moved inside quotes), which the hook alone found in 16 passes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
// @ts-expect-error: the bench's own plain-JS generator, shared so the test lays out the bench's briefing
import { generateParagraphs } from '../../bench/inputs.mjs';
import { root, runCli, tempDir } from '../helpers.js';

const out = tempDir('briefing-planner-');
const env = { SOURCE_DATE_EPOCH: '1700000000', BRIEFING_CACHE: 'off', BRIEFING_PLANNER_TRACE: '1' };

/** Builds the PDF, with or without the planner: its bytes and the layout passes pdfmake made. */
function build(file: string, planner: boolean): { bytes: Buffer; passes: number; planned: number } {
  const dir = join(out, planner ? 'on' : 'off');
  const r = runCli(['build', file, '--format', 'pdf', '--out', dir], { env: { ...env, BRIEFING_BREAK_PLANNER: planner ? 'on' : 'off' } });
  expect(r.status, r.stderr).toBe(0);
  const trace = /break planner: (\d+) breaks planned, (\d+) passes/.exec(r.stderr);
  expect(trace, r.stderr).not.toBeNull();
  return { bytes: readFileSync(join(dir, 'bench-p600.pdf')), planned: Number(trace![1]), passes: Number(trace![2]) };
}

describe('page breaks planned while laying out', () => {
  let on: ReturnType<typeof build>;
  let off: ReturnType<typeof build>;
  beforeAll(() => {
    // The MCIS text as the source article typed it, before `briefing fix` (the bench's input when these
    // figures were taken): with the corrected text the page breaks fall elsewhere, four of them on
    // paragraphs whose widow rule needs the next node, which only the hook can answer (65 breaks
    // planned over 5 passes, 17 passes without the planner; the same bytes).
    const base = YAML.parse(readFileSync(join(root, 'test', 'fixtures', 'orthography', 'mcis-2023-as-typed.yaml'), 'utf8'));
    const file = join(out, 'bench-p600.yaml');
    writeFileSync(file, YAML.stringify(generateParagraphs(base, 'bench-p600', 600, 40, 8), { lineWidth: 0 }));
    on = build(file, true);
    off = build(file, false);
  });

  it('give the same PDF as one layout pass per break', () => {
    // Byte for byte: the same breaks, and nothing kept from a discarded pass (a quote box's length).
    expect(on.bytes.equals(off.bytes)).toBe(true);
  });

  it('are all found in one layout pass', () => {
    expect(off.passes).toBeGreaterThan(10);
    expect(on.planned).toBe(off.passes - 1);
    expect(on.passes).toBe(1);
  });
});
