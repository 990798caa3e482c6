#!/usr/bin/env node
// Typst as a reference for `npm run bench`: the same briefing text, typeset in Persian with
// Vazirmatn from node_modules, compiled to PDF by Typst (@myriaddreamin/typst-ts-node-compiler, a
// bench-only devDependency) in a fresh process, as our CLI and Chromium are.
//   node bench/typst.mjs IN.typ OUT.pdf      compile
// `typstSource(briefing)` writes the markup: title page, summary, statements by speaker, themes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const typstFonts = join(root, 'node_modules', 'vazirmatn', 'fonts', 'ttf');

/** Whether the compiler package and its native binary for this machine load. */
export function typstAvailable() {
  try {
    createRequire(import.meta.url)('@myriaddreamin/typst-ts-node-compiler');
    return true;
  } catch {
    return false;
  }
}

/** A Typst string literal: JSON's escapes but `\u{…}` for code points. */
const str = (s) => JSON.stringify(String(s)).replace(/\\u([0-9a-fA-F]{4})/g, '\\u{$1}');
const paragraphText = (p) => (typeof p === 'string' ? p : p.text);

/**
 * The text our templates print for a briefing as it comes from YAML, page for page, as blocks:
 * what the reference typesetters (Typst here, stock pdfmake in bench/stock-pdfmake.mjs) set, so
 * every anchor typesets the same words.
 */
export function briefingBlocks(b) {
  const blocks = [{ kind: 'title', text: b.title }];
  if (b.subtitle) blocks.push({ kind: 'subtitle', text: b.subtitle });
  const event = b.event ?? {};
  for (const v of [event.name, event.nameLatin, event.location, event.organizer, b.date]) if (v) blocks.push({ kind: 'para', text: String(v) });
  const section = (title) => blocks.push({ kind: 'section', text: title });
  section('خلاصه');
  for (const p of b.summary ?? []) blocks.push({ kind: 'para', text: paragraphText(p) });
  const people = new Map((b.participants ?? []).map((p) => [p.id, p]));
  section('سخنرانان');
  for (const p of b.participants ?? []) blocks.push({ kind: 'item', text: `${p.name}، ${p.role ?? ''} ${p.country ?? ''}` });
  section('اظهارات');
  let speaker;
  for (const s of b.statements ?? []) {
    if (s.speaker !== speaker) {
      speaker = s.speaker;
      blocks.push({ kind: 'heading', text: people.get(s.speaker)?.name ?? s.speaker });
    }
    if (s.context) blocks.push({ kind: 'bold', text: s.context });
    for (const p of s.text ?? []) blocks.push({ kind: 'quote', text: paragraphText(p) });
  }
  section('موضوع‌ها');
  for (const t of b.themes ?? []) blocks.push({ kind: 'heading', text: t.title }, { kind: 'para', text: t.description ?? '' });
  if (b.source) blocks.push({ kind: 'source', text: `منبع: ${b.source.name ?? ''} ${b.source.url ?? ''}` });
  return blocks;
}

/** Typst markup for a briefing as it comes from YAML (`briefingBlocks`). */
export function typstSource(b) {
  const rtl = (b.lang ?? 'fa').startsWith('fa');
  const lines = [
    `#set page(paper: "a4", margin: (x: 56pt, y: 64pt), numbering: "1 / 1", number-align: center)`,
    `#set text(font: "Vazirmatn", size: 11pt, lang: ${str(rtl ? 'fa' : 'en')}, dir: ${rtl ? 'rtl' : 'ltr'})`,
    `#set par(leading: 0.8em, justify: true)`,
    `#set heading(numbering: none)`,
  ];
  const markup = {
    title: (t) => ['', `#align(center)[#text(size: 22pt, weight: "bold", ${str(t)})]`],
    subtitle: (t) => [`#align(center)[#text(size: 14pt, ${str(t)})]`],
    para: (t) => ['', `#${str(t)}`],
    section: (t) => ['', '#pagebreak()', `#heading(level: 1, ${str(t)})`],
    item: (t) => ['', `- #${str(t)}`],
    heading: (t) => ['', `#heading(level: 2, ${str(t)})`],
    bold: (t) => ['', `#text(weight: "bold", ${str(t)})`],
    quote: (t) => ['', `#quote(block: true)[#${str(t)}]`],
    source: (t) => ['', '#pagebreak()', `#${str(t)}`],
  };
  for (const block of briefingBlocks(b)) lines.push(...markup[block.kind](block.text));
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [input, output] = process.argv.slice(2);
  const { NodeCompiler } = createRequire(import.meta.url)('@myriaddreamin/typst-ts-node-compiler');
  const compiler = NodeCompiler.create({ workspace: dirname(resolve(input)), fontArgs: [{ fontPaths: [typstFonts] }] });
  const pdf = compiler.pdf({ mainFileContent: readFileSync(input, 'utf8') });
  writeFileSync(output, pdf);
}
