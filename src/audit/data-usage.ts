import type pg from 'pg';

/** One row of "who used our data": a recipient's requests for one purpose with one outcome. */
export interface UsageByRecipient {
  recipient: string;
  own: boolean;
  purpose: string | null;
  outcome: string;
  requests: number;
  rows: number;
  cells: number;
  cellsSuppressed: number;
}

export interface UsageByDataset {
  dataset: string;
  recipient: string;
  requests: number;
}

export interface UsagePeriod {
  period: string;
  answered: number;
  partlyDenied: number;
  refused: number;
  failed: number;
}

export interface DataUsage {
  byRecipient: UsageByRecipient[];
  byDataset: UsageByDataset[];
  series: UsagePeriod[];
}

/**
 * "Who used our data, and for what?": the audit trail's GraphQL events that read any of
 * an agency's datasets in a period, counted by the reading agency, purpose and outcome,
 * by dataset, and per month or week (UK time). Reads only the trail; an event's rows and
 * cells are its whole answer's, so they are totalled per request, not split by dataset.
 */
export async function dataUsage(
  pool: pg.Pool,
  agencyId: string,
  from: Date,
  to: Date,
  period: 'month' | 'week',
): Promise<DataUsage> {
  const base = `with mine as (select coalesce(array_agg(key::text), '{}'::text[]) as keys from dataset where agency_id = $1),
    ev as (
      select e.at, coalesce(e.agency_code, 'unknown') as recipient, (e.agency_id = $1) as own, e.purpose, e.outcome,
             e.row_count, e.cell_count, e.cells_suppressed, e.datasets
        from audit_event e, mine
       where e.kind = 'GRAPHQL' and e.at >= $2 and e.at < $3 and e.datasets && mine.keys)`;
  const params = [agencyId, from, to];
  const [byRecipient, byDataset, series] = await Promise.all([
    pool.query<UsageByRecipient>(
      `${base}
       select recipient, bool_or(own) as own, purpose, outcome, count(*)::int as requests, sum(row_count)::int as rows,
              sum(cell_count)::int as cells, sum(cells_suppressed)::int as "cellsSuppressed"
         from ev group by recipient, purpose, outcome order by recipient, purpose nulls first, outcome`,
      params,
    ),
    pool.query<UsageByDataset>(
      `${base}
       select d as dataset, recipient, count(*)::int as requests
         from ev, mine, unnest(ev.datasets) d where d = any(mine.keys)
        group by d, recipient order by d, recipient`,
      params,
    ),
    pool.query<UsagePeriod>(
      `${base}
       select to_char(date_trunc($4, at at time zone 'Europe/London'), 'YYYY-MM-DD') as period,
              count(*) filter (where outcome = 'ANSWERED')::int as answered,
              count(*) filter (where outcome = 'PARTLY_DENIED')::int as "partlyDenied",
              count(*) filter (where outcome = 'REFUSED')::int as refused,
              count(*) filter (where outcome = 'FAILED')::int as failed
         from ev group by 1 order by 1`,
      [...params, period],
    ),
  ]);
  return { byRecipient: byRecipient.rows, byDataset: byDataset.rows, series: series.rows };
}
