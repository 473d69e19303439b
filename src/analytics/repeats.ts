import type pg from 'pg';
import type { AggregateFilter } from './aggregate.service.js';
import { isLondonMonthStart } from './aggregate.service.js';
import { londonDate } from '../domain/uk-time.js';

/*
 * Repeat victims from the trigger-kept rollup analytics_repeat (migration
 * 20261122060000). Each record with a subject key is a row (counted) under its London
 * month and the months of the same subject's previous and previous-but-one records in the
 * dataset (ordered by time, then id). For a period [F, T) on London month boundaries:
 *
 *   records          rows with F <= month < T
 *   links            rows with prev_month >= F and month < T: consecutive pairs of one
 *                    subject's records that both fall inside (prev <= this record, so
 *                    prev_month >= F puts both inside)
 *   subjects         records - links: every subject's chain inside the period is one
 *                    first record plus its links
 *   repeat subjects  links whose prev2_month is before F (or none): each subject with two
 *                    or more records inside has exactly one such link, its second record
 *   repeat records   links + repeat subjects: a subject with n > 1 records has n - 1 links
 *
 * which is exactly what grouping the period's records by subject gives (a property test in
 * test/integration/analytics-rollups.test.ts checks it against the base table after
 * inserts, corrections and deletes). Filters the rollup does not carry (category,
 * subcategory, area) and periods cut inside a month read the base table.
 */

export function repeatVictimsFromRollup(filter: AggregateFilter): { sql: string; params: unknown[] } | undefined {
  if (filter.categories?.length || filter.subcategories?.length || filter.areas?.length) return undefined;
  if ((filter.from && !isLondonMonthStart(filter.from)) || (filter.to && !isLondonMonthStart(filter.to)))
    return undefined;
  const params: unknown[] = [];
  // $1 is the datasets in scope, given by the caller.
  const add = (v: unknown) => `$${params.push(v) + 1}::date`;
  const where = ['dataset_id = any($1::uuid[])'];
  let link = 'prev_month is not null';
  let second = 'prev2_month is null';
  if (filter.from) {
    const f = add(londonDate(filter.from));
    where.push(`month >= ${f}`);
    link = `prev_month >= ${f}`;
    second = `(prev2_month is null or prev2_month < ${f})`;
  }
  if (filter.to) where.push(`month < ${add(londonDate(filter.to))}`);
  const sql = `
    select "datasetId", records - links as subjects, repeats as "repeatSubjects", links + repeats as "repeatRecords", records
    from (select dataset_id as "datasetId", sum(records)::int as records,
                 coalesce(sum(records) filter (where ${link}), 0)::int as links,
                 coalesce(sum(records) filter (where ${link} and ${second}), 0)::int as repeats
          from analytics_repeat where ${where.join(' and ')} group by dataset_id) x
    where records > 0 order by "datasetId"`;
  return { sql, params };
}

/*
 * Repeat locations at 100 m from analytics_place (records per dataset, category, square
 * and London month, for records known at least to the day). A window of D days (D x 24 h,
 * plus an hour across a clock change) covers at most D + 2 London dates, so at most
 * m = 2 + floor(D / 28) consecutive months: the most records in any m consecutive months
 * of the period bounds a square's peak, whatever the other filters (they only take
 * records away). The squares whose months all hold fewer than t records are bounded by
 * m x (t - 1) without reading them. So:
 *
 *  1. take the "busy" squares (some month of the period with t or more records) and bound
 *     each from its months;
 *  2. in order of bound, run the caller's window query (same filters and floors, no
 *     limit) over the records of the next batch of squares (an index on shared_record
 *     holds them in order), keeping every square's exact figures;
 *  3. stop when the limit-th highest exact peak is above every bound left (the next busy
 *     square's and m x (t - 1)), or, with fewer places than the limit, when every
 *     dataset's floor is above them: no other square can enter the list or tie with its
 *     last place. Otherwise go on with the next batch, then with a lower t, down to 3
 *     (the busy index holds months of 3 or more); past that the caller reads every record;
 *  4. order the places whose peak reaches that limit-th peak, and cut them to the limit,
 *     in the database, so that ties are broken exactly as over all the records (area and
 *     category in the database's collation).
 */
const BUSY_MIN = 3;

export interface RepeatLocationsRollup<Row extends LocationRow> {
  datasetIds: string[];
  filter: AggregateFilter;
  withinDays: number;
  /** How many of the first places to give (offset + limit when paging: the caller cuts the page). */
  limit: number;
  /** Per dataset (same order), the least peak listed. */
  floors: number[];
  /** Number of the first placeholder `run` leaves free for the squares' query. */
  firstParam: number;
  /** Runs the caller's window query (no limit) over the records of `squares` (a FROM item b: dataset_id, category, grid_easting, grid_northing), with these extra parameters. */
  run: (db: Queryable, squares: string, extra: unknown[]) => Promise<Row[]>;
}

/** The London date before an instant: the last day a period ending there includes. */
function lastDay(to: Date): string {
  return londonDate(new Date(to.getTime() - 1));
}

/** One place and category of repeat locations, as the queries over records return it. */
export type LocationRow = {
  datasetId: string;
  area: string;
  category: string;
  peak: number;
  total: number;
  first: Date;
  last: Date;
  peakStart: Date;
  peakEnd: Date;
};
export type Queryable = Pick<pg.ClientBase, 'query'>;
type Square = { dataset_id: string; category: string; e: number; n: number; bound: number };

/** The list from the rollup, or undefined when it cannot be shown exact (then read every record). */
export async function repeatLocationsFromRollup<Row extends LocationRow>(
  pool: pg.Pool,
  q: RepeatLocationsRollup<Row>,
): Promise<Row[] | undefined> {
  // Several statements, one snapshot: the bounds and the records they bound must be of the
  // same moment, or an import committed in between could slip a square past its bound.
  const db = await pool.connect();
  try {
    await db.query('begin isolation level repeatable read read only');
    return await fromRollup(db, q);
  } finally {
    await db.query('commit').catch(() => undefined);
    db.release();
  }
}

async function fromRollup<Row extends LocationRow>(
  db: pg.PoolClient,
  q: RepeatLocationsRollup<Row>,
): Promise<Row[] | undefined> {
  const m = 2 + Math.floor(q.withinDays / 28);
  // Months that can hold a record of the period (the period counts whole London days).
  const range: ((col: string) => string)[] = [];
  const params: unknown[] = [q.datasetIds];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (q.filter.from) {
    const from = p(`${londonDate(q.filter.from).slice(0, 8)}01`);
    range.push((col) => `${col} >= ${from}::date`);
  }
  if (q.filter.to) {
    const to = p(lastDay(q.filter.to));
    range.push((col) => `${col} <= ${to}::date`);
  }
  const months = (col: string) => range.map((r) => ` and ${r(col)}`).join('');
  let t = await firstThreshold(db, q, months('month'), params, m);
  // A batch of squares, as a FROM item b (dataset_id, category, grid_easting, grid_northing).
  const at = (i: number) => `$${q.firstParam + i}`;
  const squares = `unnest(${at(0)}::uuid[], ${at(1)}::text[], ${at(2)}::int[], ${at(3)}::int[]) as b (dataset_id, category, grid_easting, grid_northing)`;
  const read = (batch: Square[]) =>
    q.run(db, squares, [
      batch.map((x) => x.dataset_id),
      batch.map((x) => x.category),
      batch.map((x) => x.e),
      batch.map((x) => x.n),
    ]);

  const key = (dataset: string, category: string, e: number, n: number) => `${dataset} ${category} E${e}N${n}`;
  const done = new Set<string>();
  const exact: Row[] = [];
  for (;;) {
    const busy = await busySquares(db, months, params, t, m);
    const quiet = m * (t - 1);
    let i = 0;
    for (let size = 2 * q.limit; ; size *= 2) {
      const batch: Square[] = [];
      for (; i < busy.length && batch.length < size; i++) {
        const b = busy[i];
        if (!done.has(key(b.dataset_id, b.category, b.e, b.n))) batch.push(b);
      }
      if (batch.length) {
        exact.push(...(await read(batch)));
        for (const b of batch) done.add(key(b.dataset_id, b.category, b.e, b.n));
      }
      const next = Math.max(quiet, i < busy.length ? busy[i].bound : 0);
      const peaks = exact.map((r) => r.peak).sort((a, b) => b - a);
      if (peaks.length >= q.limit ? peaks[q.limit - 1] > next : q.floors.every((f) => f > next)) {
        const cut = peaks.length >= q.limit ? peaks[q.limit - 1] : 0;
        // Ordered and cut by the database, as the query over all records orders them (its collation for area and category).
        const listed = exact.filter((r) => r.peak >= cut);
        return orderedPage(db, listed, q.limit);
      }
      if (i >= busy.length) break;
    }
    if (t === BUSY_MIN) return undefined;
    t = Math.max(BUSY_MIN, Math.floor(t / 2));
  }
}

/**
 * A first guess at the threshold t of busy squares: a month of M records has a window of
 * at least M / ceil(32 / D) of them, so a few times the limit in busy months suggests the
 * listed peaks; the caller halves from there.
 */
async function firstThreshold(
  db: pg.PoolClient,
  q: Pick<RepeatLocationsRollup<LocationRow>, 'limit' | 'withinDays'>,
  months: string,
  params: unknown[],
  m: number,
): Promise<number> {
  const { rows: hist } = await db.query<{ n: number; cells: number }>(
    `select records::int as n, count(*)::int as cells from analytics_place
      where dataset_id = any($1::uuid[])${months} and records >= ${BUSY_MIN} group by 1 order by 1 desc`,
    params,
  );
  let t = BUSY_MIN;
  let cells = 0;
  for (const h of hist) {
    cells += h.cells;
    if (cells >= 3 * q.limit) {
      t = Math.max(BUSY_MIN, Math.floor(h.n / Math.ceil(32 / q.withinDays) / m));
      break;
    }
  }
  return t;
}

/**
 * The squares with a month of at least t records (and BUSY_MIN), each with a bound on its
 * busiest window (the most records in any m consecutive months), busiest first.
 */
async function busySquares(
  db: pg.PoolClient,
  months: (col: string) => string,
  params: unknown[],
  t: number,
  m: number,
): Promise<Square[]> {
  const p = (v: unknown) => `$${params.push(v)}`;
  const { rows } = await db.query<Square>(
    `with busy as (select distinct dataset_id, category, grid_easting, grid_northing from analytics_place
                      where dataset_id = any($1::uuid[])${months('month')} and records >= ${BUSY_MIN} and records >= ${p(t)}::int),
            months as (select a.* from analytics_place a join busy using (dataset_id, category, grid_easting, grid_northing) where true${months('a.month')})
       select dataset_id, category, grid_easting as e, grid_northing as n, max(s)::int as bound
       from (select dataset_id, category, grid_easting, grid_northing,
                    sum(records) over (partition by dataset_id, category, grid_easting, grid_northing order by month
                                       range between interval '${m - 1} months' preceding and current row) as s
             from months) w
       group by 1, 2, 3, 4 order by bound desc`,
    params,
  );
  params.pop();
  return rows;
}

/** The listed places in the order of the query over all records (the database's collation for area and category), cut at the limit. */
async function orderedPage<Row extends LocationRow>(db: pg.PoolClient, listed: Row[], limit: number): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `select "datasetId", area, category, peak, total, first, last, "peakStart", "peakEnd"
             from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
                  as x ("datasetId", area, category, peak, total, first, last, "peakStart", "peakEnd")
            order by peak desc, total desc, area, category, "datasetId" limit ${limit}`,
    [
      listed.map((r) => r.datasetId),
      listed.map((r) => r.area),
      listed.map((r) => r.category),
      listed.map((r) => r.peak),
      listed.map((r) => r.total),
      listed.map((r) => r.first),
      listed.map((r) => r.last),
      listed.map((r) => r.peakStart),
      listed.map((r) => r.peakEnd),
    ],
  );
  return rows;
}
