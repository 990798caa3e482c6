// PDF/UA-1 (ISO 14289-1, as the Matterhorn Protocol lists its machine-checkable points) and PDF/A-3a
// (ISO 19005-3): what can be checked without veraPDF, from qpdf's JSON view of the objects, pdf.js's
// operator list, and Apache PDFBox's preflight (which checks PDF/A-1b only).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFile } from '../../src/index.js';
import { fixtures, pdfFonts, root, tempDir } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { pdfString, readPdfObjects, unmarkedDrawing, type Dict, type PdfObjects } from '../support/pdf-objects.js';

const MCIS = join(root, 'data', 'mcis-2023.yaml');
let mcis: string;
let linked: string;
let linkedSource: string;
let data: { source: Record<string, unknown> };

beforeAll(async () => {
  const dir = tempDir();
  // The small fixture, with a source URL: the PDF then has a link.
  data = parse(readFileSync(join(fixtures, 'minimal.yaml'), 'utf8')) as { source: Record<string, unknown> };
  data.source.url = 'https://example.org/rsm?lang=fa&page=2';
  linkedSource = join(dir, 'linked.yaml');
  writeFileSync(linkedSource, stringify(data));
  const [a, b] = await Promise.all([sharedBuild(MCIS), buildFile(linkedSource, { outDir: join(dir, 'linked'), formats: ['pdf'] })]);
  mcis = a.pdf;
  linked = b.artifacts[0]!.path;
});

function xmpOf(pdf: PdfObjects): string {
  const ref = pdf.catalog['/Metadata'] as string;
  expect(pdf.all.get(ref)?.stream?.['/Filter'], 'metadata stream unfiltered (PDF/A)').toBeUndefined();
  return pdf.streamData(ref).toString('utf8');
}
const xmpValue = (xmp: string, tag: string) => new RegExp(`<${tag}>(?:<rdf:(?:Alt|Seq|Bag)><rdf:li[^>]*>)?([^<]*)<`).exec(xmp)?.[1];
const unescapeXml = (s: string | undefined) => s?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

describe.each([
  ['MCIS', () => mcis],
  ['a briefing with a link', () => linked],
])('%s PDF', (_name, file) => {
  let pdf: PdfObjects;
  beforeAll(() => {
    pdf = readPdfObjects(file());
  });

  it('is PDF 1.7 with a 4-byte binary comment after the header (ISO 19005 6.1.2)', () => {
    const head = readFileSync(file()).subarray(0, 20);
    expect(head.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...head.subarray(10, 14)].every((b) => b > 127)).toBe(true);
  });

  it('names PDF/UA-1 and PDF/A-3a in its XMP, with the extension schema PDF/A asks for pdfuaid', () => {
    const xmp = xmpOf(pdf);
    expect(xmpValue(xmp, 'pdfuaid:part')).toBe('1');
    expect(xmpValue(xmp, 'pdfaid:part')).toBe('3');
    expect(xmpValue(xmp, 'pdfaid:conformance')).toBe('A');
    expect(xmpValue(xmp, 'pdfaSchema:namespaceURI')).toBe('http://www.aiim.org/pdfua/ns/id/');
    expect(xmpValue(xmp, 'pdfaSchema:prefix')).toBe('pdfuaid');
    expect(xmp).toMatch(/^<\?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
    // No random identifiers: the same briefing gives the same packet (builds are reproducible).
    expect(xmp).not.toMatch(/uuid:|InstanceID|DocumentID/);
  });

  it('has Info and XMP that agree (ISO 19005-3 6.6.2.3.1), a dc:title (Matterhorn 06-003) and DisplayDocTitle (07-001)', () => {
    const xmp = xmpOf(pdf);
    const info = pdf.dict(pdf.trailer['/Info']);
    const text = (key: string) => pdfString(pdf.get(info[key]));
    expect(text('/Title')).toBeTruthy();
    expect(unescapeXml(xmpValue(xmp, 'dc:title'))).toBe(text('/Title'));
    expect(unescapeXml(xmpValue(xmp, 'dc:creator'))).toBe(text('/Author'));
    expect(unescapeXml(xmpValue(xmp, 'dc:description'))).toBe(text('/Subject'));
    expect(unescapeXml(xmpValue(xmp, 'pdf:Keywords'))).toBe(text('/Keywords'));
    expect(unescapeXml(xmpValue(xmp, 'pdf:Producer'))).toBe(text('/Producer'));
    expect(unescapeXml(xmpValue(xmp, 'xmp:CreatorTool'))).toBe(text('/Creator'));
    expect(pdfDate(new Date(xmpValue(xmp, 'xmp:CreateDate')!))).toBe(text('/CreationDate'));
    expect(pdfDate(new Date(xmpValue(xmp, 'xmp:ModifyDate')!))).toBe(text('/ModDate'));
    expect(pdf.dict(pdf.catalog['/ViewerPreferences'])['/DisplayDocTitle']).toBe(true);
  });

  it('is marked, tagged, has a language, and an sRGB output intent (ISO 19005-3 6.2.3)', () => {
    expect(pdf.dict(pdf.catalog['/MarkInfo'])['/Marked']).toBe(true);
    expect(pdf.catalog['/StructTreeRoot']).toBeTruthy();
    expect(pdfString(pdf.get(pdf.catalog['/Lang']))).toBe('fa');
    const intents = pdf.get(pdf.catalog['/OutputIntents']) as string[];
    expect(intents).toHaveLength(1);
    const intent = pdf.dict(intents[0]);
    expect(intent['/S']).toBe('/GTS_PDFA1');
    expect(pdf.dict(intent['/DestOutputProfile'])['/N']).toBe(3);
  });

  it('has /Count on the outline root: the bookmarks shown when the outline opens', () => {
    const outlines = pdf.dict(pdf.catalog['/Outlines']);
    let visible = 0;
    for (let item = outlines['/First']; item; item = pdf.dict(item)['/Next']) {
      visible += 1;
      const count = pdf.dict(item)['/Count'] as number | undefined;
      if (count !== undefined && count > 0) visible += count;
    }
    expect(visible).toBeGreaterThan(0);
    expect(outlines['/Count']).toBe(visible);
  });

  it('draws nothing outside a tag or an artifact (Matterhorn 01-001)', async () => {
    expect(await unmarkedDrawing(file())).toEqual([]);
  });

  it('embeds every font (ISO 19005-3 6.2.11.4.1)', () => {
    const fonts = pdfFonts(file());
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });
});

describe('links', () => {
  it('each link annotation has Contents, prints, and belongs to one Link element (Matterhorn 28-004, 28-011)', () => {
    const pdf = readPdfObjects(linked);
    const links = [...pdf.all].filter(([, o]) => (o.value as Dict)?.['/Subtype'] === '/Link');
    expect(links.length).toBeGreaterThan(0);
    // Structure elements holding an object reference to an annotation.
    const owners = new Map<string, string[]>();
    for (const [, o] of pdf.all) {
      const el = o.value as Dict;
      if (typeof el?.['/S'] !== 'string' || !('/P' in el)) continue;
      for (const kid of [el['/K']].flat() as (string | Dict)[]) {
        const objr = typeof kid === 'string' ? pdf.dict(kid) : kid;
        if (objr?.['/Type'] === '/OBJR') owners.set(objr['/Obj'] as string, [...(owners.get(objr['/Obj'] as string) ?? []), el['/S'] as string]);
      }
    }
    for (const [ref, o] of links) {
      const annot = o.value as Dict;
      // Its text: the address in the sources section, the source's name or number beside each statement citing it.
      expect(pdfString(annot['/Contents'])?.trim()).toBeTruthy();
      expect((annot['/F'] as number) & 4).toBe(4);
      expect(annot['/StructParent']).toBeTypeOf('number');
      expect(owners.get(ref)).toEqual(['/Link']);
    }
  });

  it('describes a link by its text once, however many times the pages were laid out', () => {
    const pdf = readPdfObjects(linked);
    const url = data.source.url as string;
    const described = [...pdf.all]
      .map(([, o]) => o.value as Dict)
      .filter((annot) => annot?.['/Subtype'] === '/Link')
      .filter((annot) => pdfString((typeof annot['/A'] === 'string' ? pdf.dict(annot['/A']) : (annot['/A'] as Dict))?.['/URI']) === url)
      .map((annot) => pdfString(annot['/Contents'])?.replace(/[\u200b\u200d\u2060]/g, ''));
    // The source's name and its address are drawn as links to it (a screen reader reads the Contents in their place).
    expect([...new Set(described)].sort()).toEqual([data.source.name as string, url].sort());
  });
});

describe('the data file inside the PDF (PDF/A-3 associated file)', () => {
  it('gives back the briefing data file byte for byte, as the Source of the document', () => {
    for (const [pdfFile, source] of [[mcis, MCIS], [linked, linkedSource]] as const) {
      const name = source.split('/').pop()!;
      expect(execFileSync('qpdf', [`--show-attachment=${name}`, pdfFile])).toEqual(readFileSync(source));
      const pdf = readPdfObjects(pdfFile);
      const af = pdf.get(pdf.catalog['/AF']) as string[];
      expect(af).toHaveLength(1);
      const spec = pdf.dict(af[0]);
      expect(spec['/AFRelationship']).toBe('/Source');
      expect(pdfString(spec['/UF'])).toBe(name);
      expect(pdf.all.get(pdf.dict(spec['/EF'])['/F'] as string)?.stream?.['/Subtype']).toBe('/application/yaml');
    }
  });

  it('carries the checksum ISO 32000-1 7.11.4 asks for: the 16 bytes of the MD5 of the file as embedded', () => {
    for (const [pdfFile, source] of [[mcis, MCIS], [linked, linkedSource]] as const) {
      const pdf = readPdfObjects(pdfFile);
      const spec = pdf.dict((pdf.get(pdf.catalog['/AF']) as string[])[0]);
      const stream = pdf.dict(spec['/EF'])['/F'] as string;
      const embedded = pdf.streamData(stream);
      expect(embedded).toEqual(readFileSync(source));
      const checksum = pdf.stringBytes(stream, '/CheckSum');
      expect(checksum?.length, 'a string of 16 bytes, not the digest spelt in hex').toBe(16);
      expect(checksum?.toString('hex')).toBe(createHash('md5').update(embedded).digest('hex'));
    }
  });
});

const PREFLIGHT_JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);

describe.skipIf(!PREFLIGHT_JARS.every(existsSync))('Apache PDFBox preflight', () => {
  it('finds nothing wrong but what PDF/A-1 forbids and PDF/A-3 allows', () => {
    // PDFBox checks PDF/A-1b only. PDF/A-3 allows embedded files and composite fonts without CIDSet,
    // and its XMP says part 3; every other rule of PDF/A-1b (fonts, colour, metadata, syntax) applies.
    const allowed = [
      /^1\.4\.7 : .*EmbeddedFile entry is present in the Names dictionary/,
      /^1\.2\.9 : .*EmbeddedFile entry is present in a FileSpecification dictionary/,
      /^3\.1\.11 : .*The CIDSet entry is missing/,
      /^7\.11\.2 : .*part must be 1/,
    ];
    for (const file of [mcis, linked]) {
      const r = spawnSync('java', ['-cp', PREFLIGHT_JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', file], { encoding: 'utf8' });
      const errors = r.stdout.split('\n').filter((l) => /^\d+(\.\d+)+ : /.test(l));
      expect(r.stdout).toMatch(/not a valid PDF\/A-1b file|is a valid PDF\/A-1b file/);
      expect(errors.filter((e) => !allowed.some((a) => a.test(e)))).toEqual([]);
    }
  });
});
