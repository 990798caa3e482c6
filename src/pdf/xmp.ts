// The XMP metadata packet of a PDF/UA and PDF/A document: the same title, author, subject, keywords,
// tools and dates as its Info dictionary, the standards' identifiers, and the PDF/A extension schema
// that describes the PDF/UA identifier. Written into the file by pdfmake/conformance.ts.
import { escapeUTF8 } from 'entities';

export interface Conformance {
  /** PDF/UA part (ISO 14289): 1. */
  pdfua?: 1;
  /** BCP 47 languages of the content, for `dc:language`. */
  languages?: string[];
}

/** What the packet is made from: the Info dictionary's entries, the PDF/A part and level, the document's language. */
export interface XmpSource {
  info: Record<string, unknown>;
  pdfaPart?: number;
  pdfaLevel?: string;
  lang?: string;
}

const xmpDate = (d: Date) => `${d.toISOString().split('.')[0]}Z`;

export function xmp(doc: XmpSource, conformance: Conformance): string {
  const info = doc.info;
  const text = (key: string) => (typeof info[key] === 'string' || info[key] instanceof String ? String(info[key]) : undefined);
  const date = (key: string) => (info[key] instanceof Date ? xmpDate(info[key] as Date) : undefined);
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeUTF8(v)}</rdf:li></rdf:Alt>`;
  const props: string[] = ['<dc:format>application/pdf</dc:format>'];
  const title = text('Title');
  if (title) props.push(`<dc:title>${alt(title)}</dc:title>`);
  const author = text('Author');
  if (author) props.push(`<dc:creator><rdf:Seq><rdf:li>${escapeUTF8(author)}</rdf:li></rdf:Seq></dc:creator>`);
  const subject = text('Subject');
  if (subject) props.push(`<dc:description>${alt(subject)}</dc:description>`);
  const languages = conformance.languages ?? (doc.lang ? [doc.lang] : []);
  if (languages.length) props.push(`<dc:language><rdf:Bag>${languages.map((l) => `<rdf:li>${escapeUTF8(l)}</rdf:li>`).join('')}</rdf:Bag></dc:language>`);
  const created = date('CreationDate');
  if (created) props.push(`<xmp:CreateDate>${created}</xmp:CreateDate>`);
  const modified = date('ModDate');
  if (modified) props.push(`<xmp:ModifyDate>${modified}</xmp:ModifyDate>`, `<xmp:MetadataDate>${modified}</xmp:MetadataDate>`);
  const creator = text('Creator');
  if (creator) props.push(`<xmp:CreatorTool>${escapeUTF8(creator)}</xmp:CreatorTool>`);
  const producer = text('Producer');
  if (producer) props.push(`<pdf:Producer>${escapeUTF8(producer)}</pdf:Producer>`);
  const keywords = text('Keywords');
  if (keywords) props.push(`<pdf:Keywords>${escapeUTF8(keywords)}</pdf:Keywords>`);
  if (doc.pdfaPart && doc.pdfaLevel) props.push(`<pdfaid:part>${doc.pdfaPart}</pdfaid:part>`, `<pdfaid:conformance>${doc.pdfaLevel}</pdfaid:conformance>`);
  if (conformance.pdfua) {
    props.push(`<pdfuaid:part>${conformance.pdfua}</pdfuaid:part>`);
  }
  // PDF/A allows only its predefined schemas unless an extension schema describes the others;
  // the description of the schema comes first, so that readers know it before its property.
  const extension = conformance.pdfua && doc.pdfaPart ? [`<rdf:Description rdf:about="" ${NS.pdfaExtension} ${NS.pdfaSchema} ${NS.pdfaProperty}>`, PDFUA_EXTENSION, '</rdf:Description>'] : [];
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    ...extension,
    `<rdf:Description rdf:about="" ${NS.dc} ${NS.xmp} ${NS.pdf} ${NS.pdfaid} ${NS.pdfuaid}>`,
    ...props,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}

const NS = {
  dc: 'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  xmp: 'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
  pdf: 'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
  pdfaid: 'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
  pdfuaid: 'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"',
  pdfaExtension: 'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
  pdfaSchema: 'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
  pdfaProperty: 'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"',
};

const PDFUA_EXTENSION = [
  '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
  '<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>',
  '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>',
  '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
  '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
  '<pdfaProperty:name>part</pdfaProperty:name>',
  '<pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
  '<pdfaProperty:category>internal</pdfaProperty:category>',
  '<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>',
  '</rdf:li></rdf:Seq></pdfaSchema:property>',
  '</rdf:li></rdf:Bag></pdfaExtension:schemas>',
].join('\n');
