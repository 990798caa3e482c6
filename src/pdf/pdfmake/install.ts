/**
 * The writer's hooks, installed in one sequence: where several wrap one member, the registry's
 * order (registry.ts) is the order they must be installed in, and `hook` refuses any other.
 */
import { installRtl } from './rtl-hooks.js';
import { installTagging } from './tagged.js';
import { installConformance } from './conformance.js';
import { installPageNumbers } from './page-numbers.js';
import { installFastStyles } from './styles.js';
import { installMeasureCache } from './measure-cache.js';
import { installBreakPlanner } from './break-planner.js';

/** Every hook the PDF writer uses, on the classes `pdfmake` (the writer's own instance) uses; once per process. */
export function installWriterHooks(pdfmake: unknown): void {
  // The hooks act only on documents prepared by prepareBidi (see scope.ts); installRtl installs that gate.
  installRtl(pdfmake);
  installTagging(pdfmake);
  // PDF/UA-1 and PDF/A-3a metadata and outline counts, for documents that ask (`conformance`).
  installConformance();
  // Contents-page numbers in the briefing's digits.
  installPageNumbers();
  // pdfmake looks up ~25 style properties per word; the stock lookup allocates on every one.
  installFastStyles();
  // Each layout pass (one per page break a hook asks for) measures every node again: once is enough.
  installMeasureCache();
  // The hooks' page breaks decided as each node is placed, not one layout pass per break.
  installBreakPlanner();
}
