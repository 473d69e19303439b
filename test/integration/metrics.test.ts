import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencyId, demoUserId, loadDemo } from '../../src/demo/index.js';
import { Role } from '../../src/domain/vocabulary.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { startMetricsServer } from '../../src/metrics.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';
import { csv } from '../support/ingest.js';
import { ImportDoor } from '../../src/domain/api-enums.js';

const TOKEN = 'metrics-token-for-tests-0123456789-abcdefghijkl';

/** The value of one sample (`name{labels} value`), summed over the lines that match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      sum += Number(m[3]);
      found = true;
    }
  }
  return found ? sum : NaN;
}

describe('/metrics', () => {
  let t: TestHub;
  let analyst: string;

  const scrape = async (token = TOKEN) => {
    const res = await fetch(new URL('/metrics', t.hub.url), { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  beforeAll(async () => {
    t = await startTestHub({ HUB_METRICS_TOKEN: TOKEN });
    await loadDemo(t.runtime.orm, { records: 3000, seed: 3, pseudonymKey: TEST_PSEUDONYM_KEY });
    const issue = async (user: string, agency: string) =>
      (
        await t.runtime.services.tokens.issue({
          id: demoUserId(user),
          agencyId: demoAgencyId(agency),
          roles: [Role.ANALYST],
        })
      ).token;
    analyst = await issue('analyst@bpol', 'BPOL');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is off the public port without the token, and refuses a wrong one', async () => {
    expect((await scrape('not-the-token')).status).toBe(401);
    const res = await fetch(new URL('/metrics', t.hub.url));
    expect(res.status).toBe(401);
    const plain = await startTestHub();
    try {
      // Without HUB_METRICS_TOKEN the main port has no /metrics at all.
      expect((await fetch(new URL('/metrics', plain.hub.url))).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('counts requests by operation and outcome, with latency, pool use and audit appends', async () => {
    const before = (await scrape()).text;
    const ok = await t.gql('query @purpose(name: STRATEGIC_ASSESSMENT) { me { username } }', {}, { token: analyst });
    expect(ok.errors).toBeUndefined();
    await t.gql('{ me { username } }', {}); // no credentials: denied
    await t.gql('query { nosuchfield }', {}); // validation: a client error
    const after = await scrape();
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const { text } = after;
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(text, name, labels) || 0) - (sample(before, name, labels) || 0);
    expect(delta('hub_graphql_requests_total', { operation: 'me', outcome: 'ok' })).toBe(1);
    expect(delta('hub_graphql_requests_total', { operation: 'me', outcome: 'denied' })).toBe(1);
    expect(delta('hub_graphql_requests_total', { operation: 'other', outcome: 'client_error' })).toBe(1);
    expect(delta('hub_graphql_request_duration_seconds_count', { operation: 'me' })).toBe(2);
    expect(delta('hub_http_requests_total', { route: 'graphql', status: '2xx' })).toBeGreaterThanOrEqual(1);
    // Every answer is audited: the appends are timed.
    expect(delta('hub_audit_append_duration_seconds_count', {})).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'hub_db_pool_max', { pool: 'main' })).toBe(10);
    expect(sample(text, 'hub_db_pool_in_use', { pool: 'main' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'hub_db_pool_waiting', { pool: 'main' })).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // As many overdue periods as the submissions report gives.
    const report = await t.runtime.services.submissions.report();
    expect(sample(text, 'hub_submissions_overdue')).toBe(report.reduce((n, d) => n + d.overdue, 0));
  });

  it('never turns what a client sends into a label', async () => {
    await t.gql(
      'query Evil_Client_Name_12345 { me { username } }',
      {},
      { token: analyst, headers: { 'x-request-id': 'request-id-abcdef' } },
    );
    await t.gql('query { someone_elses_field_98765 }', {});
    await fetch(new URL('/a/path/of/my/own/987654', t.hub.url));
    const { text } = await scrape();
    expect(text).not.toMatch(/Evil_Client_Name_12345|someone_elses_field_98765|987654|abcdef/);
    const operations = new Set(
      [...text.matchAll(/^hub_graphql_requests_total\{operation="([^"]*)"/gm)].map((m) => m[1]),
    );
    // Only the schema's own root fields, and "other".
    for (const op of operations) expect(['me', 'other', 'aggregate', '__typename']).toContain(op);
  });

  it('counts cells suppressed and import rows accepted and refused', async () => {
    const before = (await scrape()).text;
    // The police see the hospital's A&E assaults in aggregate only: by small area, small counts are withheld.
    const agg = await t.gql(
      `query A($f: AnalysisFilter, $g: [GroupBy!]!) @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(filter: $f, groupBy: $g) { csv } }`,
      { f: { kinds: ['AE_ASSAULT'] }, g: ['LSOA', 'CATEGORY'] },
      { token: analyst },
    );
    expect(agg.errors).toBeUndefined();
    expect((agg.data as { aggregate: { csv: string } }).aggregate.csv).toMatch(/,yes\r\n/);
    const imported = await t.runtime.services.imports.run({
      datasetKey: 'rdc-reports',
      actor: { kind: 'system', label: 'cli:test' },
      door: ImportDoor.CLI,
      source: csvSource(
        Readable.from([
          Buffer.from(
            csv([
              ['source_ref', 'category', 'occurred_at', 'lsoa_code'],
              ['m-1', 'NOT_A_CATEGORY', '2026-01-02 10:00', 'E01000001'],
            ]),
          ),
        ]),
      ),
    });
    expect(imported).toBeTruthy();
    const { text } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(text, name, labels) || 0) - (sample(before, name, labels) || 0);
    expect(delta('hub_cells_suppressed_total', {})).toBeGreaterThan(0);
    expect(delta('hub_import_batches_total', {})).toBe(1);
    expect(delta('hub_import_rows_total', { outcome: 'refused' })).toBeGreaterThanOrEqual(1);
    expect(delta('hub_graphql_requests_total', { operation: 'aggregate', outcome: 'ok' })).toBe(1);
  });

  it('serves on a port of its own, on loopback', async () => {
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE hub_graphql_requests_total counter');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
