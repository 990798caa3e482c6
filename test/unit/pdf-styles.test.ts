// The fast style lookup gives what pdfmake's own StyleContextStack.getStyleProperty gives, for any stack.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getStyleProperty } from '../../src/pdf/pdfmake/styles.js';
import { renderPdf } from '../../src/pdf/index.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { renderBriefing } from '../../src/index.js';
import { loadBriefing } from '../../src/model/load.js';
import { builtinTemplates } from '../../src/io/paths.js';
import { fixtures } from '../helpers.js';

type Style = Record<string, unknown>;
interface Stack {
  styleOverrides: unknown[];
}
type Lookup = (item: Style, stack: Stack | null, property: string, fallback: unknown) => unknown;
const StyleContextStack = (createRequire(import.meta.url)('pdfmake/js/StyleContextStack.js') as {
  default: (new (dictionary: Record<string, Style>, defaultStyle?: Style) => Stack) & { getStyleProperty: Lookup };
}).default;
/** pdfmake's own static lookup, live from the installed pdfmake, taken before the writer installs its own. */
const live = StyleContextStack.getStyleProperty;

const NAMES = ['a', 'b', 'c', 'd', 'missing'];
const PROPS = ['font', 'bold', 'fontSize', 'color'];
const value = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer({ min: 0, max: 3 }), fc.boolean());
const overrides = fc.dictionary(fc.constantFrom(...PROPS), value, { maxKeys: 3 });
const styleEntry = fc.oneof(fc.constantFrom(...NAMES), overrides);
const named = fc.record(
  { props: overrides, extends: fc.option(fc.oneof(fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...NAMES), { maxLength: 3 })), { nil: undefined }) },
);
const dictionary = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), named).map((d) =>
  Object.fromEntries(Object.entries(d).map(([k, s]) => [k, s.extends === undefined ? s.props : { ...s.props, extends: s.extends }])),
);
const item = fc.record({
  own: overrides,
  style: fc.option(fc.oneof(styleEntry, fc.array(styleEntry, { maxLength: 3 })), { nil: undefined }),
  section: fc.option(fc.constant('x'), { nil: undefined, freq: 5 }),
});

describe('fast style lookup', () => {
  it('matches pdfmake for random dictionaries (with extends and cycles), stacks and items', () => {
    fc.assert(
      fc.property(dictionary, fc.option(overrides, { nil: undefined }), fc.array(styleEntry, { maxLength: 5 }), item, fc.constantFrom(...PROPS), fc.boolean(), (dict, defaultStyle, entries, it, property, noStack) => {
        const stack = new StyleContextStack(dict, defaultStyle);
        for (const e of entries) stack.styleOverrides.push(e);
        const node: Style = { ...it.own, ...(it.style === undefined ? {} : { style: it.style }), ...(it.section === undefined ? {} : { section: it.section }) };
        const expected = live(node, noStack ? null : stack, property, 'fallback');
        const before = stack.styleOverrides.length;
        expect(getStyleProperty(node, noStack ? null : (stack as never), property, 'fallback')).toStrictEqual(expected);
        expect(stack.styleOverrides.length).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });

  it('is compared with pdfmake\'s own function, not a copy of it', () => {
    // The live function walks the stack through its instance methods; ours never calls them.
    expect(live.toString()).toContain('styleContextStack.auto(item');
    expect(live).not.toBe(getStyleProperty);
  });

  it('gives what pdfmake gives for every lookup the layout of a real briefing makes', async () => {
    const briefing = await loadBriefing(join(fixtures, 'minimal.yaml'));
    const { view, rendered } = await renderBriefing(briefing);
    const options = { theme: await loadTheme(builtinTemplates), creationDate: new Date(0) };
    await renderPdf(view, rendered, options); // installs the writer's hooks
    const installed = StyleContextStack.getStyleProperty;
    expect(installed).not.toBe(live);
    let calls = 0;
    const mismatches: unknown[] = [];
    // Both lookups see each real (item, stack, property) at the moment pdfmake asks, the stack as it is then.
    StyleContextStack.getStyleProperty = (item, stack, property, fallback) => {
      const expected = live(item, stack, property, fallback);
      const fast = getStyleProperty(item, stack as never, property, fallback);
      calls++;
      if (!Object.is(fast, expected) && mismatches.length < 5) mismatches.push({ property, fast, expected });
      return expected;
    };
    try {
      await renderPdf(view, rendered, options);
    } finally {
      StyleContextStack.getStyleProperty = installed;
    }
    expect(calls).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
  });
});
