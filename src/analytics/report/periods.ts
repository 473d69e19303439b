import { GroupBy } from '../../domain/api-enums.js';
import { londonDate, londonMidnight, nextPeriod } from '../../domain/uk-time.js';
import type { Point } from '../point.js';

/** Periods of a report: months for charts, whole years (or financial years) for the direction of travel. */
export function yearly(from: Date): GroupBy.YEAR | GroupBy.FINANCIAL_YEAR {
  return londonDate(from).slice(5) === '04-01' ? GroupBy.FINANCIAL_YEAR : GroupBy.YEAR;
}

/**
 * Sums monthly points into years. A year with any suppressed month is shown as
 * suppressed: its total would otherwise give the hidden month away.
 */
export function rollUp(
  months: readonly Point[],
  period: GroupBy.YEAR | GroupBy.FINANCIAL_YEAR,
  from: Date,
  to: Date,
): Point[] {
  const years = new Map<string, { sum: number; suppressed: boolean; n: number }>();
  for (const m of months) {
    const [y, mo] = m.key.split('-').map(Number);
    const start = period === GroupBy.YEAR ? `${y}-01-01` : `${mo >= 4 ? y : y - 1}-04-01`;
    const e = years.get(start) ?? { sum: 0, suppressed: false, n: 0 };
    if (m.value === null) e.suppressed = true;
    else e.sum += m.value;
    e.n++;
    years.set(start, e);
  }
  return [...years]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, e]) => {
      const partial = londonMidnight(key) < from || londonMidnight(nextPeriod(period, key)) > to;
      const y = Number(key.slice(0, 4));
      const label = period === GroupBy.YEAR ? String(y) : `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
      return { key, label, value: e.suppressed ? null : e.sum, suppressed: e.suppressed, partial };
    });
}

export function addYears(ymd: string, years: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  const next = new Date(Date.UTC(y + years, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/** The start of the last twelve months of a report's period (or the period's start, if shorter). */
export function lastYearFrom(from: Date, lastDay: string): Date {
  return new Date(Math.max(from.getTime(), londonMidnight(addYears(lastDay, -1)).getTime()));
}
