/**
 * What a viewer that reads glyphs (not ActualText) copies from a run: the text each drawn glyph
 * stands for, chosen so that pdf.js (Firefox) gives the run back exactly as typed.
 *
 * pdf.js makes one text item per marked-content sequence (the layer draws one per run, in logical
 * order), concatenates the glyphs' ToUnicode text in drawing order, drops white space at the item's
 * ends and format characters (ZWNJ), and reverses an item of right-to-left letters with its own
 * bidi pass, which mirrors nothing. So for a right-to-left run, each glyph carries its text reversed
 * (lam-alef, a ligature of two letters, as alef-lam), mirrored brackets carry the bracket as typed,
 * ZWNJ rides on the glyph drawn after it, and a combining mark (hamza above) is drawn before its
 * letter, so that the reversal puts it after. A space at a run's edge is carried by a glyph's text
 * where pdf.js keeps it: at the end of a left-to-right run, at the start of a right-to-left one.
 *
 * The glyphs stay the same; a glyph carrying other text than its first use gets a code of its own
 * in the font (see `../pdfmake/rtl-hooks.ts`, EmbeddedFont#encode). Viewers that read the ActualText each run
 * also carries (poppler, MuPDF, screen readers) never see these texts.
 */
import { bidi } from './bidi.js';
import type { FontkitGlyph, ShapedRun } from './shaping.js';

export interface CopyEdges {
  /** A space belongs before the run's text (pdf.js can show it only for right-to-left runs). */
  spaceBefore?: boolean;
  /** A space belongs after the run's text (only for left-to-right runs). */
  spaceAfter?: boolean;
  /** The font has the blank glyphs of RESERVED_CODES (../pdfmake/rtl-hooks.ts): an edge space needs no "<". */
  reserved?: boolean;
}

/**
 * Codes the fonts of a tagged document keep for two blank glyphs (../pdfmake/rtl-hooks.ts): `lt`, the space
 * glyph with no text in the ToUnicode map, which PDFBox reads as nothing and pdf.js (falling back
 * to the code itself) as "<", which its bidi drops; `space`, a glyph of no width read as a space.
 * A right-to-left run ending in a space draws that space as `lt` followed by `space`: pdf.js then
 * keeps the space, which it drops at the edge of a text item, and PDFBox reads it once. `tab`, a
 * glyph of no width read as a tab, ends a run before the blank that starts a new PDFBox word after
 * it (../pdfmake/rtl-hooks.ts, breakWordAfter) where the run's last glyph reads as a space.
 */
export const RESERVED_CODES = { lt: 0x3c, space: 0x20, tab: 0x09 } as const;

const ZWNJ = 0x200c;
/** A space's advance (with the gap after it), in thousandths of an em, beyond which pdf.js may end its text item (0.6 em). */
const WIDE_GAP = 550;
/** A gap after a space, in thousandths of an em, beyond which pdf.js puts a space of its own before the next character (0.102 em). */
const SPACE_GAP = 102;
const ZWJ = 0x200d;
const LT = 0x3c;
const SPACE = 0x20;
const MARK = /^\p{Mn}+$/u;
/** pdf.js's test for an item to reverse: letters of right-to-left scripts (its `bidi`, by code point range). */
const RTL_LETTER = /[\u0590-\u05f4\u0608\u060b\u060d\u061b-\u064a\u066d-\u066f\u0671-\u06d5\u06e5\u06e6\u06ee\u06ef\u06fa-\u06ff\u0700-\u08ac\ufb50-\ufdff\ufe70-\ufeff]/u;

/**
 * A glyph with its copy text; `code`, one of RESERVED_CODES, draws that reserved blank glyph;
 * `blank`, the font's blank glyph of no width (its ZWNJ's), with this copy text.
 */
type CopyGlyph = FontkitGlyph & { code?: number; blank?: boolean };
type Position = ShapedRun['positions'][number];

/** A position that moves the pen by nothing. */
export const NOTHING: Position = { xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 0 };

/**
 * The font's blank glyph of no width at a reserved code (RESERVED_CODES): `space` read as a space,
 * `tab` as a tab. The font must map `tab` in its ToUnicode map before drawing it (rtl-hooks.ts).
 */
export function reservedBlankGlyph(kind: 'space' | 'tab'): CopyGlyph {
  return { id: -1, advanceWidth: 0, codePoints: [kind === 'tab' ? 0x09 : SPACE], code: RESERVED_CODES[kind] } as CopyGlyph;
}
/** A space's glyph, which the reserved `lt` can draw (a no-break space is blank too, and as wide in Vazirmatn; rtl-hooks.ts evens out a difference). */
const isSpace = (text: string) => text === ' ' || text === '\u00a0';

/** The run with each glyph's copy text in `codePoints`; the drawing (ids, positions) is unchanged. */
export function copyGlyphs(run: ShapedRun, rtl: boolean, edges: CopyEdges = {}): ShapedRun {
  let glyphs: CopyGlyph[] = run.glyphs.map((g) => ({ id: g.id, advanceWidth: g.advanceWidth, codePoints: g.codePoints.slice() }));
  const textOf = (g: CopyGlyph) => String.fromCodePoint(...g.codePoints);
  let positions = run.positions;
  /** Glyphs not drawn (a ZWNJ whose text went to its neighbour). */
  const dropped = new Set<number>();
  /** Spaces drawn as the reserved `lt` and `space` (see RESERVED_CODES and below). */
  const reservedSpaces = new Set<number>();
  /** The space drawn first that pdf.js must keep at the item's edge (a space after the run). */
  let edgeSpace = -1;
  if (rtl && glyphs.some((g) => g.codePoints.some(isRtlLetter))) {
    // A letter and its combining marks (hamza above) come from fontkit as the letter's glyph then
    // the marks' zero-advance glyphs, with the cluster's code points spread over them in no useful
    // order. pdf.js reads a glyph whose text holds a mark without checking its place, and invents
    // spaces around it when that glyph is the letter. So the letter carries a "<" (pdf.js's bidi
    // drops "<" and ">") and the first mark the whole cluster, letter first, reversed.
    // Text that goes before a glyph's own, applied once every glyph has its own.
    const before = new Map<number, number[]>();
    /** Marks drawn by a letter's own glyph, which a blank glyph carries, drawn just before it. */
    const marksBefore = new Map<number, number[]>();
    for (let i = 0; i < glyphs.length; ) {
      let j = i + 1;
      while (j < glyphs.length && isMark(glyphs[j]!, positions[j]!)) j++;
      // The cluster's characters (brackets as typed), letters first, then marks; reversed.
      const letters: number[] = [];
      const marks: number[] = [];
      for (let k = i; k < j; k++) for (const cp of glyphs[k]!.codePoints) (isMarkChar(cp) ? marks : letters).push(unmirror(cp));
      const reversed = letters.concat(marks).reverse();
      if (j - i > 1) {
        glyphs[i]!.codePoints = [LT];
        glyphs[i + 1]!.codePoints = reversed;
        for (let k = i + 2; k < j; k++) glyphs[k]!.codePoints = [ZWJ];
      } else if (marks.length > 0 && letters.length > 0 && edges.reserved && i > 0 && (isSpace(textOf(glyphs[i - 1]!)) || !/^[\s\p{Cf}]*$/u.test(textOf(glyphs[i - 1]!)))) {
        // One glyph for a letter and its mark (Vazirmatn's "هٔ"): the glyph carries the letter, and
        // a blank glyph of no width drawn just before it the mark. pdf.js takes that blank for a
        // mark (it does not move on) and PDFBox reads it as one, so both read mark then letter,
        // which their reversal turns into letter then mark. Not where the blank would be the
        // first character of pdf.js's item: the letter would then be weighed against the item
        // before, and end this one. A space drawn just before it is drawn with the reserved glyphs
        // (below), which pdf.js reads as a character.
        glyphs[i]!.codePoints = letters.reverse();
        marksBefore.set(i, marks.reverse());
      } else if (j < glyphs.length && marks.length > 0) {
        // Without that blank glyph (a font without the reserved codes), the text goes before that
        // of the glyph drawn next, in the same word; that glyph then reads as a mark, for which
        // pdf.js does not move on, so what follows stays where pdf.js expects it.
        before.set(j, reversed);
        glyphs[i]!.codePoints = [LT];
      } else {
        glyphs[i]!.codePoints = reversed;
      }
      i = j;
    }
    for (const [j, text] of before) glyphs[j]!.codePoints = [...text, ...glyphs[j]!.codePoints];
    if (marksBefore.size > 0) {
      const outGlyphs: CopyGlyph[] = [];
      const outPositions: Position[] = [];
      glyphs.forEach((g, i) => {
        const marks = marksBefore.get(i);
        if (marks) {
          outGlyphs.push({ id: -1, advanceWidth: 0, codePoints: marks, blank: true });
          outPositions.push({ ...NOTHING });
        }
        outGlyphs.push(g);
        outPositions.push(positions[i]!);
      });
      glyphs = outGlyphs;
      positions = outPositions;
    }
    // ZWNJ (a format character, dropped by pdf.js) goes with the glyph drawn after it, and its own
    // glyph (blank, no advance) is not drawn: PDFBox, which reads every glyph, would read it twice.
    glyphs.forEach((g, i) => {
      if (g.codePoints.length !== 1 || g.codePoints[0] !== ZWNJ || g.blank) return;
      if (glyphs[i + 1]) glyphs[i + 1]!.codePoints.unshift(ZWNJ);
      // Drawn last (a line broken before a ZWNJ): on the glyph before, behind a "<" so that its text
      // does not end in a format character (the one "<" PDFBox still reads).
      else if (glyphs[i - 1]) glyphs[i - 1]!.codePoints.push(ZWNJ, LT);
      else return;
      // Drawn first, it is dropped only where nothing moves and no edge space needs its text.
      if (i > 0 || (positions[0]!.xAdvance === 0 && (!edges.spaceAfter || edges.reserved))) dropped.add(i);
    });
    // The reversal puts what is drawn last first: a space before the run rides on the last glyph ...
    if (edges.spaceBefore) appendSpace(glyphs);
    // ... and a space after it goes first: pdf.js drops white space at an item's start, so the
    // reserved "<" and space glyphs come before it (a space between two characters pdf.js keeps);
    // without them, it rides on the first glyph behind a "<" so that pdf.js does not take the glyph
    // for white space (PDFBox reads that "<", as ">": a run drawn next to the space's own run, such
    // as a label in bold before it).
    const first = glyphs.findIndex((_, i) => !dropped.has(i));
    if (edges.spaceAfter && first >= 0) {
      const text = textOf(glyphs[first]!);
      if (edges.reserved && isSpace(text)) reservedSpaces.add((edgeSpace = first));
      else glyphs[first]!.codePoints = /^\s*$/.test(text) ? [LT, SPACE] : [LT, SPACE, ...glyphs[first]!.codePoints];
    }
  } else if (rtl) {
    // Brackets and punctuation only: pdf.js keeps such an item as drawn, so the drawn (visual)
    // order must read as the logical one: each glyph carries the character at its place in logical order.
    const chars = [...glyphs.map(textOf).join('')];
    if (chars.length === glyphs.length) {
      const logical = chars.reverse().map((c) => unmirror(c.codePointAt(0)!));
      glyphs.forEach((g, i) => (g.codePoints = [logical[i]!]));
    }
    if (edges.spaceAfter) appendSpace(glyphs);
  } else if (edges.spaceAfter) {
    appendSpace(glyphs);
  }
  // A space followed by a gap wider than pdf.js takes for one (0.6 em, justified lines) would end
  // pdf.js's text item there, and the pieces come back in drawing order: drawn as the blank space
  // and `lt`, the gap left is only the justification's, and pdf.js reads it as one space. So is
  // a space drawn just before a mark's blank glyph: pdf.js, which puts a space before the next
  // character after a space glyph, then puts it before the mark, where a space glyph of its own and
  // its gap would put a second one between the mark and its letter.
  if (edges.reserved && rtl) {
    glyphs.forEach((g, i) => !g.blank && isSpace(textOf(g)) && ((i > 0 && positions[i]!.xAdvance > WIDE_GAP) || glyphs[i + 1]?.blank) && reservedSpaces.add(i));
  }
  if (dropped.size === 0 && reservedSpaces.size === 0 && glyphs.length === run.glyphs.length) return { glyphs, positions, advanceWidth: run.advanceWidth };
  // A glyph not drawn leaves its advance to the one before it: the others land where they did.
  const outGlyphs: CopyGlyph[] = [];
  const outPositions: Position[] = [];
  const add = ([g, p]: [CopyGlyph, Position]) => (outGlyphs.push(g), outPositions.push(p));
  glyphs.forEach((g, i) => {
    if (dropped.has(i)) {
      const last = outPositions.length - 1;
      if (last >= 0) outPositions[last] = { ...outPositions[last]!, xAdvance: outPositions[last]!.xAdvance + positions[i]!.xAdvance };
      return;
    }
    if (!reservedSpaces.has(i)) {
      add([g, positions[i]!]);
      return;
    }
    // The space drawn as `lt` ("<" to pdf.js) and the blank read as a space, and the gap.
    const p = positions[i]!;
    const own = p.advanceWidth ?? p.xAdvance;
    const lt = (): [CopyGlyph, Position] => [{ ...g, code: RESERVED_CODES.lt }, { ...p, xOffset: 0, yOffset: 0, xAdvance: own }];
    const space = (gap: number): [CopyGlyph, Position] => [reservedBlankGlyph('space'), { ...NOTHING, xAdvance: gap }];
    // A gap still wider than pdf.js allows is filled with more of them (blank; "<" to pdf.js).
    let rest = p.xAdvance - own;
    let fill = 0;
    while (own > 0 && rest > WIDE_GAP) {
      fill++;
      rest -= own;
    }
    if (i !== edgeSpace) {
      // Inside the run (a justified gap, or just before a mark's blank glyph), the blank space goes
      // first and `lt` after it. PDFBox, which reads nothing for `lt` (its test for text drawn twice
      // drops a glyph of no text after the first on a page, wherever it is), sees a space right where the
      // letter before it ends, then a gap, which after a space is no new word; `lt` then the space
      // put the space one space's width further on, where PDFBox started a new word, and such a
      // justified line came back as words each reversed on its own, in drawing order. pdf.js puts
      // its space before the "<" (and, just before a mark's blank glyph, reads nothing between the
      // mark and its letter). The gap goes after the space where pdf.js reads it as that space,
      // else after `lt`, where it is too small to read.
      if (rest > SPACE_GAP) {
        add(space(rest));
        for (let k = 0; k <= fill; k++) add(lt());
      } else {
        add(space(0));
        for (let k = 0; k < fill; k++) add(lt());
        add([{ ...g, code: RESERVED_CODES.lt }, { ...p, xOffset: 0, yOffset: 0, xAdvance: own + rest }]);
      }
    } else {
      add([{ ...g, code: RESERVED_CODES.lt }, { ...p, xAdvance: own }]);
      for (let k = 0; k < fill; k++) add(lt());
      add(space(rest));
    }
  });
  return { glyphs: outGlyphs, positions: outPositions, advanceWidth: run.advanceWidth };
}

/**
 * The run's text for viewers that read ActualText (poppler, MuPDF). They put a right-to-left run
 * in logical order themselves, as they do with glyphs: so it is the glyphs' own text as drawn
 * (what their ToUnicode said before copyGlyphs), with mirrored brackets read as typed.
 */
export function actualText(run: ShapedRun, rtl: boolean): string {
  if (!rtl) return run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
  // Viewers reverse a right-to-left run as a whole. A glyph of several characters (lam-alef, heh with
  // hamza above) is written backwards and a mark drawn as a glyph of its own goes before its letter,
  // so that both come back in logical order: «لا», not «ال»; «استفادهٔ», not «استفادٔه».
  const texts = run.glyphs.map((g) => String.fromCodePoint(...g.codePoints.map(unmirror).reverse()));
  const out: string[] = [];
  let letter = -1;
  for (const t of texts) {
    if (letter >= 0 && /^\p{M}+$/u.test(t)) out.splice(letter, 0, t);
    else {
      letter = out.length;
      out.push(t);
    }
  }
  return out.join('');
}

/** A combining mark's glyph: no advance, and neither ZWNJ nor white space. */
function isMark(g: CopyGlyph, p: { xAdvance: number }): boolean {
  const text = String.fromCodePoint(...g.codePoints);
  return p.xAdvance === 0 && text !== '\u200c' && !/^\s*$/.test(text);
}

const unmirrored = new Map<number, number>();

function unmirror(cp: number): number {
  let out = unmirrored.get(cp);
  if (out === undefined) {
    const mirrored = bidi.getMirroredCharacter(String.fromCodePoint(cp));
    unmirrored.set(cp, (out = mirrored ? mirrored.codePointAt(0)! : cp));
  }
  return out;
}

/** Per code point, the answers of a regular expression that asks about one character (copyGlyphs asks thousands of times a page). */
function charTest(re: RegExp): (cp: number) => boolean {
  const known = new Map<number, boolean>();
  return (cp) => {
    let yes = known.get(cp);
    if (yes === undefined) known.set(cp, (yes = re.test(String.fromCodePoint(cp))));
    return yes;
  };
}
const isRtlLetter = charTest(RTL_LETTER);
/** A nonspacing mark (hamza above, the harakat). */
const isMarkChar = charTest(MARK);

/** A space after the text of the last glyph drawn that pdf.js reads as a character (not a space, mark or format character). */
function appendSpace(glyphs: CopyGlyph[]): void {
  for (let i = glyphs.length - 1; i >= 0; i--) {
    const text = String.fromCodePoint(...glyphs[i]!.codePoints);
    if (/^\s*$/.test(text) || MARK.test(text) || /\p{Cf}$/u.test(text)) continue;
    glyphs[i]!.codePoints.push(SPACE);
    return;
  }
}

/**
 * PDFium's class of a character (CFX_BidiChar): L left; EN, AN, NSM, CS, ES, ET and BN weak left
 * (digits with their separators and signs, marks, ZWNJ); R and AL right; the rest (white space,
 * brackets, other punctuation) neutral.
 */
type PdfiumClass = 'L' | 'W' | 'R' | 'N';
const pdfiumClasses = new Map<string, PdfiumClass>();
function pdfiumClass(ch: string): PdfiumClass {
  let cls = pdfiumClasses.get(ch);
  if (cls === undefined) {
    const type = bidi.getBidiCharTypeName(ch);
    cls = type === 'L' ? 'L' : type === 'R' || type === 'AL' ? 'R' : ['EN', 'AN', 'NSM', 'CS', 'ES', 'ET', 'BN'].includes(type) ? 'W' : 'N';
    pdfiumClasses.set(ch, cls);
  }
  return cls;
}

/** Runs of one PDFium class, in order. */
function pdfiumSegments(text: string): { cls: PdfiumClass; chars: string[] }[] {
  const out: { cls: PdfiumClass; chars: string[] }[] = [];
  for (const ch of text) {
    const cls = pdfiumClass(ch);
    const last = out.at(-1);
    if (last?.cls === cls) last.chars.push(ch);
    else out.push({ cls, chars: [ch] });
  }
  return out;
}

/** Reversed and mirrored, as PDFium emits a right-to-left segment (an involution). */
const flip = (chars: string[]) => chars.slice().reverse().map((c) => String.fromCodePoint(unmirror(c.codePointAt(0)!)));

/**
 * PDFium's line text (CPDF_TextPage::CloseTempLine over CFX_BidiString): the line is cut into
 * segments of one class; it is right-to-left when it has right segments, at least as many as left
 * ones, and then its segments are emitted last first. A right segment, and a neutral one while
 * the last strong segment emitted was right (at first: the line's direction), is reversed and
 * mirrored; the others are kept as they are.
 */
function pdfiumPlan(segments: { cls: PdfiumClass }[]): { rtl: boolean; flipped: boolean[] } {
  const right = segments.filter((s) => s.cls === 'R').length;
  const left = segments.filter((s) => s.cls === 'L').length;
  const rtl = right > 0 && right >= left;
  let state: 'L' | 'R' = rtl ? 'R' : 'L';
  const flipped = (rtl ? segments.slice().reverse() : segments).map((s) => {
    if (s.cls === 'R' || (s.cls === 'N' && state === 'R')) {
      state = 'R';
      return true;
    }
    if (s.cls === 'L') state = 'L';
    return false;
  });
  return { rtl, flipped: rtl ? flipped.reverse() : flipped };
}

/** The text PDFium (Chrome, Edge) copies from a line whose text in visual order (its ActualText, left to right) is `visual`. */
export function pdfiumCopy(visual: string): string {
  const segments = pdfiumSegments(visual.replace(/ {2,}/g, ' '));
  const { rtl, flipped } = pdfiumPlan(segments);
  const parts = segments.map((s, i) => (flipped[i] ? flip(s.chars) : s.chars).join(''));
  return (rtl ? parts.reverse() : parts).join('');
}

/**
 * The visual-order text from which PDFium copies `logical` (the inverse of pdfiumCopy): the
 * logical text's segments, each reversed and mirrored where PDFium will reverse and mirror it, in
 * the order PDFium reads them. Classes survive reversal and mirroring, so the visual text has the
 * same segments and PDFium makes the same choices on it.
 */
export function pdfiumSource(logical: string): string {
  const segments = pdfiumSegments(logical);
  const { rtl } = pdfiumPlan(segments);
  // The plan of the visual text: its segments are the logical ones in reverse (right-to-left line).
  const visualSegments = rtl ? segments.slice().reverse() : segments;
  const { flipped } = pdfiumPlan(visualSegments);
  return visualSegments.map((s, i) => (flipped[i] ? flip(s.chars) : s.chars).join('')).join('');
}

/**
 * The ActualText of each run of a line of a right-to-left paragraph (runs in visual order, each
 * with its characters in logical order), such that PDFium, which reads the runs' ActualText left
 * to right and reorders the line with its own simple bidi, copies the line as typed: brackets
 * mirrored where PDFium mirrors them, numbers with their signs and Latin phrases in the order it
 * reads them back. Undefined when PDFium would not copy the line back as typed from them.
 */
export function pdfiumLineTexts(runs: string[], logicalOrder: number[]): string[] | undefined {
  const logical = logicalOrder.map((i) => runs[i]!).join('');
  const visual = [...pdfiumSource(logical)];
  // PDFium reads the runs' texts as one: a character may go to the run beside its own (a percent
  // sign drawn left of its number that PDFium wants right of it); each run keeps its length.
  const out: string[] = [];
  let at = 0;
  for (const run of runs) {
    const length = [...run].length;
    out.push(visual.slice(at, (at += length)).join(''));
  }
  return pdfiumCopy(out.join('')) === logical.replace(/ {2,}/g, ' ') ? out : undefined;
}

/**
 * What MuPDF (mupdf.js, SumatraPDF) reads from a run's glyphs: each glyph's ToUnicode text, U+FFFD
 * for one without (the reserved `lt`), as `pdf_show_char` in pdf-op-run.c takes it.
 */
export function mupdfGlyphTexts(run: ShapedRun): number[][] {
  return run.glyphs.map((g) => {
    const code = (g as CopyGlyph).code;
    if (code === RESERVED_CODES.lt) return [REPLACEMENT];
    let cps = code === RESERVED_CODES.space ? [SPACE] : g.codePoints.slice();
    if (cps.length === 1 && cps[0]! >= 8 && cps[0]! <= 13) cps = [SPACE];
    if (cps.length === 1 && (cps[0]! < 32 || (cps[0]! >= 127 && cps[0]! < 160))) cps = [];
    return cps.length === 0 || (cps.length === 1 && cps[0] === 0) ? [REPLACEMENT] : cps;
  });
}

const REPLACEMENT = 0xfffd;
const NBSP = '\u00a0';
const NBSP_CP = 0xa0;

const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0)!);
const utf8Length = (cps: number[]) => cps.reduce((n, cp) => n + (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4), 0);

/** The level MuPDF guesses from a glyph's first character (`guess_bidi_level`); undefined: the level before stays. */
const mupdfLevels = new Map<number, 0 | 1 | undefined>();
function mupdfLevel(cp: number): 0 | 1 | undefined {
  if (mupdfLevels.has(cp)) return mupdfLevels.get(cp);
  const type = bidi.getBidiCharTypeName(String.fromCodePoint(cp));
  // Embeddings, overrides and isolates, which MuPDF does not support, set the left-to-right level too.
  const level = ['L', 'EN', 'ES', 'ET', 'LRE', 'RLE', 'LRO', 'RLO', 'PDF', 'LRI', 'RLI', 'FSI', 'PDI'].includes(type) ? 0 : ['R', 'AL', 'AN'].includes(type) ? 1 : undefined;
  mupdfLevels.set(cp, level);
  return level;
}
/** Per code point, an answer about its bidi class (bidi-js). */
function bidiTest(types: string[]): (cp: number) => boolean {
  const known = new Map<number, boolean>();
  return (cp) => {
    let yes = known.get(cp);
    if (yes === undefined) known.set(cp, (yes = types.includes(bidi.getBidiCharTypeName(String.fromCodePoint(cp)))));
    return yes;
  };
}
const isRtlStrong = bidiTest(['R', 'AL']);
const isLtrStrong = bidiTest(['L']);

/**
 * MuPDF's spans of a run: it guesses a bidi level for each glyph from its text's first character
 * (strong and European-number characters set it, Arabic numbers too, the rest keep the level of
 * the glyph before, in content order: `guess_bidi_level`) and starts a span where the level changes.
 * Returns the spans' characters and the level after the run.
 */
export function mupdfSpans(glyphs: number[][], level: 0 | 1): { spans: { level: 0 | 1; chars: number[] }[]; level: 0 | 1 } {
  const spans: { level: 0 | 1; chars: number[] }[] = [];
  for (const cps of glyphs) {
    level = mupdfLevel(cps[0]!) ?? level;
    if (spans.at(-1)?.level !== level) spans.push({ level, chars: [] });
    spans.at(-1)!.chars.push(...cps);
  }
  return { spans, level };
}

/**
 * The characters MuPDF 1.28's text extraction gets from a marked-content run with ActualText
 * `actual` whose glyphs read as `spans` (stext-device.c, `do_extract_within_actualtext`, once per
 * span with what is left of the ActualText). It sends the glyphs that match the ActualText's start
 * as they are, then pairs the glyphs that differ with its characters one by one; where glyphs at the
 * span's end match the ActualText's end, it sends the ActualText left over, counted in UTF-8 bytes
 * instead of characters (so, for Persian, the matching end too), and then those glyphs again: words
 * come twice. No glyph at the end matching, the rest of the ActualText comes at the marked content's end.
 */
export function mupdfRead(spans: { level: 0 | 1; chars: number[] }[], actual: number[]): { char: number; level: 0 | 1 }[] {
  let at = actual;
  const out: { char: number; level: 0 | 1 }[] = [];
  let level: 0 | 1 = spans[0]?.level ?? 1;
  const send = (chars: number[]) => out.push(...chars.map((char) => ({ char, level })));
  let placed = false; // MuPDF's `last.valid`: a glyph of this marked content has been sent
  for (const { level: spanLevel, chars: items } of spans) {
    if (at.length === 0) continue; // the span's glyphs are dropped
    level = spanLevel;
    let start = 0;
    while (start < items.length && start < at.length && items[start] === at[start]) start++;
    send(items.slice(0, start));
    if (start > 0) placed = true;
    if (start === items.length) {
      at = at.slice(start);
      continue;
    }
    let z = at.length - start;
    let end = items.length;
    while (end > start && z > 0 && items[end - 1] === at[start + z - 1]) {
      end--;
      z--;
    }
    // The glyphs between take a character each while their index (from the span's start) is below
    // the count of characters between.
    const taken = Math.max(0, Math.min(end, z) - start);
    send(at.slice(start, start + taken));
    if (end > start) placed = true;
    const rest = at.slice(start + taken);
    if (end === items.length) {
      at = rest;
      continue;
    }
    const postfix = items.length - end;
    if (placed) send(rest.slice(0, Math.max(0, utf8Length(rest) - postfix)));
    send(items.slice(end));
    placed = true;
    at = [];
  }
  send(at);
  return out;
}

/**
 * What MuPDF gets wrong from a run: characters repeated or lost (white space apart); letters given
 * the other direction's level (a right-to-left letter on a left-to-right span is not reordered);
 * white space repeated or (counted thrice) lost.
 */
export function mupdfFaults(spans: { level: 0 | 1; chars: number[] }[], actual: number[]): { wrong: number; levels: number; spaces: number } {
  const counts = new Map<number, number>();
  for (const cp of actual) counts.set(cp, (counts.get(cp) ?? 0) + 1);
  let levels = 0;
  for (const { char, level } of mupdfRead(spans, actual)) {
    counts.set(char, (counts.get(char) ?? 0) - 1);
    if ((level === 0 && isRtlStrong(char)) || (level === 1 && isLtrStrong(char))) levels++;
  }
  let wrong = 0;
  let spaces = 0;
  for (const [cp, n] of counts) {
    if (cp === SPACE || cp === NBSP_CP) spaces += n < 0 ? -n : 3 * n; // a space lost may join two words
    else wrong += Math.abs(n);
  }
  return { wrong, levels, spaces };
}

/**
 * The ActualText of each run of a line (visual order), as `texts`, changed so that MuPDF repeats
 * nothing (`mupdfRead`), where PDFium and poppler read the same. They read the runs' ActualText left
 * to right as one text and fold white space: a space may move to the run beside it (the cut between
 * two runs moves over up to two spaces, each run keeping at least one character), and a run may
 * carry one more space where it starts with one or, at the line's right end, a space or no-break
 * space at its end. MuPDF starts each run (a text object of its own) at the left-to-right level: a
 * right-to-left run drawn with a space before its letters (the reserved `lt` and space glyphs)
 * starts with a left-to-right span of those two glyphs, which takes two characters of the
 * ActualText; with one space there, it takes the first letter too and the rest comes out twice.
 * `glyphs` are MuPDF's reading of the runs (`mupdfGlyphTexts`). Returns the texts unchanged where
 * MuPDF reads each character once already.
 */
export function mupdfLineTexts(texts: string[], glyphs: number[][][]): string[] {
  const spans = glyphs.map((g) => mupdfSpans(g, 0).spans);
  // A character repeated or lost weighs more than a letter on the wrong level, more than a space
  // repeated or added, more than any shift.
  const faults = (i: number, text: number[]) => {
    const { wrong, levels, spaces } = mupdfFaults(spans[i]!, text);
    return wrong * 100 + levels * 50 + spaces * 10;
  };
  const n = texts.length;
  // The cheapest form of run i's text: as cut, or with a space more at its start or (the line's last run) its end.
  // A no-break space serves at the end where MuPDF's first span ends in a space (the reserved
  // space glyph), which a space at the ActualText's end would match.
  const best = (i: number, text: number[]) => {
    let out = { cost: faults(i, text), before: '', after: '' };
    for (const before of text[0] === SPACE ? ['', ' '] : ['']) {
      for (const after of i === n - 1 ? ['', ' ', NBSP] : ['']) {
        if (!before && !after) continue;
        const cost = faults(i, [...codePoints(before), ...text, ...codePoints(after)]) + 10 * before.length + (after === ' ' ? 10 : after ? 12 : 0);
        if (cost < out.cost) out = { cost, before, after };
      }
    }
    return out;
  };
  const chars = texts.map(codePoints);
  if (chars.every((c, i) => faults(i, c) === 0)) return texts;
  const all = chars.flat();
  const cuts = [0];
  for (const c of chars) cuts.push(cuts.at(-1)! + c.length);
  const SHIFTS = [0, -1, 1, -2, 2];
  // Dynamic programme over the cuts (cut k between runs k-1 and k moves by a shift): cost of the
  // runs to the left of cut k, by its shift.
  // Each cell keeps the form `best` chose for run k-1's text, which the path back takes as it is.
  type Cell = { cost: number; from: number; before: string; after: string };
  let row: Map<number, Cell> = new Map([[0, { cost: 0, from: 0, before: '', after: '' }]]);
  const rows: Map<number, Cell>[] = [row];
  for (let k = 1; k <= n; k++) {
    const next = new Map<number, Cell>();
    for (const shift of k === n ? [0] : SHIFTS) {
      const to = cuts[k]! + shift;
      // Only white space moves: poppler places each run's ActualText in the run's box, and a
      // character moved to the run beside it would stand there as a word of its own.
      if (!all.slice(Math.min(cuts[k]!, to), Math.max(cuts[k]!, to)).every((cp) => cp === SPACE)) continue;
      for (const [prev, cell] of row) {
        const from = cuts[k - 1]! + prev;
        // A run keeps a character if it had one (a run of an isolate's marks alone may have none).
        if (to - from < Math.min(1, cuts[k]! - cuts[k - 1]!)) continue;
        const form = best(k - 1, all.slice(from, to));
        const cost = cell.cost + form.cost + Math.abs(shift);
        if (!next.has(shift) || cost < next.get(shift)!.cost) next.set(shift, { cost, from: prev, before: form.before, after: form.after });
      }
    }
    rows.push((row = next));
  }
  // No cut found that keeps every run its text: the runs' texts stay as cut for PDFium.
  if (!rows[n]!.has(0)) return texts;
  const shifts = new Array<number>(n + 1).fill(0);
  const chosen = new Array<Cell>(n + 1);
  for (let k = n; k > 0; k--) shifts[k - 1] = (chosen[k] = rows[k]!.get(shifts[k]!)!).from;
  return texts.map((_, i) => {
    const { before, after } = chosen[i + 1]!;
    return `${before}${String.fromCodePoint(...all.slice(cuts[i]! + shifts[i]!, cuts[i + 1]! + shifts[i + 1]!))}${after}`;
  });
}
