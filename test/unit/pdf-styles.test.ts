// The fast style lookup gives what pdfmake's own StyleContextStack.getStyleProperty gives, for any stack.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getStyleProperty } from '../../src/pdf/styles.js';

type Style = Record<string, unknown>;
interface Stack {
  styleOverrides: unknown[];
  auto(item: unknown, callback: () => void): void;
  getProperty(property: string): unknown;
}
const StyleContextStack = (createRequire(import.meta.url)('pdfmake/js/StyleContextStack.js') as {
  default: new (dictionary: Record<string, Style>, defaultStyle?: Style) => Stack;
}).default;

const isValue = (v: unknown) => v !== undefined && v !== null;
/** pdfmake 0.3.11's static getStyleProperty, verbatim, over the (unpatched) instance methods. */
function stock(item: Style, stack: Stack | null, property: string, fallback: unknown): unknown {
  if (isValue(item[property])) return item[property];
  if (!stack) return fallback;
  let value: unknown;
  stack.auto(item, () => {
    value = stack.getProperty(property);
  });
  return isValue(value) ? value : fallback;
}

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
        const expected = stock(node, noStack ? null : stack, property, 'fallback');
        const before = stack.styleOverrides.length;
        expect(getStyleProperty(node, noStack ? null : (stack as never), property, 'fallback')).toStrictEqual(expected);
        expect(stack.styleOverrides.length).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });
});
