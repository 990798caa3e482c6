// The XHTML every output is written from, kept as reviewed files (test/golden/*.xhtml): a change
// to a template, the view or the locale shows here as a diff of what readers will see, before any
// PDF is opened. After a change that is meant, look at the diff and accept it: `npx vitest run
// test/e2e/golden-xhtml.test.ts -u`.
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBriefingWithPlaces, renderBriefing } from '../../src/index.js';
import { fixtures, root } from '../helpers.js';

const inputs = [
  join(root, 'data', 'mcis-2023.yaml'),
  join(root, 'data', 'sample-en.yaml'),
  join(fixtures, 'minimal.yaml'),
  join(fixtures, 'one-pager.yaml'),
  join(fixtures, 'held-out.yaml'),
  join(fixtures, 'mixed-markup.yaml'),
  join(fixtures, 'literal-markup.yaml'),
  join(fixtures, 'topic', 'topic-briefing.yaml'),
];

describe('the shared XHTML', () => {
  it.each(inputs.map((file) => [basename(file, '.yaml'), file]))('of %s is the reviewed one', async (name, file) => {
    const { briefing, images } = await loadBriefingWithPlaces(file);
    const { rendered } = await renderBriefing(briefing, undefined, images);
    await expect(`${rendered.xhtml.trimEnd()}\n`).toMatchFileSnapshot(join(root, 'test', 'golden', `${name}.xhtml`));
  });
});
