import { dirname, join } from 'node:path';
import { loadBriefingWithPlaces, type LoadedBriefing, type PlaceOf } from '../model/load.js';
import { loadImages, type BriefingImages } from '../model/images.js';
import { BriefingError } from '../model/diagnostic.js';
import { dataFileOf, readRegularFile, type DataFile } from '../model/read-file.js';
import { LIMITS } from '../model/strings.js';
import { describeMissingGlyph, findMissingGlyphs } from '../fonts/coverage.js';
import { orthographyWarnings, orthographyWarningsOfData } from '../orthography/check.js';
import type { Briefing } from '../model/schema.js';
import { createRenderer, type Rendered } from '../render/index.js';
import { toView, type View } from '../view/index.js';
import { BRIEF_MAX_PAGES, chooseLayout, fixedLayout } from './layout-choice.js';
import { builtinTemplates } from '../io/paths.js';
import { publishAll } from '../io/publish.js';
import { resolveTemplates, templatePath, type TemplateSet } from '../render/template-set.js';
import { sha256 } from './report.js';
import { loadTheme, type PdfTheme } from '../pdf/theme.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { DEFAULT_FORMATS, type Format } from './formats.js';
import { FITS, type PdfJob, type PdfResult } from '../pdf/job.js';
import type { EpubJob } from '../epub/job.js';
import { poolFor, type WriterPool } from './writer-pool.js';

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


/**
 * Reads a briefing's data file as it is, for embedding: a regular file within the size limit only.
 * A briefing loaded with `loadBriefingWithPlaces` carries the bytes it was parsed from (`data`): embed those.
 */
export async function readDataFile(file: string): Promise<DataFile> {
  const read = await readRegularFile(file, LIMITS.fileBytes);
  if ('problem' in read) throw new BriefingError([{ file, message: read.tooLarge ? `file ${read.problem}` : read.problem, fatal: true }]);
  return dataFileOf(file, read.bytes);
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

/** The set's theme: the user's pdf-theme.json when the override folder has one, else the built-in one; messages name that file. */
function themeOf(templates: TemplateSet): Promise<PdfTheme> {
  const file = templatePath(templates, 'pdf-theme.json');
  return loadTheme(dirname(file), file);
}

/**
 * Renders a validated briefing into the shared XHTML, in its layout: a briefing without `layout`
 * gets the one `chooseLayout` picks (brief when the brief fits on two pages, else report).
 * `templatesDir` is the built-in folder or the user's --templates folder; `images` are the
 * briefing's logo and figures, read by the loader.
 */
export async function renderBriefing(briefing: Briefing, templatesDir = builtinTemplates, images?: BriefingImages): Promise<{ view: View; rendered: Rendered }> {
  const templates = await resolveTemplates(templatesDir);
  const render = await createRenderer(templates);
  return chooseLayout(
    briefing,
    render,
    async (view, rendered) => {
      const { countPages } = await import('../pdf/index.js');
      return countPages(view, rendered, { theme: await themeOf(templates), creationDate: editionDate(briefing) }, BRIEF_MAX_PAGES);
    },
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
 * Writer threads a caller keeps for several builds: a batch hands every file to one pool, the
 * watcher keeps one for its rebuilds. Without a pool, a build starts its own and closes it after.
 */
export interface BuildWorkers {
  pool?: WriterPool;
  /** The file's place in a batch: its PDF and EPUB run before those of later files. */
  priority?: number;
  /**
   * Whether a thread left free while the PDF thread chooses the layout may write the brief's EPUB
   * before the choice is known (true for a build alone on its pool, where nothing else could use it).
   */
  speculate?: boolean;
  /** Called once the build has handed the pool its last job (a batch releases its hold then: `WriterPool#hold`). */
  submitted?: () => void;
  /** The template set, resolved once for every file of a batch (`options.templatesDir` resolved); default: resolved for this build. */
  templates?: Promise<TemplateSet>;
}

/** Loads, renders and writes one briefing; nothing is written unless every format succeeded. */
export async function buildFile(file: string, options: BuildOptions, workers: BuildWorkers = {}): Promise<BuildResult> {
  // The pool starts first: its threads load the writers while this one loads and renders the briefing.
  return withPool(options, workers, async (w) => {
    const { briefing, placeOf, images, data } = await loadBriefingWithPlaces(file);
    return build(briefing, images, { source: data, ...options }, placeOf, w, { file, data });
  });
}

/**
 * Builds a briefing `loadBriefingWithPlaces(file)` has already loaded (a batch loads every file first), as `buildFile` would.
 * The PDF embeds the bytes that were parsed, not the file as it is now: an edit since then is not half in the outputs.
 */
export async function buildLoaded(file: string, loaded: LoadedBriefing, options: BuildOptions, workers: BuildWorkers = {}): Promise<BuildResult> {
  return withPool(options, workers, async (w) => build(loaded.briefing, loaded.images, { source: loaded.data, ...options }, loaded.placeOf, w, { file, data: loaded.data }));
}

/** `placeOf` names the file and line of a field in warnings; without it they carry the field path only. */
export async function buildBriefing(briefing: Briefing, options: BuildOptions, placeOf?: PlaceOf, workers: BuildWorkers = {}): Promise<BuildResult> {
  const { images, problems } = await loadImages(briefing, options.baseDir ?? process.cwd());
  if (problems.length > 0) {
    const at = placeOf ?? ((path) => ({ file: briefing.id, path: path.join('.') }));
    throw new BriefingError(problems.map((p) => ({ ...at(p.path), message: p.message, fatal: true })));
  }
  return withPool(options, workers, (w) => build(briefing, images, options, placeOf, w));
}

/** `loadedFrom`: the data file the briefing was parsed from, whose text the orthography warnings point into. */
async function build(briefing: Briefing, images: BriefingImages, options: BuildOptions, placeOf: PlaceOf | undefined, workers: Required<Pick<BuildWorkers, 'pool'>> & BuildWorkers, loadedFrom?: { file: string; data: DataFile }): Promise<BuildResult> {
  const { result } = await writeBriefing(briefing, images, options, workers);
  const spelling = loadedFrom
    ? orthographyWarnings(Buffer.from(loadedFrom.data.bytes).toString('utf8'), loadedFrom.file)
    : orthographyWarningsOfData(briefing, placeOf ?? ((path) => ({ file: briefing.id, path: path.join('.') })));
  return { ...result, warnings: [...glyphWarnings(briefing, placeOf), ...spelling] };
}

/**
 * The caller's pool, or one of the build's own: PDF and EPUB are both CPU-bound and run side by
 * side on two threads; and with pdfmake's synchronous layout off the main thread, Ctrl-C and
 * SIGTERM are answered at once.
 */
async function withPool<T>(options: BuildOptions, workers: BuildWorkers, use: (workers: Required<Pick<BuildWorkers, 'pool'>> & BuildWorkers) => Promise<T>): Promise<T> {
  if (workers.pool) return use({ ...workers, pool: workers.pool });
  const pool = poolFor(1, options.formats);
  const release = pool.hold();
  try {
    return await use({ speculate: true, submitted: release, ...workers, pool });
  } finally {
    release();
    await pool.close();
  }
}

/** A character no embedded font can draw is worth a warning naming it and its field; the build goes on. */
export function glyphWarnings(briefing: Briefing, placeOf: PlaceOf = (path) => ({ file: briefing.id, path: path.join('.') })): Diagnostic[] {
  return findMissingGlyphs(briefing).map((m) => ({ ...placeOf(m.path), message: describeMissingGlyph(m), fatal: false }));
}

/** A briefing rendered in one layout: its view and its XHTML, made once and handed to every writer. */
interface InLayout {
  view: View;
  rendered: Rendered;
}

/**
 * Renders a validated briefing and writes its formats, nothing unless every one succeeded. A
 * briefing that names no layout gets the one `chooseLayout` would pick, decided on the PDF thread
 * from the layout the PDF is then drawn from. Returns the view and XHTML the outputs were made
 * from and the template set they were made with (the watcher's preview shows them).
 */
export async function writeBriefing(
  given: Briefing,
  images: BriefingImages,
  options: BuildOptions,
  workers: BuildWorkers = {},
): Promise<{ result: BuildResult; view: View; rendered: Rendered; templates: TemplateSet }> {
  return withPool(options, workers, async ({ pool, priority, speculate, submitted }) => {
    const formats = options.formats ?? DEFAULT_FORMATS;
    const templates = await (workers.templates ?? resolveTemplates(options.templatesDir));
    const render = await createRenderer(templates);
    const date = options.sourceDateEpoch !== undefined ? new Date(options.sourceDateEpoch * 1000) : editionDate(given);
    const source = options.source ?? { name: `${given.id}.json`, bytes: Buffer.from(`${JSON.stringify(given, null, 2)}\n`), mediaType: 'application/json' };
    const run = (job: PdfJob, onProgress?: (p: unknown) => void) => pool.pdf(job, { priority, onProgress });
    const bytesOf = (r: { bytes?: Uint8Array }) => Buffer.from(r.bytes!.buffer, r.bytes!.byteOffset, r.bytes!.byteLength);
    // Made once per layout, here; every format follows it, the writer threads with a copy of this view.
    const as = (layout: 'brief' | 'report'): InLayout => {
      const view = toView(given, images, { layout });
      return { view, rendered: render(view) };
    };

    const outputs = await (async () => {
      // Read and checked once for the PDF (and the layout choice, made from a PDF layout) and the
      // EPUB's cover alike: a broken theme fails them all.
      const needsTheme = formats.includes('pdf') || formats.includes('epub') || !fixedLayout(given);
      const theme = needsTheme ? await themeOf(templates) : undefined;
      const pdfJob = (c: InLayout, fit?: PdfJob['fit']): PdfJob => ({
        kind: 'pdf',
        view: c.view,
        rendered: c.rendered,
        theme: theme!,
        creationDate: date,
        source,
        ...(fit ? { fit } : {}),
      });
      const epubJob = (c: InLayout): EpubJob => ({ kind: 'epub', view: c.view, rendered: c.rendered, templates, date, accent: theme?.colors.accent });
      const wantPdf = formats.includes('pdf');
      let chosen: InLayout;
      let pdf: Promise<PdfResult> | undefined;
      let epub: Promise<{ bytes?: Uint8Array }> | undefined;
      const fixed = fixedLayout(given);
      if (fixed) {
        chosen = as(fixed);
        if (wantPdf) pdf = run(pdfJob(chosen));
      } else {
        // The brief, laid out on the PDF thread: when it fits, the thread says so before drawing it
        // (the EPUB starts then) and that drawing is the PDF; when it does not, the report is made.
        const brief = as('brief');
        let fitsNow: () => void = () => {};
        const saidFits = new Promise<boolean>((resolve) => (fitsNow = () => resolve(true)));
        const attempt = run(pdfJob(brief, { maxPages: BRIEF_MAX_PAGES, draw: wantPdf }), (p) => p === FITS && fitsNow());
        // A short briefing usually fits: a thread left idle by the attempt (asked after it, so never
        // the one thread of `--jobs 1`) writes the brief's EPUB meanwhile.
        const early = speculate && formats.includes('epub') ? pool.runIfFree(epubJob(brief), { priority }) : undefined;
        early?.catch(() => {});
        const fits = await Promise.race([saidFits, attempt.then((r) => r.fits === true)]);
        chosen = fits ? brief : as('report');
        if (wantPdf) pdf = fits ? attempt : run(pdfJob(chosen));
        if (fits) epub = early;
      }
      const write: Record<Format, () => Promise<{ bytes: Buffer; pages?: number }>> = {
        pdf: async () => {
          const made = await pdf!;
          return { bytes: bytesOf(made), pages: made.pages };
        },
        epub: async () => ({ bytes: bytesOf(await (epub ?? pool.epub(epubJob(chosen), { priority }))) }),
        html: async () => ({ bytes: await (await import('../html/index.js')).renderHtml(chosen.view, chosen.rendered, { templates }) }),
      };
      const writing = formats.map(async (format) => ({ format, path: join(options.outDir, `${given.id}.${format}`), ...(await write[format]()) }));
      // Every job of this build is with the pool now.
      submitted?.();
      const written = await Promise.all(writing);
      return { written, chosen };
    })();
    await publishAll(outputs.written);
    const result: BuildResult = {
      id: given.id,
      artifacts: outputs.written.map((o) => ({
        format: o.format,
        path: o.path,
        bytes: o.bytes.length,
        sha256: sha256(o.bytes),
        ...(o.pages !== undefined ? { pages: o.pages } : {}),
      })),
      warnings: [],
    };
    return { result, view: outputs.chosen.view, rendered: outputs.chosen.rendered, templates };
  });
}
