import type pg from 'pg';
import type { AccessPlan, DatasetAccess } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import { GroupBy } from '../domain/api-enums.js';
import { londonDate, londonMidnight } from '../domain/uk-time.js';
import { LocationPrecision, RecordField, TimePrecision } from '../domain/vocabulary.js';
import {
  type AggregateFilter,
  type AggregateService,
  type AggregateSource,
  type AreaGroup,
  type Exclusion,
} from './aggregate.service.js';
import { sourcesOf } from './aggregate-scope.js';
import { repeatLocationsFromRollup, type LocationRow } from './repeats.js';

/*
 * Repeat locations and repeat victims (repeat-victims.ts): the two analyses that reason
 * over records rather than counts, under the same scope and disclosure control as every
 * other (run on the rollups of repeats.ts where they can answer).
 */

/** What an analysis runs on. */
export interface AnalysisDeps {
  pool: pg.Pool;
  aggregates: AggregateService;
}

export interface RepeatLocationRow {
  dataset: string;
  area: string;
  name: string;
  category: string;
  /** Most records at this place and category within any window of `withinDays` days. */
  peakInWindow: number;
  /** Records at this place and category over the whole period. */
  total: number;
  firstAt: Date | null;
  lastAt: Date | null;
  /**
   * Day of the first and of the last record of the busiest window (the first such window
   * when several tie): the peak ends with the record at which the count reached it. Null
   * as firstAt and lastAt, for data seen only in aggregate.
   */
  peakStartsAt: Date | null;
  peakEndsAt: Date | null;
}

export interface RepeatLocationsResult {
  level: AreaGroup;
  minCount: number;
  withinDays: number;
  /** Places skipped before the first row (paging, in the same order). */
  offset: number;
  rows: RepeatLocationRow[];
  /** How many places meet the threshold in all (null when not asked for, see `countPlaces`). */
  totalPlaces: number | null;
  notes: string[];
  sources: AggregateSource[];
  excluded: Exclusion[];
  /** Where the figures came from (not published: for tests and benchmarks). */
  readFrom: 'rollup' | 'records';
}

export interface RepeatLocationOptions {
  filter?: AggregateFilter;
  level?: AreaGroup;
  minCount?: number;
  withinDays?: number;
  limit?: number;
  /** Places to skip, in the list's order (paging). */
  offset?: number;
  /** Count every place that meets the threshold (reads every record: the rollup cannot count them). */
  countPlaces?: boolean;
}

/** The precision of location each level of place needs granted. */
const PLACE_PRECISION = {
  [GroupBy.GRID_100M]: LocationPrecision.GRID_100M,
  [GroupBy.LSOA]: LocationPrecision.LSOA,
  [GroupBy.OUTWARD_POSTCODE]: LocationPrecision.OUTWARD_POSTCODE,
  [GroupBy.WARD]: LocationPrecision.WARD,
  [GroupBy.LOCAL_AUTHORITY]: LocationPrecision.LOCAL_AUTHORITY,
};

/** A record's place at each level, in SQL over shared_record aliased `r`. */
const PLACE_SQL = {
  [GroupBy.GRID_100M]: `case when r.grid_easting is not null then 'E' || r.grid_easting || 'N' || r.grid_northing end`,
  [GroupBy.LSOA]: 'r.lsoa_code',
  [GroupBy.OUTWARD_POSTCODE]: 'r.outward_postcode',
  [GroupBy.WARD]: 'r.ward_code',
  [GroupBy.LOCAL_AUTHORITY]: 'r.local_authority_code',
};

/** The options with their defaults, checked. */
function placeOptions(opts: RepeatLocationOptions) {
  const level = opts.level ?? GroupBy.GRID_100M;
  const minCount = opts.minCount ?? 3;
  const withinDays = opts.withinDays ?? 28;
  const limit = opts.limit ?? 20;
  const offset = opts.offset ?? 0;
  const countPlaces = opts.countPlaces ?? false;
  if (!Number.isInteger(minCount) || minCount < 2 || minCount > 1000)
    throw badInput('`minCount` must be between 2 and 1000.');
  if (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > 366)
    throw badInput('`withinDays` must be between 1 and 366.');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badInput('`limit` must be between 1 and 500.');
  if (!Number.isInteger(offset) || offset < 0 || offset > 1_000_000)
    throw badInput('`offset` must be between 0 and 1000000.');
  return { level, minCount, withinDays, limit, offset, countPlaces, filter: opts.filter ?? {} };
}

export async function repeatLocations(
  deps: AnalysisDeps,
  plan: AccessPlan,
  opts: RepeatLocationOptions,
): Promise<RepeatLocationsResult> {
  const { level, minCount, withinDays, limit, offset, countPlaces, filter } = placeOptions(opts);
  const needs = [
    { field: RecordField.LOCATION, precision: PLACE_PRECISION[level] },
    { field: RecordField.TIME, precision: TimePrecision.DAY },
    { field: RecordField.CATEGORY },
    ...(await deps.aggregates.filterNeeds(filter)),
  ];
  const { included, excluded, controlled } = await deps.aggregates.scope(plan, needs, filter);
  const info = await deps.aggregates.datasets();
  const sources = await deps.aggregates.withReferences(sourcesOf(included, controlled, info));
  const answer = { level, minCount, withinDays, offset, sources, excluded };
  if (!included.length)
    return { ...answer, rows: [], totalPlaces: countPlaces ? 0 : null, notes: [], readFrom: 'records' };
  // A listed place says "at least N records here": for data seen only in aggregate,
  // N may not be below the agreement's minimum cell size.
  const floors = included.map((d) => (controlled.has(d.datasetId) ? Math.max(minCount, d.minCellSize) : minCount));
  const params: unknown[] = [];
  const q = await placeQueries(deps, included, filter, {
    areaSql: PLACE_SQL[level],
    floors,
    withinDays,
    limit,
    offset,
    add: (v) => `$${params.push(v)}`,
  });
  // The rollup finds the first offset + limit places without reading every record, but
  // cannot count all the places: a count reads the records.
  const fast =
    level === GroupBy.GRID_100M && deps.aggregates.usesRollups && !countPlaces
      ? await repeatLocationsFromRollup(deps.pool, {
          datasetIds: included.map((d) => d.datasetId),
          filter,
          withinDays,
          limit: offset + limit,
          floors,
          firstParam: params.length + 1,
          run: async (db, squares, extra) =>
            (await db.query<LocationRow>(q.squaresSql(squares), [...params, ...extra])).rows,
        })
      : undefined;
  let rows: LocationRow[];
  let totalPlaces: number | null = null;
  if (fast) rows = fast.slice(offset, offset + limit);
  else {
    const all = (await deps.pool.query<LocationRow & { totalPlaces: number }>(q.pageSql, params)).rows;
    totalPlaces = all[0]?.totalPlaces ?? 0;
    // With an offset past the last place, the one row is the count alone.
    rows = all.filter((r) => r.datasetId !== null);
  }
  // The figures come from the datasets with a place in the list.
  const listed = new Set(rows.map((r) => r.datasetId));
  for (const x of sources) x.contributed = listed.has(x.datasetId);
  const names = await deps.aggregates.areaNames();
  const notes = included
    .filter((d, i) => floors[i] > minCount)
    .map(
      (d) =>
        `${d.datasetKey}: places are listed only from ${d.minCellSize} records (its agreement's minimum cell size), not ${minCount}.`,
    );
  return {
    ...answer,
    rows: rows.map((r) => placeOf(r, info.get(r.datasetId)?.key ?? '', names, controlled.has(r.datasetId))),
    totalPlaces: countPlaces ? totalPlaces : null,
    notes,
    readFrom: fast ? 'rollup' : 'records',
  };
}

/** A place as published: its days only for data the caller may see record by record. */
function placeOf(r: LocationRow, dataset: string, names: ReadonlyMap<string, string>, controlled: boolean) {
  const day = (at: Date) => (controlled ? null : londonMidnight(londonDate(new Date(at))));
  return {
    dataset,
    area: r.area,
    name: names.get(r.area) ?? r.area,
    category: r.category,
    peakInWindow: r.peak,
    total: r.total,
    // To the day, and only for data the caller may see record by record: for data seen
    // only in aggregate, the day of a place's first or last record is one record's day.
    firstAt: day(r.first),
    lastAt: day(r.last),
    // The same: the busiest window's first and last records are records' days.
    peakStartsAt: day(r.peakStart),
    peakEndsAt: day(r.peakEnd),
  };
}

/**
 * The SQL of repeat locations: `pageSql` over every record of the period, the page of
 * places with the count of all that meet the threshold; `squaresSql` the same figures for
 * given 100 m squares only (from the rollup).
 */
async function placeQueries(
  deps: AnalysisDeps,
  included: readonly DatasetAccess[],
  filter: AggregateFilter,
  q: {
    areaSql: string;
    floors: readonly number[];
    withinDays: number;
    limit: number;
    offset: number;
    add: (v: unknown) => string;
  },
): Promise<{ pageSql: string; squaresSql: (squares: string) => string }> {
  const { areaSql, withinDays, add } = q;
  const where = await placeFilter(deps, included, filter, areaSql, add);
  const floorSql = `case ${included.map((d, i) => `when dataset_id = ${add(d.datasetId)}::uuid then ${q.floors[i]}`).join(' ')} end`;
  // "N within D days": over the records' own times (D x 24 hours) when the caller may see
  // every included dataset's times to the minute (its own data); otherwise over London
  // calendar dates (N records on D consecutive dates), so that no window turns on a
  // time finer than the caller was granted.
  const exactTimes = included.every((d) => d.own || d.fields.TIME.aggregatePrecision === TimePrecision.MINUTE);
  const windowParam = add(exactTimes ? `${withinDays} days` : `${withinDays - 1} days`);
  const dayOf = (col: string) => (exactTimes ? col : `(${col} at time zone 'Europe/London')::date`);
  // Each record's window (the records within D days up to it) gives its count and its first
  // record. The peak window is the one with the highest count, the earliest when several
  // tie: the greatest [count, -end, -start] in microseconds since the epoch, compared exactly.
  const windowOf = (partition: string) =>
    `(${partition} order by ${dayOf('r.occurred_at')} range between ${windowParam}::interval preceding and current row)`;
  const micros = (col: string) => `(extract(epoch from ${col}) * 1000000)::bigint`;
  const peakOf = `max(array[w, -${micros('occurred_at')}, -${micros('ws')}])`;
  const instant = (m: string) => `timestamptz 'epoch' + (${m}) * interval '1 microsecond'`;
  // Over every record of the period; the count of all places that meet the threshold comes
  // with the page (nothing more to read: ordering the places needs them all).
  const pageSql = `
    with x as (
      select r.dataset_id, ${areaSql} as area, r.category, r.occurred_at, count(*) over w as w, first_value(r.occurred_at) over w as ws
      from shared_record r
      where ${where.join(' and ')}
      window w as ${windowOf(`partition by r.dataset_id, ${areaSql}, r.category`)}
    ),
    g as (
      select dataset_id, area, category, ${peakOf} as pk, count(*)::int as total, min(occurred_at) as first, max(occurred_at) as last
      from x group by dataset_id, area, category
      having max(w) >= ${floorSql} and count(*) >= ${floorSql}
    ),
    page as (
      select dataset_id as "datasetId", area, category, pk[1]::int as peak, total, first, last,
             ${instant('-pk[3]')} as "peakStart", ${instant('-pk[2]')} as "peakEnd"
      from g
      order by peak desc, total desc, area, category, dataset_id
      limit ${q.limit} offset ${q.offset}
    )
    select c.n as "totalPlaces", page.* from (select count(*)::int as n from g) c left join page on true
    order by peak desc, total desc, area, category, "datasetId"`; // limit and offset: integers, checked above
  // The same figures for given 100 m squares only (from the rollup): each square's
  // records, in time order from its index, with the same filters, windowed on their own.
  const squaresSql = (squares: string) => `
    with x as (
      select b.dataset_id, 'E' || b.grid_easting || 'N' || b.grid_northing as area, b.category, s.pk, s.total, s.first, s.last
      from ${squares}
      cross join lateral (
        select ${peakOf} as pk, count(*) as total, min(occurred_at) as first, max(occurred_at) as last
        from (select r.occurred_at, count(*) over w as w, first_value(r.occurred_at) over w as ws
              from shared_record r
              where r.dataset_id = b.dataset_id and r.grid_easting = b.grid_easting and r.grid_northing = b.grid_northing and r.category = b.category
                and ${where.join(' and ')}
              window w as ${windowOf('')}) y
      ) s
    )
    select dataset_id as "datasetId", area, category, pk[1]::int as peak, total::int, first, last,
           ${instant('-pk[3]')} as "peakStart", ${instant('-pk[2]')} as "peakEnd"
    from x where pk[1] >= ${floorSql} and total >= ${floorSql}`;
  return { pageSql, squaresSql };
}

/** The records repeat locations count: the included datasets' records with a place and a day, matching the filter. */
async function placeFilter(
  deps: AnalysisDeps,
  included: readonly DatasetAccess[],
  filter: AggregateFilter,
  areaSql: string,
  add: (v: unknown) => string,
): Promise<string[]> {
  const where = [
    `r.dataset_id = any(${add(included.map((d) => d.datasetId))}::uuid[])`,
    `r.time_precision in ('MINUTE', 'HOUR', 'DAY')`,
    `${areaSql} is not null`,
  ];
  if (filter.categories?.length) where.push(`r.category = any(${add(filter.categories)}::text[])`);
  if (filter.subcategories?.length) where.push(`r.subcategory = any(${add(filter.subcategories)}::text[])`);
  // Time is granted at least to the day here, so filtering on the day is exact for the caller.
  if (filter.from)
    where.push(
      `date_trunc('day', r.occurred_at, 'Europe/London') >= ${add(filter.from)} and r.occurred_at >= ${add(filter.from)}`,
    );
  if (filter.to)
    where.push(
      `date_trunc('day', r.occurred_at, 'Europe/London') < ${add(filter.to)} and r.occurred_at < ${add(filter.to)}::timestamptz + interval '1 day'`,
    );
  if (filter.areas?.length) where.push(await deps.aggregates.areaClause('r', filter.areas, add));
  return where;
}
