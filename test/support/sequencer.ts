// The order test files start in. With two workers, a long file that starts last keeps one core busy
// alone at the end of the run. vitest starts the files that took longest last time first, but it
// knows that only from its cache in node_modules/.vite, which a fresh checkout (CI: npm ci) has not:
// then it starts the largest files first, and some of the longest files are small. So, without a
// full cache, the files known to be long (most CPU first, as measured) start first in their project.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST = [
  'test/e2e/release.test.ts',
  'test/e2e/pdfmake-peer.test.ts',
  'test/e2e/interrupt.test.ts',
  'test/e2e/batch.test.ts',
  'test/e2e/cache.test.ts',
  'test/e2e/package.test.ts',
  'test/e2e/cli.test.ts',
  'test/e2e/layouts.test.ts',
  'test/e2e/cli-batch.test.ts',
  'test/e2e/pagination.test.ts',
  'test/e2e/widows.test.ts',
  'test/e2e/no-network.test.ts',
  'test/e2e/action.test.ts',
  'test/e2e/watch.test.ts',
  'test/e2e/epubcheck-helper.test.ts',
  'test/e2e/reading-systems.test.ts',
  'test/e2e/rtl-cases.test.ts',
  'test/e2e/pdf-tagged.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const name = (f: TestSpecification) => relative(root, f.moduleId);
    if (sorted.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${name(f)}`))) return sorted;
    // vitest queues one project's files after the other's (a worker running files without isolation is
    // reused only for a next such file): keep that, and order within each project.
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    const rank = (f: TestSpecification) => {
      const i = LONGEST.indexOf(name(f));
      return i < 0 ? LONGEST.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => projects.indexOf(a.f.project.name) - projects.indexOf(b.f.project.name) || rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}
