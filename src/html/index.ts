import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeAttribute, escapeText } from 'entities';
import { fontFaces } from '../fonts/index.js';
import type { Rendered } from '../render/index.js';
import type { View } from '../view.js';

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
  const css = await readFile(join(options.templatesDir, 'epub.css'), 'utf8');
  const fontCss = (await Promise.all(fontFaces().map(async (f) => {
    const data = (await readFile(f.path)).toString('base64');
    return `@font-face { font-family: "${f.family}"; font-weight: ${f.weight}; font-style: normal; src: url(data:font/ttf;base64,${data}) format("truetype"); }`;
  }))).join('\n');
  // The stylesheet's own @font-face rules point into the EPUB's folders; the page carries the fonts itself.
  const pageCss = css.replace(/@font-face\s*\{[^}]*\}/g, '');
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
${rendered.sections.map((s) => s.xhtml).join('\n')}
${options.bodyEnd ?? ''}
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
