import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { auditEvents } from '../support/audit.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { apiKeyFor, CRIME_HEADER, crimeRow, csv, seedAreas } from '../support/ingest.js';
import { Seed } from '../support/seed.js';

/** GraphQL answers are untyped JSON here, checked field by field. */
type Json = any;

const IMPORT_ROWS = `mutation Import($dataset: String!, $columns: [String!]!, $rows: [[String!]!]!, $dryRun: Boolean) {
  importRows(dataset: $dataset, columns: $columns, rows: $rows, dryRun: $dryRun) {
    id dataset agency door status submittedBy rowsRead inserted updated duplicates rejected rejections { row column reason }
  }
}`;

const BATCHES = `query Batches($dataset: String) { importBatches(dataset: $dataset) { id dataset agency status door rowsRead inserted rejected rejections { row column reason } } }`;

describe('the three doors into the ingest pipeline', () => {
  let t: TestHub;
  let upload: (
    dataset: string,
    body: string | Buffer,
    headers: Record<string, string>,
    query?: string,
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
  const u: Record<string, { token: string }> = {};
  let importKey: string;
  let readKey: string;

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    await seedAreas(t.runtime.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const health = await seed.agency('HSP', AgencyKind.HEALTH);
    const admin = await seed.agency('CSP', AgencyKind.OTHER);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    await seed.dataset(health, DatasetKind.AE_ASSAULT, 'hsp-ae');
    u.provider = await seed.user(police, [Role.PROVIDER]);
    u.analyst = await seed.user(police, [Role.ANALYST]);
    u.healthProvider = await seed.user(health, [Role.PROVIDER]);
    u.healthDlo = await seed.user(health, [Role.LIAISON_OFFICER]);
    u.admin = await seed.user(admin, [Role.ADMIN]);
    importKey = await apiKeyFor(t.runtime.orm, police.id, ['IMPORT']);
    readKey = await apiKeyFor(t.runtime.orm, police.id, ['READ']);
    const base = t.hub.url.replace('/graphql', '');
    upload = async (dataset, body, headers, query = '') => {
      const res = await fetch(`${base}/import/${dataset}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', ...headers },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  it("publishes a template for every prescribed kind, and each dataset's own", async () => {
    const r = await t.gql(
      `{ datasetTemplates { kind title precision { location time ageBand } columns { name type required treatment allowedValues } } datasets { key template { kind } } }`,
      {},
      { token: u.analyst.token },
    );
    expect(r.errors).toBeUndefined();
    const templates = (r.data as Json).datasetTemplates;
    expect(templates.map((x: Json) => x.kind).sort()).toEqual(Object.values(DatasetKind).sort());
    const ae = templates.find((x: Json) => x.kind === 'AE_ASSAULT');
    expect(ae.precision).toEqual({ location: 'LSOA', time: 'HOUR', ageBand: true });
    expect(ae.columns.find((c: Json) => c.name === 'location_description')).toMatchObject({
      type: 'FREE_TEXT',
      treatment: 'CODED_OR_DROPPED',
    });
    expect(ae.columns.find((c: Json) => c.name === 'source_ref')).toMatchObject({
      required: true,
      treatment: 'HASHED',
    });
    expect((r.data as Json).datasets).toEqual(
      expect.arrayContaining([{ key: 'hsp-ae', template: { kind: 'AE_ASSAULT' } }]),
    );
  });

  it('imports rows sent by a provider through the GraphQL mutation', async () => {
    const r = await t.gql(
      IMPORT_ROWS,
      {
        dataset: 'pol-crime',
        columns: [...CRIME_HEADER],
        rows: [crimeRow('G1'), crimeRow('G2').map(String), crimeRow('G3', { sex: 'Z' })].map((row) => row.map(String)),
      },
      { token: u.provider.token },
    );
    expect(r.errors).toBeUndefined();
    expect((r.data as Json).importRows).toMatchObject({
      dataset: 'pol-crime',
      agency: 'POL',
      door: 'GRAPHQL',
      status: 'COMMITTED',
      rowsRead: 3,
      inserted: 2,
      rejected: 1,
      rejections: [{ row: 4, column: 'sex', reason: expect.stringContaining('not a sex code') }],
    });
  });

  it('refuses the mutation to roles that do not supply data, and to providers of another agency', async () => {
    const rows = [crimeRow('X1').map(String)];
    const analyst = await t.gql(
      IMPORT_ROWS,
      { dataset: 'pol-crime', columns: [...CRIME_HEADER], rows },
      { token: u.analyst.token },
    );
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await t.gql(
      IMPORT_ROWS,
      { dataset: 'pol-crime', columns: [...CRIME_HEADER], rows },
      { token: u.healthProvider.token },
    );
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.errors?.[0].message).toMatch(/only into your own agency's datasets/);
    const readOnlyKey = await t.gql(
      IMPORT_ROWS,
      { dataset: 'pol-crime', columns: [...CRIME_HEADER], rows },
      { apiKey: readKey },
    );
    expect(readOnlyKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const count = await (
      await nativePool(t.runtime.orm)
    ).query(`select count(*)::int as n from shared_record where batch_id is not null`);
    expect(count.rows[0].n).toBe(2);
  });

  it('reports a refused batch as a bad-input error with a reason code, and never echoes the data', async () => {
    const r = await t.gql(
      IMPORT_ROWS,
      {
        dataset: 'pol-crime',
        columns: ['source_ref', 'category', 'occurred_at', 'lsoa_code', 'surname'],
        rows: [['A', 'ROBBERY', '2025-01-01', 'E01099001', 'Smith']],
      },
      { token: u.provider.token },
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IDENTIFIER_COLUMNS' });
    expect(r.errors?.[0].message).toMatch(/"surname" \(looks like a person's name\)/);
    expect(JSON.stringify(r)).not.toContain('Smith');
  });

  it('accepts a CSV upload from a partner system with an import key, and a re-upload adds nothing', async () => {
    const file = csv([CRIME_HEADER, crimeRow('H1'), crimeRow('H2'), crimeRow('H3')], '\r\n');
    const first = await upload('pol-crime', file, { 'x-api-key': importKey });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'COMMITTED', rowsRead: 3, inserted: 3, duplicates: 0, rejected: 0 });
    const again = await upload('pol-crime', gzipSync(file), { 'x-api-key': importKey, 'content-encoding': 'gzip' });
    expect(again.body).toMatchObject({
      status: 'COMMITTED',
      rowsRead: 3,
      inserted: 0,
      duplicates: 3,
      sameAs: first.body.batchId,
    });
    const dry = await upload(
      'pol-crime',
      csv([CRIME_HEADER, crimeRow('H4')]),
      { 'x-api-key': importKey },
      '?dryRun=true',
    );
    expect(dry.body).toMatchObject({ status: 'DRY_RUN', inserted: 1 });
  });

  it("answers an upload's refusals with an HTTP status, a reason code and the failed batch", async () => {
    expect((await upload('pol-crime', 'x', {})).status).toBe(401);
    expect((await upload('pol-crime', csv([CRIME_HEADER, crimeRow('R1')]), { 'x-api-key': readKey })).status).toBe(403);
    expect((await upload('hsp-ae', csv([CRIME_HEADER, crimeRow('R1')]), { 'x-api-key': importKey })).status).toBe(403);
    expect((await upload('no-such-dataset', csv([CRIME_HEADER]), { 'x-api-key': importKey })).status).toBe(404);
    expect(
      (await upload('pol-crime', '{}', { 'x-api-key': importKey, 'content-type': 'application/json' })).status,
    ).toBe(415);
    // Refusals at the door are recorded like any refused import.
    const doorEvents = await auditEvents(
      await nativePool(t.runtime.orm),
      `e.kind = 'IMPORT' and e.details->>'message' = 'not sent as text/csv or .xlsx'`,
    );
    expect(doorEvents).toHaveLength(1);
    expect(doorEvents[0]).toMatchObject({ outcome: 'REFUSED', datasets: ['pol-crime'], details: { source: 'http' } });
    const bad = await upload(
      'pol-crime',
      csv([
        [...CRIME_HEADER, 'notes'],
        [...crimeRow('R2'), 'free text'],
      ]),
      { 'x-api-key': importKey },
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ reason: 'UNKNOWN_COLUMNS', batchId: expect.any(String) });
    expect(String(bad.body.error)).toContain('"notes"');
  });

  it('answers a large refused upload without reading it all first', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => crimeRow(`B${i}`));
    const big = csv([[...CRIME_HEADER, 'date_of_birth'], ...rows.map((r) => [...r, '01/02/1990'])]);
    const res = await upload('pol-crime', big, { 'x-api-key': importKey });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('IDENTIFIER_COLUMNS');
  });

  it("shows import batches to their own agency's providers and liaison officers, and all of them to administrators", async () => {
    const own = await t.gql(BATCHES, {}, { token: u.provider.token });
    expect(own.errors).toBeUndefined();
    const mine = (own.data as Json).importBatches;
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.map((b: Json) => b.agency))).toEqual(new Set(['POL']));
    const withRejection = mine.find((b: Json) => b.door === 'GRAPHQL' && b.status === 'COMMITTED');
    expect(withRejection.rejections).toEqual([{ row: 4, column: 'sex', reason: expect.any(String) }]);

    const healthDlo = await t.gql(BATCHES, {}, { token: u.healthDlo.token });
    expect((healthDlo.data as Json).importBatches).toEqual([]);
    const admin = await t.gql(BATCHES, {}, { token: u.admin.token });
    expect((admin.data as Json).importBatches.length).toBe(mine.length);
    const analyst = await t.gql(BATCHES, {}, { token: u.analyst.token });
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const single = await t.gql(
      `query B($id: ID!) { importBatch(id: $id) { id status } }`,
      { id: mine[0].id },
      { token: u.healthDlo.token },
    );
    expect(single.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('records every import, refused ones included, in the audit trail with counts and no data', async () => {
    const pool = await nativePool(t.runtime.orm);
    const { rows } = await pool.query(
      `select outcome, datasets, details from audit_event where kind = 'IMPORT' order by seq`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.map((r) => r.outcome)).toEqual(expect.arrayContaining(['SUCCEEDED', 'REFUSED']));
    const committed = rows.find((r) => r.details.source === 'graphql' && r.outcome === 'SUCCEEDED');
    expect(committed.datasets).toEqual(['pol-crime']);
    expect(committed.details.counts).toMatchObject({ read: 3, rejected: 1 });
    expect(JSON.stringify(rows)).not.toMatch(/Smith|01\/02\/1990|person-/);
  });

  it('tracks submissions per agency and dataset', async () => {
    const r = await t.gql(
      `{ submissions(agency: "POL") { dataset agency cadence overdue periods { period status rows batches } } }`,
      {},
      { token: u.analyst.token },
    );
    expect(r.errors).toBeUndefined();
    const crime = (r.data as Json).submissions[0];
    expect(crime).toMatchObject({ dataset: 'pol-crime', agency: 'POL', cadence: 'QUARTERLY', overdue: 0 });
    // The rows are dated June 2025, before the dataset was registered: a backfill, received.
    // Five distinct records arrived; the re-upload added none, so it is not counted as an arrival.
    expect(crime.periods[0]).toMatchObject({ period: '2025-Q2', status: 'RECEIVED', batches: 2, rows: 5 });
    expect(crime.periods.at(-1).status).toBe('IN_PROGRESS');
  });

  it("shows another agency's submissions only to administrators and auditors", async () => {
    const q = `query S($agency: String, $dataset: String) { submissions(agency: $agency, dataset: $dataset) { dataset agency periods { status rows } } }`;
    // Whether a period "arrived" says whether data exists for it: not for other agencies' eyes.
    const named = await t.gql(q, { agency: 'POL' }, { token: u.healthDlo.token });
    expect(named.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(named.errors?.[0].message).toContain('own agency');
    const byDataset = await t.gql(q, { dataset: 'pol-crime' }, { token: u.healthProvider.token });
    expect(byDataset.errors).toBeUndefined();
    expect((byDataset.data as Json).submissions).toEqual([]);
    const all = await t.gql(q, {}, { token: u.healthProvider.token });
    expect(new Set((all.data as Json).submissions.map((d: Json) => d.agency))).toEqual(new Set(['HSP']));
    const admin = await t.gql(q, { agency: 'POL' }, { token: u.admin.token });
    expect((admin.data as Json).submissions[0]).toMatchObject({ dataset: 'pol-crime', agency: 'POL' });
  });
});
