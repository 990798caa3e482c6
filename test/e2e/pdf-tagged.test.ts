// Tagged PDF: the structure tree as poppler (`pdfinfo -struct-text`) and pdf.js read it back.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontFace } from '../../src/fonts/index.js';
import { xhtmlToPdf } from '../../src/pdf/from-xhtml.js';
import { installRtl, prepareBidi } from '../../src/pdfmake-rtl.js';
import { installTagging } from '../../src/pdf/pdfmake/tagged.js';
import { loadTheme } from '../../src/pdf/theme.js';
import { fixtures, pdfText, root, tempDir } from '../helpers.js';
import { sharedBuild } from '../support/shared-builds.js';
import { openPdfjs } from '../support/pdfjs.js';
import { fold } from '../support/text.js';

/** One element of `pdfinfo -struct-text`: its role, attributes, and the text of its marked content (as drawn). */
interface Node {
  role: string;
  attributes: string[];
  content: string[];
  children: Node[];
}

/** Parses poppler's indented listing: `Role (block):`, then attribute lines, quoted content, children. */
function structTree(file: string): Node {
  const out = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
  const top: Node = { role: '', attributes: [], content: [], children: [] };
  const stack: { indent: number; node: Node }[] = [{ indent: -1, node: top }];
  for (const raw of out.split('\n')) {
    if (!raw.trim()) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    if (line.startsWith('"')) parent.content.push(line.slice(1, -1));
    else if (line.startsWith('/')) parent.attributes.push(line);
    else {
      const node: Node = { role: /^\w+/.exec(line)![0], attributes: [], content: [], children: [] };
      parent.children.push(node);
      stack.push({ indent, node });
    }
  }
  return top.children[0]!;
}

function all(node: Node, role: string): Node[] {
  return [...(node.role === role ? [node] : []), ...node.children.flatMap((c) => all(c, role))];
}

/** Marked content of an element and its descendants, in content order. */
function drawn(node: Node): string {
  return [...node.content, ...node.children.map(drawn)].join(' ');
}

/**
 * Pure right-to-left text drawn as glyphs in visual order reads back reversed, line by line; the
 * lam-alef ligature comes back as its two letters in either order (a poppler quirk, RESEARCH.md).
 */
function unreverse(node: Node): string {
  return lamAlef(copyText(node.content.map((c) => [...c].reverse().join('')).join(' ')).replace(/\s+/g, ' ').trim());
}
/**
 * poppler's -struct-text reads the glyphs' ToUnicode, not the runs' ActualText: the copy texts made
 * for pdf.js (src/pdf/rtl/copy-text.ts) then show their "<" markers and ZWNJ twice (on the ZWNJ
 * glyph and on the glyph drawn after it).
 */
const copyText = (s: string) => s.replace(/[<>]/g, '').replace(/\u200c+/g, '\u200c');
const lamAlef = (s: string) => s.replace(/\u0627\u0644/g, '\u0644\u0627');

interface JsNode {
  role?: string;
  alt?: string;
  lang?: string;
  type?: string;
  children?: JsNode[];
}

/** Every structure element of every page, as pdf.js gives them (ActualText as `alt`, `Lang` as `lang`). */
async function jsElements(file: string): Promise<{ elements: JsNode[]; language: unknown }> {
  const doc = await openPdfjs(file);
  const elements: JsNode[] = [];
  const walk = (n: JsNode) => {
    if (n.role) elements.push(n);
    n.children?.forEach(walk);
  };
  for (let p = 1; p <= doc.numPages; p++) walk((await (await doc.getPage(p)).getStructTree()) as JsNode);
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
  return { elements, language: info.Language };
}


/** What a screen reader reads for an element: its ActualText, else its children's, in order (content it cannot read here). */
const readText = (n: JsNode): string => n.alt ?? (n.children ?? []).map(readText).join('');

describe('MCIS PDF, tagged', () => {
  let pdf: string;
  let tree: Node;
  const data = parse(readFileSync(join(root, 'data', 'mcis-2023.yaml'), 'utf8')) as {
    title: string;
    participants: { name: string; nameLatin?: string; role: string; country: string }[];
    statements: { kind: string; text: string[] }[];
  };

  beforeAll(async () => {
    ({ pdf } = await sharedBuild(join(root, 'data', 'mcis-2023.yaml')));
    tree = structTree(pdf);
  });

  it('is tagged, with a Document of one Sect per part, the contents page a TOC of one TOCI per part after the cover', () => {
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    expect(tree.role).toBe('Document');
    // The cover, the contents page, then the six parts after the cover.
    expect(tree.children.map((c) => c.role)).toEqual(['Sect', 'Sect', 'Sect', 'Sect', 'Sect', 'Sect', 'Sect']);
    expect(tree.children[1]!.children.map((c) => c.role)).toEqual(['H1', 'TOC']);
    expect(tree.children[1]!.children[1]!.children.map((c) => c.role)).toEqual(['TOCI', 'TOCI', 'TOCI', 'TOCI', 'TOCI']);
  });

  it('gives a contents entry no ActualText of its own: its title alone would hide its page number from a screen reader', async () => {
    const { elements } = await jsElements(pdf);
    const entries = elements.filter((e) => e.role === 'TOCI');
    expect(entries).toHaveLength(5);
    for (const entry of entries) expect(entry.alt).toBeUndefined();
  });

  it('reads a contents entry title first, then its page number as a link saying which entry (ISO 32000-1 Table 333)', async () => {
    const { elements } = await jsElements(pdf);
    const entries = elements.filter((e) => e.role === 'TOCI');
    const titles = ['خلاصه', 'سخنرانان', 'اظهارات', 'محورها', 'منبع'];
    entries.forEach((entry, i) => {
      const kids = entry.children!.filter((c) => c.role);
      expect(kids.map((c) => c.role)).toEqual(['P', 'Reference']);
      expect(kids[0]!.alt).toBe(titles[i]);
      expect(kids[1]!.children!.filter((c) => c.role).map((c) => c.role)).toEqual(['Link']);
      expect(fold(readText(kids[1]!))).toMatch(/^[۰-۹]+$/);
    });
    const doc = await openPdfjs(pdf);
    const links = ((await (await doc.getPage(2)).getAnnotations()) as { subtype: string; contentsObj?: { str: string } }[]).filter((a) => a.subtype === 'Link');
    expect(links.map((l) => l.contentsObj?.str.replace(/\s*[۰-۹]+$/, ''))).toEqual(titles);
  });

  it('hides no other-language word under an ActualText: a cell or paragraph holding a Span Lang has none, its runs have it', async () => {
    const { elements } = await jsElements(pdf);
    const holders = elements.filter((e) => e.role !== 'Span' && e.children?.some((c) => c.role === 'Span' && c.lang));
    expect(holders.length).toBeGreaterThanOrEqual(data.participants.length);
    for (const holder of holders) {
      expect(holder.alt, holder.role).toBeUndefined();
      for (const kid of holder.children!.filter((c) => c.role)) expect(kid.alt, `${holder.role} > ${kid.role}`).toBeDefined();
    }
  });

  it('has the headings with their Persian text, in the order of the document', async () => {
    const h1 = all(tree, 'H1');
    // poppler reads the glyphs as drawn (visual order): each line of a heading comes back reversed.
    expect(unreverse(h1[0]!).split(' ').sort()).toEqual(lamAlef(data.title).split(' ').sort());
    expect(h1.slice(1).map(unreverse)).toEqual(['فهرست', 'خلاصه', 'سخنرانان', 'اظهارات', 'محورها', 'منبع'].map(lamAlef));
    const speakers = [...new Set(data.statements.map((s) => (s as unknown as { speaker: string }).speaker))];
    expect(all(tree, 'H2').slice(0, speakers.length).map(unreverse)).toEqual(
      speakers.map((id) => lamAlef((data.participants as { id?: string; name: string }[]).find((p) => p.id === id)!.name)),
    );
    // In logical order: every element with right-to-left text carries it as ActualText (pdf.js: `alt`).
    const { elements } = await jsElements(pdf);
    const headings = elements.filter((e) => e.role === 'H1').map((e) => e.alt);
    expect(headings).toEqual([data.title, 'فهرست', 'خلاصه', 'سخنرانان', 'اظهارات', 'محورها', 'منبع']);
  });

  it('tags the participants table as Table, THead/TBody, TR, TH and TD in logical column order', async () => {
    const table = all(tree, 'Table')[1]!;
    expect(table.children.map((c) => c.role)).toEqual(['THead', 'TBody']);
    const [head, body] = table.children as [Node, Node];
    expect(head.children).toHaveLength(1);
    expect(head.children[0]!.children.map((c) => c.role)).toEqual(['TH', 'TH', 'TH', 'TH']);
    expect(head.children[0]!.children.every((th) => th.attributes.includes('/Scope /Column'))).toBe(true);
    expect(body.children).toHaveLength(data.participants.length);
    for (const tr of body.children) expect(tr.children.map((c) => c.role)).toEqual(['TD', 'TD', 'TD', 'TD']);
    // First column first, though it is drawn on the right.
    const { elements } = await jsElements(pdf);
    const rows = elements.filter((e) => e.role === 'TR' && e.children?.[0]?.role === 'TD');
    const participants = rows.slice(0, data.participants.length).map((tr) => tr.children!.map((td) => fold(readText(td))));
    data.participants.forEach((p, i) => {
      expect(participants[i]![0]).toBe(fold(`${p.name} ${p.nameLatin ?? ''}`));
      expect(participants[i]!.slice(1, 3)).toEqual([p.role, p.country]);
    });
    // The Latin names are Spans in English inside the cell.
    const spans = elements.filter((e) => e.role === 'Span');
    expect(spans.filter((s) => s.lang === 'en').length).toBeGreaterThanOrEqual(data.participants.length);
    expect(drawn(body)).toContain('Vladimir Putin');
  });

  it('tags each quote as a BlockQuote of paragraphs', async () => {
    const quotes = all(tree, 'BlockQuote');
    const quoted = data.statements.filter((s) => s.kind === 'quote');
    expect(quotes).toHaveLength(quoted.length);
    // Each paragraph of the quote; the speaker's name and role stand in the heading above, not repeated here.
    quotes.forEach((q, i) => expect(q.children.map((c) => c.role)).toEqual(quoted[i]!.text.map(() => 'P')));
    const { elements } = await jsElements(pdf);
    const first = elements.find((e) => e.role === 'BlockQuote')!;
    const words = (s: string) => fold(s).replace(/[\u200c\s]+/g, ' ').split(' ');
    expect(words(first.children![0]!.alt!)).toEqual(words(quoted[0]!.text[0]!));
  });

  it('declares the language fa and leaves the running header and page numbers out of the structure', async () => {
    const { language } = await jsElements(pdf);
    expect(language).toBe('fa');
    // The contents page holds page numbers of its own: they are content, in its TOC.
    const text = drawn({ ...tree, children: tree.children.filter((c) => all(c, 'TOC').length === 0) });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const fa = (n: number) => new Intl.NumberFormat('fa-IR').format(n);
    // Page numbers ("۳ / ۱۰", drawn reversed) appear nowhere in the tree.
    expect(text).not.toMatch(new RegExp(`${fa(pages)} ?/|/ ?${fa(pages)}`));
    // The title is in the tree once, as the first heading, not once per page as the running header.
    const title = data.title.split(' ')[0]!;
    const reversedTitleWord = [...title].reverse().join('');
    expect(text.split(reversedTitleWord).length - 1).toBe(1);
  });
});

describe('tagging through pdfmake alone', () => {
  it('tags a list, a link and a table whose header row repeats on the next page only once', async () => {
    const theme = await loadTheme(join(root, 'templates'));
    const rows = Array.from({ length: 60 }, (_, i) => `<tr><td>ردیف ${i + 1}</td><td>مقدار</td></tr>`).join('');
    const xhtml = `<section><h1>فهرست</h1><ul><li>یک</li><li><p>دو</p></li></ul>
      <p dir="ltr"><a href="https://example.org/">example.org</a></p>
      <table><thead><tr><th>نام</th><th>مقدار</th></tr></thead><tbody>${rows}</tbody></table></section>`;
    pdfmake.setFonts({ Vazirmatn: { normal: fontFace(400).path, bold: fontFace(700).path, italics: fontFace(400).path, bolditalics: fontFace(700).path } });
    installRtl(pdfmake);
    installTagging(pdfmake);
    installTagging(pdfmake); // idempotent
    const doc = {
      tagged: true,
      language: 'fa',
      defaultStyle: { font: 'Vazirmatn', fontSize: 11 },
      styles: theme.styles,
      content: xhtmlToPdf([{ xhtml }], theme, 'rtl'),
      footer: (page: number) => ({ text: `FOOTER ${page}`, alignment: 'center' }),
    };
    const bytes = await pdfmake.createPdf(prepareBidi(doc, { baseDir: 'rtl' }) as never).getBuffer();
    const file = join(tempDir(), 'tagged.pdf');
    writeFileSync(file, bytes);
    expect(Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])).toBeGreaterThan(1);
    const tree = structTree(file);
    const list = all(tree, 'L')[0]!;
    expect(list.children.map((li) => li.children.map((c) => c.role))).toEqual([['Lbl', 'LBody'], ['Lbl', 'LBody']]);
    expect(list.children[1]!.children[1]!.children.map((c) => c.role)).toEqual(['P']);
    const link = all(tree, 'Link')[0]!;
    expect(drawn(link)).toContain('example.org');
    // The link annotation belongs to the Link element (an object reference beside the text).
    expect(execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' })).toMatch(/Link[^\n]*\n\s+Object \d+ \d+/);
    // The header row is drawn again on page 2 (as an artifact) but tagged once.
    expect(pdfText(file, ['-f', '2', '-l', '2'])).toMatch(/^نام$/m);
    const ths = all(tree, 'TH');
    expect(ths).toHaveLength(2);
    expect(ths.map((th) => th.content.length)).toEqual([1, 1]);
    expect(all(tree, 'TR')).toHaveLength(61);
    // The page numbers of the footer are artifacts.
    expect(drawn(tree)).not.toContain('FOOTER');
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('FOOTER 2');
  });
});

describe('what PDF/UA and PDF/A checkers look for beyond the tree', () => {
  type Obj = { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } };
  /** The file's objects by reference ("12 0 R"), as qpdf gives them (JSON). */
  const objects = (file: string): Map<string, Obj> => {
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { qpdf: [unknown, Record<string, Obj>] };
    return new Map(Object.entries(json.qpdf[1]).map(([k, v]) => [k.replace(/^obj:/, ''), v]));
  };
  const dict = (o: Obj | undefined) => o?.value ?? o?.stream?.dict;

  it('gives each embedded TrueType program its Length1, and asks viewers for no page direction (PDFium would copy every line as right-to-left)', async () => {
    const { pdf } = await sharedBuild(join(root, 'data', 'mcis-2023.yaml'));
    const all = objects(pdf);
    const catalog = [...all.values()].map(dict).find((v) => v?.['/Type'] === '/Catalog')!;
    const prefs = catalog['/ViewerPreferences'];
    expect(dict(typeof prefs === 'string' ? all.get(prefs) : { value: prefs as Record<string, unknown> })?.['/Direction']).toBeUndefined();
    const descriptors = [...all.values()].map(dict).filter((v) => v?.['/Type'] === '/FontDescriptor');
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) expect(dict(all.get(String(d!['/FontFile2'])))?.['/Length1']).toEqual(expect.any(Number));
    // The event table on page 1 has a BBox; a table drawn over two pages has none (a BBox lies on one page).
    const tables = [...all.values()].map(dict).filter((v) => v?.['/S'] === '/Table');
    expect(tables.filter((t) => (t!['/A'] as Record<string, unknown> | undefined)?.['/BBox']).length).toBeGreaterThanOrEqual(1);
  });

  it('gives a Figure its BBox and its caption as a child', async () => {
    const { pdf } = await sharedBuild(join(fixtures, 'topic', 'topic-briefing.yaml'));
    const elements = [...objects(pdf).values()].map(dict).filter((v): v is Record<string, unknown> => !!v && typeof v['/S'] === 'string');
    const box = (e: Record<string, unknown>) => (e['/A'] as Record<string, unknown> | undefined)?.['/BBox'];
    const figures = elements.filter((e) => e['/S'] === '/Figure');
    expect(figures.length).toBeGreaterThanOrEqual(2);
    for (const f of figures) expect(box(f)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(all(structTree(pdf), 'Figure').some((f) => f.children.some((c) => c.role === 'Caption'))).toBe(true);
  });
});
