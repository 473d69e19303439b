import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Access,
  AgencyKind,
  AgreementStatus,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import { MyAccessDocument, RecordsDocument } from '../generated/graphql.js';
import { Seed } from '../support/seed.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const RECORDS = `query R($purpose: Purpose!, $first: Int) @purpose(name: $purpose) {
  records(first: $first) { nodes { id dataset provider category occurredAt timePrecision locationPrecision gridEasting lsoa ward ageBand sex details } pageInfo { hasNextPage endCursor } }
}`;

describe('record queries under sharing agreements', () => {
  let t: TestHub;
  let seed: Seed;
  const users: Record<string, { token: string }> = {};

  beforeAll(async () => {
    t = await startTestHub();
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const council = await seed.agency('CNL', AgencyKind.COUNCIL);
    const fire = await seed.agency('FRS', AgencyKind.FIRE);
    const crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    await seed.records(crime, 3);
    await seed.agreement({
      provider: police,
      datasets: [crime],
      recipients: [council],
      purposes: [Purpose.STRATEGIC_ASSESSMENT],
      grants: {
        [RecordField.CATEGORY]: { access: Access.RECORD },
        [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.DAY },
        [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.LSOA },
      },
    });
    await seed.agreement({
      provider: police,
      datasets: [crime],
      recipients: [fire],
      status: AgreementStatus.SUSPENDED,
    });
    users.policeAnalyst = await seed.user(police, [Role.ANALYST]);
    users.councilAnalyst = await seed.user(council, [Role.ANALYST]);
    users.fireAnalyst = await seed.user(fire, [Role.ANALYST]);
    users.councilAdmin = await seed.user(council, [Role.ADMIN]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('shows an agency its own records in full', async () => {
    const r = await t.gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, { token: users.policeAnalyst.token });
    expect(r.errors).toBeUndefined();
    const node = (r.data as any).records.nodes[0];
    expect(node).toMatchObject({
      category: 'VIOLENCE_AGAINST_THE_PERSON',
      timePrecision: 'MINUTE',
      locationPrecision: 'GRID_100M',
      gridEasting: 445100,
      ageBand: '18-24',
      sex: 'F',
    });
    expect(node.details).toEqual({ weapon: 'GLASS_OR_BOTTLE', locationType: 'PUB_OR_CLUB' });
  });

  it('coarsens time and location to the agreement and denies ungranted fields by name', async () => {
    const r = await t.gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, { token: users.councilAnalyst.token });
    const nodes = (r.data as any).records.nodes;
    expect(nodes).toHaveLength(3);
    expect(nodes[0]).toMatchObject({
      category: 'VIOLENCE_AGAINST_THE_PERSON',
      timePrecision: 'DAY',
      locationPrecision: 'LSOA',
      lsoa: 'E01099001',
      ward: 'E05099001',
      gridEasting: null,
      ageBand: null,
      sex: null,
      details: null,
    });
    // 22:37 UTC on 6 June is 23:37 in London: truncated to the London day.
    expect(nodes[0].occurredAt).toBe('2025-06-05T23:00:00.000Z');
    const denied = r.errors!.filter((e) => e.path?.[3] === 'gridEasting');
    expect(denied).toHaveLength(3);
    expect(denied[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      missingGrant: { field: 'LOCATION', precision: 'GRID_100M' },
    });
    expect(denied[0].message).toContain('granted no finer than LSOA');
    expect(r.errors!.some((e) => e.path?.[3] === 'sex' && /SEX at RECORD level; granted NONE/.test(e.message))).toBe(
      true,
    );
  });

  it('grants nothing under a suspended agreement: the data looks absent', async () => {
    const r = await t.gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, { token: users.fireAnalyst.token });
    expect(r.errors).toBeUndefined();
    expect((r.data as any).records.nodes).toEqual([]);
  });

  it("does not let one purpose borrow another purpose's agreement", async () => {
    const r = await t.gql(RECORDS, { purpose: 'PERFORMANCE_MONITORING' }, { token: users.councilAnalyst.token });
    expect((r.data as any).records.nodes).toEqual([]);
  });

  it('asks for a purpose, listing the allowed ones, when none is declared', async () => {
    const r = await t.gql('{ records { nodes { id } } }', {}, { token: users.councilAnalyst.token });
    expect(r.errors![0].extensions!.code).toBe('PURPOSE_REQUIRED');
    for (const p of Object.values(Purpose)) expect(r.errors![0].message).toContain(p);
  });

  it('names the allowed purposes when an unknown one is declared', async () => {
    const r = await t.gql(
      'query @purpose(name: CURIOSITY) { records { nodes { id } } }',
      {},
      { token: users.councilAnalyst.token },
    );
    expect(r.errors![0].message).toContain('Allowed purposes: STRATEGIC_ASSESSMENT');
  });

  it('refuses record data to an administrator, whatever the agreements say', async () => {
    const r = await t.gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, { token: users.councilAdmin.token });
    expect(r.data?.records ?? null).toBeNull();
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('pages through records with typed operations and opaque cursors', async () => {
    const first = await t.gql(
      RecordsDocument,
      { purpose: 'STRATEGIC_ASSESSMENT', first: 2 },
      { token: users.councilAnalyst.token },
    );
    expect(first.data!.records.nodes).toHaveLength(2);
    expect(first.data!.records.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(
      RecordsDocument,
      { purpose: 'STRATEGIC_ASSESSMENT', first: 2, after: first.data!.records.pageInfo.endCursor },
      { token: users.councilAnalyst.token },
    );
    expect(next.data!.records.nodes).toHaveLength(1);
    expect(next.data!.records.pageInfo.hasNextPage).toBe(false);
    const bad = await t.gql(
      RecordsDocument,
      { purpose: 'STRATEGIC_ASSESSMENT', after: 'not-a-cursor' },
      { token: users.councilAnalyst.token },
    );
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    // A cursor continues its own query: under another filter it is refused, not reinterpreted.
    const other = await t.gql(
      RecordsDocument,
      {
        purpose: 'STRATEGIC_ASSESSMENT',
        first: 2,
        filter: { categories: ['ROBBERY'] },
        after: first.data!.records.pageInfo.endCursor,
      },
      { token: users.councilAnalyst.token },
    );
    expect(other.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(other.errors![0].message).toMatch(/same purpose and filter/);
  });

  it('gives record ids and cursors that cannot be joined across purposes', async () => {
    const page = async (purpose: Purpose, after?: string) =>
      (await t.gql(RecordsDocument, { purpose, first: 2, after }, { token: users.policeAnalyst.token })) as Awaited<
        ReturnType<typeof t.gql>
      > & { data: { records: { nodes: { id: string }[]; pageInfo: { endCursor: string } } } };
    const assessment = await page(Purpose.STRATEGIC_ASSESSMENT);
    const again = await page(Purpose.STRATEGIC_ASSESSMENT);
    const solving = await page(Purpose.PROBLEM_SOLVING);
    const ids = (r: typeof assessment) => r.data.records.nodes.map((n) => n.id);
    // Stable under one purpose, so that a client can de-duplicate; unrelated under another.
    expect(ids(again)).toEqual(ids(assessment));
    expect(ids(solving)).toHaveLength(2);
    expect(ids(solving).some((id) => ids(assessment).includes(id))).toBe(false);
    // The row id shows nowhere, not even inside the cursor.
    const rowIds = (
      await t.runtime.orm.em
        .fork()
        .getConnection()
        .execute<{ id: string }[]>(`select id::text as id from shared_record`)
    ).map((r) => r.id);
    for (const id of ids(assessment)) expect(rowIds).not.toContain(id);
    expect(Buffer.from(assessment.data.records.pageInfo.endCursor, 'base64url').toString('latin1')).not.toContain(`r:`);
    // A cursor works for the purpose that issued it and nowhere else.
    expect(
      (await page(Purpose.STRATEGIC_ASSESSMENT, assessment.data.records.pageInfo.endCursor)).data.records.nodes,
    ).toHaveLength(1);
    const crossed = await page(Purpose.PROBLEM_SOLVING, assessment.data.records.pageInfo.endCursor);
    expect(crossed.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('explains access: own data in full, the agreement behind each shared field, and nothing from a suspended agreement', async () => {
    const council = await t.gql(
      MyAccessDocument,
      { purpose: 'STRATEGIC_ASSESSMENT' },
      { token: users.councilAnalyst.token },
    );
    const crime = council.data!.myAccess.datasets.find((d) => d.dataset.key === 'pol-police_crime')!;
    expect(crime).toMatchObject({ own: false, level: 'RECORD' });
    expect(crime.fields.find((f) => f.field === 'LOCATION')).toMatchObject({
      access: 'RECORD',
      recordPrecision: 'LSOA',
    });
    expect(crime.fields.find((f) => f.field === 'SEX')).toMatchObject({ access: 'NONE' });
    const fire = await t.gql(MyAccessDocument, { purpose: 'STRATEGIC_ASSESSMENT' }, { token: users.fireAnalyst.token });
    const seen = fire.data!.myAccess.datasets.find((d) => d.dataset.key === 'pol-police_crime')!;
    expect(seen.level).toBe('NONE');
    expect(seen.reasons.join(' ')).toMatch(/SUSPENDED/i);
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const r = await t.gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' });
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered token', async () => {
    const token = users.councilAnalyst.token.slice(0, -3) + 'abc';
    const r = await t.gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, { token });
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(r.status).toBe(401);
  });
});
