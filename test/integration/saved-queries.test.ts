import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/domain/vocabulary.js';
import { auditEvents } from '../support/audit.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import type { TestHub } from '../support/hub.js';

const SAVE = `mutation Save($input: SaveQueryInput!) { saveQuery(input: $input) { id name view sharing owner ownerAgency mine csvPath parameters } }`;
const LIST = `{ savedQueries { id name owner mine sharing createdAt updatedAt } }`;
const ONE = `query One($id: ID!) { savedQuery(id: $id) { id name owner mine } }`;
const EXPLORE = {
  filter: { kinds: ['POLICE_CRIME'], from: '2025-04-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
  groupBy: ['WARD'],
};

describe('saved queries', () => {
  let hub: DemoHub;
  let t: TestHub;
  const tokens: Record<string, string> = {};
  let rdcReadKey: string;
  let rdcImportKey: string;

  const save = async (who: string, input: Record<string, unknown>) => {
    const r = await t.gql(SAVE, { input }, { token: tokens[who] });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return (r.data as any).saveQuery as { id: string; csvPath: string; mine: boolean };
  };
  const csv = (path: string, headers: Record<string, string>) => fetch(new URL(path, t.hub.url), { headers });

  beforeAll(async () => {
    hub = await startDemoHub({ records: 20_000, seed: 7, referenceDate: '2026-11-22' });
    ({ t } = hub);
    tokens.bpol = await hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
    tokens.bpol2 = await hub.token('dlo@bpol', 'BPOL', [Role.LIAISON_OFFICER]);
    tokens.rdc = await hub.token('analyst@rdc', 'RDC', [Role.ANALYST]);
    tokens.admin = await hub.token('admin@csp', 'CSP', [Role.ADMIN]);
    const key = async (scopes: string[]) => {
      const r = await t.gql(
        `mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }`,
        { i: { agency: 'RDC', name: `Power BI ${scopes}`, scopes } },
        { token: tokens.admin },
      );
      return (r.data as any).createApiKey.key as string;
    };
    rdcReadKey = await key(['READ']);
    rdcImportKey = await key(['IMPORT']);
  });

  afterAll(async () => {
    await hub?.pool.end();
    await t?.close();
  });

  it('saves a view with its parameters, never its answer', async () => {
    const q = await save('bpol', {
      name: 'Violence by ward',
      description: 'FY 2025/26',
      view: 'EXPLORE',
      parameters: EXPLORE,
      sharing: 'PARTNERSHIP',
    });
    expect(q).toMatchObject({
      name: 'Violence by ward',
      view: 'EXPLORE',
      sharing: 'PARTNERSHIP',
      owner: 'analyst@bpol',
      ownerAgency: 'BPOL',
      mine: true,
      parameters: EXPLORE,
    });
    expect(q.csvPath).toBe(`/saved-queries/${q.id}.csv`);
    const stored = await hub.sql<{ columns: string }>(
      `select string_agg(column_name, ',') as columns from information_schema.columns where table_name = 'saved_query'`,
    );
    expect(stored[0].columns).not.toMatch(/result|answer|csv/);
  });

  it("shows a partnership-shared query to another agency, and each reader gets their own agreements' answer", async () => {
    const fine = { filter: { from: '2025-04-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, groupBy: ['DATASET', 'WARD'] };
    const q = await save('bpol', {
      name: 'Crime by ward (shared)',
      view: 'EXPLORE',
      parameters: fine,
      sharing: 'PARTNERSHIP',
    });
    const list = await t.gql(LIST, {}, { token: tokens.rdc });
    expect(list.errors).toBeUndefined();
    expect((list.data as any).savedQueries).toContainEqual(
      expect.objectContaining({ id: q.id, owner: 'analyst@bpol', mine: false }),
    );
    expect(Date.parse((list.data as any).savedQueries[0].updatedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
    const asBpol = await (
      await csv(`${q.csvPath}?purpose=STRATEGIC_ASSESSMENT`, { authorization: `Bearer ${tokens.bpol}` })
    ).text();
    const asRdc = await csv(`${q.csvPath}?purpose=STRATEGIC_ASSESSMENT`, { 'x-api-key': rdcReadKey });
    expect(asRdc.status).toBe(200);
    expect(asRdc.headers.get('content-type')).toMatch(/text\/csv/);
    expect(asRdc.headers.get('content-disposition')).toMatch(/Crime-by-ward-shared-strategic-assessment\.csv/);
    const rdcText = await asRdc.text();
    expect(rdcText.split('\r\n')[0]).toBe(asBpol.split('\r\n')[0]);
    // Each reader's CSV is exactly what their own query would answer, and the two differ.
    const direct = async (token: string) =>
      (
        (
          await t.gql(
            `query A($f: AnalysisFilter, $g: [GroupBy!]!) @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(filter: $f, groupBy: $g) { csv } }`,
            { f: fine.filter, g: fine.groupBy },
            { token },
          )
        ).data as any
      ).aggregate.csv;
    expect(asBpol).toBe(await direct(tokens.bpol));
    expect(rdcText).toBe(await direct(tokens.rdc));
    expect(rdcText).not.toBe(asBpol);
  });

  it('records a CSV read in the audit trail like any other read, under the reader and the purpose in the URL', async () => {
    const q = await save('bpol', {
      name: 'Audited',
      view: 'TREND',
      parameters: { filter: { kinds: ['POLICE_CRIME'] }, period: 'YEAR' },
      sharing: 'AGENCY',
    });
    const res = await csv(`${q.csvPath}?purpose=PERFORMANCE_MONITORING`, {
      authorization: `Bearer ${tokens.bpol2}`,
      'x-request-id': 'saved-csv-audit-1',
    });
    expect(res.status).toBe(200);
    await res.text();
    await new Promise((r) => setTimeout(r, 300));
    const [event] = await auditEvents(hub.pool, 'e.request_id = $1', ['saved-csv-audit-1']);
    expect(event).toMatchObject({
      principalLabel: 'dlo@bpol',
      purpose: 'PERFORMANCE_MONITORING',
      outcome: 'ANSWERED',
      operationName: 'SavedView',
    });
    expect(event.datasets.length).toBeGreaterThan(0);
  });

  it('keeps a private query from everyone but its owner, and an agency query within the agency, answering as for a query that does not exist', async () => {
    const mine = await save('bpol', {
      name: 'Private',
      view: 'PEAK_TIMES',
      parameters: { filter: { kinds: ['POLICE_CRIME'] } },
    });
    const agency = await save('bpol', { name: 'Agency only', view: 'PEAK_TIMES', parameters: {}, sharing: 'AGENCY' });
    const missing = await t.gql(ONE, { id: '00000000-0000-4000-8000-000000000000' }, { token: tokens.rdc });
    for (const id of [mine.id, agency.id]) {
      const r = await t.gql(ONE, { id }, { token: tokens.rdc });
      expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
      expect(r.errors![0].message).toBe(missing.errors![0].message);
    }
    expect((await t.gql(ONE, { id: mine.id }, { token: tokens.bpol2 })).errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(((await t.gql(ONE, { id: agency.id }, { token: tokens.bpol2 })).data as any).savedQuery.name).toBe(
      'Agency only',
    );
    // Nor through the CSV door, with a key of the other agency.
    expect(
      (await csv(`/saved-queries/${agency.id}.csv?purpose=STRATEGIC_ASSESSMENT`, { 'x-api-key': rdcReadKey })).status,
    ).toBe(404);
  });

  it('lets only the owner change or delete a query that others can see', async () => {
    const q = await save('bpol', { name: 'Owned', view: 'PEAK_TIMES', parameters: {}, sharing: 'PARTNERSHIP' });
    const input = { name: 'Hijacked', view: 'PEAK_TIMES', parameters: {}, sharing: 'PARTNERSHIP' };
    const upd = await t.gql(
      `mutation U($id: ID!, $i: SaveQueryInput!) { updateSavedQuery(id: $id, input: $i) { name } }`,
      { id: q.id, i: input },
      { token: tokens.rdc },
    );
    expect(upd.errors![0].extensions!.code).toBe('FORBIDDEN');
    const del = await t.gql(`mutation D($id: ID!) { deleteSavedQuery(id: $id) }`, { id: q.id }, { token: tokens.rdc });
    expect(del.errors![0].extensions!.code).toBe('FORBIDDEN');
    const own = await t.gql(
      `mutation U($id: ID!, $i: SaveQueryInput!) { updateSavedQuery(id: $id, input: $i) { name } }`,
      { id: q.id, i: { ...input, name: 'Renamed' } },
      { token: tokens.bpol },
    );
    expect((own.data as any).updateSavedQuery.name).toBe('Renamed');
    expect(
      (
        (await t.gql(`mutation D($id: ID!) { deleteSavedQuery(id: $id) }`, { id: q.id }, { token: tokens.bpol }))
          .data as any
      ).deleteSavedQuery,
    ).toBe(true);
    expect((await t.gql(ONE, { id: q.id }, { token: tokens.bpol })).errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses parameters the view would refuse, naming the problem, and saves nothing', async () => {
    const before = await hub.sql<{ n: string }>(`select count(*) as n from saved_query`);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ groupBy: ['NOT_A_GROUPING'] }, /NOT_A_GROUPING/],
      [{ filter: { kinds: ['POLICE_CRIME'] } }, /groupBy/],
      [{ ...EXPLORE, purpose: 'TACTICAL_TASKING' }, /Unknown parameter.*purpose/],
      [{ ...EXPLORE, dropTables: true }, /Unknown parameter.*dropTables/],
    ];
    for (const [parameters, message] of cases) {
      const r = await t.gql(SAVE, { input: { name: 'Bad', view: 'EXPLORE', parameters } }, { token: tokens.bpol });
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parameters' });
      expect(r.errors![0].message).toMatch(message);
    }
    const blank = await t.gql(
      SAVE,
      { input: { name: '  ', view: 'PEAK_TIMES', parameters: {} } },
      { token: tokens.bpol },
    );
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await hub.sql(`select count(*) as n from saved_query`)).toEqual(before);
  });

  it('refuses the CSV door without a purpose, without credentials, or with a key that may not read', async () => {
    const q = await save('bpol', { name: 'Door', view: 'PEAK_TIMES', parameters: {}, sharing: 'PARTNERSHIP' });
    const noPurpose = await csv(q.csvPath, { 'x-api-key': rdcReadKey });
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as any).error).toMatch(/STRATEGIC_ASSESSMENT/);
    expect((await csv(`${q.csvPath}?purpose=STRATEGIC_ASSESSMENT`, {})).status).toBe(401);
    expect((await csv(`${q.csvPath}?purpose=STRATEGIC_ASSESSMENT`, { 'x-api-key': 'hub_bogus_key' })).status).toBe(401);
    const importOnly = await csv(`${q.csvPath}?purpose=STRATEGIC_ASSESSMENT`, { 'x-api-key': rdcImportKey });
    expect(importOnly.status).toBe(403);
  });

  it('does not let an API key save queries', async () => {
    const r = await t.gql(SAVE, { input: { name: 'Key', view: 'PEAK_TIMES', parameters: {} } }, { apiKey: rdcReadKey });
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
