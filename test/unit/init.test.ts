import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBriefing } from '../../src/cli/new-briefing.js';
import { loadBriefing } from '../../src/model/load.js';
import { tempDir } from '../helpers.js';

describe('starting a new briefing', () => {
  it('writes a file with every field, commented in Persian, that validates as it is', async () => {
    const dir = tempDir();
    const file = await initBriefing('new-meeting', dir, new Date('2025-01-02T10:00:00Z'));
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./briefing.schema.json');
    expect(existsSync(join(dir, 'briefing.schema.json'))).toBe(true);
    for (const field of ['id', 'lang', 'digits', 'title', 'subtitle', 'date', 'event', 'nameLatin', 'abbreviation', 'edition', 'location', 'organizer', 'delegates', 'countries', 'alongside', 'sources', 'id', 'name', 'title', 'source', 'via', 'url', 'published', 'summary', 'participants', 'role', 'country', 'statements', 'speaker', 'kind', 'context', 'text', 'themes', 'description', 'authors', 'issued', 'assessment']) {
      expect(text, field).toMatch(new RegExp(`^\\s*(- )?${field}:`, 'm'));
    }
    // Fields that print on every page or need files beside the briefing are there, commented out.
    for (const field of ['marking', 'revision', 'logo', 'figures']) expect(text, field).toMatch(new RegExp(`^# ${field}:`, 'm'));
    expect(text).toMatch(/^# .*[\u0600-\u06ff]/m);
    const b = await loadBriefing(file);
    expect(b.id).toBe('new-meeting');
    expect(b.date).toBe('2025-01-02');
    expect(b.issued).toBe('2025-01-02');
    expect(b.statements[0]!.source).toBe(b.sources[0]!.id);
    // Uncommented, the commented fields are valid too (the images aside, which need their files).
    const full = text.replace(/^# (marking|revision): /gm, '$1: ');
    writeFileSync(join(dir, 'full.yaml'), full);
    expect((await loadBriefing(join(dir, 'full.yaml'))).marking).toBe('فقط برای استفادهٔ داخلی');
  });

  it('refuses to overwrite an existing briefing and refuses a bad id', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'taken.yaml'), 'keep me');
    await expect(initBriefing('taken', dir)).rejects.toThrow(/taken\.yaml: already exists/);
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('keep me');
    await expect(initBriefing('Bad Id', dir)).rejects.toThrow(/not a valid id/);
  });
});
