/**
 * A faster, equivalent StyleContextStack.getStyleProperty for pdfmake 0.3.11.
 *
 * pdfmake asks it about 25 times for every word it measures; the stock version pushes the item's
 * styles onto the stack, walks it through a fresh closure and allocates a `Set` per named style.
 * This one reads the same entries in the same order without touching the stack or allocating:
 * the item itself, then its `style` entries from last to first, then the stack's overrides from
 * top to bottom, then the default style. Named styles follow `extends` exactly as pdfmake does.
 */
import { installScope, isOwnDocument, layingOutOwnDocument } from './scope.js';
import { hook, pdfmakeModule } from './registry.js';

const INSTALLED = Symbol.for('briefing.styles.installed');

interface Stack {
  styleDictionary: Record<string, Record<string, unknown> | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides?: unknown[];
}
type Lookup = (item: unknown, stack: Stack | null | undefined, property: string, fallback: unknown) => unknown;

const isValue = (v: unknown): boolean => v !== undefined && v !== null;
const isString = (v: unknown): v is string | String => typeof v === 'string' || v instanceof String;

/** A named style's value for `property`, following `extends` (last parent first), cycles cut. */
function fromNamedStyle(dictionary: Stack['styleDictionary'], name: unknown, property: string, visited?: Set<unknown>): unknown {
  if (visited?.has(name)) return undefined;
  const style = dictionary[name as string];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (!style.extends) return undefined;
  const seen = visited ?? new Set<unknown>();
  seen.add(name);
  const parents = Array.isArray(style.extends) ? (style.extends as unknown[]) : [style.extends];
  for (let i = parents.length - 1; i >= 0; i--) {
    const value = fromNamedStyle(dictionary, parents[i], property, seen);
    if (isValue(value)) return value;
  }
  return undefined;
}

/** One entry of the stack: a style name or an override object. */
function fromEntry(dictionary: Stack['styleDictionary'], entry: unknown, property: string): unknown {
  if (isString(entry)) return fromNamedStyle(dictionary, entry, property);
  return (entry as Record<string, unknown>)[property];
}

export const getStyleProperty: Lookup = (item, stack, property, fallback) => {
  const own = (item as Record<string, unknown>)[property];
  if (isValue(own)) return own;
  if (!stack) return fallback;
  const value = memo?.stack === stack && !isString(item) ? memoised(item as object, stack, property) : fromStack(item, stack, property);
  return isValue(value) ? value : fallback;
};

/**
 * While pdfmake measures the words of one text node the stack stays as it is, and the words share
 * their `style`: what the stack says about a property is then the same for all of them.
 */
let memo: { stack: Stack; values: Map<unknown, Map<string, unknown>> } | undefined;

function memoised(item: object, stack: Stack, property: string): unknown {
  const { style, section } = item as { style?: unknown; section?: unknown };
  // A section is not pushed onto the stack with its styles (see fromStack); rare, so not cached.
  if (section !== undefined) return fromStack(item, stack, property);
  let values = memo!.values.get(style);
  if (!values) memo!.values.set(style, (values = new Map()));
  if (values.has(property)) return values.get(property);
  const value = fromStack(item, stack, property);
  values.set(property, value);
  return value;
}

/** The value the item's styles and the stack give, `item[property]` itself being known to be empty. */
function fromStack(item: unknown, stack: Stack, property: string): unknown {
  const dictionary = stack.styleDictionary;
  // What StyleContextStack#autopush would put on top: the item's styles (the item itself was read above).
  if (!isString(item) && (item as { section?: unknown }).section === undefined) {
    const style = (item as { style?: unknown }).style;
    if (style) {
      if (Array.isArray(style)) {
        for (let i = style.length - 1; i >= 0; i--) {
          const value = fromEntry(dictionary, style[i], property);
          if (isValue(value)) return value;
        }
      } else {
        const value = fromEntry(dictionary, style, property);
        if (isValue(value)) return value;
      }
    }
  }
  const overrides = stack.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = fromEntry(dictionary, overrides[i], property);
      if (isValue(value)) return value;
    }
  }
  return stack.defaultStyle && stack.defaultStyle[property];
}

/**
 * Replaces pdfmake's static lookup once per process; every caller reads it off the class at call
 * time. While one of our documents is laid out the fast lookup answers; otherwise pdfmake's own.
 */
export function installFastStyles(): void {
  installScope();
  const Styles = pdfmakeModule<Record<symbol, boolean>>('pdfmake/js/StyleContextStack.js');
  if (Styles[INSTALLED]) return;
  Styles[INSTALLED] = true;
  hook<Lookup>('styles.ts', 'pdfmake/js/StyleContextStack.js', '.getStyleProperty', (stock) => (item, stack, property, fallback) =>
    layingOutOwnDocument() ? getStyleProperty(item, stack, property, fallback) : stock(item, stack, property, fallback),
  );
  // Outermost wrapper (registry order), so the other wrappers' lookups are cached too.
  type Measure = (this: { pdfDocument?: unknown }, items: unknown[], stack: Stack) => unknown;
  hook<Measure>('styles.ts', 'pdfmake/js/TextInlines.js', '#measure', (measure) =>
    function (items, stack) {
      if (!isOwnDocument(this.pdfDocument)) return measure.call(this, items, stack);
      memo = { stack, values: new Map() };
      try {
        return measure.call(this, items, stack);
      } finally {
        memo = undefined;
      }
    },
  );
}
