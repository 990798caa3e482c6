/**
 * Every member of pdfmake and pdfkit the PDF writer reaches past their public API, declared once.
 *
 * The installers replace members only through `hook` (a member of a shared class), `hookObject`
 * (one document or font, for good) and `during` (one object, for one call), and those refuse a
 * member not declared here for that file. The version guard (guard.ts) checks every entry against
 * the installed pdfmake and pdfkit. So nothing is hooked that the guard does not check.
 *
 * Several wrappers on one member stack in the order of their entries here, the first innermost
 * (nearest pdfmake's own code): `hook` refuses a wrapper installed out of that order.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where a member lives: one of pdfmake's compiled modules, or pdfkit's classes. */
export type Owner =
  | 'pdfmake/js/TextInlines.js'
  | 'pdfmake/js/ElementWriter.js'
  | 'pdfmake/js/Line.js'
  | 'pdfmake/js/PDFDocument.js'
  | 'pdfmake/js/StyleContextStack.js'
  | 'pdfmake/js/LayoutBuilder.js'
  | 'pdfmake/js/DocumentContext.js'
  | 'pdfmake/js/DocMeasure.js'
  | 'pdfmake/js/DocPreprocessor.js'
  | 'pdfmake/js/Printer.js'
  | 'pdfmake/js/TextDecorator.js'
  | 'pdfmake/js/Renderer.js'
  | 'pdfmake/js/standardPageSizes.js'
  /** pdfmake's server entry: its default export is the shared instance (of a class it does not export). */
  | 'pdfmake/js/index.js'
  /** pdfkit's PDFDocument, the class pdfmake's PDFDocument extends. */
  | 'pdfkit'
  /** A pdfkit document made with a PDF/A `subset`: pdfkit mixes the PDF/A members into the object. */
  | 'pdfkit PDF/A document'
  /** pdfkit's indirect object (`doc.ref()`), as a stream. */
  | 'pdfkit PDFReference'
  /** pdfkit's font class for font files (not exported: reached through a font a document opens). */
  | 'pdfkit EmbeddedFont'
  /** The fontkit font an EmbeddedFont holds (`font`), in the version pdfkit brings. */
  | 'fontkit font';

/** The files of this folder that hook or call. */
export type HookFile = 'scope.ts' | 'rtl-hooks.ts' | 'tagged.ts' | 'styles.ts' | 'conformance.ts' | 'page-numbers.ts' | 'measure-cache.ts' | 'break-planner.ts' | 'last-page.ts' | 'page-sizes.ts' | 'instance.ts' | 'shaped-words.ts';

/**
 * - wrap: replaced by a function that calls the original (for documents not ours: always);
 * - replace: replaced, the original not called;
 * - call: called by a hook;
 * - route: not touched, but pdfkit reaches a hooked member only through it;
 * - field: a property that is not a method, read or written (not checked when it lives on instances).
 */
export type Kind = 'wrap' | 'replace' | 'call' | 'route' | 'field';

export interface Hooked {
  owner: Owner;
  /** `#name`: on the prototype (or, for an object owner, the object); `.name`: on the class or module export itself; `name`: a field of instances. */
  member: string;
  kind: Kind;
  by: HookFile;
  why: string;
  /** The parameters pdfmake's or pdfkit's function declares (`length`), where a hook depends on them. */
  arity?: number;
  /** A wrap or replace on one object (a document, a font) rather than on the shared class. */
  perObject?: true;
}

export const REGISTRY: readonly Hooked[] = [
  // pdfmake: the writer's own instance (instance.ts)
  { owner: 'pdfmake/js/index.js', member: 'constructor', kind: 'field', by: 'instance.ts', why: "pdfmake's class, to make an instance of the writer's own beside the shared one a host configures" },
  { owner: 'pdfmake/js/index.js', member: 'virtualfs', kind: 'field', by: 'instance.ts', why: 'replaced by an empty one of the same class: a host\'s files there are not ours' },
  // pdfmake: laying out
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '#layoutDocument', kind: 'wrap', by: 'scope.ts', arity: 9, why: 'records the pdfkit document (2nd argument) of prepared content as ours, and which document is being laid out' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '#layoutDocument', kind: 'wrap', by: 'measure-cache.ts', why: "lets go of the words kept for later passes when the layout is done" },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '#layoutDocument', kind: 'wrap', by: 'break-planner.ts', arity: 9, why: "reads the document's pageBreakBefore function (9th argument) for the rules it carries, and plans breaks for that call" },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '#processNode', kind: 'wrap', by: 'break-planner.ts', arity: 1, why: 'asks the break rules about a text node just before pdfmake places it; counts layout passes' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '#buildNextLine', kind: 'call', by: 'break-planner.ts', arity: 1, why: "breaks a copy of a node's words into lines, to know where they would fall" },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: 'linearNodeList', kind: 'field', by: 'break-planner.ts', why: 'the nodes placed so far (what getPreviousNodesOnPage reads); empty at the start of a pass' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: 'writer', kind: 'field', by: 'break-planner.ts', why: "its context() (position, room left, margins) and transactionLevel (inside an unbreakable block)" },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: 'docMeasure', kind: 'field', by: 'measure-cache.ts', why: 'the key of the words kept during one layout' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '_bottomByPage', kind: 'field', by: 'break-planner.ts', why: 'on a table node: deleted at each pass, or a quote keeps the box of a discarded pass' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: '_breaksBySpan', kind: 'field', by: 'break-planner.ts', why: 'on a table node: deleted at each pass, as _bottomByPage' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: 'linearNodeList', kind: 'field', by: 'last-page.ts', why: "the nodes of the layout just made, in order: which breaks come after a moved block (their pageBreak, pageBreakCalculated)" },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: 'pageBreakCalculated', kind: 'field', by: 'last-page.ts', why: 'on a node: pdfmake asked its pageBreakBefore hook about it; cleared after a moved block so the hook is asked again' },
  { owner: 'pdfmake/js/LayoutBuilder.js', member: 'writer', kind: 'field', by: 'last-page.ts', why: 'its context() page and y as a node is about to be placed, and transactionLevel (inside an unbreakable block)' },
  { owner: 'pdfmake/js/DocumentContext.js', member: 'pages', kind: 'field', by: 'last-page.ts', why: "layoutDocument's result: each page's items (lines with y and getHeight(), images with _height, rects, rules), pageSize and pageMargins, for how full the last pages are" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_height', kind: 'field', by: 'last-page.ts', why: "an image's drawn height, for the foot of a page's content" },
  { owner: 'pdfmake/js/Line.js', member: '#getHeight', kind: 'call', by: 'last-page.ts', arity: 0, why: "a laid-out line's height, for the foot of a page's content" },
  { owner: 'pdfmake/js/DocPreprocessor.js', member: '#preprocessDocument', kind: 'wrap', by: 'measure-cache.ts', arity: 1, why: 'gives back the first pass\'s preprocessed tree when its measures hold' },
  { owner: 'pdfmake/js/DocMeasure.js', member: '#measureLeaf', kind: 'wrap', by: 'measure-cache.ts', arity: 1, why: "a text node's words measured once per document, copies on later passes" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '#measureDocument', kind: 'wrap', by: 'measure-cache.ts', arity: 1, why: 'skips measuring a document whose every text node came from the cache' },
  { owner: 'pdfmake/js/DocMeasure.js', member: 'styleStack', kind: 'field', by: 'measure-cache.ts', why: 'cloned for a page reference, and set back to measure it again later' },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_inlines', kind: 'field', by: 'measure-cache.ts', why: "a text node's measured words (also _minWidth, _maxWidth); read by break-planner.ts" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_margin', kind: 'field', by: 'break-planner.ts', why: "a node's resolved margins, where its first line would go" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_minWidth', kind: 'field', by: 'measure-cache.ts', why: "a measured node's narrowest width, written back with a cached node's words" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_maxWidth', kind: 'field', by: 'measure-cache.ts', why: "a measured node's widest width, written back with a cached node's words" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_pageRef', kind: 'field', by: 'measure-cache.ts', why: 'a page reference: such a node is measured again on every pass' },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_tocItemRef', kind: 'field', by: 'measure-cache.ts', why: 'a table-of-contents entry: measured again on every pass, as _pageRef' },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_width', kind: 'field', by: 'tagged.ts', why: "an image's drawn width, for its Figure's BBox (also _height)" },
  { owner: 'pdfmake/js/DocMeasure.js', member: '_height', kind: 'field', by: 'tagged.ts', why: "an image's drawn height, for its Figure's BBox" },
  // pdfmake: text
  { owner: 'pdfmake/js/TextInlines.js', member: '#measure', kind: 'wrap', by: 'rtl-hooks.ts', arity: 2, why: "sets each prepared inline's fontFeatures (carrying its direction) and default alignment before pdfmake measures it" },
  { owner: 'pdfmake/js/TextInlines.js', member: '#measure', kind: 'wrap', by: 'tagged.ts', arity: 2, why: "copies a text node's structure onto its inlines and records its text" },
  { owner: 'pdfmake/js/TextInlines.js', member: '#measure', kind: 'wrap', by: 'styles.ts', arity: 2, why: "outermost: the style lookups of one node's words (the other wrappers' too) are cached while it runs" },
  { owner: 'pdfmake/js/TextInlines.js', member: '#buildInlines', kind: 'wrap', by: 'rtl-hooks.ts', arity: 2, why: "a textReference to a prepared node becomes that node's runs (else '[object Object]')" },
  { owner: 'pdfmake/js/TextInlines.js', member: 'pdfDocument', kind: 'field', by: 'rtl-hooks.ts', why: 'which document is measured (ours or not); tagged.ts and styles.ts read it too' },
  { owner: 'pdfmake/js/TextInlines.js', member: '_textRef', kind: 'field', by: 'rtl-hooks.ts', why: "a piece's textReference, resolved by pdfmake: _textRef._textNodeRef.text" },
  { owner: 'pdfmake/js/TextInlines.js', member: '_textNodeRef', kind: 'field', by: 'rtl-hooks.ts', why: "the text node a textReference points at (_textRef._textNodeRef.text)" },
  { owner: 'pdfmake/js/StyleContextStack.js', member: '.getStyleProperty', kind: 'call', by: 'rtl-hooks.ts', arity: 4, why: "an inline's fontFeatures and alignment as its styles give them" },
  { owner: 'pdfmake/js/StyleContextStack.js', member: '.getStyleProperty', kind: 'call', by: 'tagged.ts', arity: 4, why: "the text node's structure (on top of the stack)" },
  { owner: 'pdfmake/js/StyleContextStack.js', member: '.getStyleProperty', kind: 'wrap', by: 'styles.ts', arity: 4, why: 'the same answers without allocating, while our documents are laid out' },
  { owner: 'pdfmake/js/StyleContextStack.js', member: 'styleOverrides', kind: 'field', by: 'styles.ts', why: 'the stack read as pdfmake reads it (styleDictionary, defaultStyle too); tagged.ts reads the top entry' },
  { owner: 'pdfmake/js/ElementWriter.js', member: '#alignLine', kind: 'wrap', by: 'rtl-hooks.ts', arity: 1, why: "a prepared line is reordered and aligned later, in the final layout" },
  { owner: 'pdfmake/js/ElementWriter.js', member: '#addFragment', kind: 'wrap', by: 'rtl-hooks.ts', arity: 4, why: "an unbreakable block's lines are placed before they are copied with their x" },
  { owner: 'pdfmake/js/ElementWriter.js', member: '#context', kind: 'call', by: 'rtl-hooks.ts', arity: 0, why: 'the width a line was laid out in' },
  { owner: 'pdfmake/js/Line.js', member: '#getWidth', kind: 'call', by: 'rtl-hooks.ts', arity: 0, why: "a reordered line's width, to align it" },
  { owner: 'pdfmake/js/Line.js', member: '#hasEnoughSpaceForInline', kind: 'wrap', by: 'rtl-hooks.ts', arity: 1, why: "a word's piece before a soft hyphen fits only with the hyphen drawn after it at a line's end" },
  { owner: 'pdfmake/js/Line.js', member: 'inlineWidths', kind: 'field', by: 'rtl-hooks.ts', why: "a line's width grows by the hyphen drawn where it ends at a soft hyphen" },
  { owner: 'pdfmake/js/Line.js', member: 'lastLineInParagraph', kind: 'field', by: 'rtl-hooks.ts', why: 'no hyphen at the end of a paragraph' },
  { owner: 'pdfmake/js/Line.js', member: '_pageNodeRef', kind: 'field', by: 'page-numbers.ts', why: "a page reference's target (on lines and inlines), replaced by one that prints the briefing's digits; rtl-hooks.ts keeps such words unmerged" },
  // pdfmake: the document and drawing
  { owner: 'pdfmake/js/PDFDocument.js', member: '#provideFont', kind: 'wrap', by: 'rtl-hooks.ts', arity: 3, why: "each font our documents open gets its layout, encode and embed hooked (that object only)" },
  { owner: 'pdfmake/js/PDFDocument.js', member: '#getFontType', kind: 'call', by: 'rtl-hooks.ts', arity: 2, why: "the face's key, to find the font file's path in `fonts`" },
  { owner: 'pdfmake/js/PDFDocument.js', member: 'fonts', kind: 'field', by: 'rtl-hooks.ts', why: 'the font files by family and face: a fontkit font is shared per file' },
  { owner: 'pdfmake/js/PDFDocument.js', member: '#file', kind: 'wrap', by: 'conformance.ts', arity: 1, why: "an embedded file's /CheckSum written as the 16 bytes of its MD5 (on pdfmake's subclass: it embeds while creating the document)" },
  { owner: 'pdfmake/js/Printer.js', member: '#createPdfKitDocument', kind: 'wrap', by: 'conformance.ts', arity: 1, why: 'where the definition and the pdfkit document meet: the conformance hooks go on that document' },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderPages', kind: 'wrap', by: 'rtl-hooks.ts', arity: 1, why: "lines finished (merged, copy texts) page by page as they are drawn; drawn pages let go" },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderPages', kind: 'wrap', by: 'tagged.ts', arity: 1, why: 'the structure tree built before anything is drawn' },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderLine', kind: 'wrap', by: 'tagged.ts', arity: 3, why: 'marked content per line (per run for links and spans), artifacts for page furniture' },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderLine', kind: 'wrap', by: 'page-numbers.ts', arity: 3, why: "a page reference printed in the briefing's digits" },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderVector', kind: 'wrap', by: 'tagged.ts', arity: 1, why: 'rules and fills are Layout artifacts' },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderImage', kind: 'wrap', by: 'tagged.ts', arity: 1, why: 'an image with structure is a Figure, any other an artifact (reads _width, _height)' },
  { owner: 'pdfmake/js/Renderer.js', member: '#renderSVG', kind: 'wrap', by: 'tagged.ts', arity: 1, why: 'SVG is a Layout artifact' },
  { owner: 'pdfmake/js/Renderer.js', member: 'pdfDocument', kind: 'field', by: 'tagged.ts', why: 'the pdfkit document being drawn (rtl-hooks.ts too)' },
  { owner: 'pdfmake/js/TextDecorator.js', member: '#drawBackground', kind: 'wrap', by: 'tagged.ts', arity: 3, why: 'backgrounds outside marked content, as artifacts' },
  { owner: 'pdfmake/js/TextDecorator.js', member: '#drawDecorations', kind: 'wrap', by: 'tagged.ts', arity: 3, why: 'decorations outside marked content, as artifacts' },
  { owner: 'pdfmake/js/standardPageSizes.js', member: '.A4', kind: 'field', by: 'page-sizes.ts', why: "pdfmake's page sizes by name, for the theme's check and balanced titles" },
  // pdfkit
  { owner: 'pdfkit', member: '#addPage', kind: 'wrap', by: 'rtl-hooks.ts', perObject: true, why: "for one renderPages call: the page before is let go, this page's lines finished, as pdfmake adds it" },
  { owner: 'pdfkit', member: '#text', kind: 'wrap', by: 'tagged.ts', perObject: true, why: "for one renderLine call: each word's marked content (Link, Span, ActualText)" },
  { owner: 'pdfkit', member: '#link', kind: 'wrap', by: 'tagged.ts', perObject: true, why: "for one renderLine call: the annotation's Contents is the link's text" },
  { owner: 'pdfkit', member: '#goTo', kind: 'wrap', by: 'tagged.ts', perObject: true, why: 'for one renderLine call: an internal link described and owned by its Link element' },
  { owner: 'pdfkit', member: '#fill', kind: 'wrap', by: 'tagged.ts', perObject: true, why: "for one renderLine call: pdfmake's fill(color) sets the colour without an `f` outside marked content" },
  { owner: 'pdfkit', member: '#addContent', kind: 'wrap', by: 'tagged.ts', perObject: true, arity: 1, why: 'for one text call: marked content opened right after BT and closed before ET' },
  { owner: 'pdfkit', member: '#ref', kind: 'wrap', by: 'conformance.ts', perObject: true, arity: 1, why: "for one file call: the embedded file's /CheckSum as bytes" },
  { owner: 'pdfkit', member: '#ref', kind: 'wrap', by: 'rtl-hooks.ts', perObject: true, arity: 1, why: "for one embed call: the font program's stream gets /Length1" },
  { owner: 'pdfkit', member: '#endMetadata', kind: 'replace', by: 'conformance.ts', perObject: true, arity: 0, why: 'the one XMP packet with both identifiers' },
  { owner: 'pdfkit', member: '#endOutline', kind: 'wrap', by: 'conformance.ts', perObject: true, arity: 0, why: '/Count on the outline (reads outline.children, outlineData, options.expanded)' },
  { owner: 'pdfkit', member: '#struct', kind: 'call', by: 'tagged.ts', why: 'structure elements' },
  { owner: 'pdfkit', member: '#addStructure', kind: 'call', by: 'tagged.ts', why: 'the tree root' },
  { owner: 'pdfkit', member: '#markStructureContent', kind: 'call', by: 'tagged.ts', why: 'marked content of an element' },
  { owner: 'pdfkit', member: '#markContent', kind: 'call', by: 'tagged.ts', why: 'artifacts and ActualText spans' },
  { owner: 'pdfkit', member: '#endMarkedContent', kind: 'call', by: 'tagged.ts', arity: 0, why: 'ends them' },
  { owner: 'pdfkit', member: '#fillColor', kind: 'call', by: 'tagged.ts', why: 'the colour fill(color) sets' },
  { owner: 'pdfkit', member: '_currentStructureElement', kind: 'field', by: 'tagged.ts', why: 'set to a Link element so pdfkit attaches the link annotation to it' },
  { owner: 'pdfkit', member: 'options', kind: 'field', by: 'tagged.ts', why: 'tagged and lang (rtl-hooks.ts reads tagged, conformance.ts lang)' },
  { owner: 'pdfkit', member: 'page', kind: 'field', by: 'tagged.ts', why: 'the page drawn now and its height, for BBox' },
  { owner: 'pdfkit', member: 'info', kind: 'field', by: 'conformance.ts', why: 'the Info dictionary the XMP repeats (also subset, subset_conformance, outline, _root)' },
  { owner: 'pdfkit', member: 'subset_conformance', kind: 'field', by: 'conformance.ts', why: 'the PDF/A level (A, B), for the XMP packet; set only on a PDF/A document' },
  { owner: 'pdfkit', member: '_root', kind: 'field', by: 'conformance.ts', why: "the catalog: the XMP packet goes in its /Metadata" },
  { owner: 'pdfkit', member: 'outlineData', kind: 'field', by: 'conformance.ts', why: "an outline item's dictionary, where /Count goes" },
  { owner: 'pdfkit PDF/A document', member: '#_addPdfaMetadata', kind: 'replace', by: 'conformance.ts', perObject: true, arity: 0, why: "pdfkit's own XMP for PDF/A (one identifier, values not escaped) is not written" },
  { owner: 'pdfkit EmbeddedFont', member: '#layout', kind: 'wrap', by: 'rtl-hooks.ts', perObject: true, arity: 3, why: 'a directed inline shaped in its bidi direction, mirrored, ZWNJ kept, cached by direction; merged glyphs given back as they are' },
  { owner: 'pdfkit EmbeddedFont', member: '#layoutCached', kind: 'route', by: 'rtl-hooks.ts', arity: 1, why: "pdfkit measures words through it, and it calls #layout: without it, shaping is skipped without an error" },
  { owner: 'pdfkit EmbeddedFont', member: '#widthOfString', kind: 'call', by: 'rtl-hooks.ts', arity: 3, why: "a hyphen's width, drawn where a line ends at a soft hyphen" },
  { owner: 'pdfkit EmbeddedFont', member: '#encode', kind: 'replace', by: 'rtl-hooks.ts', perObject: true, arity: 2, why: 'a glyph drawn with two copy texts gets two codes' },
  { owner: 'pdfkit EmbeddedFont', member: '#embed', kind: 'wrap', by: 'rtl-hooks.ts', perObject: true, arity: 0, why: 'the font program gets /Length1' },
  { owner: 'pdfkit PDFReference', member: '#end', kind: 'wrap', by: 'rtl-hooks.ts', perObject: true, arity: 1, why: "the font program's stream: /Length1 is the length of the chunk it ends with (reads data)" },
  { owner: 'pdfkit EmbeddedFont', member: 'font', kind: 'field', by: 'rtl-hooks.ts', why: 'the fontkit font, shared per file and thread (also subset, widths, unicode, scale, document)' },
  { owner: 'pdfkit EmbeddedFont', member: 'widths', kind: 'field', by: 'rtl-hooks.ts', why: "each code's advance, written for a glyph our encode gives a code of its own" },
  { owner: 'pdfkit EmbeddedFont', member: 'unicode', kind: 'field', by: 'rtl-hooks.ts', why: "each code's text for ToUnicode, written with it" },
  { owner: 'fontkit font', member: '#createSubset', kind: 'call', by: 'rtl-hooks.ts', arity: 0, why: "a shared font's subset of its own for each document" },
  { owner: 'fontkit font', member: '_glyphs', kind: 'field', by: 'rtl-hooks.ts', why: "fontkit's glyph cache, emptied for each document that shares the font" },
  { owner: 'fontkit font', member: '#getGlyph', kind: 'wrap', by: 'shaped-words.ts', perObject: true, arity: 1, why: 'the glyphs shaping a word asks for, noted so that a later document of the thread replays them instead of shaping the word again' },
];

/** The owners the guard cannot load: checked when the first object of theirs appears (see rtl-hooks.ts). */
export const CHECKED_LATER: readonly Owner[] = ['pdfkit EmbeddedFont', 'fontkit font'];

const require = createRequire(import.meta.url);

/** The `pdfmake/js` folder of the pdfmake this package depends on. */
export function ownPdfmakeDir(): string {
  return dirname(require.resolve('pdfmake/js/index.js'));
}

/**
 * One of pdfmake's compiled modules from `dir` (a `pdfmake/js` folder; default: ours): the very
 * instance that folder's server entry uses, and its default export.
 */
export function pdfmakeModule<T>(owner: Owner, dir = ownPdfmakeDir()): T {
  if (!owner.startsWith('pdfmake/js/')) throw new Error(`${owner} is not a pdfmake module`);
  return (require(join(dir, owner.slice('pdfmake/js/'.length))) as { default: T }).default;
}

/** pdfkit's PDFDocument as the pdfmake in `dir` loads it (the class its PDFDocument extends). */
export function pdfkitClass<T>(dir = ownPdfmakeDir()): T {
  return createRequire(join(dir, 'index.js'))('pdfkit') as T;
}

/** What was installed or replaced, by entry: read by the tests (every entry is used by a real build). */
const used = new Set<Hooked>();
export function usedEntries(): ReadonlySet<Hooked> {
  return used;
}

function entryFor(by: HookFile, owner: Owner, member: string, perObject: boolean): Hooked {
  const entry = REGISTRY.find((e) => e.owner === owner && e.member === member && e.by === by && (e.kind === 'wrap' || e.kind === 'replace'));
  if (!entry) throw new Error(`${by} replaces ${owner} ${member}, which the hook registry (pdf/pdfmake/registry.ts) does not declare for it`);
  if ((entry.perObject === true) !== perObject) throw new Error(`${owner} ${member} is declared ${entry.perObject ? 'per object' : 'on the class'} for ${by}`);
  return entry;
}

function split(member: string): { onPrototype: boolean; key: string } {
  return { onPrototype: member.startsWith('#'), key: member.replace(/^[#.]/, '') };
}

const STACK = Symbol.for('briefing.hooks.stack');
/** On a wrapper `hook` installed: the function it replaced. */
const ORIGINAL = Symbol.for('briefing.hooks.original');

/** pdfmake's or pdfkit's own function under any wrappers `hook` installed on it (the guard checks its arity). */
export function stockOf(fn: Function): Function {
  let f = fn;
  while (typeof (f as { [ORIGINAL]?: unknown })[ORIGINAL] === 'function') f = (f as unknown as { [ORIGINAL]: Function })[ORIGINAL];
  return f;
}

/**
 * Replaces a member of a class shared by every user of that pdfmake copy (`dir`) with
 * `make(original)`; the only way an installer does. Refuses an undeclared member, and a wrapper
 * installed below one its entry comes after.
 */
export function hook<F>(by: HookFile, owner: Owner, member: string, make: (original: F) => F, dir?: string): void {
  const entry = entryFor(by, owner, member, false);
  const cls = (owner === 'pdfkit' ? pdfkitClass(dir) : pdfmakeModule(owner, dir)) as Record<string, unknown> & { prototype: Record<string | symbol, unknown> };
  const { onPrototype, key } = split(member);
  const holder = (onPrototype ? cls.prototype : cls) as Record<string | symbol, unknown>;
  const stack = ((holder[STACK] as Map<string, number> | undefined) ?? new Map<string, number>());
  holder[STACK] = stack;
  const order = REGISTRY.filter((e) => e.owner === owner && e.member === member && (e.kind === 'wrap' || e.kind === 'replace'));
  const at = order.indexOf(entry);
  const below = stack.get(key) ?? -1;
  if (at <= below) throw new Error(`${by}'s wrapper on ${owner} ${member} must be installed before ${order[below]!.by}'s (registry order)`);
  stack.set(key, at);
  const original = holder[key] as F;
  const wrapper = make(original);
  if (typeof wrapper === 'function') Object.defineProperty(wrapper, ORIGINAL, { value: original });
  holder[key] = wrapper;
  used.add(entry);
}

/** Replaces a member of one object (a document, a font) for good with `make(original)`. */
export function hookObject<F>(by: HookFile, owner: Owner, object: object, member: string, make: (original: F) => F): void {
  const entry = entryFor(by, owner, member, true);
  const { key } = split(member);
  const target = object as Record<string, unknown>;
  target[key] = make(target[key] as F);
  used.add(entry);
}

/**
 * Runs `run` with members of `object` replaced (`#name` -> make(original)), then puts the object
 * back as it was (an own property restored, an inherited one uncovered).
 */
export function during<R>(by: HookFile, owner: Owner, object: object, replacements: Record<string, (original: never) => unknown>, run: () => R): R {
  const target = object as Record<string, unknown>;
  const saved = Object.entries(replacements).map(([member, make]) => {
    const entry = entryFor(by, owner, member, true);
    const { key } = split(member);
    const own = Object.prototype.hasOwnProperty.call(target, key);
    const original = target[key];
    target[key] = make(original as never);
    used.add(entry);
    return { key, own, original };
  });
  try {
    return run();
  } finally {
    for (const { key, own, original } of saved.reverse()) {
      if (own) target[key] = original;
      else delete target[key];
    }
  }
}
