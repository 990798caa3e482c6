// A PDF's objects as qpdf's JSON view gives them (`qpdf --json=2`), for checks of ISO 14289 (PDF/UA)
// and ISO 19005 (PDF/A) points that are about dictionaries rather than drawing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
  };
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
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const names = new Map(Object.entries(OPS).map(([k, v]) => [v as number, k]));
  const DRAW = new Set([
    'fill', 'eoFill', 'stroke', 'fillStroke', 'eoFillStroke', 'closeStroke', 'closeFillStroke', 'closeEOFillStroke',
    'showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText',
    'paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintFormXObjectBegin', 'shadingFill',
  ]);
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
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
