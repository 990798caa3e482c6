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
import { root, tempDir } from '../helpers.js';
import { loadBriefing } from '../../src/model/load.js';
import { renderBriefing } from '../../src/index.js';
import { renderPdf } from '../../src/pdf/index.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { builtinTemplates } from '../../src/io/paths.js';
import type { Briefing } from '../../src/model/schema.js';

/** Builds the PDF, with or without the planner: its bytes and the layout passes pdfmake made. */
async function build(briefing: Briefing, planner: boolean): Promise<{ bytes: Buffer; passes: number; planned: number }> {
  const { view, rendered } = await renderBriefing(briefing);
  const layouts: { plannedBreaks: number; passes: number }[] = [];
  const bytes = await renderPdf(view, rendered, { theme: await loadTheme(builtinTemplates), creationDate: new Date(1700000000000), breakPlanner: planner, onLayoutDone: (stats) => layouts.push(stats) });
  expect(layouts).toHaveLength(1);
  return { bytes, planned: layouts[0]!.plannedBreaks, passes: layouts[0]!.passes };
}

describe('page breaks planned while laying out', () => {
  let on: Awaited<ReturnType<typeof build>>;
  let off: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    // The MCIS text as the source article typed it, before `briefing fix` (the bench's input when these
    // figures were taken): with the corrected text the page breaks fall elsewhere, four of them on
    // paragraphs whose widow rule needs the next node, which only the hook can answer (65 breaks
    // planned over 5 passes, 17 passes without the planner; the same bytes).
    const base = YAML.parse(readFileSync(join(root, 'test', 'fixtures', 'orthography', 'mcis-2023-as-typed.yaml'), 'utf8'));
    // A report, as the automatic choice makes it of ~600 paragraphs.
    const file = join(tempDir('briefing-planner-'), 'bench-p600.yaml');
    writeFileSync(file, YAML.stringify({ ...generateParagraphs(base, 'bench-p600', 600, 40, 8), layout: 'report' }, { lineWidth: 0 }));
    const briefing = await loadBriefing(file);
    on = await build(briefing, true);
    off = await build(briefing, false);
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
