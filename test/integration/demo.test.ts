import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import { nativePool } from '../../src/db/orm.js';
import { pseudonymise } from '../../src/domain/pseudonym.js';
import { AgreementStatus, DatasetKind } from '../../src/domain/vocabulary.js';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  clearDemo,
  demoAgencyId,
  getDemoMeta,
  isDemoLoaded,
  loadDemo,
  reloadDemo,
} from '../../src/demo/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const KEY = 'integration-test-pseudonym-key';
const REFERENCE_DATE = '2026-11-22';
const RECORDS = 20_000;

const EXPECTED = {
  agency: 7,
  hub_user: 26,
  dataset: 8,
  sharing_agreement: 7,
  agreement_dataset: 8,
  agreement_recipient: 23,
  area: 67,
  shared_record: RECORDS,
  hub_meta: 1,
};

let db: TestDatabase;
let pool: pg.Pool;

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await pool.query<T>(sql, params);
  return rows[0];
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of Object.keys(EXPECTED))
    out[table] = Number((await one<{ n: string }>(`select count(*) as n from "${table}"`)).n);
  return out;
}

/** md5 per table over an ordered text rendering of the rows, leaving out surrogate ids, password hashes and timestamps of the load. */
async function fingerprints(): Promise<Record<string, string>> {
  const queries: Record<string, string> = {
    records: `select md5(string_agg(row(d.key, r.kind, r.category, r.subcategory, r.occurred_at, r.time_precision, r.lsoa_code, r.ward_code,
                r.local_authority_code, r.outward_postcode, r.grid_easting, r.grid_northing, r.age_band, r.sex, r.details,
                encode(r.source_ref_hash, 'hex'), encode(r.subject_hash, 'hex'))::text, E'\\n' order by d.key, r.source_ref_hash)) as h
              from shared_record r join dataset d on d.id = r.dataset_id`,
    agreements: `select md5(string_agg(row(s.reference, s.title, p.code, s.purposes, s.legal_basis, s.grants, s.min_cell_size, s.valid_from,
                s.valid_to, s.review_date, s.status, ua.username, ur.username, s.provider_approved_at, s.recipient_accepted_at,
                (select string_agg(a.code, ',' order by a.code) from agreement_recipient x join agency a on a.id = x.agency_id where x.agreement_id = s.id),
                (select string_agg(d.key, ',' order by d.key) from agreement_dataset x join dataset d on d.id = x.dataset_id where x.agreement_id = s.id)
                )::text, E'\\n' order by s.reference)) as h
              from sharing_agreement s join agency p on p.id = s.provider_id
              left join hub_user ua on ua.id = s.provider_approved_by_id left join hub_user ur on ur.id = s.recipient_accepted_by_id`,
    users: `select md5(string_agg(row(u.username, u.display_name, u.roles, a.code)::text, E'\\n' order by u.username)) as h from hub_user u join agency a on a.id = u.agency_id`,
    agencies: `select md5(string_agg(row(code, name, kind)::text, E'\\n' order by code)) as h from agency`,
    datasets: `select md5(string_agg(row(d.key, d.kind, d.name, d.cadence, a.code)::text, E'\\n' order by d.key)) as h from dataset d join agency a on a.id = d.agency_id`,
    areas: `select md5(string_agg(row(code, name, level, ward_code, local_authority_code, outward_postcode, population)::text, E'\\n' order by code)) as h from area`,
  };
  const out: Record<string, string> = {};
  for (const [name, sql] of Object.entries(queries)) out[name] = (await one<{ h: string }>(sql)).h;
  return out;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = await nativePool(db.orm);
});

afterAll(async () => {
  await db?.drop();
});

describe('demo partnership load', () => {
  let firstCounts: Record<string, number>;
  let firstPrints: Record<string, string>;

  it('loads every table with the expected number of rows', async () => {
    expect(await isDemoLoaded(db.orm)).toBe(false);
    const progress: number[] = [];
    const summary = await loadDemo(db.orm, {
      records: RECORDS,
      seed: 7,
      pseudonymKey: KEY,
      referenceDate: REFERENCE_DATE,
      onProgress: (done) => progress.push(done),
    });
    expect(summary).toMatchObject({ agencies: 7, users: 26, datasets: 8, agreements: 7, areas: 67, records: RECORDS });
    expect(progress.at(-1)).toBe(RECORDS);
    firstCounts = await counts();
    expect(firstCounts).toEqual(EXPECTED);
    firstPrints = await fingerprints();
  });

  it('records the load in hub_meta', async () => {
    expect(await isDemoLoaded(db.orm)).toBe(true);
    expect(await getDemoMeta(db.orm)).toMatchObject({ seed: 7, records: RECORDS, referenceDate: REFERENCE_DATE });
  });

  it('refuses to load a second time', async () => {
    await expect(loadDemo(db.orm, { records: 10, pseudonymKey: KEY, referenceDate: REFERENCE_DATE })).rejects.toThrow(
      /already loaded/,
    );
    expect(await counts()).toEqual(EXPECTED);
  });

  it('gives the agreements their stated statuses, dates and signatories', async () => {
    const { rows } = await pool.query<{
      reference: string;
      status: string;
      valid_from: string;
      valid_to: string;
      review_date: string;
      approver: string | null;
      accepter: string | null;
      recipients: number;
    }>(
      `select s.reference, s.status, s.valid_from::text, s.valid_to::text, s.review_date::text,
              ua.username as approver, ur.username as accepter,
              (select count(*)::int from agreement_recipient x where x.agreement_id = s.id) as recipients
         from sharing_agreement s
         left join hub_user ua on ua.id = s.provider_approved_by_id
         left join hub_user ur on ur.id = s.recipient_accepted_by_id
        order by s.reference`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.reference, r.status]))).toEqual({
      'ISA-DEMO-001': AgreementStatus.ACTIVE,
      'ISA-DEMO-002': AgreementStatus.ACTIVE,
      'ISA-DEMO-003': AgreementStatus.ACTIVE,
      'ISA-DEMO-004': AgreementStatus.ACTIVE,
      'ISA-DEMO-005': AgreementStatus.ACTIVE,
      'ISA-DEMO-006': AgreementStatus.EXPIRED,
      'ISA-DEMO-007': AgreementStatus.SUSPENDED,
    });
    expect(rows.map((r) => r.recipients)).toEqual([5, 3, 5, 5, 2, 2, 1]);
    for (const r of rows.filter((x) => x.status === AgreementStatus.ACTIVE)) {
      expect(r).toMatchObject({ valid_from: '2022-11-22', valid_to: '2027-11-22', review_date: '2027-05-22' });
      expect(r.approver).toMatch(/^dlo@/);
      expect(r.accepter).toMatch(/^dlo@/);
    }
    const expired = rows.find((r) => r.status === AgreementStatus.EXPIRED)!;
    expect(expired.valid_to < REFERENCE_DATE).toBe(true);
    const grants = await one<{ grants: Record<string, { access: string; precision?: string }>; min_cell_size: number }>(
      `select grants, min_cell_size from sharing_agreement where reference = 'ISA-DEMO-003'`,
    );
    expect(grants.min_cell_size).toBe(10);
    expect(grants.grants.LOCATION).toEqual({ access: 'AGGREGATE', precision: 'OUTWARD_POSTCODE' });
    expect(grants.grants.TIME).toEqual({ access: 'AGGREGATE', precision: 'MONTH' });
  });

  it('creates every demo account with the one demo password, hashed once', async () => {
    const { rows } = await pool.query<{ username: string; password_hash: string }>(
      `select username, password_hash from hub_user order by username`,
    );
    expect(rows.map((r) => r.username)).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(1);
    expect(await verifyPassword(rows[0].password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(rows[0].password_hash, 'not-the-password')).toBe(false);
  });

  it('stores only keyed hashes of source and subject references', async () => {
    const stats = await one<{
      bad_source: string;
      bad_subject: string;
      subjects: string;
      distinct_subjects: string;
      raw: string;
    }>(
      `select count(*) filter (where octet_length(source_ref_hash) <> 32) as bad_source,
              count(*) filter (where subject_hash is not null and octet_length(subject_hash) <> 32) as bad_subject,
              count(subject_hash) as subjects,
              count(distinct subject_hash) as distinct_subjects,
              count(*) filter (where r::text ~ '(bpol-|rht-|samb-|sfrs-|rdc-|scc-|-R[0-9]|-U[0-9])') as raw
         from shared_record r`,
    );
    expect(Number(stats.bad_source)).toBe(0);
    expect(Number(stats.bad_subject)).toBe(0);
    expect(Number(stats.raw)).toBe(0);
    // Repeat victims and patients: fewer distinct subjects than subject-bearing records.
    expect(Number(stats.distinct_subjects)).toBeLessThan(Number(stats.subjects));
    const expected = pseudonymise(KEY, 'bpol-crime', 'bpol-crime-1');
    const found = await one<{ n: string }>(`select count(*) as n from shared_record where source_ref_hash = $1`, [
      expected,
    ]);
    expect(Number(found.n)).toBe(1);
  });

  it('stores records of every kind, in range and in the demo geography', async () => {
    const { rows } = await pool.query<{ kind: string }>(`select distinct kind from shared_record order by kind`);
    expect(rows.map((r) => r.kind).sort()).toEqual(Object.values(DatasetKind).sort());
    const check = await one<{
      first: string;
      last: string;
      orphan_lsoa: string;
      bad_grid: string;
      agency_mismatch: string;
    }>(
      `select min(occurred_at at time zone 'Europe/London')::date::text as first,
              max(occurred_at at time zone 'Europe/London')::date::text as last,
              count(*) filter (where lsoa_code is not null and not exists (select 1 from area a where a.code = r.lsoa_code and a.level = 'LSOA')) as orphan_lsoa,
              count(*) filter (where grid_easting is not null and (grid_easting % 100 <> 0 or grid_easting not between 440000 and 451900)) as bad_grid,
              count(*) filter (where r.agency_id <> (select d.agency_id from dataset d where d.id = r.dataset_id)) as agency_mismatch
         from shared_record r`,
    );
    expect(check.first).toBe('2022-11-22');
    expect(check.last).toBe('2026-11-21');
    expect(Number(check.orphan_lsoa)).toBe(0);
    expect(Number(check.bad_grid)).toBe(0);
    expect(Number(check.agency_mismatch)).toBe(0);
  });

  it('reloads to exactly the same data', async () => {
    const summary = await reloadDemo(db.orm, {
      records: RECORDS,
      seed: 7,
      pseudonymKey: KEY,
      referenceDate: REFERENCE_DATE,
    });
    expect(summary.records).toBe(RECORDS);
    expect(await counts()).toEqual(firstCounts);
    expect(await fingerprints()).toEqual(firstPrints);
  });

  it('a different seed gives different records but the same partnership', async () => {
    await reloadDemo(db.orm, { records: RECORDS, seed: 8, pseudonymKey: KEY, referenceDate: REFERENCE_DATE });
    const prints = await fingerprints();
    expect(prints.records).not.toBe(firstPrints.records);
    expect({ ...prints, records: '' }).toEqual({ ...firstPrints, records: '' });
  });

  it('clears only demo rows, including rows elsewhere that reference them', async () => {
    // Someone else's agency with a record of its own, and a table the demo knows nothing about.
    const otherAgency = randomUUID();
    const otherDataset = randomUUID();
    await pool.query(
      `insert into agency (id, code, name, kind) values ($1, 'XPOL', 'Another Police Force', 'POLICE')`,
      [otherAgency],
    );
    await pool.query(
      `insert into dataset (id, key, agency_id, kind, name, cadence) values ($1, 'xpol-crime', $2, 'POLICE_CRIME', 'Other crime', 'QUARTERLY')`,
      [otherDataset, otherAgency],
    );
    await pool.query(
      `insert into shared_record (dataset_id, agency_id, kind, category, occurred_at, time_precision, source_ref_hash)
       values ($1, $2, 'POLICE_CRIME', 'ROBBERY', now(), 'DAY', $3)`,
      [otherDataset, otherAgency, pseudonymise(KEY, 'xpol-crime', 'x-1')],
    );
    await pool.query(
      `create table demo_test_note (id serial primary key, agency_id uuid not null references agency (id))`,
    );
    await pool.query(`insert into demo_test_note (agency_id) values ($1), ($2)`, [demoAgencyId('BPOL'), otherAgency]);
    // An account an administrator added to a demo agency, and an API key of a demo agency.
    await pool.query(
      `insert into hub_user (id, agency_id, username, display_name, password_hash, roles) values ($1, $2, 'extra@bpol', 'Extra', 'x', '{ANALYST}')`,
      [randomUUID(), demoAgencyId('BPOL')],
    );
    await pool.query(
      `insert into api_key (id, agency_id, name, prefix, secret_hash, scopes) values ($1, $2, 'feed', 'hubk_demo01', $3, '{IMPORT}')`,
      [randomUUID(), demoAgencyId('SFRS'), 'a'.repeat(64)],
    );

    const cleared = await clearDemo(db.orm);
    expect(cleared.removed.shared_record).toBe(RECORDS);
    expect(await isDemoLoaded(db.orm)).toBe(false);
    expect(await counts()).toEqual({
      agency: 1,
      hub_user: 0,
      dataset: 1,
      sharing_agreement: 0,
      agreement_dataset: 0,
      agreement_recipient: 0,
      area: 0,
      shared_record: 1,
      hub_meta: 0,
    });
    expect(Number((await one<{ n: string }>(`select count(*) as n from api_key`)).n)).toBe(0);
    expect((await pool.query(`select agency_id from demo_test_note`)).rows).toEqual([{ agency_id: otherAgency }]);

    // And the demo loads again next to the other agency's data.
    await loadDemo(db.orm, { records: RECORDS, seed: 7, pseudonymKey: KEY, referenceDate: REFERENCE_DATE });
    expect(await counts()).toEqual({ ...EXPECTED, agency: 8, dataset: 9, shared_record: RECORDS + 1 });
    const prints = await fingerprints();
    expect(prints.areas).toBe(firstPrints.areas);
    expect(prints.agreements).toBe(firstPrints.agreements);
    expect(prints.users).toBe(firstPrints.users);
  });
});
