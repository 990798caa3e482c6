/**
 * The EPUB's cover image, so that library views show the briefing: its title on the theme's
 * colour, with the logo, marking, date and authors. Drawn as SVG and rasterised to PNG by resvg
 * with the embedded Vazirmatn faces only (no system fonts), so the same briefing always gives the
 * same bytes, on any machine, without the network. A PNG rather than an SVG cover: reading
 * systems' library views show PNG and JPEG covers, many ignore SVG ones.
 */
import { createRequire } from 'node:module';
import { escapeAttribute, escapeUTF8 } from 'entities';
import { fontFace } from '../fonts/index.js';
import { cached, cacheKey, installedVersion } from '../io/cache.js';
import type { View } from '../view/index.js';
import { basename } from 'node:path';

type ResvgModule = typeof import('@resvg/resvg-js');
// Loaded on first use: a native module, needed only by EPUB builds.
let resvg: ResvgModule | undefined;
const load = () => (resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule);

const WIDTH = 1000;
const HEIGHT = 1500;
const MARGIN = 90;

export interface CoverColours {
  /** The background: the theme's accent. */
  background: string;
  /** Text on it. */
  text: string;
}

/**
 * The cover as PNG bytes, from the disk cache when an earlier build drew the same one (drawing
 * takes 0.2-0.4 s): keyed by everything the drawing reads and the versions of resvg and the font.
 */
export async function coverPngCached(view: View, colours: CoverColours): Promise<Buffer> {
  const logo = view.images.logo;
  const key = cacheKey('epub-cover', [
    installedVersion(createRequire(import.meta.url).resolve('@resvg/resvg-js')),
    // The font package's version and which of its files fonts/registry.json picks.
    [installedVersion(fontFace(400).path), basename(fontFace(400).path), basename(fontFace(700).path)].join(' '),
    JSON.stringify([view.dir, view.title, view.subtitle, view.marking, view.issued?.native ?? view.date.native, view.authorsText ?? view.creditText, colours]),
    logo ? logo.bytes : '',
  ]);
  return cached('epub-cover', key, async () => coverPng(view, colours));
}

/** The cover as PNG bytes. */
export function coverPng(view: View, colours: CoverColours): Uint8Array {
  const fonts = { fontFiles: [fontFace(400).path, fontFace(700).path], loadSystemFonts: false, defaultFontFamily: 'Vazirmatn' };
  const { Resvg } = load();
  const measure = (text: string, size: number, bold: boolean): number => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="400"><text x="10" y="200" font-family="Vazirmatn" font-size="${size}" font-weight="${bold ? 700 : 400}">${escapeUTF8(text)}</text></svg>`;
    return new Resvg(svg, { font: fonts }).getBBox()?.width ?? 0;
  };
  const wrap = (text: string, size: number, bold: boolean, maxLines: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && measure(next, size, bold) > WIDTH - 2 * MARGIN) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    // A title longer than the cover holds ends with an ellipsis: the book's own title page has it whole.
    return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]} …`] : lines;
  };

  // resvg lays each line out left to right whatever its `direction`: a right-to-left embedding
  // gives a Persian line its own order (a date that starts with digits keeps them on the right).
  const isolate = (s: string) => (view.dir === 'rtl' ? `\u202b${s}\u202c` : s);
  const parts: string[] = [];
  const text = (y: number, size: number, content: string, options: { bold?: boolean; opacity?: number } = {}) =>
    parts.push(
      `<text x="${WIDTH / 2}" y="${y}" text-anchor="middle" direction="${view.dir}" font-family="Vazirmatn" font-size="${size}"` +
        ` font-weight="${options.bold ? 700 : 400}" fill="${escapeAttribute(colours.text)}" fill-opacity="${options.opacity ?? 1}">${escapeUTF8(isolate(content))}</text>`,
    );

  let y = 110;
  if (view.marking) {
    text(y, 34, view.marking, { bold: true, opacity: 0.9 });
    y += 40;
  }
  const logo = view.images.logo;
  if (logo) {
    // The logo on a white card, at most 260 px either way.
    const scale = Math.min(260 / logo.width, 260 / logo.height);
    const w = logo.width * scale;
    const h = logo.height * scale;
    const top = y + 50;
    parts.push(`<rect x="${(WIDTH - w) / 2 - 24}" y="${top - 24}" width="${w + 48}" height="${h + 48}" rx="18" fill="#ffffff"/>`);
    parts.push(`<image x="${(WIDTH - w) / 2}" y="${top}" width="${w}" height="${h}" href="data:${logo.mediaType};base64,${Buffer.from(logo.bytes).toString('base64')}"/>`);
    y = top + h + 24;
  }
  y = Math.max(y + 120, 560);
  for (const line of wrap(view.title, 76, true, 5)) {
    text(y, 76, line, { bold: true });
    y += 104;
  }
  if (view.subtitle) {
    y += 10;
    for (const line of wrap(view.subtitle, 40, false, 3)) {
      text(y, 40, line, { opacity: 0.85 });
      y += 58;
    }
  }
  // The foot: who wrote it and when.
  let foot = HEIGHT - 110;
  text(foot, 36, view.issued?.native ?? view.date.native, { opacity: 0.9 });
  foot -= 56;
  const by = view.authorsText ?? view.creditText;
  for (const line of wrap(by, 34, false, 2).reverse()) {
    text(foot, 34, line, { opacity: 0.9 });
    foot -= 50;
  }
  parts.push(`<rect x="${MARGIN}" y="${foot - 20}" width="${WIDTH - 2 * MARGIN}" height="3" fill="${escapeAttribute(colours.text)}" fill-opacity="0.5"/>`);

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="${escapeAttribute(colours.background)}"/>${parts.join('')}</svg>`;
  // 800 × 1200 px: enough for library views, small in the book.
  return new Uint8Array(new Resvg(svg, { font: fonts, fitTo: { mode: 'width', value: 800 } }).render().asPng());
}
