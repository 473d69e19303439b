import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../src/domain/uk-time.js';
import { addMonths, loadDemo } from '../../src/demo/index.js';
import { User } from '../../src/entities/index.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';

/*
 * The worked examples of docs/permissions.md, run against the demo partnership: the same
 * question gets visibly different answers for different agencies, roles and purposes.
 * If one of these fails, fix the code or the page, not just the test.
 */

type Gql = Awaited<ReturnType<TestHub['gql']>>;
/** GraphQL answers and audit details are walked loosely in assertions. */
type Loose = any;
const data = (r: Gql) => r.data as Loose;
const rowsOf = (r: Gql) => (data(r)?.records?.nodes ?? []) as Record<string, Loose>[];
const records = (purpose: string, dataset: string) =>
  `query @purpose(name: ${purpose}) { records(first: 50, filter: { datasets: ["${dataset}"] }) { nodes { dataset category occurredAt timePrecision locationPrecision lsoa ward gridEasting sex details } } }`;

describe('the demo partnership: the worked examples of docs/permissions.md', () => {
  let t: TestHub;
  const token: Record<string, string> = {};
  const as = (username: string) => ({ token: token[username] });

  beforeAll(async () => {
    t = await startTestHub();
    await loadDemo(t.runtime.orm, { records: 6_000, seed: 7, pseudonymKey: TEST_PSEUDONYM_KEY });
    const users = await t.runtime.orm.em.fork().find(User, {}, { populate: ['agency'] });
    for (const u of users)
      token[u.username] = (
        await t.runtime.services.tokens.issue({ id: u.id, agencyId: u.agency.id, roles: u.roles })
      ).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('1. a council analyst reads police crime to the hour and LSOA, never the grid square or sex', async () => {
    const r = await t.gql(records('STRATEGIC_ASSESSMENT', 'bpol-crime'), {}, as('analyst@rdc'));
    const rows = rowsOf(r);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.category).toBeTruthy();
      expect(['HOUR', 'DAY', 'MONTH']).toContain(row.timePrecision);
      expect(row.gridEasting).toBeNull();
      expect(row.sex).toBeNull();
      expect(row.details).toBeNull();
    }
    expect(rows.some((row) => row.lsoa !== null && row.locationPrecision === 'LSOA')).toBe(true);
    const grid = r.errors!.find((e) => e.path?.[3] === 'gridEasting')!;
    expect(grid.message).toBe(
      'Not shared with you: SharedRecord.gridEasting needs LOCATION at GRID_100M; granted no finer than LSOA.',
    );
    expect(grid.extensions).toEqual({ code: 'FORBIDDEN', missingGrant: { field: 'LOCATION', precision: 'GRID_100M' } });

    const own = rowsOf(await t.gql(records('STRATEGIC_ASSESSMENT', 'bpol-crime'), {}, as('analyst@bpol')));
    expect(own.some((row) => row.gridEasting !== null && row.timePrecision === 'MINUTE')).toBe(true);
  });

  it('2. another purpose borrows nothing, and myAccess says why', async () => {
    const r = await t.gql(records('PERFORMANCE_MONITORING', 'bpol-crime'), {}, as('analyst@rdc'));
    expect(r.errors).toBeUndefined();
    expect(rowsOf(r)).toEqual([]);
    const why = data(
      await t.gql(
        `query @purpose(name: PERFORMANCE_MONITORING) { myAccess { datasets { dataset { key } level reasons } } }`,
        {},
        as('analyst@rdc'),
      ),
    );
    const crime = why.myAccess.datasets.find((d: Loose) => d.dataset.key === 'bpol-crime');
    expect(crime.level).toBe('NONE');
    expect(crime.reasons.join(' ')).toContain(
      'Agreement ISA-DEMO-001 does not apply: it does not cover the purpose PERFORMANCE_MONITORING (it covers STRATEGIC_ASSESSMENT, PROBLEM_SOLVING, TACTICAL_TASKING).',
    );
  });

  it('3. an officer is refused the strategic assessment but reads for tactical tasking', async () => {
    const refused = await t.gql(records('STRATEGIC_ASSESSMENT', 'bpol-crime'), {}, as('officer@rdc'));
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toBe(
      'Your roles (OFFICER) may not read data for the purpose STRATEGIC_ASSESSMENT; allowed purposes: TACTICAL_TASKING, PROBLEM_SOLVING.',
    );
    expect(
      rowsOf(await t.gql(records('TACTICAL_TASKING', 'bpol-crime'), {}, as('officer@rdc'))).length,
    ).toBeGreaterThan(0);
  });

  it('4. police read council reports finely for problem solving only; the county council not at all', async () => {
    const ps = rowsOf(await t.gql(records('PROBLEM_SOLVING', 'rdc-reports'), {}, as('analyst@bpol')));
    expect(ps.some((row) => row.gridEasting !== null && row.timePrecision === 'MINUTE')).toBe(true);
    expect(rowsOf(await t.gql(records('STRATEGIC_ASSESSMENT', 'rdc-reports'), {}, as('analyst@bpol')))).toEqual([]);
    expect(rowsOf(await t.gql(records('PROBLEM_SOLVING', 'rdc-reports'), {}, as('analyst@scc')))).toEqual([]);
  });

  it('5. nobody outside the hospital trust lists A&E assault records', async () => {
    for (const who of ['analyst@bpol', 'analyst@rdc', 'analyst@scc', 'analyst@sfrs']) {
      expect(rowsOf(await t.gql(records('STRATEGIC_ASSESSMENT', 'rht-ae-assaults'), {}, as(who))), who).toEqual([]);
    }
    expect(
      rowsOf(await t.gql(records('STRATEGIC_ASSESSMENT', 'rht-ae-assaults'), {}, as('analyst@rht'))).length,
    ).toBeGreaterThan(0);
  });

  it("6. expired and suspended agreements grant nothing, until the provider's DLO resumes", async () => {
    expect(rowsOf(await t.gql(records('PROBLEM_SOLVING', 'samb-callouts'), {}, as('analyst@bpol')))).toEqual([]);
    expect(rowsOf(await t.gql(records('PROBLEM_SOLVING', 'scc-reports'), {}, as('analyst@bpol')))).toEqual([]);
    const why = data(
      await t.gql(
        `query @purpose(name: PROBLEM_SOLVING) { myAccess { datasets { dataset { key } reasons } } }`,
        {},
        as('analyst@bpol'),
      ),
    );
    const reasons = (key: string) => why.myAccess.datasets.find((d: Loose) => d.dataset.key === key).reasons.join(' ');
    expect(reasons('samb-callouts')).toContain('Agreement ISA-DEMO-006 does not apply: it has expired');
    expect(reasons('scc-reports')).toContain('Agreement ISA-DEMO-007 does not apply: it is suspended');

    const resume = `mutation { resumeAgreement(reference: "ISA-DEMO-007") { status inForce } }`;
    const wrong = await t.gql(resume, {}, as('dlo@bpol'));
    expect(wrong.errors![0].message).toBe("Only the provider's liaison officer may resume this agreement.");
    expect(data(await t.gql(resume, {}, as('dlo@scc'))).resumeAgreement).toEqual({ status: 'ACTIVE', inForce: true });
    const rows = rowsOf(await t.gql(records('PROBLEM_SOLVING', 'scc-reports'), {}, as('analyst@bpol')));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(['DAY', 'MONTH']).toContain(row.timePrecision);
      expect(row.gridEasting).toBeNull();
    }
  });

  it('7. a new agreement drafted, approved and accepted by each recipient starts granting', async () => {
    const today = londonDate();
    const draft = await t.gql(
      `mutation D($from: String!, $to: String!, $review: String!) {
        draftAgreement(input: {
          title: "Ambulance call-outs to police and district council"
          provider: "SAMB", datasets: ["samb-callouts"], recipients: ["BPOL", "RDC"]
          purposes: [STRATEGIC_ASSESSMENT, PROBLEM_SOLVING], legalBasis: S17A_DUTY
          grants: [
            { field: CATEGORY, access: RECORD }
            { field: TIME, access: RECORD, precision: HOUR }
            { field: LOCATION, access: RECORD, precision: LSOA }
            { field: AGE_BAND, access: AGGREGATE }
          ]
          minCellSize: 10, validFrom: $from, validTo: $to, reviewDate: $review
        }) { reference status }
      }`,
      { from: today, to: addMonths(today, 12), review: addMonths(today, 6) },
      as('dlo@samb'),
    );
    const ref = data(draft).draftAgreement.reference;
    expect(ref).toMatch(/^ISA-\d{4}-\d{3}$/);
    // Each signatory reads the terms and signs them by their digest.
    const terms = async (who: string) =>
      data(await t.gql(`query { agreement(reference: "${ref}") { termsDigest } }`, {}, as(who))).agreement
        .termsDigest as string;
    const approved = await t.gql(
      `mutation A($terms: String!) { approveAgreement(reference: "${ref}", termsDigest: $terms) { status } }`,
      { terms: await terms('dlo@samb') },
      as('dlo@samb'),
    );
    expect(data(approved).approveAgreement.status).toBe('PROVIDER_APPROVED');
    expect(rowsOf(await t.gql(records('PROBLEM_SOLVING', 'samb-callouts'), {}, as('analyst@bpol')))).toEqual([]);
    // Each recipient accepts for itself; the agreement grants only once both have.
    const first = await t.gql(
      `mutation A($terms: String!) { acceptAgreement(reference: "${ref}", termsDigest: $terms) { status } }`,
      { terms: await terms('dlo@rdc') },
      as('dlo@rdc'),
    );
    expect(data(first).acceptAgreement.status).toBe('PROVIDER_APPROVED');
    expect(rowsOf(await t.gql(records('PROBLEM_SOLVING', 'samb-callouts'), {}, as('analyst@bpol')))).toEqual([]);
    const accepted = await t.gql(
      `mutation A($terms: String!) { acceptAgreement(reference: "${ref}", termsDigest: $terms) { status } }`,
      { terms: await terms('dlo@bpol') },
      as('dlo@bpol'),
    );
    expect(data(accepted).acceptAgreement.status).toBe('ACTIVE');
    expect(
      rowsOf(await t.gql(records('PROBLEM_SOLVING', 'samb-callouts'), {}, as('analyst@bpol'))).length,
    ).toBeGreaterThan(0);
    expect(rowsOf(await t.gql(records('PROBLEM_SOLVING', 'samb-callouts'), {}, as('analyst@sfrs')))).toEqual([]);
  });
});
