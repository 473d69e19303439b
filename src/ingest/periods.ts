import { Cadence } from '../domain/vocabulary.js';
import { londonWallToUtc } from '../domain/uk-time.js';

/**
 * Submission periods under the s17A duty: calendar quarters (or months, for ISTV data),
 * each due by the end of the following period. Dates are UK calendar dates.
 */
export interface Period {
  /** "2026-Q1" or "2026-03". */
  label: string;
  cadence: Cadence;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  end: string;
  /** Months covered, "YYYY-MM". */
  months: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthKey = (y: number, m: number) => `${y}-${pad(m)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function quarter(y: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  return {
    label: `${y}-Q${q}`,
    cadence: Cadence.QUARTERLY,
    start: `${monthKey(y, first)}-01`,
    end: `${monthKey(y, first + 2)}-${pad(lastDay(y, first + 2))}`,
    months: [monthKey(y, first), monthKey(y, first + 1), monthKey(y, first + 2)],
  };
}

function month(y: number, m: number): Period {
  return {
    label: monthKey(y, m),
    cadence: Cadence.MONTHLY,
    start: `${monthKey(y, m)}-01`,
    end: `${monthKey(y, m)}-${pad(lastDay(y, m))}`,
    months: [monthKey(y, m)],
  };
}

/** Parses "2026-Q1" or "2026-03"; null when it is neither. */
export function parsePeriod(label: string): Period | null {
  const q = /^(\d{4})-?Q([1-4])$/i.exec(label.trim());
  if (q) return quarter(+q[1], +q[2]);
  const m = /^(\d{4})-(\d{2})$/.exec(label.trim());
  if (m && +m[2] >= 1 && +m[2] <= 12) return month(+m[1], +m[2]);
  return null;
}

/** The period of a cadence containing a month ("YYYY-MM") or date ("YYYY-MM-DD"). */
export function periodContaining(cadence: Cadence, date: string): Period {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7);
  return cadence === Cadence.QUARTERLY ? quarter(y, Math.floor((m - 1) / 3) + 1) : month(y, m);
}

/** The period after this one. */
export function nextPeriod(p: Period): Period {
  const [y, m] = p.end.split('-').map(Number);
  return periodContaining(p.cadence, m === 12 ? `${y + 1}-01` : monthKey(y, m + 1));
}

/** Periods from the one containing `from` to the one containing `to`, oldest first. */
export function periodsBetween(cadence: Cadence, from: string, to: string): Period[] {
  const out: Period[] = [];
  for (let p = periodContaining(cadence, from); p.start <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

/** The last day on which a period's data is on time: the end of the following period. */
export function dueBy(p: Period): string {
  return nextPeriod(p).end;
}

/** The instants a period spans, [from, to), in UK time. */
export function periodInstants(p: Period): { fromMs: number; toMs: number } {
  const [y, m, d] = p.start.split('-').map(Number);
  const next = nextPeriod(p).start.split('-').map(Number);
  return {
    fromMs: londonWallToUtc(Date.UTC(y, m - 1, d)),
    toMs: londonWallToUtc(Date.UTC(next[0], next[1] - 1, next[2])),
  };
}
