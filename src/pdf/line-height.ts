import { createRequire } from 'node:module';

/**
 * The theme's `lineHeight` is a multiple of the font size, as CSS `line-height` is. pdfmake
 * multiplies the font's own line height instead (ascent + descent: 1.5625 em for Vazirmatn), so a
 * theme value of 1.5 gave lines 2.34 font sizes apart. Values are divided by that ratio on the way
 * into pdfmake. (pdfmake puts the whole leading below the glyphs, CSS half above: the pitch is
 * the same, the first line of a block sits a fraction of a leading higher.)
 */

interface FontMetrics {
  unitsPerEm: number;
  ascent: number;
  descent: number;
}

/** The parts of a fontkit font the writer measures with (line heights, balanced titles). */
export interface FontkitMetrics extends FontMetrics {
  layout(text: string): { advanceWidth: number };
}

const opened = new Map<string, FontkitMetrics>();

/** A font file as fontkit reads it, opened once per thread (opening decodes its tables). */
export function fontkitFont(fontPath: string): FontkitMetrics {
  let f = opened.get(fontPath);
  if (!f) opened.set(fontPath, (f = (createRequire(import.meta.url)('fontkit') as { openSync(path: string): FontkitMetrics }).openSync(fontPath)));
  return f;
}

/** pdfkit's line height of the font, in font sizes: (ascent − descent) / unitsPerEm. */
export function fontLineRatio(fontPath: string): number {
  const f = fontkitFont(fontPath);
  return (f.ascent - f.descent) / f.unitsPerEm;
}

/** A CSS-like line height (a multiple of the font size) as pdfmake's multiple of the font's line height. */
export function pdfmakeLineHeight(css: number, ratio: number): number {
  return css / ratio;
}

/** Copies of the theme's styles with every `lineHeight` converted for pdfmake. */
export function pdfmakeStyles(styles: Record<string, Record<string, unknown>>, ratio: number): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, style] of Object.entries(styles)) {
    out[name] = typeof style.lineHeight === 'number' ? { ...style, lineHeight: pdfmakeLineHeight(style.lineHeight, ratio) } : style;
  }
  return out;
}
