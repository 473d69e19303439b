import type pg from 'pg';
import { Cadence, DatasetKind } from '../domain/vocabulary.js';
import { londonDate } from '../domain/uk-time.js';
import { dueBy, periodContaining, periodsBetween, type Period } from './periods.js';
import { SubmissionStatus } from '../domain/api-enums.js';

/**
 * Submission tracking for the s17A duty: for each dataset, which periods have arrived,
 * which are due and which are overdue. A period's data is due by the end of the next
 * period (quarterly data by the end of the following quarter; monthly ISTV data by the
 * end of the following month). A period counts as received once records dated in it have
 * been committed by an import (as of the report date); records loaded outside the import
 * pipeline (the demo, a migration) count as received with no known arrival date. The
 * duty starts when the dataset is registered.
 */

export interface PeriodSubmission {
  period: string;
  start: string;
  end: string;
  dueBy: string;
  status: SubmissionStatus;
  /** Records dated in the period that arrived by imports (each record once: re-sent or corrected rows are not new), plus any loaded outside them. */
  rows: number;
  batches: number;
  /** When the first records of the period arrived; null when none did, or they were loaded outside the pipeline. */
  firstReceivedAt: Date | null;
}

export interface DatasetSubmissions {
  datasetId: string;
  dataset: string;
  datasetName: string;
  kind: DatasetKind;
  agencyCode: string;
  agencyName: string;
  cadence: Cadence;
  periods: PeriodSubmission[];
  due: number;
  overdue: number;
}

export interface SubmissionQuery {
  agency?: string;
  /** Only this agency's datasets (the caller's own, unless it sees the whole partnership). */
  agencyId?: string;
  dataset?: string;
  /** The date to report as of, YYYY-MM-DD (default: today in the UK). */
  asOf?: string;
  /** How many periods back to show, the current one included (default 8 quarters or 12 months). */
  periods?: number;
}

interface Arrival {
  rows: number;
  batches: number;
  firstAt: Date | null;
}

export const MAX_PERIODS = 60;

/**
 * The status of one period, as of a date. Pure: the rules in one place. `dutyFrom` is the
 * dataset's registration date: data for periods that ended before it is a backfill, never
 * late or overdue.
 */
export function periodStatus(
  p: Period,
  asOf: string,
  arrival: Arrival | undefined,
  dutyFrom = '0000-01-01',
): SubmissionStatus {
  if (asOf <= p.end) return SubmissionStatus.IN_PROGRESS;
  if (p.end < dutyFrom) return arrival && arrival.rows > 0 ? SubmissionStatus.RECEIVED : SubmissionStatus.DUE;
  const deadline = dueBy(p);
  if (arrival && arrival.rows > 0) {
    if (arrival.firstAt === null) return SubmissionStatus.RECEIVED;
    return londonDate(arrival.firstAt) <= deadline ? SubmissionStatus.RECEIVED : SubmissionStatus.RECEIVED_LATE;
  }
  return asOf <= deadline ? SubmissionStatus.DUE : SubmissionStatus.OVERDUE;
}

interface TrackedDataset {
  id: string;
  key: string;
  name: string;
  kind: DatasetKind;
  cadence: Cadence;
  /** Registration date (London), when the duty starts. */
  created: string;
  agencyCode: string;
  agencyName: string;
}

/** The periods shown for a dataset: from the first to the current one. */
interface PeriodWindow {
  first: Period;
  current: Period;
}

export class SubmissionsService {
  constructor(private readonly pool: pg.Pool) {}

  async report(q: SubmissionQuery = {}): Promise<DatasetSubmissions[]> {
    const asOf = q.asOf ?? londonDate();
    const datasets = await this.datasets(q);
    if (!datasets.length) return [];

    const windows = new Map(datasets.map((d) => [d.id, periodWindow(d, q.periods, asOf)] as const));
    const since = [...windows.values()].map((w) => w.first.start).sort()[0];
    const arrivals = await this.arrivals(
      datasets.map((d) => d.id),
      since,
      asOf,
    );
    return datasets.map((d) =>
      datasetSubmissions(d, windows.get(d.id)!, arrivals.get(d.id) ?? new Map<string, Arrival>(), asOf),
    );
  }

  private async datasets(q: SubmissionQuery): Promise<TrackedDataset[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.agency) where.push(`a.code = $${params.push(q.agency.toUpperCase())}`);
    if (q.dataset) where.push(`d.key = $${params.push(q.dataset)}`);
    if (q.agencyId) where.push(`a.id = $${params.push(q.agencyId)}::uuid`);
    const { rows } = await this.pool.query<TrackedDataset>(
      `select d.id, d.key, d.name, d.kind, d.cadence, to_char(d.created_at at time zone 'Europe/London', 'YYYY-MM-DD') as created,
              a.code as "agencyCode", a.name as "agencyName"
         from dataset d join agency a on a.id = d.agency_id
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by a.code, d.key`,
      params,
    );
    return rows;
  }

  /** What arrived for each dataset by month of the records' dates, as of a date: by imports, and loaded outside them. */
  private async arrivals(ids: string[], since: string, asOf: string): Promise<Map<string, Map<string, Arrival>>> {
    const arrivals = new Map<string, Map<string, Arrival>>();
    const add = (datasetId: string, month: string, a: Arrival) => {
      let byMonth = arrivals.get(datasetId);
      if (!byMonth) arrivals.set(datasetId, (byMonth = new Map()));
      const prev = byMonth.get(month);
      byMonth.set(month, prev ? merge(prev, a) : a);
    };

    const { rows: imported } = await this.pool.query<{
      datasetId: string;
      month: string;
      rows: number;
      batches: number;
      firstAt: Date | string;
    }>(
      `select b.dataset_id as "datasetId", to_char(m.month, 'YYYY-MM') as month, sum(m.rows)::int as rows, count(distinct b.id)::int as batches, min(b.finished_at) as "firstAt"
         from import_batch_month m join import_batch b on b.id = m.batch_id
        where b.status = 'COMMITTED' and b.dataset_id = any($1::uuid[]) and m.month >= $2::date
          and b.finished_at < (($3::date + 1)::timestamp at time zone 'Europe/London')
        group by 1, 2`,
      [ids, since, asOf],
    );
    for (const r of imported)
      add(r.datasetId, r.month, { rows: r.rows, batches: r.batches, firstAt: new Date(r.firstAt) });
    // Records that did not come through an import (bulk loads): received, arrival date unknown.
    const { rows: loaded } = await this.pool.query<{ datasetId: string; month: string; rows: number }>(
      `select dataset_id as "datasetId", to_char(occurred_at at time zone 'Europe/London', 'YYYY-MM') as month, count(*)::int as rows
         from shared_record
        where dataset_id = any($1::uuid[]) and batch_id is null and occurred_at >= ($2::date::timestamp at time zone 'Europe/London')
          and created_at < (($3::date + 1)::timestamp at time zone 'Europe/London')
        group by 1, 2`,
      [ids, since, asOf],
    );
    for (const r of loaded) add(r.datasetId, r.month, { rows: r.rows, batches: 0, firstAt: null });
    return arrivals;
  }
}

/** The periods to show for a dataset as of a date: the asked number (or its cadence's default), ending with the current one. */
function periodWindow(d: TrackedDataset, periods: number | undefined, asOf: string): PeriodWindow {
  const count = Math.min(Math.max(periods ?? (d.cadence === Cadence.MONTHLY ? 12 : 8), 1), MAX_PERIODS);
  const current = periodContaining(d.cadence, asOf);
  let first = current;
  for (let i = 1; i < count; i++) first = previous(first);
  return { first, current };
}

/** One dataset's periods with their status, from what arrived for it by month. */
function datasetSubmissions(
  d: TrackedDataset,
  { first, current }: PeriodWindow,
  byMonth: ReadonlyMap<string, Arrival>,
  asOf: string,
): DatasetSubmissions {
  const periods = periodsBetween(d.cadence, first.start, current.end)
    .map((p) => ({
      p,
      arrival: p.months
        .map((m) => byMonth.get(m))
        .reduce<Arrival | undefined>((acc, a) => (a ? (acc ? merge(acc, a) : a) : acc), undefined),
    }))
    // The duty runs from the dataset's registration; earlier periods show only when data for them arrived (a backfill).
    .filter(({ p, arrival }) => p.end >= d.created || (arrival?.rows ?? 0) > 0)
    .map(({ p, arrival }): PeriodSubmission => {
      return {
        period: p.label,
        start: p.start,
        end: p.end,
        dueBy: dueBy(p),
        status: periodStatus(p, asOf, arrival, d.created),
        rows: arrival?.rows ?? 0,
        batches: arrival?.batches ?? 0,
        firstReceivedAt: arrival?.firstAt ?? null,
      };
    });
  return {
    datasetId: d.id,
    dataset: d.key,
    datasetName: d.name,
    kind: d.kind,
    agencyCode: d.agencyCode,
    agencyName: d.agencyName,
    cadence: d.cadence,
    periods,
    due: periods.filter((p) => p.status === SubmissionStatus.DUE).length,
    overdue: periods.filter((p) => p.status === SubmissionStatus.OVERDUE).length,
  };
}

function merge(a: Arrival, b: Arrival): Arrival {
  const firstAt = a.firstAt && b.firstAt ? (a.firstAt < b.firstAt ? a.firstAt : b.firstAt) : (a.firstAt ?? b.firstAt);
  // Records loaded outside the pipeline were there before any import: their unknown date wins.
  const bulk = (a.firstAt === null && a.rows > 0) || (b.firstAt === null && b.rows > 0);
  return { rows: a.rows + b.rows, batches: a.batches + b.batches, firstAt: bulk ? null : firstAt };
}

function previous(p: Period): Period {
  const [y, m] = p.start.split('-').map(Number);
  const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return periodContaining(p.cadence, before);
}
