import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { fontFaces } from '../fonts/index.js';
import type { Rendered } from '../render/index.js';
import type { View } from '../view.js';

// epub-gen-memory is CommonJS with an ES-style default export; require() reads it the same way under Node and vitest.
const { default: makeEpub } = createRequire(import.meta.url)('epub-gen-memory') as typeof import('epub-gen-memory');

export interface EpubOptions {
  templatesDir: string;
  /** Written as dcterms:modified and ZIP entry times; fixed for reproducible builds. */
  date: Date;
}

/** Builds the EPUB 3 in memory from the shared XHTML: one chapter per top-level section. */
export async function renderEpub(view: View, rendered: Rendered, options: EpubOptions): Promise<Buffer> {
  const [css, chapterTemplate] = await Promise.all([
    readFile(join(options.templatesDir, 'epub.css'), 'utf8'),
    readFile(join(options.templatesDir, 'epub', 'chapter.xhtml.ejs'), 'utf8'),
  ]);
  // epub-gen-memory fills its chapter template with `lang` only; `dir` is bound in here.
  const chapterXHTML = chapterTemplate.replaceAll('<%= dir %>', view.dir);
  return makeEpub(
    {
      title: view.title,
      author: view.source.name,
      publisher: view.source.name,
      description: view.summary[0] ?? '',
      lang: view.lang,
      tocTitle: view.labels.toc,
      css,
      chapterXHTML,
      prependChapterTitles: false,
      fonts: fontFaces().map((f) => ({ filename: basename(f.path), url: pathToFileURL(f.path).href })),
      version: 3,
      verbose: false,
    },
    rendered.sections.map((s, i) => ({
      title: s.title,
      content: s.xhtml,
      // Stable ASCII file names: Persian titles would otherwise be transliterated.
      filename: `${String(i + 1).padStart(2, '0')}-${s.id}.xhtml`,
    })),
  );
}
