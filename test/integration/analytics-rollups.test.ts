import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AggregateService } from '../../src/analytics/aggregate.service.js';
import { AnalysesService } from '../../src/analytics/analyses.service.js';
import { londonMidnight } from '../../src/domain/uk-time.js';
import type { AccessPlan } from '../../src/auth/access-plan.js';
import { nativePool } from '../../src/db/orm.js';
import { demoAgencyId, demoDatasetId, demoUserId, loadDemo } from '../../src/demo/index.js';
import { Role } from '../../src/domain/vocabulary.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';
import { GroupBy } from '../../src/domain/api-enums.js';
import { BatchWriter } from '../../src/ingest/batch-writer.js';
import { Chunk } from '../../src/ingest/chunk.js';

/*
 * The repeat rollups of migration 20261122060000 (analytics_repeat for repeat victims,
 * analytics_place for repeat locations) against the base table: the tables themselves
 * against a recomputation from shared_record, and the answers read from them against the
 * answers read from the records, on random records put through random inserts,
 * corrections (updates of time, subject, square, category) and deletes.
 */

let t: TestHub;
let pool: pg.Pool;
let plan: AccessPlan;
let fast: AnalysesService;
let base: AnalysesService;
const crime = () => demoDatasetId('bpol-crime');
// Synthetic squares east of the demo's geography, so they are easy to find and remove.
const EAST = 470000;

beforeAll(async () => {
  t = await startTestHub();
  await loadDemo(t.runtime.orm, {
    records: 3_000,
    seed: 5,
    pseudonymKey: TEST_PSEUDONYM_KEY,
    referenceDate: '2026-11-22',
  });
  pool = await nativePool(t.runtime.orm);
  plan = await t.runtime.services.policy.plan(
    t.runtime.orm.em.fork(),
    {
      kind: 'user',
      id: demoUserId('analyst@bpol'),
      agencyId: demoAgencyId('BPOL'),
      agencyCode: 'BPOL',
      roles: [Role.ANALYST],
      scopes: [],
      label: 'analyst@bpol',
    },
    'STRATEGIC_ASSESSMENT' as never,
  );
  fast = new AnalysesService(pool, new AggregateService(pool));
  base = new AnalysesService(pool, new AggregateService(pool, { rollups: false }));
});

afterAll(async () => {
  await t?.close();
});

/** Rows of the month and peak rollups that differ from a recomputation over shared_record (0 when exact). */
async function countDrift(): Promise<{ month: number; peak: number }> {
  const month = `date_trunc('month', occurred_at at time zone 'Europe/London')::date`;
  const dow = `case when time_precision <> 'MONTH' then extract(isodow from occurred_at at time zone 'Europe/London')::smallint end`;
  const hour = `case when time_precision in ('MINUTE', 'HOUR') then extract(hour from occurred_at at time zone 'Europe/London')::smallint end`;
  const { rows } = await pool.query<{ month: number; peak: number }>(`
    with truth_month as (select dataset_id, ${month} as month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, count(*) as n
                         from shared_record group by 1, 2, 3, 4, 5, 6, 7, 8),
    roll_month as (select dataset_id, month, category, subcategory, lsoa_code, ward_code, local_authority_code, outward_postcode, records as n from analytics_month where records <> 0),
    truth_peak as (select dataset_id, ${month} as month, category, subcategory, ${dow} as dow, ${hour} as hour, count(*) as n from shared_record group by 1, 2, 3, 4, 5, 6),
    roll_peak as (select dataset_id, month, category, subcategory, dow, hour, records as n from analytics_peak where records <> 0)
    select (select count(*) from ((table truth_month except all table roll_month) union all (table roll_month except all table truth_month)) d)::int as month,
           (select count(*) from ((table truth_peak except all table roll_peak) union all (table roll_peak except all table truth_peak)) d)::int as peak`);
  return rows[0];
}

/** Rows of each rollup that differ from a recomputation over shared_record (0 when exact). */
async function drift(): Promise<{ repeat: number; place: number; month: number; peak: number }> {
  const month = (c: string) => `date_trunc('month', ${c} at time zone 'Europe/London')::date`;
  const { rows } = await pool.query<{ repeat: number; place: number }>(`
    with chain as (
      select dataset_id, ${month('occurred_at')} as month, ${month('lag(occurred_at) over w')} as prev_month, ${month('lag(occurred_at, 2) over w')} as prev2_month
      from shared_record where subject_hash is not null window w as (partition by dataset_id, subject_hash order by occurred_at, id)),
    truth_repeat as (select dataset_id, month, prev_month, prev2_month, count(*) as n from chain group by 1, 2, 3, 4),
    roll_repeat as (select dataset_id, month, prev_month, prev2_month, records as n from analytics_repeat where records <> 0),
    truth_place as (select dataset_id, category, grid_easting, grid_northing, ${month('occurred_at')} as month, count(*) as n from shared_record
                    where grid_easting is not null and time_precision in ('MINUTE', 'HOUR', 'DAY') group by 1, 2, 3, 4, 5),
    roll_place as (select dataset_id, category, grid_easting, grid_northing, month, records as n from analytics_place where records <> 0)
    select (select count(*) from truth_repeat a full join roll_repeat b
              on a.dataset_id = b.dataset_id and a.month = b.month and a.prev_month is not distinct from b.prev_month and a.prev2_month is not distinct from b.prev2_month
              where a.n is distinct from b.n)::int as repeat,
           (select count(*) from truth_place a full join roll_place b using (dataset_id, category, grid_easting, grid_northing, month) where a.n is distinct from b.n)::int as place`);
  return { ...rows[0], ...(await countDrift()) };
}

interface Rec {
  square: number;
  category: number;
  subject: number | null;
  day: number;
  minute: number;
  byDay: boolean;
}

const CATEGORIES = ['BURGLARY', 'ROBBERY'];
const DAY0 = Date.parse('2025-01-01T00:00:00Z');

const at = (r: Rec) =>
  new Date(
    londonMidnight(new Date(DAY0 + r.day * 86_400_000).toISOString().slice(0, 10)).getTime() +
      (r.byDay ? 0 : r.minute * 60_000),
  );

function values(recs: Rec[], p: unknown[]): string {
  return recs
    .map((r) => {
      const i = p.push(
        at(r).toISOString(),
        CATEGORIES[r.category],
        EAST + 100 * r.square,
        r.subject === null ? null : `subject-${r.subject}`,
        r.byDay ? 'DAY' : 'MINUTE',
      );
      return `($${i - 4}::timestamptz, $${i - 3}, $${i - 2}::int, $${i - 1}, $${i}::time_precision)`;
    })
    .join(', ');
}

async function insert(recs: Rec[]): Promise<void> {
  if (!recs.length) return;
  const p: unknown[] = [crime(), demoAgencyId('BPOL')];
  await pool.query(
    `insert into shared_record (dataset_id, agency_id, kind, category, occurred_at, time_precision, grid_easting, grid_northing, source_ref_hash, subject_hash)
     select $1::uuid, $2::uuid, 'POLICE_CRIME', v.category, v.at, v.precision, v.e, 300000, sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
            case when v.subject is not null then sha256(convert_to(v.subject, 'UTF8')) end
     from (values ${values(recs, p)}) as v (at, category, e, subject, precision)`,
    p,
  );
}

const hex = (b: Buffer) => `\\\\x${b.toString('hex')}`;

/**
 * Imports records through the importer's write path: staged, added to the rollups from the
 * stage, and applied in one insert with the insert triggers standing aside (or merged, the
 * triggers keeping the rollups, when `resend` repeats references already stored). Subjects
 * are hashed as insert() hashes them, so imported and inserted records share subjects.
 */
async function importBatch(recs: Rec[], resend = 0): Promise<void> {
  const { rows: stored } = await pool.query<{ ref: Buffer }>(
    `select source_ref_hash as ref from shared_record where grid_easting >= ${EAST} order by id limit $1`,
    [resend],
  );
  if (!recs.length && !stored.length) return;
  const client = await pool.connect();
  try {
    await client.query('begin');
    const writer = new BatchWriter(client, crime());
    const chunk = new Chunk(recs.length + stored.length);
    const line = (r: Rec, ref: Buffer) =>
      [
        crime(),
        demoAgencyId('BPOL'),
        'POLICE_CRIME',
        CATEGORIES[r.category],
        '\\N',
        at(r).toISOString(),
        r.byDay ? 'DAY' : 'MINUTE',
        ...['\\N', '\\N', '\\N', '\\N'],
        String(EAST + 100 * r.square),
        '300000',
        ...['\\N', '\\N', '\\N'],
        hex(ref),
        r.subject === null ? '\\N' : hex(createHash('sha256').update(`subject-${r.subject}`).digest()),
        '\\N',
      ].join('\t');
    // Re-sent references, moved to another day (corrections), first or after the new rows:
    // the merge at once, or after the plain insert (and its rollups) is refused and undone.
    const resent = () =>
      stored.forEach((s, i) => chunk.push(line({ ...recs[i % recs.length], day: (i * 7 + 3) % 45 }, s.ref)));
    if (resend % 2 === 0) resent();
    for (const r of recs) chunk.push(line(r, randomBytes(32)));
    if (resend % 2 === 1) resent();
    await writer.stage(chunk);
    await writer.apply(false);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

/** Imports through each of the importer's paths, so that the property is known to have tried both. */
const imported = { inserted: 0, merged: 0 };

type Op =
  | { kind: 'insert'; recs: Rec[] }
  | { kind: 'import'; recs: Rec[]; resend: number }
  | { kind: 'delete'; mod: number; rem: number }
  | { kind: 'retime'; mod: number; rem: number; days: number }
  | { kind: 'resubject'; mod: number; rem: number; subject: number | null }
  | { kind: 'move'; mod: number; rem: number; square: number; category: number };

/** Applies one statement to every synthetic record whose rank (by id) is rem modulo mod: several rows, several subjects at once. */
async function apply(op: Op): Promise<void> {
  if (op.kind === 'insert') return insert(op.recs);
  if (op.kind === 'import') {
    imported[op.resend ? 'merged' : 'inserted']++;
    return importBatch(op.recs, op.resend);
  }
  const pick = `id in (select id from (select id, row_number() over (order by id) as k from shared_record where grid_easting >= ${EAST}) x where k % ${op.mod} = ${op.rem % op.mod})`;
  if (op.kind === 'delete') await pool.query(`delete from shared_record where ${pick}`);
  if (op.kind === 'retime')
    await pool.query(`update shared_record set occurred_at = occurred_at + $1::int * interval '1 day' where ${pick}`, [
      op.days,
    ]);
  if (op.kind === 'resubject') {
    await pool.query(
      `update shared_record set subject_hash = case when $1::text is not null then sha256(convert_to($1::text, 'UTF8')) end where ${pick}`,
      [op.subject === null ? null : `subject-${op.subject}`],
    );
  }
  if (op.kind === 'move')
    await pool.query(`update shared_record set grid_easting = $1, category = $2 where ${pick}`, [
      EAST + 100 * op.square,
      CATEGORIES[op.category],
    ]);
}

const rec = fc.record({
  square: fc.integer({ min: 0, max: 2 }),
  category: fc.integer({ min: 0, max: 1 }),
  subject: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
  day: fc.integer({ min: 0, max: 45 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  byDay: fc.boolean(),
});
const pick = { mod: fc.integer({ min: 1, max: 5 }), rem: fc.integer({ min: 0, max: 4 }) };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), recs: fc.array(rec, { maxLength: 12 }) }),
  fc.record({ kind: fc.constant('import' as const), recs: fc.array(rec, { maxLength: 12 }), resend: fc.constant(0) }),
  fc.record({
    kind: fc.constant('import' as const),
    recs: fc.array(rec, { minLength: 1, maxLength: 6 }),
    resend: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), ...pick }),
  fc.record({ kind: fc.constant('retime' as const), ...pick, days: fc.integer({ min: -40, max: 40 }) }),
  fc.record({
    kind: fc.constant('resubject' as const),
    ...pick,
    subject: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    ...pick,
    square: fc.integer({ min: 0, max: 3 }),
    category: fc.integer({ min: 0, max: 1 }),
  }),
);

const periods: { from?: Date; to?: Date }[] = [
  {},
  { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-03-01T00:00:00Z') },
  { from: new Date('2025-02-01T00:00:00Z') },
  { to: new Date('2025-04-01T00:00:00+01:00') },
  { from: new Date('2025-04-01T00:00:00+01:00'), to: new Date('2025-07-01T00:00:00+01:00') },
];

describe('repeat rollups', () => {
  it('start exact: the migration filled them from the records already stored, and the demo load through the triggers', async () => {
    expect(await drift()).toEqual({ repeat: 0, place: 0, month: 0, peak: 0 });
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from analytics_repeat');
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('stay exact, and answer as the base table does, through random inserts, corrections and deletes', async () => {
    const readFrom = { victims: 0, locations: 0, locationsRollup: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(rec, { minLength: 20, maxLength: 150, size: 'max' }),
        fc.array(op, { maxLength: 6 }),
        async (initial, ops) => {
          try {
            await insert(initial);
            for (const o of ops) await apply(o);
            expect(await drift()).toEqual({ repeat: 0, place: 0, month: 0, peak: 0 });
            for (const period of periods) {
              const filter = { datasets: ['bpol-crime'], ...period };
              const a = await fast.repeatVictims(plan, { filter });
              const b = await base.repeatVictims(plan, { filter });
              expect(a.readFrom).toBe('rollup');
              expect(b.readFrom).toBe('records');
              expect(a.rows).toEqual(b.rows);
              readFrom.victims++;
            }
            for (const [withinDays, minCount, limit] of [
              [3, 2, 3],
              [10, 3, 5],
              [30, 2, 4],
            ]) {
              const filter = {
                datasets: ['bpol-crime'],
                from: new Date('2025-01-01T00:00:00Z'),
                to: new Date('2025-05-01T00:00:00+01:00'),
              };
              const req = { filter, level: GroupBy.GRID_100M as const, withinDays, minCount, limit };
              const a = await fast.repeatLocations(plan, req);
              const b = await base.repeatLocations(plan, req);
              expect(a.rows).toEqual(b.rows);
              // The busiest window's days come with each place, on both paths.
              for (const row of a.rows) expect(row.peakEndsAt).toBeInstanceOf(Date);
              // A page after the first place, from the rollup, is the rest of the list.
              const rest = await fast.repeatLocations(plan, { ...req, limit: limit - 1, offset: 1 });
              expect(rest.rows).toEqual(b.rows.slice(1));
              // Counting every place reads the records, with the same page.
              const counted = await fast.repeatLocations(plan, { ...req, countPlaces: true });
              expect(counted.readFrom).toBe('records');
              expect(counted.rows).toEqual(b.rows);
              expect(counted.totalPlaces).toBeGreaterThanOrEqual(b.rows.length);
              if (b.rows.length < limit) expect(counted.totalPlaces).toBe(b.rows.length);
              readFrom.locations++;
              if (a.readFrom === 'rollup') readFrom.locationsRollup++;
            }
          } finally {
            await pool.query(`delete from shared_record where grid_easting >= ${EAST}`);
          }
        },
      ),
      { numRuns: 40, seed: Number(process.env.ROLLUP_SEED ?? 20261122) },
    );
    expect(await drift()).toEqual({ repeat: 0, place: 0, month: 0, peak: 0 });
    expect(imported.inserted).toBeGreaterThan(0);
    expect(imported.merged).toBeGreaterThan(0);
    // The rollup path was taken (not only the fallback), so the comparison tested it.
    expect(readFrom.locationsRollup).toBeGreaterThan(0);
    expect(readFrom.victims).toBeGreaterThan(0);
  });

  it('fall back to the records for filters the rollups do not carry, with the same answer', async () => {
    const filter = {
      datasets: ['bpol-crime'],
      categories: ['BURGLARY'],
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-01-20T00:00:00Z'),
    };
    const a = await fast.repeatVictims(plan, { filter });
    expect(a.readFrom).toBe('records');
    expect(a.rows).toEqual((await base.repeatVictims(plan, { filter })).rows);
    const lsoa = await fast.repeatLocations(plan, {
      filter: { datasets: ['bpol-crime'] },
      level: GroupBy.LSOA,
      minCount: 2,
      withinDays: 28,
      limit: 5,
    });
    expect(lsoa.readFrom).toBe('records');
  });

  it('trend without from and to marks the periods the data covers only in part, and leaves them out of the change', async () => {
    const r = await fast.trend(plan, { period: GroupBy.YEAR, byCategory: true, filter: { datasets: ['bpol-crime'] } });
    const { rows } = await pool.query<{ first: Date; last: Date }>(
      'select min(occurred_at) as first, max(occurred_at) as last from shared_record where dataset_id = $1',
      [crime()],
    );
    // The demo runs from 22 November 2022 to 21 November 2026: 2022 and 2026 are partial years.
    expect(new Date(rows[0].first).getUTCFullYear()).toBe(2022);
    expect(new Date(rows[0].last).getUTCFullYear()).toBe(2026);
    expect(r.series.map((p) => [p.key, p.partial])).toEqual([
      ['2022-01-01', true],
      ['2023-01-01', false],
      ['2024-01-01', false],
      ['2025-01-01', false],
      ['2026-01-01', true],
    ]);
    expect([r.change?.from.key, r.change?.to.key]).toEqual(['2023-01-01', '2025-01-01']);
    for (const c of r.categories)
      if (c.yearOnYear) expect([c.yearOnYear.from.key, c.yearOnYear.to.key]).toEqual(['2024-01-01', '2025-01-01']);
    // With only `from`, the end still comes from the data; with both, from the filter alone.
    const fromOnly = await fast.trend(plan, {
      period: GroupBy.YEAR,
      filter: { datasets: ['bpol-crime'], from: new Date('2024-01-01T00:00:00Z') },
    });
    expect(fromOnly.series.map((p) => [p.key, p.partial])).toEqual([
      ['2024-01-01', false],
      ['2025-01-01', false],
      ['2026-01-01', true],
    ]);
    const both = await fast.trend(plan, {
      period: GroupBy.YEAR,
      filter: {
        datasets: ['bpol-crime'],
        from: new Date('2024-01-01T00:00:00Z'),
        to: new Date('2026-01-01T00:00:00Z'),
      },
    });
    expect(both.series.every((p) => !p.partial)).toBe(true);
  });

  it('stay exact when the records are truncated', async () => {
    await insert([{ square: 1, category: 0, subject: 1, day: 3, minute: 5, byDay: false }]);
    await pool.query('truncate shared_record cascade');
    const { rows } = await pool.query<{ n: number }>(
      'select (select count(*) from analytics_repeat) + (select count(*) from analytics_place) as n',
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
