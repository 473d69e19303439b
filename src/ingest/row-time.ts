import { coarserTime, londonMonth, parseUkDateTime, truncateLondon } from '../domain/uk-time.js';
import { refuseValue } from './row-identifiers.js';
import type { RowMapping } from './row-mapping.js';

export const MIN_OCCURRED_MS = Date.UTC(2000, 0, 1);

/**
 * When the row happened: parsed as UK local time, refused when it is not a date, too early,
 * in the future or outside the declared period, and truncated to the template's grain.
 * Sets occurred and precision.
 */
export function mapTime(d: RowMapping): void {
  const iTime = d.iTime;
  d.occurred = 0;
  d.precision = d.keepsTime;
  const rawTime = d.get(iTime);
  if (rawTime === '') {
    d.bad(iTime, 'REQUIRED');
    return;
  }
  const t = parseUkDateTime(rawTime);
  if (t === 'format') refuseValue(d, iTime, 'DATE_FORMAT', rawTime);
  else if (t === 'calendar') d.bad(iTime, 'DATE_CALENDAR');
  else if (t.ms < MIN_OCCURRED_MS) d.bad(iTime, 'DATE_TOO_EARLY');
  else if (t.ms > d.notAfterMs) d.bad(iTime, 'DATE_FUTURE');
  else {
    const precision = (d.precision = coarserTime(t.precision, d.keepsTime));
    d.occurred = truncateLondon(t.ms, precision);
    const period = d.period;
    if (period && (t.ms < period.fromMs || t.ms >= period.toMs)) {
      d.problems.push({
        column: d.columns[iTime].name,
        rule: 'OUTSIDE_PERIOD',
        reason: d.outsidePeriod,
        month: londonMonth(t.ms),
      });
    }
  }
}
