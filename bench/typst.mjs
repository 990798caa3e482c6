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

/** Markup for a briefing as it comes from YAML: the text our templates print, page for page. */
export function typstSource(b) {
  const lines = [];
  const rtl = (b.lang ?? 'fa').startsWith('fa');
  lines.push(
    `#set page(paper: "a4", margin: (x: 56pt, y: 64pt), numbering: "1 / 1", number-align: center)`,
    `#set text(font: "Vazirmatn", size: 11pt, lang: ${str(rtl ? 'fa' : 'en')}, dir: ${rtl ? 'rtl' : 'ltr'})`,
    `#set par(leading: 0.8em, justify: true)`,
    `#set heading(numbering: none)`,
    '',
    `#align(center)[#text(size: 22pt, weight: "bold", ${str(b.title)})]`,
  );
  if (b.subtitle) lines.push(`#align(center)[#text(size: 14pt, ${str(b.subtitle)})]`);
  const event = b.event ?? {};
  for (const v of [event.name, event.nameLatin, event.location, event.organizer, b.date]) if (v) lines.push('', `#${str(v)}`);
  const section = (title) => lines.push('', '#pagebreak()', `#heading(level: 1, ${str(title)})`);
  section('خلاصه');
  for (const p of b.summary ?? []) lines.push('', `#${str(paragraphText(p))}`);
  const people = new Map((b.participants ?? []).map((p) => [p.id, p]));
  section('سخنرانان');
  for (const p of b.participants ?? []) lines.push('', `- #${str(`${p.name}، ${p.role ?? ''} ${p.country ?? ''}`)}`);
  section('اظهارات');
  let speaker;
  for (const s of b.statements ?? []) {
    if (s.speaker !== speaker) {
      speaker = s.speaker;
      lines.push('', `#heading(level: 2, ${str(people.get(s.speaker)?.name ?? s.speaker)})`);
    }
    if (s.context) lines.push('', `#text(weight: "bold", ${str(s.context)})`);
    for (const p of s.text ?? []) lines.push('', `#quote(block: true)[#${str(paragraphText(p))}]`);
  }
  section('موضوع‌ها');
  for (const t of b.themes ?? []) lines.push('', `#heading(level: 2, ${str(t.title)})`, '', `#${str(t.description ?? '')}`);
  if (b.source) lines.push('', '#pagebreak()', `#${str(`منبع: ${b.source.name ?? ''} ${b.source.url ?? ''}`)}`);
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [input, output] = process.argv.slice(2);
  const { NodeCompiler } = createRequire(import.meta.url)('@myriaddreamin/typst-ts-node-compiler');
  const compiler = NodeCompiler.create({ workspace: dirname(resolve(input)), fontArgs: [{ fontPaths: [typstFonts] }] });
  const pdf = compiler.pdf({ mainFileContent: readFileSync(input, 'utf8') });
  writeFileSync(output, pdf);
}
