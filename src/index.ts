import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { loadBriefingWithPlaces, type LoadedBriefing, type PlaceOf } from './model/load.js';
import { loadImages, type BriefingImages } from './model/images.js';
import { BriefingError } from './model/diagnostic.js';
import { describeMissingGlyph, findMissingGlyphs } from './fonts/coverage.js';
import type { Briefing } from './model/schema.js';
import { createRenderer, type Rendered } from './render/index.js';
import type { View } from './view.js';
import { chooseLayout } from './layout-choice.js';
import { builtinTemplates } from './paths.js';
import { publishAll } from './publish.js';
import { withTemplateSet } from './templates.js';
import { pdfPageCount, sha256 } from './report.js';
import { loadTheme } from './pdf/theme.js';
import type { Diagnostic } from './model/diagnostic.js';
import { DEFAULT_FORMATS, type Format } from './formats.js';
import { epubWorkerAvailable, startEpubWorker, type EpubWorker } from './epub/worker-client.js';
import { pdfWorkerAvailable, startPdfWorker, type PdfWorker } from './pdf/worker-client.js';

export { loadBriefing, loadBriefingWithPlaces, parseBriefing } from './model/load.js';
export type { BriefingImages, ImageAsset } from './model/images.js';
export { briefingSchema, briefingJsonSchema, type Briefing } from './model/schema.js';
export { BriefingError, formatDiagnostic, type Diagnostic } from './model/diagnostic.js';
export { toView, type View } from './view.js';
export { createRenderer, type Rendered } from './render/index.js';
export { startEpubWorker, type EpubWorker } from './epub/worker-client.js';

export type { BuildReport, ReportedArtifact } from './report.js';
export { FORMATS, DEFAULT_FORMATS, type Format } from './formats.js';

export interface BuildOptions {
  outDir: string;
  formats?: readonly Format[];
  templatesDir?: string;
  /** Seconds since 1970 for dates written into the outputs; default: the briefing's own date. */
  sourceDateEpoch?: number;
  /** The folder a briefing's logo and figures are relative to, for `buildBriefing` (buildFile uses the file's folder); default: the working directory. */
  baseDir?: string;
  /** The data file the briefing was read from, embedded in the PDF; default: the briefing as JSON. */
  source?: DataFile;
}

/** A briefing's data file as it travels inside the PDF (a PDF/A-3 associated file). */
export interface DataFile {
  name: string;
  bytes: Uint8Array;
  mediaType: string;
}

/** Reads a briefing's data file as it is, for embedding. */
export async function readDataFile(file: string): Promise<DataFile> {
  const ext = extname(file).toLowerCase();
  return { name: basename(file), bytes: await readFile(file), mediaType: ext === '.json' ? 'application/json' : 'application/yaml' };
}

export interface Artifact {
  format: Format;
  path: string;
  bytes: number;
  sha256: string;
  /** Page count, for PDFs. */
  pages?: number;
}

export interface BuildResult {
  id: string;
  artifacts: Artifact[];
  warnings: Diagnostic[];
}

interface WriterContext {
  /** The --templates folder as the user named it (templatesDir may be a merged temporary copy). */
  overrideDir?: string;
  briefing: Briefing;
  source: DataFile;
  view: View;
  rendered: Rendered;
  templatesDir: string;
  date: Date;
  /** Set when the EPUB is built on its own thread, beside the PDF. */
  epubWorker?: EpubWorker;
  /** Set when the PDF is laid out on its own thread, so a signal is answered at once. */
  pdfWorker?: PdfWorker;
}

/** The output formats by name; each turns the shared XHTML into bytes. Loaded on demand. */
const writers: Record<Format, (ctx: WriterContext) => Promise<Buffer>> = {
  pdf: async ({ briefing, view, rendered, templatesDir, overrideDir, date, pdfWorker, source }) => {
    const theme = await loadTheme(templatesDir, themeShownAs(templatesDir, overrideDir));
    if (pdfWorker) return pdfWorker.render({ briefing, images: view.images, rendered, theme, creationDate: date, source });
    const { renderPdf } = await import('./pdf/index.js');
    return renderPdf(view, rendered, { theme, creationDate: date, source });
  },
  epub: async ({ briefing, view, rendered, templatesDir, date, epubWorker }) => {
    if (epubWorker) return epubWorker.render({ briefing, images: view.images, rendered, templatesDir, date });
    const { renderEpub } = await import('./epub/index.js');
    return renderEpub(view, rendered, { templatesDir, date });
  },
  html: async ({ view, rendered, templatesDir }) => {
    const { renderHtml } = await import('./html/index.js');
    return renderHtml(view, rendered, { templatesDir });
  },
};

/** The theme file as messages name it: the user's override when it has one, else the built-in file. */
function themeShownAs(templatesDir: string, overrideDir: string | undefined): string {
  const own = overrideDir !== undefined && existsSync(join(overrideDir, 'pdf-theme.json'));
  return join(own ? overrideDir : overrideDir === undefined ? templatesDir : builtinTemplates, 'pdf-theme.json');
}

/**
 * Renders a validated briefing into the shared XHTML, in its layout: a briefing without `layout`
 * gets the one `chooseLayout` picks (brief when the brief fits on two pages, else report).
 * `templatesDir` is the built-in folder or the user's --templates folder; `images` are the
 * briefing's logo and figures, read by the loader.
 */
export async function renderBriefing(briefing: Briefing, templatesDir = builtinTemplates, images?: BriefingImages): Promise<{ view: View; rendered: Rendered }> {
  const render = await createRenderer(templatesDir);
  const overrideDir = templatesDir === builtinTemplates ? undefined : templatesDir;
  return chooseLayout(
    briefing,
    render,
    (view, rendered) =>
      withTemplateSet(overrideDir, async (dir) => {
        const theme = await loadTheme(dir, themeShownAs(dir, overrideDir));
        const { countPages } = await import('./pdf/index.js');
        return countPages(view, rendered, { theme, creationDate: editionDate(briefing) });
      }),
    images,
  );
}

/**
 * When the briefing was issued, as the outputs date it: `issued` (or the event's `date`) at
 * midnight UTC, one minute later per revision after the first, so a corrected briefing is a
 * newer edition of the same book.
 */
export function editionDate(briefing: Briefing): Date {
  const day = briefing.issued ?? briefing.date!;
  return new Date(Date.parse(`${day}T00:00:00Z`) + ((briefing.revision ?? 1) - 1) * 60_000);
}

/**
 * Threads a caller keeps for several builds (a batch builds every file of one lane with the same two):
 * each loads its libraries once. Given ones are used while they run and left open; missing or stopped
 * ones are started for this build alone and closed after it.
 */
export interface BuildWorkers {
  epub?: EpubWorker;
  pdf?: PdfWorker;
}

/** Loads, renders and writes one briefing; nothing is written unless every format succeeded. */
export async function buildFile(file: string, options: BuildOptions, workers: BuildWorkers = {}): Promise<BuildResult> {
  // Started first, the EPUB thread loads its libraries while this one loads and renders the briefing.
  return withEpubWorker(options, workers.epub, (epubWorker) =>
    withPdfWorker(options, workers.pdf, async (pdfWorker) => {
      const { briefing, placeOf, images } = await loadBriefingWithPlaces(file);
      return build(briefing, images, { source: await readDataFile(file), ...options }, placeOf, epubWorker, pdfWorker);
    }),
  );
}

/** Builds a briefing `loadBriefingWithPlaces(file)` has already loaded (a batch loads every file first), as `buildFile` would. */
export async function buildLoaded(file: string, loaded: LoadedBriefing, options: BuildOptions, workers: BuildWorkers = {}): Promise<BuildResult> {
  const source = await readDataFile(file);
  return withEpubWorker(options, workers.epub, (epubWorker) =>
    withPdfWorker(options, workers.pdf, (pdfWorker) => build(loaded.briefing, loaded.images, { source, ...options }, loaded.placeOf, epubWorker, pdfWorker)),
  );
}

/** `placeOf` names the file and line of a field in warnings; without it they carry the field path only. */
export async function buildBriefing(briefing: Briefing, options: BuildOptions, placeOf?: PlaceOf, workers: BuildWorkers = {}): Promise<BuildResult> {
  const { images, problems } = await loadImages(briefing, options.baseDir ?? process.cwd());
  if (problems.length > 0) {
    const at = placeOf ?? ((path) => ({ file: briefing.id, path: path.join('.') }));
    throw new BriefingError(problems.map((p) => ({ ...at(p.path), message: p.message, fatal: true })));
  }
  return withEpubWorker(options, workers.epub, (epubWorker) =>
    withPdfWorker(options, workers.pdf, (pdfWorker) => build(briefing, images, options, placeOf, epubWorker, pdfWorker)),
  );
}

async function build(briefing: Briefing, images: BriefingImages, options: BuildOptions, placeOf: PlaceOf | undefined, epubWorker: EpubWorker | undefined, pdfWorker?: PdfWorker): Promise<BuildResult> {
  const { view, rendered } = await renderBriefing(briefing, options.templatesDir ?? builtinTemplates, images);
  const result = await write(briefing, view, rendered, options, epubWorker, pdfWorker);
  return { ...result, warnings: glyphWarnings(briefing, placeOf) };
}

/** Whether a build of these formats runs its EPUB on a second thread. */
export function wantsEpubWorker(formats: readonly Format[] = DEFAULT_FORMATS): boolean {
  return formats.includes('pdf') && formats.includes('epub') && epubWorkerAvailable();
}

/** Whether a build of these formats lays its PDF out on a thread of its own. */
export function wantsPdfWorker(formats: readonly Format[] = DEFAULT_FORMATS): boolean {
  return formats.includes('pdf') && pdfWorkerAvailable();
}

/** PDF and EPUB are both CPU-bound: on two threads they run side by side instead of taking turns. */
async function withEpubWorker<T>(options: BuildOptions, given: EpubWorker | undefined, use: (epubWorker: EpubWorker | undefined) => Promise<T>): Promise<T> {
  if (!wantsEpubWorker(options.formats)) return use(undefined);
  if (given?.running) return use(given);
  const epubWorker = startEpubWorker();
  try {
    return await use(epubWorker);
  } finally {
    await epubWorker?.close();
  }
}

/**
 * pdfmake lays a document out in one synchronous call: on a thread of its own, the main thread
 * still answers Ctrl-C and SIGTERM at once. Started first, it loads pdfmake and the fonts meanwhile.
 */
async function withPdfWorker<T>(options: BuildOptions, given: PdfWorker | undefined, use: (pdfWorker: PdfWorker | undefined) => Promise<T>): Promise<T> {
  if (!wantsPdfWorker(options.formats)) return use(undefined);
  if (given?.running) return use(given);
  const pdfWorker = startPdfWorker();
  try {
    return await use(pdfWorker);
  } finally {
    await pdfWorker?.close();
  }
}

/** A character no embedded font can draw is worth a warning naming it and its field; the build goes on. */
export function glyphWarnings(briefing: Briefing, placeOf: PlaceOf = (path) => ({ file: briefing.id, path: path.join('.') })): Diagnostic[] {
  return findMissingGlyphs(briefing).map((m) => ({ ...placeOf(m.path), message: describeMissingGlyph(m), fatal: false }));
}

/**
 * Writes the formats of an already rendered briefing (the watcher renders once for files and
 * preview). `epubWorker`, when given, is the caller's to keep and close (the watcher's, reused).
 */
export async function writeRendered(briefing: Briefing, view: View, rendered: Rendered, options: BuildOptions, epubWorker?: EpubWorker, pdfWorker?: PdfWorker): Promise<BuildResult> {
  // `pdfWorker`, when given, is the caller's to keep and close too (the watcher's, reused).
  const pdf = pdfWorker?.running ? pdfWorker : undefined;
  if (epubWorker?.running && wantsEpubWorker(options.formats)) return write(briefing, view, rendered, options, epubWorker, pdf);
  return withEpubWorker(options, undefined, (own) => write(briefing, view, rendered, options, own, pdf));
}

async function write(
  given: Briefing,
  view: View,
  rendered: Rendered,
  options: BuildOptions,
  epubWorker: EpubWorker | undefined,
  pdfWorker?: PdfWorker,
): Promise<BuildResult> {
  const formats = options.formats ?? DEFAULT_FORMATS;
  // Every format follows the layout the view was made in (the worker threads make their own view).
  const briefing: Briefing = { ...given, layout: view.layout };
  const date = options.sourceDateEpoch !== undefined ? new Date(options.sourceDateEpoch * 1000) : editionDate(briefing);
  const outputs = await withTemplateSet(options.templatesDir, (templatesDir) => {
    const source = options.source ?? { name: `${briefing.id}.json`, bytes: Buffer.from(`${JSON.stringify(given, null, 2)}
`), mediaType: 'application/json' };
    const ctx: WriterContext = { briefing, source, view, rendered, templatesDir, overrideDir: options.templatesDir, date, epubWorker, pdfWorker };
    return Promise.all(
      formats.map(async (format) => ({
        format,
        path: join(options.outDir, `${briefing.id}.${format}`),
        bytes: await writers[format](ctx),
      })),
    );
  });
  await publishAll(outputs);
  return {
    id: briefing.id,
    artifacts: outputs.map((o) => ({
      format: o.format,
      path: o.path,
      bytes: o.bytes.length,
      sha256: sha256(o.bytes),
      ...(o.format === 'pdf' ? { pages: pdfPageCount(o.bytes) } : {}),
    })),
    warnings: [],
  };
}
