// Every hook on pdfmake's and pdfkit's internals lives in src/pdf/pdfmake/, from its registry: the
// sources outside that folder patch no prototype, load no internal module and name no private field.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/pdf/pdfmake/registry.js';
import { root } from '../helpers.js';

const src = join(root, 'src');
const hooks = join(src, 'pdf', 'pdfmake');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === hooks ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** pdfmake's and pdfkit's private fields: the registry's (every one a hook reads or writes is declared there), and pdfkit's `_font`. */
const privateNames = [...new Set([...REGISTRY.map((e) => e.member.replace(/^[#.]/, '')).filter((m) => m.startsWith('_')), '_font'])];

const rules: { what: string; pattern: RegExp }[] = [
  { what: 'a prototype patched', pattern: /\.prototype(\.[\w$]+|\[[^\]]+\])\s*=(?!=)/ },
  { what: 'a prototype patched', pattern: /Object\.(defineProperty|defineProperties|assign|setPrototypeOf)\([^)]*\.prototype\b/ },
  { what: "one of pdfmake's internal modules loaded", pattern: /['"`]pdfmake\/js\// },
  { what: 'pdfkit loaded', pattern: /(require\(|from\s+|import\()\s*['"`]pdfkit['"`/]/ },
  { what: "pdfmake's class or virtual file system reached", pattern: /\b(virtualfs\b|pdfmake\)?(\s+as\s+\w+\))?\.constructor\b)/ },
  { what: 'the hook registry used', pattern: /from\s+['"][^'"]*pdfmake\/registry(\.js)?['"]/ },
  { what: 'a private field of pdfmake or pdfkit named', pattern: new RegExp(`\\b(${privateNames.join('|')})\\b`) },
];

function violations(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    // Comments may name what they explain.
    const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '').replace(/\/\*.*?\*\//g, '');
    for (const { what, pattern } of rules) if (pattern.test(code)) found.push(`${i + 1}: ${what}: ${line.trim()}`);
  });
  return found;
}

describe('hooks on pdfmake and pdfkit', () => {
  it('are all in src/pdf/pdfmake/', () => {
    const files = sources(src);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => violations(readFileSync(f, 'utf8')).map((v) => `${relative(root, f)}:${v}`));
    expect(found).toEqual([]);
  });

  it('stay out of the bidi and shaping algorithms: src/pdf/rtl/ imports nothing from pdfmake/', () => {
    const rtl = join(src, 'pdf', 'rtl');
    const found = sources(rtl).filter((f) => /from\s+['"]\.\.\/pdfmake\//.test(readFileSync(f, 'utf8')));
    expect(found.map((f) => relative(root, f))).toEqual([]);
  });

  it('would be found by the scan', () => {
    expect(violations("Renderer.prototype.renderLine = function () {};")).toHaveLength(1);
    expect(violations("proto['measure'] = 1; X.prototype['measure'] = f;")).toHaveLength(1);
    expect(violations("const m = require('pdfmake/js/LayoutBuilder.js');")).toHaveLength(1);
    expect(violations("import PDFDocument from 'pdfkit';")).toHaveLength(1);
    expect(violations("doc._currentStructureElement = el;")).toHaveLength(1);
    expect(violations("if (inline._pageNodeRef) return;")).toHaveLength(1);
    expect(violations("const P = (pdfmake as object).constructor;")).toHaveLength(1);
    expect(violations("instance.virtualfs = new VFS();")).toHaveLength(1);
    expect(violations("if (X.prototype.measure === y) return; // Renderer.prototype.x = 1")).toEqual([]);
  });
});
