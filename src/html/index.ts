import { readFile } from 'node:fs/promises';
import { markInlineDirectionsIn } from '../render/direction-marks.js';
import { escapeAttribute, escapeText } from 'entities';
import { parseDocument } from 'htmlparser2';
import { findAll } from 'domutils';
import { toXhtml } from '../render/serialize.js';
import { fontFaces } from '../fonts/index.js';
import type { Rendered } from '../render/index.js';
import type { View } from '../view/index.js';
import { allImages, type ImageAsset } from '../model/images.js';
import type { TemplateSet } from '../render/template-set.js';

export interface HtmlOptions {
  /** The build's template set (its style sheet checked already). */
  templates: TemplateSet;
  /** Extra markup for the end of <body> (the live preview's reload script). */
  bodyEnd?: string;
}

/**
 * One self-contained page from the shared XHTML: the EPUB's stylesheet and the fonts inlined as
 * data: URLs, so the file works offline, from disk or from the preview server.
 */
export async function renderHtml(view: View, rendered: Rendered, options: HtmlOptions): Promise<Buffer> {
  // The page gets the checked style sheet as css-tree writes it back, with `<` escaped: nothing in it can close <style>.
  const { pageCss } = options.templates.stylesheet;
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
${pageBody(rendered, allImages(view.images))}
${options.bodyEnd ?? ''}
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}

/**
 * The sections as the page shows them, each parsed once: inline text with its own direction between
 * direction marks (src/render/direction-marks.ts), and the images as data: URLs, like the fonts. The
 * renderer has checked that every `<img src>` is one of the briefing's images, so each is replaced
 * and nothing is left to load.
 */
function pageBody(rendered: Rendered, images: ImageAsset[]): string {
  const data = new Map(images.map((i) => [i.href, `data:${i.mediaType};base64,${Buffer.from(i.bytes).toString('base64')}`]));
  return rendered.sections
    .map(({ xhtml }) => {
      if (data.size === 0 && !/\sdir="/.test(xhtml)) return xhtml;
      const doc = parseDocument(xhtml, { xmlMode: true });
      let changed = markInlineDirectionsIn(doc);
      // On the tree, not the text: an attribute before src may hold a ">" that a pattern would stop at.
      for (const img of data.size ? findAll((e) => e.name === 'img', doc.children) : []) {
        const url = data.get(img.attribs.src ?? '');
        // The renderer let through only the briefing's own images; anything else is not drawn at all.
        if (url) img.attribs.src = url;
        else delete img.attribs.src;
        changed = true;
      }
      return changed ? toXhtml(doc) : xhtml;
    })
    .join('\n');
}
