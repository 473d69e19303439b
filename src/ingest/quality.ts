import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { Cadence, Role, type DatasetKind } from '../domain/vocabulary.js';
import { londonDate } from '../domain/uk-time.js';
import { dueBy, periodContaining } from './periods.js';
import { templateFor } from './templates.js';

/**
 * The data-quality scorecard of a dataset, month by month of arrival (London): for the
 * batches that month (stored or REJECTED; not dry runs, not refused files), how complete
 * each optional column was among the rows accepted, what share of rows was refused (and
 * by which rule), what free text held (identifiers by kind, or no code found), and how
 * many new records arrived late against their period's deadline (s17A: the end of the
 * following period) or were refused as outside the declared period.
 *
 * For the provider's own data officer first: it shows where the extract needs fixing at
 * source. It holds counts only, never a value.
 */

export interface QualityCount {
  key: string;
  rows: number;
  /** Of the non-blank rows read that month. */
  share: number;
}

export interface ColumnCompleteness {
  column: string;
  /** Accepted rows with a value in the column. */
  filled: number;
  /** filled / accepted rows (0 when none was accepted). */
  share: number;
}

export interface QualityMonth {
  /** YYYY-MM (London), when the batches arrived. */
  month: string;
  batches: number;
  /** Non-blank rows read. */
  rows: number;
  blank: number;
  accepted: number;
  inserted: number;
  rejected: number;
  /** rejected / rows. */
  rejectedShare: number;
  rejectedByRule: QualityCount[];
  /** Accepted rows whose free text was reduced to a code, or dropped with none found (the text is never stored either way). */
  freeTextCoded: number;
  freeTextDropped: number;
  /** Rows whose free text seemed to hold an identifier, by kind (NAME, PHONE, ...), and NOT_CODED (no code found where one was needed). */
  freeTextByKind: QualityCount[];
  /** Rows refused as dated outside the declared period. */
  outsidePeriod: number;
  /** New records that arrived after their period's deadline. */
  late: number;
  /** late / inserted. */
  lateShare: number;
  /** Each optional column of the template. */
  completeness: ColumnCompleteness[];
}

export interface DatasetQuality {
  dataset: string;
  kind: DatasetKind;
  agencyCode: string;
  cadence: Cadence;
  months: QualityMonth[];
}

/** Whose scorecards a principal may read: every dataset (administrators, auditors), its own agency's (providers, liaison officers), or none. */
export type QualityScope = { kind: 'all' } | { kind: 'agency'; agencyId: string } | null;

export function qualityScope(principal: Principal | null): QualityScope {
  if (!principal || principal.kind !== 'user') return null;
  if (principal.roles.some((r) => r === Role.ADMIN || r === Role.AUDITOR)) return { kind: 'all' };
  if (principal.roles.some((r) => r === Role.PROVIDER || r === Role.LIAISON_OFFICER))
    return { kind: 'agency', agencyId: principal.agencyId };
  return null;
}

export const MAX_QUALITY_MONTHS = 36;

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0);

function firstMonth(months: number, today: string): string {
  const [y, m] = today.split('-').map(Number);
  const index = y * 12 + (m - 1) - (months - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

interface ScopedDataset {
  id: string;
  key: string;
  kind: DatasetKind;
  cadence: Cadence;
  agencyCode: string;
}

/** One batch's counts (stored or REJECTED), with the month it arrived in. */
interface BatchCounts {
  datasetId: string;
  month: string;
  rowsRead: number;
  blank: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  coded: number;
  dropped: number;
  outside: number;
  filled: Record<string, number> | null;
  byRule: Record<string, number> | null;
  kinds: Record<string, number> | null;
}

/** New records of a committed batch by the month they are dated in, with the day the batch arrived. */
interface Arrival {
  datasetId: string;
  month: string;
  dataMonth: string;
  arrived: string;
  rows: number;
}

/** A month's totals as they are added up: the counts, and the per-key tallies. */
interface MonthTally {
  acc: ReturnType<typeof emptyMonth>;
  filled: Map<string, number>;
  rules: Map<string, number>;
  kinds: Map<string, number>;
}

/**
 * Scorecards of the datasets in scope (one, when `dataset` is given: null when it is not
 * there or not in scope, which read the same), the last `months` months, oldest first;
 * months with no batch are left out.
 */
export async function qualityReport(
  pool: pg.Pool,
  scope: Exclude<QualityScope, null>,
  opts: { dataset?: string; months?: number; today?: string } = {},
): Promise<DatasetQuality[] | null> {
  const months = Math.min(Math.max(opts.months ?? 12, 1), MAX_QUALITY_MONTHS);
  const from = firstMonth(months, opts.today ?? londonDate());
  const datasets = await datasetsInScope(pool, scope, opts.dataset);
  if (opts.dataset && !datasets.length) return null;
  if (!datasets.length) return [];
  const ids = datasets.map((d) => d.id);
  const batches = await batchCounts(pool, ids, from);
  const arrivals = await arrivalsSince(pool, ids, from);
  return datasets.map((d) => scorecard(d, batches, arrivals));
}

async function datasetsInScope(
  pool: pg.Pool,
  scope: Exclude<QualityScope, null>,
  dataset: string | undefined,
): Promise<ScopedDataset[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (scope.kind === 'agency') where.push(`d.agency_id = $${params.push(scope.agencyId)}`);
  if (dataset) where.push(`d.key = $${params.push(dataset)}`);
  const { rows } = await pool.query<ScopedDataset>(
    `select d.id, d.key, d.kind, d.cadence, a.code as "agencyCode" from dataset d join agency a on a.id = d.agency_id
      ${where.length ? `where ${where.join(' and ')}` : ''} order by a.code, d.key`,
    params,
  );
  return rows;
}

async function batchCounts(pool: pg.Pool, ids: string[], from: string): Promise<BatchCounts[]> {
  const { rows } = await pool.query<BatchCounts>(
    `select b.dataset_id as "datasetId", to_char(b.started_at at time zone 'Europe/London', 'YYYY-MM') as month,
            b.rows_read as "rowsRead", b.rows_blank as blank, b.rows_inserted as inserted, b.rows_updated as updated, b.rows_duplicate as duplicates,
            b.rows_rejected as rejected, b.free_text_coded as coded, b.free_text_dropped as dropped, b.rows_outside_period as outside,
            b.filled, b.rejected_by_rule as "byRule", b.free_text_kinds as kinds
       from import_batch b
      where b.dataset_id = any($1::uuid[]) and b.status::text in ('COMMITTED', 'REJECTED')
        and b.started_at >= ($2::date::timestamp at time zone 'Europe/London')`,
    [ids, from],
  );
  return rows;
}

async function arrivalsSince(pool: pg.Pool, ids: string[], from: string): Promise<Arrival[]> {
  const { rows } = await pool.query<Arrival>(
    `select b.dataset_id as "datasetId", to_char(b.started_at at time zone 'Europe/London', 'YYYY-MM') as month,
            to_char(m.month, 'YYYY-MM') as "dataMonth", to_char(b.started_at at time zone 'Europe/London', 'YYYY-MM-DD') as arrived, m.rows
       from import_batch b join import_batch_month m on m.batch_id = b.id
      where b.dataset_id = any($1::uuid[]) and b.status::text = 'COMMITTED'
        and b.started_at >= ($2::date::timestamp at time zone 'Europe/London')`,
    [ids, from],
  );
  return rows;
}

/** One dataset's scorecard: its batches and late arrivals added up by month of arrival. */
function scorecard(d: ScopedDataset, batches: readonly BatchCounts[], arrivals: readonly Arrival[]): DatasetQuality {
  const optional = templateFor(d.kind)
    .columns.filter((c) => !c.required)
    .map((c) => c.name);
  const byMonth = tallyMonths(d, batches, arrivals);
  const counts = (map: Map<string, number>, of: number): QualityCount[] =>
    [...map.entries()]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([key, rows]) => ({ key, rows, share: ratio(rows, of) }));
  return {
    dataset: d.key,
    kind: d.kind,
    agencyCode: d.agencyCode,
    cadence: d.cadence,
    months: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({
        month,
        ...m.acc,
        rejectedShare: ratio(m.acc.rejected, m.acc.rows),
        lateShare: ratio(m.acc.late, m.acc.inserted),
        rejectedByRule: counts(m.rules, m.acc.rows),
        freeTextByKind: counts(m.kinds, m.acc.rows),
        completeness: optional.map((column) => ({
          column,
          filled: m.filled.get(column) ?? 0,
          share: ratio(m.filled.get(column) ?? 0, m.acc.accepted),
        })),
      })),
  };
}

/** A dataset's batches and arrivals, added up by the month they arrived in. */
function tallyMonths(
  d: ScopedDataset,
  batches: readonly BatchCounts[],
  arrivals: readonly Arrival[],
): Map<string, MonthTally> {
  const byMonth = new Map<string, MonthTally>();
  const at = (month: string) => {
    let m = byMonth.get(month);
    if (!m) byMonth.set(month, (m = { acc: emptyMonth(), filled: new Map(), rules: new Map(), kinds: new Map() }));
    return m;
  };
  const add = (map: Map<string, number>, obj: Record<string, number> | null) => {
    for (const [k, v] of Object.entries(obj ?? {})) map.set(k, (map.get(k) ?? 0) + Number(v));
  };
  for (const b of batches) {
    if (b.datasetId !== d.id) continue;
    const m = at(b.month);
    m.acc.batches++;
    m.acc.rows += b.rowsRead - b.blank;
    m.acc.blank += b.blank;
    m.acc.accepted += b.inserted + b.updated + b.duplicates;
    m.acc.inserted += b.inserted;
    m.acc.rejected += b.rejected;
    m.acc.freeTextCoded += b.coded;
    m.acc.freeTextDropped += b.dropped;
    m.acc.outsidePeriod += b.outside;
    add(m.filled, b.filled);
    add(m.rules, b.byRule);
    add(m.kinds, b.kinds);
  }
  for (const a of arrivals) {
    if (a.datasetId !== d.id) continue;
    const due = dueBy(periodContaining(d.cadence, a.dataMonth));
    if (a.arrived > due) at(a.month).acc.late += a.rows;
  }
  return byMonth;
}

function emptyMonth() {
  return {
    batches: 0,
    rows: 0,
    blank: 0,
    accepted: 0,
    inserted: 0,
    rejected: 0,
    freeTextCoded: 0,
    freeTextDropped: 0,
    outsidePeriod: 0,
    late: 0,
  };
}
