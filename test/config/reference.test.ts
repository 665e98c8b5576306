import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSettingsTable } from '../../src/config/reference.js';
import { SETTINGS } from '../../src/config/settings.js';

const README = join(import.meta.dirname, '..', '..', 'README.md');
const BEGIN = '<!-- settings table: rendered from src/config/settings.ts -->';
const END = '<!-- end of settings table -->';

describe('the README settings reference', () => {
  it('is the table the declaration renders (UPDATE_README=1 rewrites it)', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, `README.md has no "${BEGIN}" marker`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const current = text.slice(start + BEGIN.length, end).trim();
    const rendered = renderSettingsTable();
    if (process.env.UPDATE_README === '1' && current !== rendered) {
      writeFileSync(README, `${text.slice(0, start + BEGIN.length)}\n${rendered}\n${text.slice(end)}`);
      return;
    }
    expect(current).toBe(rendered);
  });

  it('has one row per setting, each naming its variable when it has one', () => {
    const table = renderSettingsTable();
    for (const [name, spec] of Object.entries(SETTINGS)) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      if ('env' in spec) expect(row).toContain(`\`${spec.env}\``);
    }
  });
});
