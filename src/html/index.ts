import { readFile } from 'node:fs/promises';
import { markInlineDirections } from '../render/direction-marks.js';
import { join } from 'node:path';
import { escapeAttribute, escapeText } from 'entities';
import { parseDocument } from 'htmlparser2';
import { findAll } from 'domutils';
import { toXhtml } from '../render/serialize.js';
import { fontFaces } from '../fonts/index.js';
import type { Rendered } from '../render/index.js';
import type { View } from '../view/index.js';
import { allImages, type ImageAsset } from '../model/images.js';
import { checkStylesheet } from '../render/stylesheet.js';

export interface HtmlOptions {
  templatesDir: string;
  /** Extra markup for the end of <body> (the live preview's reload script). */
  bodyEnd?: string;
}

/**
 * One self-contained page from the shared XHTML: the EPUB's stylesheet and the fonts inlined as
 * data: URLs, so the file works offline, from disk or from the preview server.
 */
export async function renderHtml(view: View, rendered: Rendered, options: HtmlOptions): Promise<Buffer> {
  const cssFile = join(options.templatesDir, 'epub.css');
  // The page gets the checked style sheet as css-tree writes it back, with `<` escaped: nothing in it can close <style>.
  const { pageCss } = checkStylesheet(await readFile(cssFile, 'utf8'), cssFile);
  const fontCss = (await Promise.all(fontFaces().map(async (f) => {
    const data = (await readFile(f.path)).toString('base64');
    return `@font-face { font-family: "${f.family}"; font-weight: ${f.weight}; font-style: normal; src: url(data:font/ttf;base64,${data}) format("truetype"); }`;
  }))).join('\n');
  const html = `<!DOCTYPE html>
<html lang="${escapeAttribute(view.lang)}" dir="${view.dir}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="generator" content="briefing" />
<title>${escapeText(view.title)}</title>
<style>
${fontCss}
${pageCss}
body { max-width: 46em; margin: 2em auto; padding: 0 1.5em; }
section + section { margin-top: 2.5em; border-top: 1px solid #c9d3dd; padding-top: 1em; }
</style>
</head>
<body>
${withInlineImages(rendered.sections.map((s) => markInlineDirections(s.xhtml)).join('\n'), allImages(view.images))}
${options.bodyEnd ?? ''}
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}

/**
 * The page carries its images as data: URLs, like its fonts. The renderer has checked that every
 * `<img src>` is one of the briefing's images, so each is replaced and nothing is left to load.
 */
function withInlineImages(xhtml: string, images: ImageAsset[]): string {
  if (images.length === 0) return xhtml;
  const data = new Map(images.map((i) => [i.href, `data:${i.mediaType};base64,${Buffer.from(i.bytes).toString('base64')}`]));
  // On the tree, not the text: an attribute before src may hold a ">" that a pattern would stop at.
  const doc = parseDocument(xhtml, { xmlMode: true });
  for (const img of findAll((e) => e.name === 'img', doc.children)) {
    const url = data.get(img.attribs.src ?? '');
    // The renderer let through only the briefing's own images; anything else is not drawn at all.
    if (url) img.attribs.src = url;
    else delete img.attribs.src;
  }
  return toXhtml(doc);
}
