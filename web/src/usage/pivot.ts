export interface UsageRow {
  recipient: string;
  own: boolean;
  purpose?: string | null;
  outcome: string;
  requests: number;
  rows: number;
  cells: number;
  cellsSuppressed: number;
}

export const OUTCOMES = ['ANSWERED', 'PARTLY_DENIED', 'REFUSED', 'FAILED'] as const;

export interface PivotRow {
  recipient: string;
  own: boolean;
  purpose: string | null;
  byOutcome: Record<string, number>;
  requests: number;
  rows: number;
  cells: number;
  cellsSuppressed: number;
}

/** Recipient × purpose, requests per outcome in columns, rows and cells summed; other agencies first, then by requests. */
export function pivotByRecipient(rows: UsageRow[]): PivotRow[] {
  const map = new Map<string, PivotRow>();
  for (const r of rows) {
    const key = `${r.recipient}\u0000${r.purpose ?? ''}`;
    let p = map.get(key);
    if (!p) {
      p = {
        recipient: r.recipient,
        own: r.own,
        purpose: r.purpose ?? null,
        byOutcome: {},
        requests: 0,
        rows: 0,
        cells: 0,
        cellsSuppressed: 0,
      };
      map.set(key, p);
    }
    p.byOutcome[r.outcome] = (p.byOutcome[r.outcome] ?? 0) + r.requests;
    p.requests += r.requests;
    p.rows += r.rows;
    p.cells += r.cells;
    p.cellsSuppressed += r.cellsSuppressed;
  }
  return [...map.values()].sort(
    (a, b) =>
      Number(a.own) - Number(b.own) ||
      b.requests - a.requests ||
      a.recipient.localeCompare(b.recipient) ||
      (a.purpose ?? '').localeCompare(b.purpose ?? ''),
  );
}

export function totals(rows: PivotRow[]): Omit<PivotRow, 'recipient' | 'own' | 'purpose'> {
  const t = { byOutcome: {} as Record<string, number>, requests: 0, rows: 0, cells: 0, cellsSuppressed: 0 };
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.byOutcome)) t.byOutcome[k] = (t.byOutcome[k] ?? 0) + v;
    t.requests += r.requests;
    t.rows += r.rows;
    t.cells += r.cells;
    t.cellsSuppressed += r.cellsSuppressed;
  }
  return t;
}

export interface SeriesPoint {
  period: string;
  answered: number;
  partlyDenied: number;
  refused: number;
  failed: number;
}

const SERIES_LABEL: Record<string, string> = {
  answered: 'Answered',
  partlyDenied: 'Partly denied',
  refused: 'Refused',
  failed: 'Failed',
};

/** The series in long form for a stacked chart: one row per period and outcome. */
export function seriesLong(series: SeriesPoint[]): { period: string; outcome: string; requests: number }[] {
  return series.flatMap((p) =>
    (['answered', 'partlyDenied', 'refused', 'failed'] as const).map((k) => ({
      period: p.period,
      outcome: SERIES_LABEL[k],
      requests: p[k],
    })),
  );
}

/** Requests per dataset (rows) and recipient (columns). */
export function datasetMatrix(rows: { dataset: string; recipient: string; requests: number }[]): {
  recipients: string[];
  datasets: { dataset: string; counts: Record<string, number>; total: number }[];
} {
  const recipients = [...new Set(rows.map((r) => r.recipient))].sort();
  const map = new Map<string, { dataset: string; counts: Record<string, number>; total: number }>();
  for (const r of rows) {
    const d = map.get(r.dataset) ?? { dataset: r.dataset, counts: {}, total: 0 };
    d.counts[r.recipient] = (d.counts[r.recipient] ?? 0) + r.requests;
    d.total += r.requests;
    map.set(r.dataset, d);
  }
  return {
    recipients,
    datasets: [...map.values()].sort((a, b) => b.total - a.total || a.dataset.localeCompare(b.dataset)),
  };
}
