import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../../src/db/orm.js';
import { pseudonymise } from '../../../src/domain/pseudonym.js';
import { AgencyKind, DatasetKind } from '../../../src/domain/vocabulary.js';
import { ImportRefused } from '../../../src/ingest/import-errors.js';
import type { ImportService } from '../../../src/ingest/import.service.js';
import { CHUNK_ROWS } from '../../../src/ingest/row-pipeline.js';
import { csvSource } from '../../../src/ingest/record-source.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import {
  CRIME_HEADER,
  crimeRow,
  csv,
  importText,
  INGEST_KEY,
  ingestService,
  OPERATOR,
  seedAreas,
} from '../../support/ingest.js';
import { Seed } from '../../support/seed.js';
import { ImportDoor } from '../../../src/domain/api-enums.js';

describe('the import pipeline against PostgreSQL', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let service: ImportService;
  let n = 0;
  // Each test gets its own dataset, so counts never depend on test order.
  const newDataset = async (kind = DatasetKind.POLICE_CRIME) => {
    const seed = new Seed(db.orm);
    const agency = await seed.agency(`AG${++n}`, AgencyKind.POLICE);
    return seed.dataset(agency, kind, `test-${kind.toLowerCase().replace(/_/g, '-')}-${n}`);
  };
  const records = async (datasetId: string) =>
    (
      await pool.query(
        `select category, subcategory, occurred_at, time_precision, lsoa_code, ward_code, local_authority_code, outward_postcode, grid_easting, grid_northing,
                age_band, sex, details, source_ref_hash, subject_hash, batch_id from shared_record where dataset_id = $1 order by id`,
        [datasetId],
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await nativePool(db.orm);
    service = ingestService(pool);
    await seedAreas(db.orm);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('stores a clean file generalised: a 100 m square, area codes, an age band, London time, keyed hashes', async () => {
    const ds = await newDataset();
    const summary = await importText(
      service,
      ds.key,
      csv([CRIME_HEADER, crimeRow('CR/0001/25'), crimeRow('CR/0002/25', { occurred_at: '06/01/2025' })]),
    );
    expect(summary).toMatchObject({
      status: 'COMMITTED',
      rowsRead: 2,
      inserted: 2,
      updated: 0,
      duplicates: 0,
      rejected: 0,
    });
    const [a, b] = await records(ds.id);
    expect(a).toMatchObject({
      category: 'VIOLENCE_AGAINST_THE_PERSON',
      subcategory: 'VIOLENCE_WITH_INJURY',
      time_precision: 'MINUTE',
      lsoa_code: 'E01099001',
      ward_code: 'E05099001',
      local_authority_code: 'E07099001',
      outward_postcode: 'RV1',
      grid_easting: 445100,
      grid_northing: 296300,
      age_band: '18-24',
      sex: 'F',
      batch_id: summary.batchId,
    });
    // 23:37 in June is British Summer Time: 22:37 UTC.
    expect(new Date(a.occurred_at).toISOString()).toBe('2025-06-06T22:37:00.000Z');
    expect(b.time_precision).toBe('DAY');
    expect(new Date(b.occurred_at).toISOString()).toBe('2025-01-06T00:00:00.000Z');
    expect(a.source_ref_hash.equals(pseudonymise(INGEST_KEY, ds.key, 'CR/0001/25'))).toBe(true);
    expect(a.subject_hash.equals(pseudonymise(INGEST_KEY, ds.key, 'person-CR/0001/25'))).toBe(true);
    const raw = await pool.query(
      `select count(*)::int as n from shared_record r where r::text like '%CR/0001%' or r::text like '%person-%'`,
    );
    expect(raw.rows[0].n).toBe(0);
    expect(summary.months).toEqual([
      { month: '2025-01', rows: 1 },
      { month: '2025-06', rows: 1 },
    ]);
  });

  it('adds nothing when the same file is imported again, and says which batch it repeats', async () => {
    const ds = await newDataset();
    const file = csv([CRIME_HEADER, ...Array.from({ length: 50 }, (_, i) => crimeRow(`R${i}`))]);
    const first = await importText(service, ds.key, file);
    const again = await importText(service, ds.key, file);
    expect(first).toMatchObject({ inserted: 50, sameFileAs: null });
    expect(again).toMatchObject({
      rowsRead: 50,
      inserted: 0,
      updated: 0,
      duplicates: 50,
      rejected: 0,
      sameFileAs: first.batchId,
    });
    expect(await records(ds.id)).toHaveLength(50);
  });

  it('updates a corrected row in place and counts it as updated, the others as duplicates', async () => {
    const ds = await newDataset();
    await importText(service, ds.key, csv([CRIME_HEADER, crimeRow('A'), crimeRow('B'), crimeRow('C')]));
    const corrected = await importText(
      service,
      ds.key,
      csv([
        CRIME_HEADER,
        crimeRow('A'),
        crimeRow('B', { category: 'ROBBERY', subcategory: 'ROBBERY_OF_PERSONAL_PROPERTY' }),
        crimeRow('C'),
        crimeRow('D'),
      ]),
    );
    expect(corrected).toMatchObject({ rowsRead: 4, inserted: 1, updated: 1, duplicates: 2, rejected: 0 });
    const rows = await records(ds.id);
    expect(rows).toHaveLength(4);
    const b = rows.find((r) => r.source_ref_hash.equals(pseudonymise(INGEST_KEY, ds.key, 'B')))!;
    expect(b).toMatchObject({
      category: 'ROBBERY',
      subcategory: 'ROBBERY_OF_PERSONAL_PROPERTY',
      batch_id: corrected.batchId,
    });
  });

  it('re-sends a large file with corrections and new rows: duplicates, updates and inserts counted across chunks', async () => {
    const ds = await newDataset();
    const n = 2 * CHUNK_ROWS + 5_000;
    await importText(service, ds.key, csv([CRIME_HEADER, ...Array.from({ length: n }, (_, i) => crimeRow(`L${i}`))]));
    // Every 1,000th row corrected, and 3,000 new rows at the end.
    const again = csv([
      CRIME_HEADER,
      ...Array.from({ length: n }, (_, i) =>
        crimeRow(`L${i}`, i % 1000 === 0 ? { category: 'PUBLIC_ORDER_OFFENCES', subcategory: '' } : {}),
      ),
      ...Array.from({ length: 3_000 }, (_, i) => crimeRow(`N${i}`)),
    ]);
    const s = await importText(service, ds.key, again);
    const corrected = Math.ceil(n / 1000);
    expect(s).toMatchObject({
      rowsRead: n + 3_000,
      inserted: 3_000,
      updated: corrected,
      duplicates: n - corrected,
      rejected: 0,
    });
    const { rows } = await pool.query(
      `select count(*)::int as n, count(*) filter (where category = 'PUBLIC_ORDER_OFFENCES')::int as c from shared_record where dataset_id = $1`,
      [ds.id],
    );
    expect(rows[0]).toEqual({ n: n + 3_000, c: corrected });
  });

  it('applies a reference repeated within one file in one step: the last row wins, the earlier ones count as duplicates', async () => {
    const ds = await newDataset();
    const summary = await importText(
      service,
      ds.key,
      csv([
        CRIME_HEADER,
        crimeRow('X'),
        crimeRow('X'),
        crimeRow('X', { category: 'BURGLARY', subcategory: 'RESIDENTIAL' }),
      ]),
    );
    expect(summary).toMatchObject({ rowsRead: 3, inserted: 1, duplicates: 2, updated: 0, applySteps: 1 });
    const rows = await records(ds.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].category).toBe('BURGLARY');
  });

  it('applies a reference repeated chunks apart by its last row, with what came before and after it counted once', async () => {
    const ds = await newDataset();
    const n = CHUNK_ROWS + 2_000;
    const rows = Array.from({ length: n }, (_, i) => crimeRow(`R${i}`));
    // Row R5 again, corrected, a chunk later; then R7 again unchanged; then new rows.
    rows.push(crimeRow('R5', { category: 'BURGLARY', subcategory: 'RESIDENTIAL' }), crimeRow('R7'), crimeRow('R-new'));
    const s = await importText(service, ds.key, csv([CRIME_HEADER, ...rows]));
    // R5 and R7 are stored once each, from their last rows: their earlier rows are superseded (duplicates).
    expect(s).toMatchObject({
      rowsRead: n + 3,
      inserted: n + 1,
      updated: 0,
      duplicates: 2,
      rejected: 0,
      applySteps: 1,
    });
    const { rows: stored } = await pool.query(
      `select count(*)::int as n, count(*) filter (where category = 'BURGLARY')::int as b from shared_record where dataset_id = $1`,
      [ds.id],
    );
    expect(stored[0]).toEqual({ n: n + 1, b: 1 });
  });

  it('applies a batch larger than one statement may hold in several, each plain or merged as its rows need, counting every row once', async () => {
    const ds = await newDataset();
    const small = ingestService(pool, { applyRows: CHUNK_ROWS });
    await importText(
      small,
      ds.key,
      csv([CRIME_HEADER, ...Array.from({ length: 1_000 }, (_, i) => crimeRow(`S${CHUNK_ROWS + i}`))]),
    );
    // Statements: S0..S24999 new (plain insert); S25000.. partly stored (merge); then new again.
    const n = 2 * CHUNK_ROWS + 3_000;
    const rows = Array.from({ length: n }, (_, i) =>
      crimeRow(
        `S${i}`,
        i === CHUNK_ROWS + 10 ? { category: 'ROBBERY', subcategory: 'ROBBERY_OF_PERSONAL_PROPERTY' } : {},
      ),
    );
    const s = await importText(small, ds.key, csv([CRIME_HEADER, ...rows]));
    expect(s).toMatchObject({ rowsRead: n, inserted: n - 1_000, updated: 1, duplicates: 999, rejected: 0 });
    expect(s.timings.insert).toBeGreaterThan(0);
    expect(s.timings.merge).toBeGreaterThan(0);
    const { rows: stored } = await pool.query(
      `select count(*)::int as n, count(*) filter (where category = 'ROBBERY')::int as r from shared_record where dataset_id = $1`,
      [ds.id],
    );
    expect(stored[0]).toEqual({ n, r: 1 });
  });

  it('keeps the good rows of a file with bad ones, and stores where and why each bad row was refused, never its value', async () => {
    const ds = await newDataset();
    const summary = await importText(
      service,
      ds.key,
      csv([
        CRIME_HEADER,
        crimeRow('ok-1'),
        crimeRow('bad-category', { category: 'jane.doe@example.org' }),
        crimeRow('bad-date', { occurred_at: '31/02/2025 10:00' }),
        crimeRow('future', { occurred_at: '2999-01-01 10:00' }),
        crimeRow('old', { occurred_at: '1999-12-31' }),
        crimeRow('bad-lsoa', { lsoa_code: 'E01000000' }),
        crimeRow('bad-age', { age: 'forty' }),
        crimeRow('', {}),
        crimeRow('ok-2'),
      ]),
    );
    expect(summary).toMatchObject({ rowsRead: 9, inserted: 2, rejected: 7 });
    expect(summary.rowsRead).toBe(summary.inserted + summary.updated + summary.duplicates + summary.rejected);
    expect(summary.rejections).toEqual([
      {
        row: 3,
        column: 'category',
        rule: 'IDENTIFIER_EMAIL',
        reason: expect.stringContaining('looks like an email address'),
      },
      {
        row: 4,
        column: 'occurred_at',
        rule: 'DATE_CALENDAR',
        reason: expect.stringContaining('not a real calendar date'),
      },
      { row: 5, column: 'occurred_at', rule: 'DATE_FUTURE', reason: 'dated in the future' },
      { row: 6, column: 'occurred_at', rule: 'DATE_TOO_EARLY', reason: 'dated before 2000-01-01' },
      { row: 7, column: 'lsoa_code', rule: 'LSOA_UNKNOWN', reason: expect.stringContaining('does not know') },
      { row: 8, column: 'age', rule: 'AGE', reason: expect.stringContaining('not an age') },
      { row: 9, column: 'source_ref', rule: 'REQUIRED', reason: expect.stringContaining('required') },
    ]);
    const stored = await pool.query(
      `select row_number, column_name, reason from import_rejection where batch_id = $1 order by seq`,
      [summary.batchId],
    );
    expect(stored.rows.map((r) => [r.row_number, r.column_name])).toEqual(
      summary.rejections.map((r) => [r.row, r.column]),
    );
    const leaked = await pool.query(
      `select count(*)::int as n from import_rejection where reason like '%jane%' or reason like '%forty%' or reason like '%E01000000%'`,
    );
    expect(leaked.rows[0].n).toBe(0);
    const batch = await pool.query(
      `select status, rows_read, rows_inserted, rows_rejected, rejections_stored from import_batch where id = $1`,
      [summary.batchId],
    );
    expect(batch.rows[0]).toEqual({
      status: 'COMMITTED',
      rows_read: 9,
      rows_inserted: 2,
      rows_rejected: 7,
      rejections_stored: 7,
    });
  });

  it('writes nothing when the input fails part-way, records the failed attempt, and a retry lands every row once', async () => {
    const ds = await newDataset();
    const rows = Array.from({ length: 2 * CHUNK_ROWS + 5_000 }, (_, i) => crimeRow(`F${i}`));
    const text = csv([CRIME_HEADER, ...rows]);
    const cut = Buffer.from(text).subarray(0, Math.floor(text.length * 0.8));
    async function* failing() {
      for (let i = 0; i < cut.length; i += 65_536) {
        yield cut.subarray(i, i + 65_536);
        await new Promise((r) => setImmediate(r));
      }
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const err = await service
      .run({ datasetKey: ds.key, actor: OPERATOR, door: ImportDoor.HTTP, source: csvSource(failing()) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefused);
    expect((err as ImportRefused).code).toBe('INTERRUPTED');
    expect(await records(ds.id)).toHaveLength(0);
    const failed = await pool.query(`select status, error_code, rows_read from import_batch where id = $1`, [
      (err as ImportRefused).batchId,
    ]);
    expect(failed.rows[0].status).toBe('FAILED');
    expect(failed.rows[0].error_code).toBe('INTERRUPTED');
    expect(failed.rows[0].rows_read).toBeGreaterThan(CHUNK_ROWS);

    const retry = await importText(service, ds.key, text);
    expect(retry).toMatchObject({ rowsRead: rows.length, inserted: rows.length, duplicates: 0 });
    expect(
      (await pool.query(`select count(*)::int as n from shared_record where dataset_id = $1`, [ds.id])).rows[0].n,
    ).toBe(rows.length);
  });

  it('writes nothing when the database connection dies mid-batch, and a retry neither loses nor doubles rows', async () => {
    const ds = await newDataset();
    const total = 3 * CHUNK_ROWS;
    const text = csv([CRIME_HEADER, ...Array.from({ length: total }, (_, i) => crimeRow(`K${i}`))]);
    await importText(service, ds.key, csv([CRIME_HEADER, ...Array.from({ length: 100 }, (_, i) => crimeRow(`K${i}`))]));
    let killed = false;
    const err = await importText(service, ds.key, text, {
      onProgress: () => {
        if (killed) return;
        killed = true;
        // Another session ends the importing backend, as a crash or failover would.
        void pool.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
             and exists (select 1 from pg_locks l where l.pid = pg_stat_activity.pid and l.locktype = 'advisory')`,
        );
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefused);
    expect((err as ImportRefused).code).toBe('FAILED');
    expect((err as Error).message).toMatch(/nothing was imported/);
    expect(await records(ds.id)).toHaveLength(100);
    const retry = await importText(service, ds.key, text);
    expect(retry).toMatchObject({ rowsRead: total, inserted: total - 100, duplicates: 100 });
    expect(
      (await pool.query(`select count(*)::int as n from shared_record where dataset_id = $1`, [ds.id])).rows[0].n,
    ).toBe(total);
  });

  it('runs two imports into one dataset one after the other, and accounts for each', async () => {
    const ds = await newDataset();
    const a = csv([CRIME_HEADER, ...Array.from({ length: 30_000 }, (_, i) => crimeRow(`P${i}`))]);
    const b = csv([CRIME_HEADER, ...Array.from({ length: 30_000 }, (_, i) => crimeRow(`P${i + 15_000}`))]);
    const [sa, sb] = await Promise.all([importText(service, ds.key, a), importText(service, ds.key, b)]);
    expect(sa.inserted + sb.inserted).toBe(45_000);
    expect(sa.duplicates + sb.duplicates).toBe(15_000);
    expect(await records(ds.id)).toHaveLength(45_000);
  });

  it('refuses an import as busy when another one into the dataset holds it too long, storing nothing', async () => {
    const ds = await newDataset();
    const holder = await pool.connect();
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`hub:import:${ds.id}`]);
      const err = await importText(
        ingestService(pool, { lockWaitSeconds: 0.5 }),
        ds.key,
        csv([CRIME_HEADER, crimeRow('Z1')]),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRefused);
      expect((err as ImportRefused).code).toBe('BUSY');
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    expect(await records(ds.id)).toHaveLength(0);
  });

  it('validates and counts against stored data on a dry run, and stores nothing', async () => {
    const ds = await newDataset();
    await importText(service, ds.key, csv([CRIME_HEADER, crimeRow('A')]));
    const dry = await importText(
      service,
      ds.key,
      csv([CRIME_HEADER, crimeRow('A'), crimeRow('B'), crimeRow('C', { sex: 'Q' })]),
      { dryRun: true },
    );
    expect(dry).toMatchObject({
      status: 'DRY_RUN',
      rowsRead: 3,
      inserted: 1,
      duplicates: 1,
      rejected: 1,
      rejectionsStored: 0,
    });
    expect(await records(ds.id)).toHaveLength(1);
    expect(
      (await pool.query(`select count(*)::int as n from import_batch where id = $1`, [dry.batchId])).rows[0].n,
    ).toBe(0);
  });

  it('refuses rows dated outside a declared submission period', async () => {
    const ds = await newDataset();
    const summary = await importText(
      service,
      ds.key,
      csv([
        CRIME_HEADER,
        crimeRow('in', { occurred_at: '2025-05-01 10:00' }),
        crimeRow('out', { occurred_at: '2025-07-01 00:30' }),
      ]),
      { period: '2025-Q2' },
    );
    expect(summary).toMatchObject({ inserted: 1, rejected: 1, period: '2025-Q2' });
    expect(summary.rejections[0]).toMatchObject({
      row: 3,
      column: 'occurred_at',
      rule: 'OUTSIDE_PERIOD',
      reason: 'dated outside the declared submission period 2025-Q2 (2025-04-01 to 2025-06-30)',
    });
    expect(summary.outsidePeriod).toEqual({ rows: 1, months: [{ month: '2025-07', rows: 1 }] });
  });
});
