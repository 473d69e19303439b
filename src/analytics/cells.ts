import type { AggregateResult } from './aggregate.service.js';
import type { HotspotsResult, PeakTimesResult, TrendResult } from './analyses.service.js';
import type { CrossAgencyResult } from './cross-agency.js';
import type { RepeatLocationsResult } from './repeat-analyses.js';
import type { RepeatVictimsResult } from './repeat-victims.js';
import type { IndicatorResult } from './indicators.service.js';

/**
 * How many values each analysis publishes, for the audit trail's `cells`: the GraphQL
 * resolvers record these per answer, and the assessment report the sum over the analyses
 * whose figures it shows, counted the same way.
 */
/** An answer with nothing shared to count publishes no values, only nulls. */
const none = (r: { sources: readonly unknown[] }) => r.sources.length === 0;

export const cellCount = {
  /** Cells, row and column totals, and the total. */
  aggregate: (r: Pick<AggregateResult, 'cells' | 'margins' | 'sources'>) =>
    none(r) ? 0 : r.cells.length + r.margins.length + 1,
  /** The series, each category's series, and the total. */
  trend: (r: Pick<TrendResult, 'series' | 'categories' | 'sources'>) =>
    none(r) ? 0 : r.series.length + r.categories.reduce((s, c) => s + c.series.length, 0) + 1,
  /** 7 x 24 cells, the 7 day and 24 hour totals, and the total. */
  peakTimes: (r: Pick<PeakTimesResult, 'cells' | 'sources'>) => (none(r) ? 0 : r.cells.length + 7 + 24 + 1),
  /** Each row's current and previous count. */
  hotspots: (r: Pick<HotspotsResult, 'rows' | 'sources'>) => (none(r) ? 0 : r.rows.length * 2),
  /** Each place's peak and total, and the count of places when given. */
  repeatLocations: (r: Pick<RepeatLocationsResult, 'rows' | 'sources'> & { totalPlaces?: number | null }) =>
    none(r) ? 0 : r.rows.length * 2 + (r.totalPlaces !== null && r.totalPlaces !== undefined ? 1 : 0),
  /** Each dataset's four measures. */
  repeatVictims: (r: Pick<RepeatVictimsResult, 'rows' | 'sources'>) => (none(r) ? 0 : r.rows.length * 4),
  /** Each area's and the total's three counts. */
  crossAgency: (r: Pick<CrossAgencyResult, 'rows' | 'sources'>) => (none(r) ? 0 : (r.rows.length + 1) * 3),
  /** Each quarter's value, and the indicator. */
  indicator: (r: Pick<IndicatorResult, 'quarters' | 'sources'>) => (none(r) ? 0 : r.quarters.length + 1),
};
