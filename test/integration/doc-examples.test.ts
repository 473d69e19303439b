import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/index.js';
import { User } from '../../src/entities/index.js';
import { buildHubSchema } from '../../src/server/schema.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';

/*
 * The copy-paste examples of the README and docs/ must keep working: every GraphQL
 * document in them is checked against the schema, and every query is run against the
 * demo partnership as the kind of user the page addresses. If one fails, fix the page
 * (or the code), not this test.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Example {
  where: string;
  document: string;
}

/** The `query` of each `curl ... -d '{"query": ...}'` in the README. */
function readmeExamples(): Example[] {
  const out: Example[] = [];
  const text = read('README.md');
  for (const m of text.matchAll(/-d '(\{"query":.*?\})'/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ where: `README.md:${line}`, document: (JSON.parse(m[1]) as { query: string }).query });
  }
  return out;
}

/** Each operation in each ```graphql block of a page (blocks holding several anonymous operations are split). */
function pageExamples(file: string): Example[] {
  const out: Example[] = [];
  const text = read(file);
  for (const m of text.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    const block = m[1];
    // An outline, not a document: "query X($purpose: Purpose!) @purpose(name: $purpose) { ... }".
    if (/\{\s*\.\.\.\s*\}/.test(block)) continue;
    const parts = block.split(/\n(?=(?:query|mutation)\b)/).filter((p) => p.trim());
    for (const p of parts) out.push({ where: `${file}:${line}`, document: p });
  }
  return out;
}

const EXAMPLES: Example[] = [
  ...readmeExamples(),
  ...['docs/analytics.md', 'docs/permissions.md', 'docs/audit.md', 'docs/datasets.md'].flatMap(pageExamples),
];

/** Who runs a page's queries: the reader that page addresses. */
function runAs(e: Example): string {
  if (e.document.includes('auditEvents')) return 'auditor@csp';
  if (e.where.startsWith('README.md')) return 'analyst@rdc';
  return 'analyst@bpol';
}

describe('the examples in the README and docs/', () => {
  let schema: GraphQLSchema;
  let t: TestHub;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    schema = await buildHubSchema();
    t = await startTestHub();
    await loadDemo(t.runtime.orm, { records: 6_000, seed: 7, pseudonymKey: TEST_PSEUDONYM_KEY });
    const users = await t.runtime.orm.em.fork().find(User, {}, { populate: ['agency'] });
    for (const u of users)
      tokens[u.username] = (
        await t.runtime.services.tokens.issue({ id: u.id, agencyId: u.agency.id, roles: u.roles })
      ).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the examples', () => {
    expect(EXAMPLES.filter((e) => e.where.startsWith('README.md')).length).toBeGreaterThanOrEqual(3);
    expect(EXAMPLES.filter((e) => e.where.startsWith('docs/analytics.md')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(EXAMPLES.map((e) => [e.where, e] as const))('%s is a valid document', (_where, e) => {
    expect(validate(schema, parse(e.document)).map((err) => err.message)).toEqual([]);
  });

  const queries = EXAMPLES.filter((e) => /^\s*(query|\{)/.test(e.document));
  it.each(queries.map((e) => [e.where, e] as const))('%s answers on the demo partnership', async (_where, e) => {
    const r = await t.gql(e.document, {}, { token: tokens[runAs(e)] });
    expect(r.status).toBe(200);
    expect(r.data).toBeTruthy();
    // Fields the reader may not see come back FORBIDDEN at their path (the pages say so); nothing else may fail.
    expect((r.errors ?? []).filter((err) => err.extensions?.code !== 'FORBIDDEN').map((err) => err.message)).toEqual(
      [],
    );
  });
});
