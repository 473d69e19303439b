import { GroupBy } from '../domain/api-enums.js';
import { LONDON_TZ } from '../domain/uk-time.js';
import { LocationPrecision, RecordField, TimePrecision } from '../domain/vocabulary.js';
import type { DatasetAccess, Precision } from '../auth/access-plan.js';
import type { AggregateFilter } from './aggregate.service.js';
import { breakdown, breakdownLabel, compareBreakdownKeys, isBreakdown, type BreakdownGroup } from './breakdowns.js';

/**
 * What counts can be grouped by: for each grouping, what it needs granted, its SQL key
 * over the records table (and over the rollups where they can answer), its labels and
 * the order of its keys.
 */

export const PERIODS = [
  GroupBy.DAY,
  GroupBy.WEEK,
  GroupBy.MONTH,
  GroupBy.QUARTER,
  GroupBy.YEAR,
  GroupBy.FINANCIAL_YEAR,
] as const;
export const AREAS = [
  GroupBy.GRID_100M,
  GroupBy.LSOA,
  GroupBy.OUTWARD_POSTCODE,
  GroupBy.WARD,
  GroupBy.LOCAL_AUTHORITY,
] as const;
export type PeriodGroup = (typeof PERIODS)[number];
export type AreaGroup = (typeof AREAS)[number];

const TZ = LONDON_TZ;
const LOCAL = `(r.occurred_at at time zone '${TZ}')`;

export interface Need {
  field: RecordField;
  precision?: Precision;
}

/** What each grouping needs granted, the SQL key, and which stored time grains can answer it. */
const BASE_GROUPS: Record<Exclude<GroupBy, BreakdownGroup>, { need: Need; sql: string; minStored?: TimePrecision }> = {
  [GroupBy.DAY]: {
    need: { field: RecordField.TIME, precision: TimePrecision.DAY },
    sql: `to_char(${LOCAL}, 'YYYY-MM-DD')`,
    minStored: TimePrecision.DAY,
  },
  [GroupBy.WEEK]: {
    need: { field: RecordField.TIME, precision: TimePrecision.DAY },
    sql: `to_char(date_trunc('week', ${LOCAL}), 'YYYY-MM-DD')`,
    minStored: TimePrecision.DAY,
  },
  [GroupBy.MONTH]: {
    need: { field: RecordField.TIME, precision: TimePrecision.MONTH },
    sql: `to_char(${LOCAL}, 'YYYY-MM-01')`,
    minStored: TimePrecision.MONTH,
  },
  [GroupBy.QUARTER]: {
    need: { field: RecordField.TIME, precision: TimePrecision.MONTH },
    sql: `to_char(date_trunc('quarter', ${LOCAL}), 'YYYY-MM-DD')`,
    minStored: TimePrecision.MONTH,
  },
  [GroupBy.YEAR]: {
    need: { field: RecordField.TIME, precision: TimePrecision.MONTH },
    sql: `to_char(${LOCAL}, 'YYYY-01-01')`,
    minStored: TimePrecision.MONTH,
  },
  // The financial year starts on 1 April.
  [GroupBy.FINANCIAL_YEAR]: {
    need: { field: RecordField.TIME, precision: TimePrecision.MONTH },
    sql: `to_char(${LOCAL} - interval '3 months', 'YYYY-04-01')`,
    minStored: TimePrecision.MONTH,
  },
  [GroupBy.DAY_OF_WEEK]: {
    need: { field: RecordField.TIME, precision: TimePrecision.DAY },
    sql: `extract(isodow from ${LOCAL})::int::text`,
    minStored: TimePrecision.DAY,
  },
  [GroupBy.HOUR_OF_DAY]: {
    need: { field: RecordField.TIME, precision: TimePrecision.HOUR },
    sql: `lpad(extract(hour from ${LOCAL})::int::text, 2, '0')`,
    minStored: TimePrecision.HOUR,
  },
  [GroupBy.LSOA]: { need: { field: RecordField.LOCATION, precision: LocationPrecision.LSOA }, sql: 'r.lsoa_code' },
  [GroupBy.WARD]: { need: { field: RecordField.LOCATION, precision: LocationPrecision.WARD }, sql: 'r.ward_code' },
  [GroupBy.LOCAL_AUTHORITY]: {
    need: { field: RecordField.LOCATION, precision: LocationPrecision.LOCAL_AUTHORITY },
    sql: 'r.local_authority_code',
  },
  [GroupBy.OUTWARD_POSTCODE]: {
    need: { field: RecordField.LOCATION, precision: LocationPrecision.OUTWARD_POSTCODE },
    sql: 'r.outward_postcode',
  },
  [GroupBy.GRID_100M]: {
    need: { field: RecordField.LOCATION, precision: LocationPrecision.GRID_100M },
    sql: `case when r.grid_easting is not null then 'E' || r.grid_easting || 'N' || r.grid_northing end`,
  },
  [GroupBy.CATEGORY]: { need: { field: RecordField.CATEGORY }, sql: 'r.category' },
  [GroupBy.SUBCATEGORY]: {
    need: { field: RecordField.CATEGORY },
    sql: `r.category || coalesce('/' || r.subcategory, '')`,
  },
  [GroupBy.DATASET]: { need: { field: RecordField.CATEGORY }, sql: 'd.key' },
  [GroupBy.AGENCY]: { need: { field: RecordField.CATEGORY }, sql: 'ag.code' },
};
// Dataset and agency are part of every record's envelope: any dataset in the plan may be counted by them.
export const ENVELOPE = new Set([GroupBy.DATASET, GroupBy.AGENCY]);

export const TIME_RANK: Record<TimePrecision, number> = { MINUTE: 0, HOUR: 1, DAY: 2, MONTH: 3 };

/** What a grouping needs granted for a dataset to answer it. */
export function needOf(g: GroupBy): Need {
  return isBreakdown(g) ? { field: breakdown(g).field } : BASE_GROUPS[g].need;
}

/** The SQL key of a grouping over shared_record (alias r); null where the record's own grain is too coarse. */
export function keySql(g: GroupBy): string {
  if (isBreakdown(g)) return breakdown(g).sql;
  const def = BASE_GROUPS[g];
  // A record stored coarser than the grouping needs has no key for it (its hour is unknown).
  if (!def.minStored) return def.sql;
  const ok = (Object.keys(TIME_RANK) as TimePrecision[]).filter((t) => TIME_RANK[t] <= TIME_RANK[def.minStored!]);
  return `case when r.time_precision in (${ok.map((t) => `'${t}'`).join(', ')}) then ${def.sql} end`;
}

const DOW = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// One formatter, and each month's label made once: `toLocaleString` builds an ICU
// formatter per call, which made a 30,000-cell answer spend seconds (and native memory
// the process kept) on its labels alone.
const MONTH_FORMAT = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthLabels = new Map<string, string>();
function monthLabel(key: string): string {
  let label = monthLabels.get(key);
  if (label === undefined) {
    const [y, m] = key.split('-').map(Number);
    label = MONTH_FORMAT.format(new Date(Date.UTC(y, m - 1, 1)));
    // Keys are months of the data (a few hundred); the bound only guards against misuse.
    if (monthLabels.size < 10_000) monthLabels.set(key, label);
  }
  return label;
}

/** A readable label for a key of a grouping. */
export function keyLabel(group: GroupBy, key: string | null, areaNames?: ReadonlyMap<string, string>): string {
  if (key === null) return 'Unknown';
  switch (group) {
    case GroupBy.DAY_OF_WEEK:
      return DOW[Number(key)] ?? key;
    case GroupBy.HOUR_OF_DAY:
      return `${key}:00`;
    case GroupBy.MONTH:
      return monthLabel(key);
    case GroupBy.QUARTER: {
      const [y, m] = key.split('-').map(Number);
      return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
    }
    case GroupBy.YEAR:
      return key.slice(0, 4);
    case GroupBy.FINANCIAL_YEAR: {
      const y = Number(key.slice(0, 4));
      return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
    }
    case GroupBy.WEEK:
      return `w/c ${key}`;
    default:
      if (isBreakdown(group)) return breakdownLabel(group, key);
      return areaNames?.get(key) ?? key;
  }
}

export function compareKeys(group: GroupBy, a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (group === GroupBy.DAY_OF_WEEK || group === GroupBy.HOUR_OF_DAY) return Number(a) - Number(b);
  if (isBreakdown(group)) return compareBreakdownKeys(group, a, b);
  return a < b ? -1 : 1;
}

/** Keys of each grouping in the rollup tables (alias m); undefined where a rollup cannot answer. */
export const ROLLUP_KEYS: Partial<Record<GroupBy, string>> = {
  [GroupBy.MONTH]: `to_char(m.month, 'YYYY-MM-01')`,
  [GroupBy.QUARTER]: `to_char(date_trunc('quarter', m.month), 'YYYY-MM-DD')`,
  [GroupBy.YEAR]: `to_char(m.month, 'YYYY-01-01')`,
  [GroupBy.FINANCIAL_YEAR]: `to_char(m.month - interval '3 months', 'YYYY-04-01')`,
  [GroupBy.LSOA]: 'm.lsoa_code',
  [GroupBy.WARD]: 'm.ward_code',
  [GroupBy.LOCAL_AUTHORITY]: 'm.local_authority_code',
  [GroupBy.OUTWARD_POSTCODE]: 'm.outward_postcode',
  [GroupBy.CATEGORY]: 'm.category',
  [GroupBy.SUBCATEGORY]: `m.category || coalesce('/' || m.subcategory, '')`,
  [GroupBy.DATASET]: 'd.key',
  [GroupBy.AGENCY]: 'ag.code',
  [GroupBy.DAY_OF_WEEK]: 'm.dow::text',
  [GroupBy.HOUR_OF_DAY]: `lpad(m.hour::text, 2, '0')`,
};
const MONTH_ROLLUP = new Set<GroupBy>([
  GroupBy.MONTH,
  GroupBy.QUARTER,
  GroupBy.YEAR,
  GroupBy.FINANCIAL_YEAR,
  GroupBy.LSOA,
  GroupBy.WARD,
  GroupBy.LOCAL_AUTHORITY,
  GroupBy.OUTWARD_POSTCODE,
  GroupBy.CATEGORY,
  GroupBy.SUBCATEGORY,
  GroupBy.DATASET,
  GroupBy.AGENCY,
]);
const PEAK_ROLLUP = new Set<GroupBy>([
  GroupBy.MONTH,
  GroupBy.QUARTER,
  GroupBy.YEAR,
  GroupBy.FINANCIAL_YEAR,
  GroupBy.DAY_OF_WEEK,
  GroupBy.HOUR_OF_DAY,
  GroupBy.CATEGORY,
  GroupBy.SUBCATEGORY,
  GroupBy.DATASET,
  GroupBy.AGENCY,
]);

/** Which rollup can answer exactly, if any: none for the person and detail breakdowns, which they do not keep. */
export function rollupFor(
  groupBy: readonly GroupBy[],
  filter: AggregateFilter,
): 'analytics_month' | 'analytics_peak' | undefined {
  if ((filter.from && !isLondonMonthStart(filter.from)) || (filter.to && !isLondonMonthStart(filter.to)))
    return undefined;
  if (groupBy.every((g) => MONTH_ROLLUP.has(g))) return 'analytics_month';
  if (!filter.areas?.length && groupBy.every((g) => PEAK_ROLLUP.has(g))) return 'analytics_peak';
  return undefined;
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function isLondonMonthStart(d: Date): boolean {
  if (d.getUTCMilliseconds() !== 0) return false;
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(d).map((p) => [p.type, p.value]));
  return parts.day === '01' && parts.hour === '00' && parts.minute === '00' && parts.second === '00';
}

/**
 * The WHERE clauses for a period filter, matched on time as coarse as each dataset's
 * grant (and as the record itself), so that a bound cannot cut finer than the caller may
 * group: a bound inside a month does not split data shared by month.
 */
export function timeBounds(
  included: readonly DatasetAccess[],
  filter: AggregateFilter,
  add: (v: unknown) => string,
): string[] {
  if (!filter.from && !filter.to) return [];
  const where: string[] = [];
  const byGrain = new Map<TimePrecision, string[]>();
  for (const d of included) {
    const g = (d.fields.TIME.aggregatePrecision as TimePrecision | undefined) ?? TimePrecision.MONTH;
    byGrain.set(g, [...(byGrain.get(g) ?? []), d.datasetId]);
  }
  const from = filter.from ? add(filter.from) : null;
  const to = filter.to ? add(filter.to) : null;
  // Sargable bounds first (a coarsened time is never later than the time itself, and
  // at most a month earlier), then the exact rule per grain.
  // Bounds at a London month start are aligned to every grain: then the coarsened
  // comparison equals the plain one, and the costly per-row truncation is skipped.
  const aligned = (d?: Date) => !d || isLondonMonthStart(d);
  const exact = aligned(filter.from) && aligned(filter.to);
  if (from) where.push(`r.occurred_at >= ${from}`);
  if (to) where.push(exact ? `r.occurred_at < ${to}` : `r.occurred_at < ${to}::timestamptz + interval '1 month'`);
  const clauses = exact
    ? []
    : [...byGrain].map(([grain, ids]) => {
        const grainSql = `greatest('${grain}'::time_precision, r.time_precision)`;
        const coarse = `(case ${grainSql} when 'MINUTE' then date_trunc('minute', r.occurred_at, '${TZ}') when 'HOUR' then date_trunc('hour', r.occurred_at, '${TZ}') when 'DAY' then date_trunc('day', r.occurred_at, '${TZ}') else date_trunc('month', r.occurred_at, '${TZ}') end)`;
        const conds = [`r.dataset_id = any(${add(ids)}::uuid[])`];
        if (from) conds.push(`${coarse} >= ${from}`);
        if (to) conds.push(`${coarse} < ${to}`);
        return `(${conds.join(' and ')})`;
      });
  if (clauses.length) where.push(`(${clauses.join(' or ')})`);
  return where;
}
