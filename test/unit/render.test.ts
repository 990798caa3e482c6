import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/model/load.js';
import { renderBriefing } from '../../src/index.js';
import { fixtures } from '../helpers.js';

const minimal = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');

describe('the shared XHTML', () => {
  it('shows markup, template syntax and entities in the data as text', async () => {
    const hostile = minimal
      .replace('title: نشست آزمایشی امنیت منطقه‌ای', `title: "<script>alert(1)</script> {{labels.toc}} &amp; <b>پررنگ</b>"`)
      .replace('name: مریم احمدی', `name: "مریم {{#each summary}}x{{/each}} ' \\" احمدی"`);
    const { rendered } = await renderBriefing(parseBriefing(hostile, 'h.yaml'));
    expect(rendered.xhtml).not.toContain('<script>');
    expect(rendered.xhtml).not.toContain('<b>');
    expect(rendered.xhtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; {{labels.toc}} &amp;amp; &lt;b&gt;');
    expect(rendered.xhtml).toContain('مریم {{#each summary}}x{{/each}}');
    // The sections the EPUB and PDF use keep the escaping after being split.
    expect(rendered.sections[0]!.xhtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.sections[0]!.xhtml).not.toContain('<b>');
    expect(rendered.sections[0]!.title).toBe('<script>alert(1)</script> {{labels.toc}} &amp; <b>پررنگ</b>');
  });

  it('gives the date in the Jalali and the Gregorian calendar with Persian digits', async () => {
    const { rendered } = await renderBriefing(parseBriefing(minimal, 'm.yaml'));
    // Each date is kept whole (no-break spaces): it never splits over two lines.
    expect(rendered.xhtml).toContain('۱\u00a0فروردین\u00a0۱۴۰۳ (۲۰\u00a0مارس\u00a0۲۰۲۴)');
    expect(rendered.xhtml).toContain('حدود ۱۲۰ نماینده از ۱۲ کشور');
  });

  it('uses Latin digits for the numbers it writes when the briefing asks for them', async () => {
    const { rendered } = await renderBriefing(parseBriefing(`${minimal}\ndigits: latin\n`, 'm.yaml'));
    expect(rendered.xhtml).toContain('1\u00a0فروردین\u00a01403 (20\u00a0مارس\u00a02024)');
  });

  it('splits into the sections both outputs use, with Persian titles', async () => {
    const { rendered } = await renderBriefing(parseBriefing(minimal, 'm.yaml'));
    expect(rendered.sections.map((s) => s.id)).toEqual(['title', 'summary', 'participants', 'statements', 'themes', 'source']);
    expect(rendered.sections.map((s) => s.title).slice(1)).toEqual(['خلاصه', 'سخنرانان', 'اظهارات', 'محورها', 'منبع']);
  });

  it('groups statements by speaker and marks each theme a speaker addressed', async () => {
    const { view, rendered } = await renderBriefing(parseBriefing(minimal, 'm.yaml'));
    expect(view.matrix.rows.map((r) => r.cells.map((c) => c.spoke))).toEqual([[true, true], [false, true]]);
    const statements = rendered.sections.find((s) => s.id === 'statements')!.xhtml;
    expect(statements).toMatch(/<blockquote class="quote">\s*<p dir="auto">همکاری منطقه‌ای کلید ثبات است/);
    expect(statements).toMatch(/<div class="paraphrase">\s*<p dir="auto">وی گفت که گزارش کامل/);
  });
});
