import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../../src/db/orm.js';
import { AgencyKind, DatasetKind } from '../../../src/domain/vocabulary.js';
import { SubmissionsService } from '../../../src/ingest/submissions.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { CRIME_HEADER, crimeRow, csv, importText, ingestService, seedAreas } from '../../support/ingest.js';
import { Seed } from '../../support/seed.js';

/**
 * A year of a police force's quarterly submissions and a hospital's monthly ISTV ones,
 * with arrival dates set as they would have been, reported as of given dates.
 */
describe('s17A submission tracking', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let report: SubmissionsService;

  /** Imports rows dated in `month` and backdates the batch's arrival. */
  async function arrive(dataset: string, month: string, arrivedAt: string, refs: string[]) {
    const s = await importText(
      ingestService(pool),
      dataset,
      csv([CRIME_HEADER, ...refs.map((r) => crimeRow(r, { occurred_at: `${month}-15 12:00` }))]),
    );
    await pool.query(`update import_batch set started_at = $2, finished_at = $2 where id = $1`, [s.batchId, arrivedAt]);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await nativePool(db.orm);
    report = new SubmissionsService(pool);
    await seedAreas(db.orm);
    const seed = new Seed(db.orm);
    const police = await seed.agency('SUBP', AgencyKind.POLICE);
    const crime = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'sub-crime');
    await pool.query(`update dataset set created_at = '2025-01-10' where id = $1`, [crime.id]);
    await arrive('sub-crime', '2025-02', '2025-05-01T10:00:00Z', ['Q1a', 'Q1b']); // 2025-Q1, due 2025-06-30: on time
    await arrive('sub-crime', '2025-05', '2025-10-15T10:00:00Z', ['Q2a']); // 2025-Q2, due 2025-09-30: late
    // 2025-Q3: nothing. 2024-Q4: loaded in bulk before the hub tracked imports.
    await pool.query(
      `insert into shared_record (dataset_id, agency_id, kind, category, occurred_at, time_precision, source_ref_hash, created_at)
       values ($1, $2, 'POLICE_CRIME', 'ROBBERY', '2024-11-20T12:00:00Z', 'DAY', decode(repeat('ab', 32), 'hex'), '2025-01-10')`,
      [crime.id, police.id],
    );
    const hospital = await seed.agency('SUBH', AgencyKind.HEALTH);
    const ae = await seed.dataset(hospital, DatasetKind.AE_ASSAULT, 'sub-ae');
    await pool.query(`update dataset set cadence = 'MONTHLY', created_at = '2025-06-01' where id = $1`, [ae.id]);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('shows per quarter what arrived on time, late, or not at all', async () => {
    const [crime] = await report.report({ dataset: 'sub-crime', asOf: '2026-01-20' });
    expect(crime.periods.map((p) => [p.period, p.status, p.rows, p.batches])).toEqual([
      ['2024-Q4', 'RECEIVED', 1, 0],
      ['2025-Q1', 'RECEIVED', 2, 1],
      ['2025-Q2', 'RECEIVED_LATE', 1, 1],
      ['2025-Q3', 'OVERDUE', 0, 0],
      ['2025-Q4', 'DUE', 0, 0],
      ['2026-Q1', 'IN_PROGRESS', 0, 0],
    ]);
    expect(crime).toMatchObject({ agencyCode: 'SUBP', cadence: 'QUARTERLY', overdue: 1, due: 1 });
    expect(crime.periods[1]).toMatchObject({ dueBy: '2025-06-30', firstReceivedAt: new Date('2025-05-01T10:00:00Z') });
  });

  it('reports as of an earlier date without data that had not arrived by then', async () => {
    const [crime] = await report.report({ dataset: 'sub-crime', asOf: '2025-09-01' });
    const q2 = crime.periods.find((p) => p.period === '2025-Q2')!;
    expect(q2).toMatchObject({ status: 'DUE', rows: 0 });
  });

  it('tracks ISTV data month by month, due by the end of the next month', async () => {
    const [ae] = await report.report({ agency: 'SUBH', asOf: '2025-09-10' });
    expect(ae.cadence).toBe('MONTHLY');
    expect(ae.periods.map((p) => [p.period, p.status, p.dueBy])).toEqual([
      ['2025-06', 'OVERDUE', '2025-07-31'],
      ['2025-07', 'OVERDUE', '2025-08-31'],
      ['2025-08', 'DUE', '2025-09-30'],
      ['2025-09', 'IN_PROGRESS', '2025-10-31'],
    ]);
  });

  it('does not count a failed batch as an arrival', async () => {
    await importText(ingestService(pool), 'sub-crime', csv([CRIME_HEADER])).catch(() => undefined);
    const [crime] = await report.report({ dataset: 'sub-crime', asOf: '2026-01-20' });
    expect(crime.periods.find((p) => p.period === '2025-Q3')!.status).toBe('OVERDUE');
  });

  it('counts records that arrived, not rows re-sent or corrected', async () => {
    const file = (refs: string[]) =>
      csv([CRIME_HEADER, ...refs.map((r) => crimeRow(r, { occurred_at: '2025-11-15 12:00' }))]);
    await importText(ingestService(pool), 'sub-crime', file(['Q4a', 'Q4b', 'Q4c']));
    // The same file again (duplicates), then a correction of one record plus one new record.
    await importText(ingestService(pool), 'sub-crime', file(['Q4a', 'Q4b', 'Q4c']));
    const correction = csv([
      CRIME_HEADER,
      crimeRow('Q4a', { occurred_at: '2025-11-15 12:00', lsoa_code: 'E01099002' }),
      crimeRow('Q4d', { occurred_at: '2025-11-15 12:00' }),
    ]);
    const s = await importText(ingestService(pool), 'sub-crime', correction);
    expect(s).toMatchObject({ inserted: 1, updated: 1 });
    // As of today: these batches arrived now.
    const [crime] = await report.report({ dataset: 'sub-crime' });
    expect(crime.periods.find((p) => p.period === '2025-Q4')).toMatchObject({ rows: 4 });
  });
});
