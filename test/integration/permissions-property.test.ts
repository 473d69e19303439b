import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../src/domain/uk-time.js';
import { AgencyKind, DatasetKind, Role, TimePrecision } from '../../src/domain/vocabulary.js';
import type { Agency, Dataset } from '../../src/entities/index.js';
import { ApiKeyScope } from '../../src/entities/api-key.entity.js';
import { consoleActor } from '../../src/auth/actor.js';
import { AdminService } from '../../src/admin/admin.service.js';
import {
  expectedIds,
  LOCATION_GRAINS,
  PURPOSES,
  STATUSES,
  TIME_GRAINS,
  violations,
  type OracleAgreement,
  type OracleCaller,
  type OracleDataset,
  type OracleFilter,
  type StoredRecord,
} from '../support/grant-oracle.js';
import { RecordIds } from '../../src/records/record-ids.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const recordIds = new RecordIds(TEST_PSEUDONYM_KEY);

/*
 * Property: whatever the agreements, the caller, the purpose and the filters, no value
 * that `records` returns through the real API is finer or wider than some agreement in
 * force allows (checked by test/support/grant-oracle.ts, written apart from the policy
 * engine); and an unfiltered query withholds nothing that is shared.
 *
 * Each run replaces every agreement in a real PostgreSQL database with a random set,
 * then asks one random question as one random caller.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const QUERY = `query P($purpose: Purpose!, $filter: RecordFilter) @purpose(name: $purpose) {
  records(first: 1000, filter: $filter) {
    nodes { id dataset provider kind category subcategory occurredAt timePrecision locationPrecision
            gridEasting gridNorthing lsoa outwardPostcode ward localAuthority ageBand sex details }
  }
}`;

const ROLES = Object.values(Role);
const AREAS = ['E01099001', 'E01099002', 'E01099003', 'E05099001', 'E05099002', 'E07099001', 'E07099002'];
const CATEGORIES = ['VIOLENCE_AGAINST_THE_PERSON', 'ROBBERY', 'CRIMINAL_DAMAGE', 'DELIBERATE_FIRE'];

function isoDay(offsetDays: number): string {
  const [y, m, d] = londonDate().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
}

describe('property: no answer is finer or wider than an agreement in force allows', () => {
  let t: TestHub;
  const agencies: Agency[] = [];
  const datasets: Dataset[] = [];
  let oracleDatasets: OracleDataset[] = [];
  let stored = new Map<string, StoredRecord>();
  const creds = new Map<string, { token?: string; apiKey?: string }>();

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const pol = await seed.agency('POL', AgencyKind.POLICE);
    const hos = await seed.agency('HOS', AgencyKind.HEALTH);
    const frs = await seed.agency('FRS', AgencyKind.FIRE);
    const cnl = await seed.agency('CNL', AgencyKind.COUNCIL);
    agencies.push(pol, hos, frs, cnl);
    datasets.push(
      await seed.dataset(pol, DatasetKind.POLICE_CRIME, 'pol-crime'),
      await seed.dataset(pol, DatasetKind.POLICE_INCIDENT, 'pol-incidents'),
      await seed.dataset(hos, DatasetKind.AE_ASSAULT, 'hos-ae'),
      await seed.dataset(frs, DatasetKind.FIRE_INCIDENT, 'frs-fires'),
    );
    // Records with every stored grain, some missing location columns, on both sides of a clock change.
    const variants: Record<string, unknown>[] = [
      {},
      {
        category: 'ROBBERY',
        subcategory: null,
        occurred_at: new Date('2025-01-15T10:05:00Z'),
        time_precision: TimePrecision.MONTH,
        grid_easting: null,
        grid_northing: null,
        lsoa_code: 'E01099002',
      },
      {
        occurred_at: new Date('2025-03-30T01:30:00Z'),
        time_precision: TimePrecision.HOUR,
        lsoa_code: 'E01099003',
        ward_code: 'E05099002',
        local_authority_code: 'E07099002',
        outward_postcode: 'RV3',
      },
      {
        category: 'CRIMINAL_DAMAGE',
        occurred_at: new Date('2024-10-27T23:59:00Z'),
        time_precision: TimePrecision.DAY,
        lsoa_code: null,
        outward_postcode: null,
        grid_easting: null,
        grid_northing: null,
        age_band: null,
        sex: null,
        details: null,
      },
      {
        category: 'DELIBERATE_FIRE',
        occurred_at: new Date('2025-08-31T23:10:00Z'),
        ward_code: null,
        details: { method: 'IGNITION', count: 2 },
      },
    ];
    for (const d of datasets) for (const v of variants) await seed.records(d, 1, v);

    const conn = t.runtime.orm.em.getConnection();
    const rows = await conn.execute<Record<string, unknown>[]>(
      `select id::text as id, dataset_id, category, subcategory, occurred_at, time_precision::text as time_precision, lsoa_code, ward_code, local_authority_code,
              outward_postcode, grid_easting, grid_northing, age_band, sex, details from shared_record order by id`,
    );
    stored = new Map(
      rows.map((r) => [
        String(r.id),
        {
          id: String(r.id),
          datasetId: String(r.dataset_id),
          category: String(r.category),
          subcategory: (r.subcategory as string | null) ?? null,
          occurredAt: new Date(r.occurred_at as string),
          timePrecision: String(r.time_precision),
          lsoa: r.lsoa_code as string | null,
          ward: r.ward_code as string | null,
          localAuthority: r.local_authority_code as string | null,
          outwardPostcode: r.outward_postcode as string | null,
          gridEasting: r.grid_easting as number | null,
          gridNorthing: r.grid_northing as number | null,
          ageBand: r.age_band as string | null,
          sex: r.sex as string | null,
          details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<
            string,
            unknown
          > | null,
        },
      ]),
    );
    oracleDatasets = datasets.map((d) => ({
      id: d.id,
      key: d.key,
      agencyId: d.agency.id,
      agencyCode: agencies.find((a) => a.id === d.agency.id)!.code,
      kind: d.kind,
    }));

    const admin = new AdminService();
    for (const agency of agencies) {
      for (const role of ROLES) creds.set(`${agency.code}/${role}`, { token: (await seed.user(agency, [role])).token });
      for (const scope of [ApiKeyScope.READ, ApiKeyScope.IMPORT]) {
        const { key } = await admin.createApiKey(t.runtime.orm.em.fork(), consoleActor(), {
          agency: agency.code,
          name: `property ${scope}`,
          scopes: [scope],
        });
        creds.set(`${agency.code}/KEY_${scope}`, { apiKey: key });
      }
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Replaces every agreement in the database with these. */
  async function install(agreements: OracleAgreement[]): Promise<void> {
    const em = t.runtime.orm.em.fork();
    await em.transactional(async (tem) => {
      const conn = tem.getConnection();
      const trx = tem.getTransactionContext();
      await conn.execute('delete from agreement_dataset', [], 'run', trx);
      await conn.execute('delete from agreement_recipient', [], 'run', trx);
      await conn.execute('delete from sharing_agreement', [], 'run', trx);
      let n = 0;
      for (const a of agreements) {
        const [{ id }] = await conn.execute<{ id: string }[]>(
          `insert into sharing_agreement (id, reference, title, provider_id, purposes, legal_basis, grants, min_cell_size, valid_from, valid_to, review_date, status, created_at, updated_at)
           values (gen_random_uuid(), ?, 'property', ?, ?::purpose[], 'S17A_DUTY', ?::jsonb, 10, ?, ?, ?, ?::agreement_status, now(), clock_timestamp()) returning id`,
          [
            `ISA-P-${++n}`,
            a.providerId,
            `{${a.purposes.join(',')}}`,
            JSON.stringify(a.grants),
            a.validFrom,
            a.validTo,
            a.reviewDate,
            a.status,
          ],
          'all',
          trx,
        );
        for (const d of a.datasetIds)
          await conn.execute(
            'insert into agreement_dataset (agreement_id, dataset_id) values (?, ?)',
            [id, d],
            'run',
            trx,
          );
        for (const r of a.recipientIds)
          await conn.execute(
            'insert into agreement_recipient (agreement_id, agency_id) values (?, ?)',
            [id, r],
            'run',
            trx,
          );
      }
    });
  }

  const dayOffset = fc.constantFrom(-400, -30, -1, 0, 1, 30, 400);
  /** true with probability `p` (in tenths). */
  const likely = (tenths: number) => fc.integer({ min: 1, max: 10 }).map((n) => n <= tenths);
  const grant = (grains: readonly string[] | null) =>
    fc.record(
      {
        access: fc.constantFrom('NONE', 'AGGREGATE', 'RECORD', 'RECORD', 'RECORD'),
        // Mostly a grain of the field; sometimes none, sometimes one of the wrong kind (treated as the coarsest).
        precision: fc.constantFrom(...(grains ?? ['MONTH']), ...(grains ?? []), 'LSOA', 'HOUR'),
      },
      { requiredKeys: ['access'] },
    );

  /**
   * An agreement that, most of the time, is in force and relevant to the caller and the
   * purpose (otherwise almost every answer would be a refusal or own data); each of those
   * properties is dropped some of the time, which the engine must then honour.
   */
  const agreementFor = (callerAgency: number, purpose: string): fc.Arbitrary<OracleAgreement> =>
    fc
      .record({
        // Another agency's data, mostly: own data needs no agreement.
        provider: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...[0, 1, 2, 3].filter((i) => i !== callerAgency)) },
          { weight: 2, arbitrary: fc.constant(callerAgency) },
        ),
        datasets: fc.subarray([0, 1, 2, 3]),
        withProviderData: likely(8),
        recipients: fc.subarray([0, 1, 2, 3]),
        withCaller: likely(8),
        purposes: fc.subarray([...PURPOSES]),
        withPurpose: likely(8),
        status: fc.oneof(
          { weight: 7, arbitrary: fc.constant('ACTIVE') },
          { weight: 3, arbitrary: fc.constantFrom(...STATUSES) },
        ),
        dates: fc.oneof(
          { weight: 7, arbitrary: fc.constant({ from: -30, toAfter: 800, reviewAfter: -400 }) },
          {
            weight: 3,
            arbitrary: fc.record({
              from: dayOffset,
              toAfter: fc.constantFrom(0, 1, 60, 800),
              reviewAfter: fc.constantFrom(-800, -1, 0, 1, 400),
            }),
          },
        ),
        categoryRecord: likely(8),
        grants: fc.record(
          {
            CATEGORY: grant(null),
            TIME: grant(TIME_GRAINS),
            LOCATION: grant(LOCATION_GRAINS),
            AGE_BAND: grant(null),
            SEX: grant(null),
            DETAILS: grant(null),
          },
          { requiredKeys: [] },
        ),
      })
      .map((g) => {
        // The provider's own datasets, mostly; another agency's dataset listed in it must never count.
        const datasetIdx = new Set(g.datasets);
        if (g.withProviderData)
          datasets.forEach((d, i) => d.agency.id === agencies[g.provider].id && datasetIdx.add(i));
        const recipientIdx = new Set(g.recipients);
        if (g.withCaller) recipientIdx.add(callerAgency);
        const purposes = new Set(g.purposes);
        if (g.withPurpose) purposes.add(purpose as (typeof PURPOSES)[number]);
        const grants = Object.fromEntries(
          Object.entries(g.grants).map(([field, v]) => [
            field,
            field === 'TIME' || field === 'LOCATION' ? v : { access: v!.access },
          ]),
        ) as OracleAgreement['grants'];
        if (g.categoryRecord) grants.CATEGORY = { access: 'RECORD' };
        const { from, toAfter, reviewAfter } = g.dates;
        return {
          providerId: agencies[g.provider].id,
          datasetIds: [...datasetIdx].map((i) => datasets[i].id),
          recipientIds: [...recipientIdx].map((i) => agencies[i].id),
          purposes: [...purposes],
          grants,
          status: g.status,
          validFrom: isoDay(from),
          validTo: isoDay(from + toAfter),
          // Review offsets count back from the end date (a review due before the end is usual).
          reviewDate: isoDay(from + toAfter + reviewAfter),
        };
      });

  // Every role and key kind appears; those that read data, more often.
  const callerArb = fc.record({
    agency: fc.integer({ min: 0, max: 3 }),
    who: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<string>(...ROLES, 'KEY_READ', 'KEY_IMPORT') },
      { weight: 7, arbitrary: fc.constantFrom<string>(Role.ANALYST, Role.LIAISON_OFFICER, Role.OFFICER, 'KEY_READ') },
    ),
  });
  const filterArb: fc.Arbitrary<OracleFilter> = fc.record(
    {
      datasets: fc.subarray(['pol-crime', 'pol-incidents', 'hos-ae', 'frs-fires'], { minLength: 1 }),
      categories: fc.subarray(CATEGORIES, { minLength: 1 }),
      from: fc.constantFrom(
        '2024-12-01T00:00:00.000Z',
        '2025-01-01T00:00:00.000Z',
        '2025-03-30T00:00:00.000Z',
        '2025-06-06T00:00:00.000Z',
      ),
      to: fc.constantFrom(
        '2025-01-15T00:00:00.000Z',
        '2025-03-30T01:00:00.000Z',
        '2025-06-07T00:00:00.000Z',
        '2025-09-01T00:00:00.000Z',
      ),
      areas: fc.subarray(AREAS, { minLength: 1 }),
    },
    { requiredKeys: [] },
  );

  it(`holds for ${RUNS} random partnerships, callers and questions`, async () => {
    let nonEmpty = 0;
    let shared = 0;
    let coarsened = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(callerArb, fc.constantFrom(...PURPOSES))
          .chain(([callerPick, purpose]) =>
            fc.tuple(
              fc.constant(callerPick),
              fc.constant(purpose),
              fc.array(agreementFor(callerPick.agency, purpose), { minLength: 0, maxLength: 4 }),
            ),
          ),
        fc.option(filterArb, { nil: undefined, freq: 2 }),
        async ([callerPick, purpose, agreements], filter) => {
          await install(agreements);
          const agency = agencies[callerPick.agency];
          const who = String(callerPick.who);
          const caller: OracleCaller = who.startsWith('KEY_')
            ? { agencyId: agency.id, scope: who.slice(4) as 'READ' | 'IMPORT' }
            : { agencyId: agency.id, role: who };
          const r = await t.gql(QUERY, { purpose, filter: filter ?? null }, creds.get(`${agency.code}/${who}`)!);
          // Record ids are the caller's agency's and purpose's view of the row ids: map them back.
          const scope = RecordIds.scope(agency.id, purpose);
          const rowIdOf = new Map([...stored.keys()].map((id) => [recordIds.publicId(scope, id), id]));
          const rows = (
            ((r.data as { records?: { nodes: Record<string, unknown>[] } | null } | null)?.records?.nodes ??
              []) as Record<string, unknown>[]
          ).map((row): Record<string, unknown> => ({
            ...row,
            id: rowIdOf.get(String(row.id)) ?? `unknown id ${String(row.id)}`,
          }));
          const check = {
            agreements,
            datasets: oracleDatasets,
            records: stored,
            caller,
            purpose,
            today: londonDate(),
            filter: filter ?? {},
          };
          const problems = violations(check, rows);
          expect(problems, JSON.stringify({ caller: who, agency: agency.code, purpose, filter, agreements })).toEqual(
            [],
          );
          // Nothing but denials may come back as errors, and only FORBIDDEN ones.
          for (const e of r.errors ?? []) expect(e.extensions?.code, e.message).toBe('FORBIDDEN');
          if (!filter) expect(rows.map((row) => String(row.id))).toEqual(expectedIds(check));
          if (rows.length) nonEmpty++;
          if (rows.some((row) => oracleDatasets.find((d) => d.key === row.dataset)!.agencyId !== agency.id)) shared++;
          if (
            rows.some(
              (row) => row.timePrecision !== null && row.timePrecision !== stored.get(String(row.id))!.timePrecision,
            )
          )
            coarsened++;
        },
      ),
      // A fixed seed by default, so that the coverage checks below cannot fail by chance in
      // CI; PROPERTY_SEED explores others (any failure prints its seed to replay).
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261122) },
    );
    // The generator must actually exercise sharing, not only refusals and own data.
    console.log(
      `permissions property: ${RUNS} runs, ${nonEmpty} with rows, ${shared} with another agency's rows, ${coarsened} with coarsened times`,
    );
    expect(nonEmpty).toBeGreaterThan(RUNS / 5);
    expect(shared).toBeGreaterThan(RUNS / 10);
    expect(coarsened).toBeGreaterThan(0);
  });
});
