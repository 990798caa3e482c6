import { describe, expect, it } from 'vitest';
import { prepareBidi } from '../../../src/pdf/rtl/index.js';

type Node = { text: { text: string; bidiLevel: number; bidiBase: number }[]; dir: string };

describe('prepareBidi', () => {
  it('resolves dir per text node: document default, own dir, auto by first strong character', () => {
    const doc = prepareBidi({ content: ['سلام', { text: 'Hello', dir: 'auto' }, { text: 'سلام', dir: 'ltr' }] }, { baseDir: 'rtl' });
    const [a, b, c] = doc.content as unknown as Node[];
    expect([a!.dir, b!.dir, c!.dir]).toEqual(['rtl', 'ltr', 'ltr']);
    expect(b!.text[0]!.bidiBase).toBe(0);
  });
  it('is pure and reaches tables, lists, columns and header/footer functions', () => {
    const input = {
      content: [{ table: { body: [[{ text: 'یک' }, 'دو']] } }, { ul: ['سه'] }, { columns: [{ stack: [{ text: 'چهار' }] }] }],
      header: () => ({ text: 'سرصفحه' }),
    };
    const doc = prepareBidi(input, { baseDir: 'rtl' }) as unknown as {
      content: [{ table: { body: Node[][] } }, { ul: Node[] }, { columns: { stack: Node[] }[] }];
      header: () => Node;
    };
    expect(input.content[0]).toEqual({ table: { body: [[{ text: 'یک' }, 'دو']] } });
    expect(doc.content[0].table.body[0]![1]!.text[0]!.bidiLevel).toBe(1);
    expect(doc.content[1].ul[0]!.dir).toBe('rtl');
    expect(doc.content[2].columns[0]!.stack[0]!.text[0]!.text).toBe('چهار');
    expect(doc.header().text[0]!.bidiLevel).toBe(1);
  });
  it('inherits dir from a container', () => {
    const doc = prepareBidi({ content: [{ stack: [{ text: '2023' }], dir: 'ltr' }] }, { baseDir: 'rtl' }) as unknown as { content: [{ stack: Node[] }] };
    expect(doc.content[0].stack[0]!.dir).toBe('ltr');
  });
});
