/**
 * The RTL layer's hooks on pdfmake and pdfkit (each declared in registry.ts).
 * Three hooks, each falling back to stock behaviour for inlines the layer did not prepare:
 * - TextInlines#measure: gives each prepared inline its shaping direction and default alignment
 *   before pdfmake measures it;
 * - ElementWriter#alignLine: reorders a finished line visually (UAX #9 L1-L2) and aligns and
 *   justifies it from the side where the paragraph starts, then merges words drawn alike into one
 *   inline (merge.ts) so pdfkit writes one text object per run instead of one per word. Both wait
 *   for the final layout (a page break a hook asks for may lay the document out again): a line is
 *   placed when it is copied into a block (ElementWriter#addFragment) or as its page is drawn
 *   (Renderer#renderPages, page by page), and merged then;
 * - pdfkit's EmbeddedFont#layout (reached through pdfmake's PDFDocument#provideFont): shapes a
 *   directed inline as one run in its bidi direction, mirrored, with ZWNJ kept, cached by direction;
 *   a merged inline brings its glyphs along and is not shaped again. Patched on each font object
 *   our documents open, never on pdfkit's class.
 * All of them act on our documents only (see installScope): other documents get stock pdfmake.
 */
import { checkPdfmakeInstance, installScope, isOwnDocument, layingOutOwnDocument, pdfmakeDirOf } from './scope.js';
import { assertEngine, assertObjectMembers, installedEngine } from './guard.js';
import { during, hook, hookObject, pdfmakeModule } from './registry.js';
import { shapeWord, wordKey } from './shaped-words.js';
import { isRtlLevel, type Direction } from '../rtl/bidi.js';
import { placeLine } from '../rtl/reorder.js';
import { carryShaped, directedFeatures, directionOf, shapedOf, type FontkitFont, type ShapedRun } from '../rtl/shaping.js';
import { drawnAlike, mergeInlines, type MergeableInline } from '../rtl/merge.js';
import { actualText, copyGlyphs, mupdfGlyphTexts, mupdfLineTexts, NOTHING, pdfiumLineTexts, RESERVED_CODES, reservedBlankGlyph } from '../rtl/copy-text.js';

const INSTALLED = Symbol.for('briefing.rtl.installed');
/** A soft hyphen (../hyphenate.ts): a break opportunity that draws a hyphen only where a line ends at it. */
const SHY = '\u00ad';
const HYPHEN = '-';
/** A letter of a right-to-left script (Hebrew, Arabic and their presentation forms). */
const RTL_LETTER = /[\u0590-\u05ff\u0600-\u065f\u066e-\u06d5\u06e5-\u06ff\u0700-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

interface PdfmakeInline {
  text: string;
  x: number;
  width: number;
  font?: unknown;
  fontSize?: number;
  characterSpacing?: number;
  leadingCut?: number;
  trailingCut?: number;
  noNewLine?: boolean;
  alignment?: string;
  justifyShift?: number;
  fontFeatures?: unknown;
  bidiLevel?: number;
  bidiBase?: 0 | 1;
}
interface PdfmakeLine {
  x?: number;
  inlines: PdfmakeInline[];
  inlineWidths: number;
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}
type StyleStack = unknown;
interface StyleContextStackClass {
  getStyleProperty(item: object, stack: StyleStack, property: string, fallback: unknown): unknown;
}
interface EmbeddedFontLike {
  font: FontkitFont;
  layout(text: string, features?: unknown, onlyWidth?: boolean): unknown;
  encode(text: string, features?: unknown): [string[], unknown[]];
  subset: { glyphs: number[]; includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  scale: number;
}
interface PdfmakeTextInlines {
  pdfDocument?: unknown;
  measure(items: PdfmakeInline[], stack: StyleStack): PdfmakeInline[];
  buildInlines(textArray: unknown, stack: StyleStack): unknown;
}

/**
 * Installs the hooks once per copy of pdfmake; `pdfmake` is the instance the caller will use (checked,
 * not patched). The hooks go on the classes of the pdfmake/js folder it was loaded from (`dir`, else
 * found from the instance, else the pdfmake this package depends on).
 */
export function installRtl(pdfmake: unknown, dir?: string): void {
  checkPdfmakeInstance(pdfmake, 'installRtl');
  dir ??= pdfmakeDirOf(pdfmake as object);
  const Styles = pdfmakeModule<StyleContextStackClass>('pdfmake/js/StyleContextStack.js', dir);
  const marked = pdfmakeModule<{ prototype: Record<symbol, boolean> }>('pdfmake/js/TextInlines.js', dir).prototype;
  if (marked[INSTALLED]) return;
  // A user's own copy of pdfmake must be one the hooks were written for, as ours is.
  assertEngine(installedEngine(dir));
  marked[INSTALLED] = true;
  installScope(dir);

  type Measure = (this: PdfmakeTextInlines, items: PdfmakeInline[], stack: StyleStack) => PdfmakeInline[];
  hook<Measure>('rtl-hooks.ts', 'pdfmake/js/TextInlines.js', '#measure', (measure) =>
    function (items, stack) {
      if (!isOwnDocument(this.pdfDocument)) return measure.call(this, items, stack);
      for (const item of items) {
        if (item.bidiLevel === undefined) continue;
        // Direction rides to the font on fontFeatures (see shaping.ts); set before pdfmake measures.
        item.fontFeatures = directedFeatures(Styles.getStyleProperty(item, stack, 'fontFeatures', null), isRtlLevel(item.bidiLevel) ? 'rtl' : 'ltr');
        // A paragraph starts at its own side unless a style says otherwise; 'start'/'end' follow it.
        const given = Styles.getStyleProperty(item, stack, 'alignment', null);
        const rtl = item.bidiBase === 1;
        if (given === null || given === 'start') item.alignment = rtl ? 'right' : 'left';
        else if (given === 'end') item.alignment = rtl ? 'left' : 'right';
      }
      return measure.call(this, items, stack);
    },
    dir,
  );

  // A text reference among a paragraph's pieces (`{ textReference: id }`): pdfmake puts the
  // referenced node's text into the piece as it breaks words, and a prepared node's text is a list
  // of runs, which came out as "[object Object]". The piece becomes those runs, each at the lowest
  // level of its own direction at or above the piece's (as an isolate would be).
  type BuildInlines = (this: PdfmakeTextInlines, textArray: unknown, stack: StyleStack) => unknown;
  hook<BuildInlines>('rtl-hooks.ts', 'pdfmake/js/TextInlines.js', '#buildInlines', (buildInlines) =>
    function (textArray, stack) {
      if (isOwnDocument(this.pdfDocument) && Array.isArray(textArray) && textArray.some((item) => referencedRuns(item) !== undefined)) {
        textArray = textArray.flatMap(expandReference);
      }
      return buildInlines.call(this, textArray, stack);
    },
    dir,
  );

  type Writer = { context(): { availableWidth: number } };
  hook<(this: Writer, line: PdfmakeLine) => void>('rtl-hooks.ts', 'pdfmake/js/ElementWriter.js', '#alignLine', (alignLine) =>
    function (line) {
      const first = line.inlines[0];
      if (!layingOutOwnDocument() || !first || first.bidiBase === undefined || line.inlines.some((i) => i.bidiLevel === undefined)) {
        alignLine.call(this, line);
        return;
      }
      // Placed when it is drawn or copied into a block (below): where a line's words sit across it
      // changes nothing of the layout, and most lines belong to layout passes that are thrown away.
      unaligned.set(line, this.context().availableWidth);
    },
    dir,
  );
  // A left-to-right line may end at a soft hyphen (../hyphenate.ts), where a hyphen is drawn
  // (alignBidiLine): the word's piece before it fits only if the hyphen fits too. A piece that
  // would fit without it and is not last after all goes to the next line: a rare, harmless loss.
  type Fits = (this: PdfmakeLine, inline: PdfmakeInline, nextInlines?: PdfmakeInline[]) => boolean;
  hook<Fits>('rtl-hooks.ts', 'pdfmake/js/Line.js', '#hasEnoughSpaceForInline', (fits) =>
    function (inline, nextInlines) {
      if (!layingOutOwnDocument() || inline.bidiBase !== 0) return fits.call(this, inline, nextInlines);
      // Pieces glued to it (noNewLine) go on the line with it: the last of them is where it would end.
      let end = inline;
      if (inline.noNewLine) {
        for (const next of nextInlines ?? []) {
          end = next;
          if (!next.noNewLine) break;
        }
      }
      if (!end.text.endsWith(SHY)) return fits.call(this, inline, nextInlines);
      return fits.call(this, { ...inline, width: inline.width + hyphenWidth(end) }, nextInlines);
    },
    dir,
  );

  // An unbreakable block's lines (headers, footers, kept headings) are copied onto the page with
  // their x: placed first, as when they were added.
  type AddFragment = (this: Writer, block: { items?: { type: string; item: unknown }[] }, ...rest: unknown[]) => unknown;
  hook<AddFragment>('rtl-hooks.ts', 'pdfmake/js/ElementWriter.js', '#addFragment', (addFragment) =>
    function (block, ...rest) {
      if (layingOutOwnDocument()) for (const item of block?.items ?? []) if (item.type === 'line') alignNow(item.item as PdfmakeLine);
      return addFragment.call(this, block, ...rest);
    },
    dir,
  );

  // Lines are finished (words merged, copy texts, ActualText) page by page as pdfmake draws them,
  // and a drawn page's lines are let go: the 1,000-statement PDF held every page's runs at once.
  type Drawing = { addPage(...args: unknown[]): unknown };
  hook<(this: { pdfDocument: Drawing }, pages: Page[]) => void>('rtl-hooks.ts', 'pdfmake/js/Renderer.js', '#renderPages', (renderPages) =>
    function (pages) {
      const doc = this.pdfDocument;
      if (!isOwnDocument(doc) || !Array.isArray(pages)) return renderPages.call(this, pages);
      let drawn = 0;
      // pdfmake adds the page for pages[i] just before it draws that page's items, after the last of pages[i - 1]'s.
      const addPage = (original: Drawing['addPage']) =>
        function (this: Drawing, ...args: unknown[]) {
          if (drawn > 0) pages[drawn - 1]!.items = [];
          const page = pages[drawn++];
          if (page) finishPage(page);
          return original.apply(this, args);
        };
      during('rtl-hooks.ts', 'pdfkit', doc, { '#addPage': addPage }, () => renderPages.call(this, pages));
    },
    dir,
  );

  type ProvideFont = (this: { options?: { tagged?: boolean }; fonts?: Record<string, Record<string, unknown>>; getFontType(bold: boolean, italics: boolean): string }, family: string, bold: boolean, italics: boolean) => unknown;
  hook<ProvideFont>('rtl-hooks.ts', 'pdfmake/js/PDFDocument.js', '#provideFont', (provideFont) =>
    function (family, bold, italics) {
      const font = provideFont.call(this, family, bold, italics) as (EmbeddedFontLike & Record<symbol, boolean>) | null;
      if (!isOwnDocument(this) || !font || typeof font !== 'object' || font[INSTALLED]) return font;
      // Only fonts read by fontkit (pdfkit's EmbeddedFont) are shaped; the 14 standard fonts are not.
      if (typeof font.font?.layout !== 'function') return font;
      // pdfkit does not export the class: its members are checked on the first font of a document.
      assertObjectMembers('pdfkit EmbeddedFont', font);
      assertObjectMembers('fontkit font', font.font);
      shareFontkitFont(font, this.fonts?.[family]?.[this.getFontType(bold, italics)]);
      patchEmbeddedFont(font, this.options?.tagged === true);
      return font;
    },
    dir,
  );
}

/** By font file and face: the fontkit font the first document of this thread opened. */
const fontkitFonts = new Map<string, OpenedFont>();
type OpenedFont = FontkitFont & { postscriptName?: string; createSubset?(): unknown; _glyphs?: unknown };

/**
 * pdfkit opens a font anew for every document, and fontkit then decodes its tables again (cmap,
 * GSUB and GPOS lookups, metrics) as shaping asks: in a batch, for every file, and twice for a
 * briefing whose brief is tried before its report. A font read from a file (`source`: its path) is
 * opened once per thread: a later document's EmbeddedFont gets the first one's fontkit font and a
 * subset of its own. fontkit keeps each glyph object with the characters it was first asked for
 * (pdfkit's ToUnicode text for it), so the glyphs are made anew for each document, as they were
 * with a font of its own: what a document embeds does not depend on what the thread wrote before.
 * (Figures: bench/PROFILE.md.)
 */
function shareFontkitFont(font: EmbeddedFontLike, source: unknown): void {
  const opened = font.font as OpenedFont;
  if (typeof source !== 'string' || typeof opened.createSubset !== 'function' || typeof opened._glyphs !== 'object') return;
  const key = `${source}\u0000${opened.postscriptName}`;
  const first = fontkitFonts.get(key);
  if (!first) {
    fontkitFonts.set(key, opened);
    return;
  }
  first._glyphs = {};
  font.font = first;
  font.subset = first.createSubset!() as EmbeddedFontLike["subset"];
}

type Piece = { text?: unknown; bidiLevel?: number; bidiBase?: 0 | 1; textReference?: unknown; _textRef?: { _textNodeRef?: { text?: unknown } } };

/** The runs of a prepared node a piece refers to (`textReference`), else undefined. */
function referencedRuns(item: unknown): Piece[] | undefined {
  const text = (item as Piece | null)?._textRef?._textNodeRef?.text;
  if (!Array.isArray(text)) return undefined;
  const runs: Piece[] = [];
  const walk = (t: unknown): void => {
    if (Array.isArray(t)) t.forEach(walk);
    else if (t !== null && typeof t === 'object') {
      if (typeof (t as Piece).text === 'string') runs.push(t as Piece);
      else walk((t as Piece).text);
    } else if (typeof t === 'string') runs.push({ text: t });
  };
  walk(text);
  return runs;
}

/** A piece that refers to a prepared node, as that node's runs in this piece's style and place (see buildInlines above). */
function expandReference(item: unknown): unknown[] {
  const runs = referencedRuns(item);
  if (!runs) return [item];
  const { text: _text, textReference: _reference, _textRef, bidiLevel, ...style } = item as Piece & Record<string, unknown>;
  const level = bidiLevel ?? 0;
  return runs.map((run) => {
    const own = run.bidiLevel ?? level;
    return { ...style, text: run.text, bidiLevel: own % 2 === level % 2 ? level : level + 1 };
  });
}

/** pdfmake's resolved page reference on an inline: a word carrying one is drawn alone (merge.ts). */
const PAGE_REFERENCE = ['_pageNodeRef'];

/** Lines of ours not placed yet (see alignLine above), with the width they were laid out in. */
const unaligned = new WeakMap<PdfmakeLine, number>();

function alignNow(line: PdfmakeLine): void {
  const width = unaligned.get(line);
  if (width === undefined) return;
  unaligned.delete(line);
  alignBidiLine(line, width);
}

/** Reorders a finished line's inlines into visual order, then aligns it as its paragraph direction asks. */
function alignBidiLine(line: PdfmakeLine, availableWidth: number): void {
  const logical = line.inlines;
  const base = logical[0]!.bidiBase!;
  const end = logical[logical.length - 1]!;
  // The line ends inside a word, at a soft hyphen: the hyphen is drawn, with the word's look.
  if (base === 0 && !line.lastLineInParagraph && end.text.endsWith(SHY)) {
    const hyphen = { ...end, text: HYPHEN, width: hyphenWidth(end), leadingCut: 0, trailingCut: 0, logicalText: '' };
    for (const key of ['id', ...PAGE_REFERENCE]) delete (hyphen as Record<string, unknown>)[key];
    logical.push(hyphen);
    line.inlineWidths += hyphen.width;
  }
  if (base === 0) joinWordPieces(line);
  logical.forEach((inline, k) => ((inline as { bidiIndex?: number }).bidiIndex = k));
  const placed = placeLine(
    logical.map((i) => ({ text: i.text, level: i.bidiLevel!, width: i.width, leadingCut: i.leadingCut, trailingCut: i.trailingCut })),
    base,
  );
  placed.order.forEach((k) => (logical[k]!.x = placed.x[k]!));
  // Visual order from here on: pdfmake's decorations and backgrounds walk neighbours in array order.
  line.inlines = placed.order.map((k) => logical[k]!);

  const width = line.getWidth();
  const free = availableWidth - width;
  const alignment = logical[0]!.alignment;
  const start = base === 1 ? free : 0;
  let offset = 0;
  if (alignment === 'right') offset = free;
  else if (alignment === 'center') offset = free / 2;
  else if (alignment === 'justify') {
    const gaps = placed.stretchBefore.filter(Boolean).length;
    // The last line of a paragraph (or before a forced break) is not stretched: it sits at the start side.
    if (line.newLineForced || line.lastLineInParagraph || gaps === 0 || free <= 0) offset = start;
    else {
      const extra = free / gaps;
      let shift = 0;
      line.inlines.forEach((inline, k) => {
        if (placed.stretchBefore[k]) {
          shift += extra;
          inline.justifyShift = extra;
        }
        inline.x += shift;
      });
    }
  }
  if (offset) line.x = (line.x ?? 0) + offset;
  // pdfkit's standard 14 fonts (AFM metrics, no glyph layout) have nothing to carry: their words stay apart.
  if (!line.inlines.every((i) => typeof (i as { font?: { layout?: unknown } }).font?.layout === 'function')) return;
  // Merging and copy texts change nothing of the layout: they wait for the final one (see finishPage).
  unfinished.set(line.inlines, base);
}

/**
 * Lines placed by alignBidiLine whose words are not merged yet, by their inline array (a line's
 * clones, made for an unbreakable block or a repeated table header, share it).
 */
const unfinished = new WeakMap<PdfmakeInline[], 0 | 1>();

/** A page of pdfmake's final layout: what Renderer#renderPages draws. */
type Page = { items: { type: string; item: unknown }[] };

/**
 * A page break a hook asks for may make pdfmake lay the whole document out again, and every line
 * again: merging words and making their copy texts is done once, on a page of the final layout, as
 * it is drawn. The array is changed in place, so that every clone of a line draws the same runs.
 */
function finishPage(page: Page): void {
  for (const { type, item } of page.items) {
    if (type !== 'line') continue;
    alignNow(item as PdfmakeLine);
    const inlines = (item as PdfmakeLine).inlines;
    const base = unfinished.get(inlines);
    if (base === undefined) continue;
    unfinished.delete(inlines);
    const runs = finishLine(inlines, base);
    inlines.splice(0, inlines.length, ...runs);
  }
}

/** The runs a placed line (visual order) is drawn as: words drawn alike merged, with their copy texts and ActualText. */
function finishLine(inlines: PdfmakeInline[], base: 0 | 1): PdfmakeInline[] {
  const runs = mergeInlines(inlines as unknown as MergeableInline[], shapeInline, carryShaped, PAGE_REFERENCE);
  // A left-to-right paragraph keeps its runs as drawn: its right-to-left words are copied well
  // without help, and poppler's reading of its lines stays as it was.
  // A line ending in a drawn hyphen (../hyphenate.ts) gets no ActualText either: PDFium and poppler
  // join a word across lines at a hyphen they read, not at a U+00AD one would give them, and MuPDF
  // repeats the text of an element's ActualText after its glyphs.
  if (base === 0) return runs as unknown as PdfmakeInline[];
  const visual = runs.slice();
  // Drawn in logical order: viewers that copy glyphs in drawing order (pdf.js, MuPDF) get each run
  // where it belongs; every run keeps its own x, so the page looks the same.
  runs.sort((a, b) => (a.bidiIndex as number) - (b.bidiIndex as number));
  // A space after a right-to-left run that the next run draws (after a bold label, in the style of
  // what follows) is drawn again, blank, at this run's left edge where nothing after it can carry
  // it (see lendSpace): the runs it was lent to, with their glyphs before it was.
  const lent = new Map<MergeableInline, ShapedRun>();
  runs.forEach((run, i) => {
    const own = runs[i + 1] && lendSpace(run, runs[i + 1]!, runs[i + 2]);
    if (own) lent.set(run, own);
  });
  runs.forEach((run, i) => {
    const rtl = isRtlLevel(run.bidiLevel as number);
    const text = (run.logicalText as string | undefined) ?? run.text;
    run.logicalText = text;
    const next = runs[i + 1];
    const previous = runs[i - 1];
    const spaceAfter = next !== undefined && (/\s$/.test(text) || drawsNextSpace(text, next, runs[i + 2]));
    const spaceBefore = rtl && previous !== undefined && (nextCarries(run, textOf(previous)) || carriesPastSpace(previous, run, textOf(runs[i - 2])));
    // Only in a tagged document, where each run is marked content with this ActualText (tagged.ts):
    // the glyphs' copy texts are made for pdf.js, and viewers that read ActualText never see them.
    if (!run.structure) {
      // Page furniture (a marking, the running header) is an artifact: no copy texts for pdf.js, but
      // its ActualText (tagged.ts) lets poppler give a right-to-left run back as typed (hamza, ZWNJ).
      if (rtl) run.actualText = actualText(shapedOf(run.fontFeatures) ?? shapeInline(run), rtl);
      return;
    }
    const shaped = shapedOf(run.fontFeatures) ?? shapeInline(run);
    // A lent space is no text of the run's own: viewers that read ActualText get it from the next run.
    run.actualText = actualText(lent.get(run) ?? shaped, rtl);
    run.fontFeatures = carryShaped(run.fontFeatures, copyGlyphs(shaped, rtl, { spaceAfter, spaceBefore, reserved: hasReservedCodes(run.font) }));
  });
  // PDFBox reads a line's runs as one word where each starts left of the one before: a blank
  // glyph after such a run starts a new word (see breakWordAfter).
  runs.forEach((run, i) => {
    const next = runs[i + 1];
    if (next && run.structure && next.structure) breakWordAfter(run, next);
  });
  // PDFium reads the line's ActualText left to right and reorders it with a bidi of its own: each
  // run's ActualText is cut from the one visual text it copies back as typed (copy-text.ts).
  const typed = visual.map((run) => {
    if (run.actualText === undefined) return shapedText(shapedOf(run.fontFeatures) ?? shapeInline(run));
    return isRtlLevel(run.bidiLevel as number) ? [...(run.actualText as string)].reverse().join('') : (run.actualText as string);
  });
  const order = visual.map((_, i) => i).sort((a, b) => (visual[a]!.bidiIndex as number) - (visual[b]!.bidiIndex as number));
  const fitted = pdfiumLineTexts(typed, order);
  if (fitted) visual.forEach((run, i) => (run.actualText = fitted[i]));
  // MuPDF pairs each run's ActualText with its glyphs and repeated words where they part: the runs'
  // ActualText changes in white space where that helps (copy-text.ts, mupdfLineTexts).
  if (visual.every((run) => run.actualText !== undefined)) {
    const glyphs = visual.map((run) => mupdfGlyphTexts(shapedOf(run.fontFeatures) ?? shapeInline(run)));
    const texts = mupdfLineTexts(visual.map((run) => run.actualText as string), glyphs);
    visual.forEach((run, i) => (run.actualText = texts[i]));
  }
  // MuPDF pairs ActualText with glyphs: what a PDFBox word break would take is given to blanks before it.
  runs.forEach((run) => run.actualText !== undefined && fillBeforeBreak(run));
  return runs as unknown as PdfmakeInline[];
}

/**
 * MuPDF 1.28 pairs a run's ActualText with its glyphs one by one and sends what is left of it where
 * the marked content ends, at the pen (stext-device.c). A run whose ActualText has more characters
 * than MuPDF reads glyphs before the blank that starts a PDFBox word (breakWordAfter) would pair
 * the one more with that blank, a space's width on, and MuPDF put a space before it («Regiona l»,
 * «۴ ۸»). Blanks read as a tab (white space to every viewer), drawn at the run's end before it,
 * take those characters there instead; the blank then pairs with nothing, which MuPDF passes over.
 * Not where the ActualText ends in white space: the blank then matches its end, and MuPDF sends it
 * as it is.
 */
function fillBeforeBreak(run: MergeableInline): void {
  const shaped = shapedOf(run.fontFeatures);
  const at = breaks.get(run);
  if (!shaped || at === undefined || at !== shaped.glyphs.length - 2) return;
  const actual = [...(run.actualText as string)];
  if (actual.length === 0 || /\s/u.test(actual[actual.length - 1]!)) return;
  const read = mupdfGlyphTexts({ ...shaped, glyphs: shaped.glyphs.slice(0, at), positions: shaped.positions.slice(0, at) }).reduce((n, t) => n + Math.max(1, t.length), 0);
  const fill = actual.length - read;
  if (fill <= 0) return;
  const font = run.font as EmbeddedFontLike;
  const glyphs = shaped.glyphs.slice();
  const positions = shaped.positions.slice();
  const gap = font.widths[RESERVED_CODES.lt]!;
  positions[at - 1] = { ...positions[at - 1]!, xAdvance: positions[at - 1]!.xAdvance - gap };
  const tabs = Array.from({ length: fill }, () => reservedBlank(font, 'tab'));
  const still = Array.from({ length: fill }, (_, k) => ({ ...NOTHING, xAdvance: k === fill - 1 ? gap : 0 }));
  glyphs.splice(at, 0, ...tabs);
  positions.splice(at, 0, ...still);
  run.fontFeatures = carryShaped(run.fontFeatures, { glyphs, positions, advanceWidth: shaped.advanceWidth });
}

/**
 * The reserved blank of `kind` in this font (copy-text.ts, reservedBlankGlyph). The tab's text goes
 * into the ToUnicode map at its first use, so a document that never draws it keeps the map, and the
 * PDF, it had.
 */
function reservedBlank(font: EmbeddedFontLike, kind: 'space' | 'tab'): ShapedRun['glyphs'][number] {
  if (kind === 'tab') font.unicode[RESERVED_CODES.tab] = [0x09];
  return reservedBlankGlyph(kind) as ShapedRun['glyphs'][number];
}

/** Runs given a PDFBox word break (breakWordAfter), with the index of its blank among their glyphs. */
const breaks = new WeakMap<MergeableInline, number>();

/**
 * A space between this run and the next is carried by this one (see copy-text.ts), unless it
 * starts the next one and that one is right-to-left letters: it then carries it itself, at no cost.
 */
function nextCarries(run: MergeableInline | undefined, own: string): boolean {
  const text = textOf(run);
  return run !== undefined && !/\s$/.test(own) && isRtlLevel(run.bidiLevel as number) && /^\s/.test(text) && RTL_LETTER.test(text);
}

/**
 * A run of white space alone (a space in the style of what follows a bold label) is passed over:
 * right-to-left letters after it carry the space, which pdf.js cannot get from it, and the run
 * before it needs no "<" to keep it (PDFBox reads that "<").
 */
function carriesPastSpace(blank: MergeableInline | undefined, run: MergeableInline | undefined, own: string): boolean {
  return blank !== undefined && /^\s+$/.test(textOf(blank)) && isRtlLevel(blank.bidiLevel as number) && run !== undefined && !/\s$/.test(own) && isRtlLevel(run.bidiLevel as number) && !/^\s/.test(textOf(run)) && RTL_LETTER.test(textOf(run));
}

/**
 * Whether a run whose text is `own` carries the space that starts the next run (as copy-text.ts
 * draws it: `spaceAfter`), where neither that run nor right-to-left letters past it carry it.
 * finishLine and lendSpace ask the same question, so they must not answer it apart.
 */
function drawsNextSpace(own: string, next: MergeableInline, after: MergeableInline | undefined): boolean {
  return /^\s/.test(textOf(next)) && !nextCarries(next, own) && !carriesPastSpace(next, after, own);
}

/** What makes an inline more than glyphs at a place (an annotation, a destination, a line drawn under it): it does not move. */
const KEEPS_ITS_TEXT = ['link', 'linkToDestination', 'linkToPage', 'pageReference', '_pageNodeRef', 'id', 'decoration', 'background'] as const;

/**
 * A right-to-left run of letters whose space after it starts the next run, in another style (the
 * bold «تاریخ:» before a date's digits, a speaker's name or role before ` (` or ` · `), with no
 * right-to-left letters after that space to carry it. pdf.js keeps a space only inside a text item
 * (one per run): the run's first glyph drawn carried "<" and the space, and PDFBox showed that "<"
 * mirrored, as ">". Instead the run draws its own font's space first, blank, over the place of the
 * next run's space (its last glyph drawn: a right-to-left run's first character is its rightmost),
 * and starts that much earlier: copy-text.ts draws that space as the reserved `lt` and space glyphs,
 * which pdf.js reads as "<" and a space and PDFBox as a space alone; `lt` ends exactly where the
 * run's first glyph starts, so pdf.js weighs no gap there (a gap would end its item after the "<" or
 * lose the space). The next run keeps its space: PDFBox, which reads the line's runs in content
 * order, still finds it between them, and the text viewers read from ActualText stays as it was.
 * Both glyphs are blank: the page does not change. Returns the run's glyphs as they were, or
 * nothing where the space stays with the next run.
 */
function lendSpace(run: MergeableInline, next: MergeableInline, after: MergeableInline | undefined): ShapedRun | undefined {
  const own = textOf(run);
  const space = textOf(next)[0];
  if (space !== ' ' && space !== '\u00a0') return undefined;
  if (!isRtlLevel(run.bidiLevel as number) || !isRtlLevel(next.bidiLevel as number) || !RTL_LETTER.test(own) || /\s$/.test(own)) return undefined;
  if (!drawsNextSpace(own, next, after)) return undefined;
  if (!run.structure || !next.structure || !hasReservedCodes(run.font)) return undefined;
  if (KEEPS_ITS_TEXT.some((k) => run[k] != null)) return undefined;
  const shapedNext = shapedOf(next.fontFeatures) ?? shapeInline(next);
  const last = shapedNext.glyphs.length - 1;
  const drawn = shapedNext.glyphs[last];
  if (!drawn || drawn.codePoints.length !== 1 || drawn.codePoints[0] !== space.codePointAt(0)) return undefined;
  const blank = shapeInline({ ...run, text: space });
  if (blank.glyphs.length !== 1) return undefined;
  const shaped = shapedOf(run.fontFeatures) ?? shapeInline(run);
  // Where the next run draws its space: from the end of its glyphs before it.
  const spaceLeft = next.x + (shapedNext.advanceWidth - shapedNext.positions[last]!.xAdvance) * (next.fontSize / 1000);
  const width = blank.positions[0]!.xAdvance * (run.fontSize / 1000);
  // Only where this run's space fits in that place (over nothing of the next run but its space).
  if (!(width > 0) || run.x - width < spaceLeft - 1e-6) return undefined;
  run.fontFeatures = carryShaped(run.fontFeatures, {
    glyphs: [blank.glyphs[0]!, ...shaped.glyphs],
    positions: [{ ...blank.positions[0]! }, ...shaped.positions],
    advanceWidth: shaped.advanceWidth + blank.positions[0]!.xAdvance,
  });
  run.x -= width;
  run.width += width;
  return shaped;
}

/**
 * PDFBox (Tika) joins the glyphs of a line into words in content order and reorders each word with
 * java.text.Bidi; it starts a new word only where a glyph starts right of where the last one ended
 * (by more than a fraction of a space) and that one's text does not end in a space. Runs are drawn
 * in logical order (for pdf.js), each left of the one before on a right-to-left line, so a line
 * mixing Persian with Latin or digits was one word, and its reordering put the runs last first.
 * A run followed by one that starts left of its end draws, after its last glyph, the reserved
 * blank read as a space (no width) one space further right: PDFBox starts a new word there, and
 * each run comes back reordered on its own, in logical order. Where the run's last glyph reads as a
 * space, the reserved blank read as a tab goes first, at its end, so that the glyph before the
 * break does not end in a space; then the space blank once more where the run ends (for poppler,
 * below). pdf.js passes them over (white space, where it weighs no gap); PDFium, poppler and MuPDF
 * read the run's ActualText instead (PDFium adds no space of its own after a glyph that reads as a
 * space; MuPDF pairs a few glyphs more with it, which read as white space). All are blank and of no
 * width: the page does not change.
 */
function breakWordAfter(run: MergeableInline, next: MergeableInline): void {
  if (!hasReservedCodes(run.font)) return;
  const shaped = shapedOf(run.fontFeatures);
  if (!shaped || shaped.glyphs.length === 0) return;
  const scale = run.fontSize / 1000;
  const end = run.x + shaped.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale;
  if (!(next.x < end - 0.01)) return;
  const font = run.font as EmbeddedFontLike;
  const gap = font.widths[RESERVED_CODES.lt]!;
  const glyphs = shaped.glyphs.slice();
  const positions = shaped.positions.slice();
  const last = glyphs[glyphs.length - 1] as ShapedRun['glyphs'][number] & { code?: number };
  if (/\s$/u.test(String.fromCodePoint(...last.codePoints)) || last.code === RESERVED_CODES.space) {
    glyphs.push(reservedBlank(font, 'tab'));
    positions.push({ ...NOTHING });
  }
  const k = positions.length - 1;
  positions[k] = { ...positions[k]!, xAdvance: positions[k]!.xAdvance + gap };
  glyphs.push(reservedBlank(font, 'space'));
  positions.push({ ...NOTHING, xAdvance: -gap });
  breaks.set(run, glyphs.length - 1);
  // And the same blank again where the run ends: poppler places the run's ActualText over the box
  // from its first glyph to its last, which the break alone stretched a space to the right, and a
  // character then fell out of a number («۱۹۲۹۲۲(» copied as «)۱۹۲۹۲»). PDFBox reads it as one more
  // space of the next word; pdf.js passes white space over.
  glyphs.push(reservedBlank(font, 'space'));
  positions.push({ ...NOTHING });
  run.fontFeatures = carryShaped(run.fontFeatures, { glyphs, positions, advanceWidth: shaped.advanceWidth });
}

/** A run's text in logical order. */
function textOf(run: MergeableInline | undefined): string {
  return String(run?.logicalText ?? run?.text ?? '');
}

/** A left-to-right run's text as its glyphs say (what a viewer reads from it without ActualText). */
function shapedText(run: ShapedRun): string {
  return run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
}

/** An inline's glyphs as pdfkit will ask the font for them when it draws the inline (the cached run: read only). */
function shapeInline(inline: MergeableInline): ShapedRun {
  const font = inline.font as EmbeddedFontLike;
  const text = inline.text.replace(/\n/g, '');
  const dir = directionOf(inline.fontFeatures);
  return dir ? cachedRun(font, text, inline.fontFeatures as string[], dir) : (font.layout(text, inline.fontFeatures) as ShapedRun);
}

const caches = new WeakMap<object, Map<string, ShapedRun>>();

/** pdfkit's own cache is keyed by text alone; one word shaped in two directions must not collide. */
function cachedRun(font: EmbeddedFontLike, text: string, features: readonly string[], dir: Direction): ShapedRun {
  let cache = caches.get(font);
  if (!cache) caches.set(font, (cache = new Map()));
  const key = wordKey(text, features, dir);
  let run = cache.get(key);
  if (!run) cache.set(key, (run = shapeWord(font.font, text, features, dir)));
  return run;
}

/** Routes directed layouts (see shaping.ts) through `shapeWord` (shaped-words.ts: `shapeRun`, replayed per thread), cached by direction and features per font object (document). */
function patchEmbeddedFont(font: EmbeddedFontLike & Record<symbol, boolean>, tagged: boolean): void {
  font[INSTALLED] = true;
  if (tagged) {
    reserveCodes(font);
    withLength1(font);
  }
  type Layout = (this: EmbeddedFontLike, text: string, features?: unknown, onlyWidth?: boolean) => unknown;
  hookObject<Layout>('rtl-hooks.ts', 'pdfkit EmbeddedFont', font, '#layout', (layout) =>
    function (text, features, onlyWidth) {
      // A merged inline's glyphs are made for its one text object and read only by pdfkit: no copy.
      const shaped = shapedOf(features);
      if (shaped) return shaped;
      const dir = directionOf(features);
      if (!dir) return layout.call(this, text, features, onlyWidth);
      return copyRun(cachedRun(this, text, features as string[], dir));
    },
  );
  // pdfkit gives each glyph one code and one ToUnicode text (its first use). A glyph drawn with other
  // copy text (copy-text.ts: a reversed ligature, a bracket as typed) gets a code of its own: the
  // same glyph once more in the subset font.
  const codes = new Map<number, Map<string, number>>();
  type Encode = (this: EmbeddedFontLike, text: string, features?: unknown) => [string[], unknown[]];
  hookObject<Encode>('rtl-hooks.ts', 'pdfkit EmbeddedFont', font, '#encode', () =>
    function (text, features) {
      const { glyphs, positions } = this.layout(text, features) as ShapedRun;
      const encoded = glyphs.map((glyph: ShapedRun['glyphs'][number] & { code?: number; blank?: boolean }) => {
        if (glyph.code !== undefined) return `0000${glyph.code.toString(16)}`.slice(-4);
        // A blank glyph carrying a mark (copy-text.ts): the font's blank glyph of no width.
        const id = glyph.blank ? blankGlyphs.get(font)! : glyph.id;
        const key = glyph.codePoints.join(',');
        let byText = codes.get(id);
        let gid = byText?.get(key);
        if (gid === undefined) {
          if (!byText) codes.set(id, (byText = new Map()));
          gid = byText.size === 0 ? this.subset.includeGlyph(id) : this.subset.glyphs.push(id) - 1;
          byText.set(key, gid);
          this.widths[gid] ??= glyph.advanceWidth * this.scale;
          this.unicode[gid] ??= glyph.codePoints;
        }
        return `0000${gid.toString(16)}`.slice(-4);
      });
      // `lt` draws the space glyph for a no-break space too: where the two differ in width, pdfkit
      // moves the next glyph by the difference.
      const ltWidth = this.widths[RESERVED_CODES.lt];
      const placed = positions.map((p, i) => ((glyphs[i] as { code?: number }).code === RESERVED_CODES.lt && p.advanceWidth !== ltWidth ? { ...p, advanceWidth: ltWidth } : p));
      return [encoded, placed];
    },
  );
}

const RESERVED = Symbol('briefing.rtl.reserved');
/** Of a font with RESERVED: the id of its blank glyph of no width. */
const blankGlyphs = new WeakMap<object, number>();

/**
 * Keeps the codes of RESERVED_CODES (copy-text.ts) in the font before any glyph of the document
 * takes them: `lt` the space glyph with no text in the ToUnicode map, `space` the font's blank
 * glyph of no width (its ZWNJ glyph) read as a space; the codes below them hold that blank glyph,
 * unused (`tab` is read as a tab once drawn, see breakWordAfter). The blank glyph also carries the
 * mark of a letter drawn with it as one glyph (copy-text.ts).
 */
function reserveCodes(font: EmbeddedFontLike & Record<symbol, boolean>): void {
  const blank = font.font.glyphForCodePoint?.(0x200c);
  const space = font.font.glyphForCodePoint?.(0x20);
  const highest = Math.max(...Object.values(RESERVED_CODES));
  if (!blank || !space || blank.id === 0 || space.id === 0 || blank.advanceWidth !== 0 || font.subset.glyphs.length > Math.min(...Object.values(RESERVED_CODES))) return;
  while (font.subset.glyphs.length <= highest) {
    const code = font.subset.glyphs.length;
    const glyph = code === RESERVED_CODES.lt ? space : blank;
    font.subset.glyphs.push(glyph.id);
    font.widths[code] = glyph.advanceWidth * font.scale;
    font.unicode[code] = code === RESERVED_CODES.space ? [0x20] : [];
  }
  font[RESERVED] = true;
  blankGlyphs.set(font, blank.id);
}

/**
 * The embedded TrueType program's stream gets `/Length1`, its length before compression, which
 * ISO 32000-1 Table 127 asks of FontFile2 and PDF/A checkers look for (pdfkit writes none): it is the
 * first stream pdfkit's EmbeddedFont#embed makes without a dictionary, and ends with the program.
 */
function withLength1(font: EmbeddedFontLike & Record<symbol, boolean>): void {
  type Ref = { data: Record<string, unknown>; end(chunk?: unknown): unknown };
  type Kit = { document: { ref(data?: unknown): Ref } };
  hookObject<(this: Kit) => unknown>('rtl-hooks.ts', 'pdfkit EmbeddedFont', font, '#embed', (embed) =>
    function () {
      let first = true;
      const ref = (original: Kit['document']['ref']) =>
        function (this: Kit['document'], data?: unknown) {
          const made = original.call(this, data);
          if (first && data === undefined) {
            first = false;
            hookObject<Ref['end']>('rtl-hooks.ts', 'pdfkit PDFReference', made, '#end', (end) =>
              function (this: Ref, chunk?: unknown) {
                if (chunk instanceof Uint8Array) made.data.Length1 = chunk.length;
                return end.call(this, chunk);
              },
            );
          }
          return made;
        };
      return during('rtl-hooks.ts', 'pdfkit', this.document, { '#ref': ref }, () => embed.call(this));
    },
  );
}

/** Whether copy texts may draw RESERVED_CODES in this font. */
function hasReservedCodes(font: unknown): boolean {
  return typeof font === 'object' && font !== null && (font as Record<symbol, boolean>)[RESERVED] === true;
}

/**
 * pdfmake measures a word's pieces between soft hyphens apart (they are break opportunities): on a
 * line they become one word again, shaped whole, so that kerning and ligatures across a break
 * opportunity are kept, and the words after it stand where they would without soft hyphens.
 */
function joinWordPieces(line: PdfmakeLine): void {
  const inlines = line.inlines;
  for (let i = inlines.length - 2; i >= 0; i--) {
    const a = inlines[i]!;
    const b = inlines[i + 1]!;
    if (!a.text.endsWith(SHY) || !drawnAlike(a as unknown as MergeableInline, b as unknown as MergeableInline, PAGE_REFERENCE)) continue;
    const text = a.text + b.text;
    const width = widthOf(a, text);
    const logicalText = textOf(a as unknown as MergeableInline) + textOf(b as unknown as MergeableInline);
    line.inlineWidths += width - a.width - b.width;
    inlines.splice(i, 2, { ...a, text, width, trailingCut: b.trailingCut, logicalText } as PdfmakeInline);
  }
}

/** A hyphen's width in an inline's font, size and spacing. */
function hyphenWidth(inline: PdfmakeInline): number {
  return widthOf(inline, HYPHEN);
}

/** The width of `text` in an inline's look, as pdfmake measures words (TextInlines#widthOfText, which is not static). */
function widthOf(inline: PdfmakeInline, text: string): number {
  const font = inline.font as { widthOfString(text: string, size: number, features?: unknown): number };
  return font.widthOfString(text, inline.fontSize ?? 0, inline.fontFeatures) + (inline.characterSpacing ?? 0) * (text.length - 1);
}

/** Copies: pdfkit adjusts positions of what it gets back when it spaces words. */
function copyRun(run: ShapedRun): ShapedRun {
  return { glyphs: [...run.glyphs], positions: run.positions.map((p) => ({ ...p })), advanceWidth: run.advanceWidth };
}
