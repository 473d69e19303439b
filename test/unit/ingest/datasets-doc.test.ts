import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_TEMPLATES } from '../../../src/ingest/templates.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/datasets.md'), 'utf8');

describe('docs/datasets.md', () => {
  it.each(ALL_TEMPLATES.map((t) => [t.kind, t] as const))('documents every column of the %s template', (kind, t) => {
    const start = doc.indexOf(`(\`${kind}\`)`);
    expect(start, `no section for ${kind}`).toBeGreaterThan(0);
    const end = doc.indexOf('\n### ', start + 1);
    const section = doc.slice(start, end < 0 ? undefined : end);
    for (const c of t.columns)
      expect(section, `${kind}.${c.name}`).toContain(`| \`${c.name}\` | ${c.required ? 'yes' : ''} |`);
  });
});
