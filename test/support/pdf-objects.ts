// A PDF's objects as qpdf's JSON view gives them (`qpdf --json=2`), for checks of ISO 14289 (PDF/UA)
// and ISO 19005 (PDF/A) points that are about dictionaries rather than drawing.
import { execFileSync } from 'node:child_process';
import { openPdfjs } from './pdfjs.js';

export type PdfValue = string | number | boolean | null | PdfValue[] | { [key: string]: PdfValue };
export type Dict = Record<string, PdfValue>;

export interface PdfObjects {
  /** The object a reference ("12 0 R") points to; a direct value is returned as is. */
  get(ref: PdfValue | undefined): PdfValue | undefined;
  dict(ref: PdfValue | undefined): Dict;
  trailer: Dict;
  catalog: Dict;
  /** Every object, by reference ("12 0 R"). */
  all: Map<string, { value: PdfValue; stream?: Dict }>;
  /** A stream's decoded bytes. */
  streamData(ref: string): Buffer;
  /** The bytes of the string a key holds in an object's dictionary (or a dictionary nested in it): see stringBytes. */
  stringBytes(ref: string, key: string): Buffer | undefined;
  file: string;
}

export function readPdfObjects(file: string): PdfObjects {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { qpdf: [unknown, Record<string, { value?: PdfValue; stream?: { dict: Dict } }>] };
  const objects = json.qpdf[1];
  const all = new Map<string, { value: PdfValue; stream?: Dict }>();
  for (const [key, o] of Object.entries(objects)) {
    const m = /^obj:(\d+ \d+ R)$/.exec(key);
    if (m) all.set(m[1]!, { value: o.value ?? (o.stream?.dict as PdfValue), stream: o.stream?.dict });
  }
  const get = (ref: PdfValue | undefined) => (typeof ref === 'string' && / R$/.test(ref) ? all.get(ref)?.value : ref);
  const dict = (ref: PdfValue | undefined) => (get(ref) ?? {}) as Dict;
  const trailer = objects.trailer!.value as Dict;
  return {
    get,
    dict,
    trailer,
    catalog: dict(trailer['/Root']),
    all,
    file,
    streamData: (ref) => execFileSync('qpdf', [`--show-object=${ref.split(' ')[0]}`, '--filtered-stream-data', file], { maxBuffer: 1 << 28 }),
    stringBytes: (ref, key) => stringBytes(execFileSync('qpdf', [`--show-object=${ref.split(' ')[0]}`, file]).toString('latin1'), key),
  };
}

/**
 * The bytes of the string after the first `key` (a name, "/CheckSum") in an object as qpdf prints it
 * (`--show-object`, read as latin1): a hex string `<…>` or a literal `(…)` (ISO 32000-1 7.3.4).
 * qpdf's JSON gives a string's bytes only when it finds them binary ("b:"); else it gives their
 * reading as text ("u:"), from which the bytes cannot always be told.
 */
export function stringBytes(object: string, key: string): Buffer | undefined {
  const at = new RegExp(`${key}(?=[\\s<(])\\s*`).exec(object);
  if (!at) return undefined;
  let i = at.index + at[0].length;
  if (object[i] === '<') {
    const hex = object.slice(i + 1, object.indexOf('>', i)).replace(/\s/g, '');
    return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  }
  if (object[i] !== '(') return undefined;
  const bytes: number[] = [];
  const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
  for (let depth = 1, c = object[++i]; i < object.length; c = object[++i]) {
    if (c === '\\') {
      const next = object[++i]!;
      const octal = /^[0-7]{1,3}/.exec(object.slice(i, i + 3));
      if (octal) {
        bytes.push(parseInt(octal[0], 8) & 0xff);
        i += octal[0].length - 1;
      } else if (next in ESCAPES) bytes.push(ESCAPES[next]!);
      else if (next === '\r' && object[i + 1] === '\n') i++; // a line break after \ is not part of the string
      else if (next !== '\n' && next !== '\r') bytes.push(next.charCodeAt(0));
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return Buffer.from(bytes);
    bytes.push(c!.charCodeAt(0));
  }
  return undefined;
}

/** A PDF text string as qpdf writes it in JSON ("u:…" for Unicode, "b:…" for bytes). */
export function pdfString(v: PdfValue | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
  return v;
}

/** The drawing operators of each page that sit outside any marked content (BMC/BDC … EMC), read with pdf.js. */
export async function unmarkedDrawing(file: string): Promise<{ page: number; op: string }[]> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const names = new Map(Object.entries(OPS).map(([k, v]) => [v as number, k]));
  const DRAW = new Set([
    'fill', 'eoFill', 'stroke', 'fillStroke', 'eoFillStroke', 'closeStroke', 'closeFillStroke', 'closeEOFillStroke',
    'showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText',
    'paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintFormXObjectBegin', 'shadingFill',
  ]);
  const doc = await openPdfjs(file);
  const out: { page: number; op: string }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const ops = await (await doc.getPage(p)).getOperatorList();
    let depth = 0;
    for (const fn of ops.fnArray) {
      const name = names.get(fn) ?? String(fn);
      if (name === 'beginMarkedContent' || name === 'beginMarkedContentProps') depth++;
      else if (name === 'endMarkedContent') depth--;
      else if (depth === 0 && DRAW.has(name)) out.push({ page: p, op: name });
    }
  }
  await doc.destroy();
  return out;
}
