/**
 * PDF/UA-1 and PDF/A-3a for pdfmake documents: what pdfkit 0.19 leaves out or gets wrong when
 * asked for `version: '1.7'` and `subset: 'PDF/A-3a'`.
 *
 * - XMP: pdfkit writes one identifier only (pdfaid or pdfuaid, its `subset` takes one), does not
 *   escape the values it puts into XML, has no `xmp:ModifyDate` (the Info dictionary has
 *   `ModDate`, so the two would disagree) and writes a stray `/length` key. The whole packet is
 *   written here instead: Dublin Core, dates, producer, keywords, both identifiers, and the
 *   extension schema PDF/A asks for `pdfuaid` (not one of PDF/A's predefined schemas).
 * - Outlines: pdfkit writes no `/Count` on the outline root (ISO 32000-1 12.3.3 wants it) and
 *   none on closed items with children.
 * - Embedded files: pdfkit writes an embedded file's `/CheckSum` as its MD5 in 32 hex characters;
 *   ISO 32000-1 7.11.4 (Table 45), and so ISO 19005, want the 16 bytes of the digest.
 *
 * pdfmake/pdfkit internals touched (declared in registry.ts): Printer#createPdfKitDocument
 * (the document definition and the pdfkit document meet there), and on that one pdfkit document
 * `endMetadata`, `_addPdfaMetadata`, `endOutline`, `outline.children`/`outlineData`, `info`, `ref`;
 * and PDFDocument#file, hooked on pdfmake's subclass of pdfkit's document (pdfkit's own class stays
 * stock): pdfmake embeds the files while it creates the document, before per-document hooks can be set.
 */
import { during, hook, hookObject, pdfmakeModule } from './registry.js';
import { xmp, type Conformance } from '../xmp.js';

const INSTALLED = Symbol.for('briefing.conformance.installed');
/** Marks the `files` entries of a conforming document definition: pdfmake passes each to pdfkit's `file` as its options. */
const CONFORMING_FILE = Symbol.for('briefing.conformance.file');

/** What a document definition asks for under its `conformance` key. */
export type { Conformance } from '../xmp.js';

interface Ref {
  data: Record<string, unknown>;
  compress: boolean;
  write(chunk: Uint8Array): void;
  end(): void;
}
interface Outline {
  options: { expanded?: boolean };
  outlineData: Record<string, unknown>;
  children: Outline[];
}
interface KitDocument {
  info: Record<string, unknown>;
  subset?: number;
  subset_conformance?: string;
  options: { lang?: string };
  outline: Outline;
  _root: Ref;
  ref(data: Record<string, unknown>): Ref;
  endMetadata(): void;
  endOutline(): void;
  _addPdfaMetadata?: () => void;
  file(src: unknown, options?: Record<string | symbol, unknown>): unknown;
}

/** Installs the hook once per process. Documents without a `conformance` key go through stock code. */
export function installConformance(): void {
  const proto = pdfmakeModule<{ prototype: Record<symbol, boolean> }>('pdfmake/js/Printer.js').prototype;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  type Create = (this: unknown, def: Record<string, unknown>, options?: unknown) => Promise<KitDocument>;
  hook<Create>('conformance.ts', 'pdfmake/js/Printer.js', '#createPdfKitDocument', (create) =>
    async function (def, options) {
      const conformance = def.conformance as Conformance | undefined;
      if (conformance && def.files) for (const file of Object.values(def.files as Record<string, Record<symbol, boolean>>)) file[CONFORMING_FILE] = true;
      const doc = await create.call(this, def, options);
      if (conformance) conform(doc, conformance);
      return doc;
    },
  );
  hook<KitDocument['file']>('conformance.ts', 'pdfmake/js/PDFDocument.js', '#file', (file) =>
    function (this: KitDocument, src, options) {
      if (!options?.[CONFORMING_FILE]) return file.call(this, src, options);
      return withBinaryChecksum(this, () => file.call(this, src, options));
    },
  );
}

/**
 * Runs pdfkit's `file` with the embedded file stream's `/CheckSum` written as the 16 bytes of its
 * MD5 (a Buffer, which pdfkit writes as a hex string `<…>`). pdfkit computes that MD5 of the bytes it
 * embeds, uncompressed, as Table 45 asks, and writes the stream at once: so the value is changed on
 * the way into `ref`. Only the stream's copy of the dictionary changes: pdfkit keeps the text in its
 * registry, where it compares it as text to embed a file given twice once.
 */
function withBinaryChecksum<T>(doc: KitDocument, embed: () => T): T {
  const ref = (ref: KitDocument['ref']) =>
    function (this: KitDocument, data: Record<string, unknown>) {
      const params = data.Params as Record<string, unknown> | undefined;
      if (data.Type !== 'EmbeddedFile' || !params) return ref.call(this, data);
      const hex = String(params.CheckSum);
      if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`pdfkit wrote an embedded file's checksum as ${JSON.stringify(hex)}, not the MD5 in hex this hook was written for`);
      return ref.call(this, { ...data, Params: { ...params, CheckSum: Buffer.from(hex, 'hex') } });
    };
  return during('conformance.ts', 'pdfkit', doc, { '#ref': ref }, embed);
}

function conform(doc: KitDocument, conformance: Conformance): void {
  // No /Direction /R2L in the viewer preferences, though the document reads right to left: PDFium
  // (Chrome, Edge) then takes every line of the document as right-to-left when it copies text, and
  // an English line or a Latin name comes back in reversed word order (rtl/README.md, trade-offs).
  // The pdfaid identifier goes into the one packet written below.
  if (doc.subset_conformance) hookObject<() => void>('conformance.ts', 'pdfkit PDF/A document', doc, '#_addPdfaMetadata', () => () => {});
  hookObject<(this: KitDocument) => void>('conformance.ts', 'pdfkit', doc, '#endMetadata', () =>
    function () {
      const ref = this.ref({ Type: 'Metadata', Subtype: 'XML' });
      // PDF/A: the metadata stream is not filtered, so any tool can find and read it.
      ref.compress = false;
      ref.write(Buffer.from(xmp({ info: this.info, pdfaPart: this.subset, pdfaLevel: this.subset_conformance, lang: this.options.lang }, conformance), 'utf8'));
      ref.end();
      this._root.data.Metadata = ref;
    },
  );
  hookObject<(this: KitDocument) => void>('conformance.ts', 'pdfkit', doc, '#endOutline', (endOutline) =>
    function () {
      if (this.outline.children.length > 0) this.outline.outlineData.Count = countOutline(this.outline);
      endOutline.call(this);
    },
  );
}

/**
 * Sets `/Count` on every item with children (the number of its visible descendants, negative when
 * closed) and returns what the root shows: the number of items visible when the outline opens.
 */
function countOutline(item: Outline): number {
  let visible = 0;
  for (const child of item.children) {
    visible += 1;
    if (child.children.length === 0) continue;
    const below = countOutline(child);
    child.outlineData.Count = child.options.expanded ? below : -below;
    if (child.options.expanded) visible += below;
  }
  return visible;
}
