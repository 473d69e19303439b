import type pg from 'pg';
import type { AccessPlan } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import {
  AggregateService,
  keyLabel,
  type AggregateFilter,
  type AggregateSource,
  type AreaGroup,
  type Exclusion,
  type PeriodGroup,
} from './aggregate.service.js';
import { londonDate, londonMidnight, nextPeriod, yearEarlier } from '../domain/uk-time.js';
import { IndicatorsService } from './indicators.service.js';
import { crossAgency, type CrossAgencyOptions, type CrossAgencyResult } from './cross-agency.js';
import { repeatLocations, type RepeatLocationsResult } from './repeat-analyses.js';
import { repeatVictims, type RepeatVictimsResult } from './repeat-victims.js';
export type { RepeatLocationRow, RepeatLocationsResult } from './repeat-analyses.js';
export type { RepeatVictimRow, RepeatVictimsResult } from './repeat-victims.js';
import { GroupBy, HotspotComparison } from '../domain/api-enums.js';
import type { Point } from './point.js';
export type { Point } from './point.js';

/*
 * The analyses an analyst builds a strategic assessment from. Each is a thin layer over
 * AggregateService, so that every figure goes through the same scoping and disclosure
 * control; the two that need record-level reasoning (repeat locations and victims)
 * run their own SQL under the same scope.
 */

export interface Change {
  from: Point;
  to: Point;
  percent: number | null;
  direction: 'UP' | 'DOWN' | 'NO_CHANGE' | 'UNKNOWN';
  text: string;
}

export interface TrendResult {
  period: PeriodGroup;
  series: Point[];
  change: Change | null;
  categories: { category: string; series: Point[]; change: Change | null; yearOnYear: Change | null }[];
  total: Point;
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  /** Set when nothing shared with the caller for the purpose can answer (the total is then null). */
  notes: string[];
}

export interface PeakTimesResult {
  /** 7 x 24: days Monday (1) to Sunday (7), hours 0 to 23. */
  cells: { day: number; hour: number; value: number | null; suppressed: boolean }[];
  days: Point[];
  hours: Point[];
  total: Point;
  peakDay: string | null;
  peakHour: string | null;
  /** The busiest day-hour cells, busiest first. */
  peaks: { day: number; hour: number; label: string; value: number }[];
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  notes: string[];
}

export interface HotspotRow {
  area: string;
  name: string;
  current: number | null;
  currentSuppressed: boolean;
  previous: number | null;
  previousSuppressed: boolean;
  changePercent: number | null;
  rate: number | null;
}

export interface HotspotsResult {
  level: AreaGroup;
  compareWith: HotspotComparison;
  from: Date;
  to: Date;
  previousFrom: Date;
  previousTo: Date;
  rows: HotspotRow[];
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
}

const fmt = (n: number) => n.toLocaleString('en-GB');

/** "down 24.8%, from 6,003 to 4,517". */
export function describeChange(from: Point, to: Point): Change {
  if (from.value === null || to.value === null) {
    return { from, to, percent: null, direction: 'UNKNOWN', text: 'not available (a count is suppressed)' };
  }
  if (from.value === 0) {
    const direction = to.value === 0 ? 'NO_CHANGE' : 'UP';
    return {
      from,
      to,
      percent: null,
      direction,
      text: to.value === 0 ? 'no change, 0 in both' : `up from 0 to ${fmt(to.value)}`,
    };
  }
  const percent = Math.round(((to.value - from.value) / from.value) * 1000) / 10;
  if (to.value === from.value)
    return { from, to, percent: 0, direction: 'NO_CHANGE', text: `no change, ${fmt(to.value)} in both` };
  const direction = to.value > from.value ? 'UP' : 'DOWN';
  return {
    from,
    to,
    percent,
    direction,
    text: `${direction === 'UP' ? 'up' : 'down'} ${Math.abs(percent).toFixed(1)}%, from ${fmt(from.value)} to ${fmt(to.value)}`,
  };
}

function point(
  period: GroupBy,
  key: string | null,
  p: { value: number | null; suppressed: boolean },
  names?: ReadonlyMap<string, string>,
): Point {
  return { key: key ?? '', label: keyLabel(period, key, names), value: p.value, suppressed: p.suppressed };
}

export class AnalysesService {
  /** Performance indicators and their targets (indicators.service.ts). */
  readonly indicators: IndicatorsService;

  constructor(
    private readonly pool: pg.Pool,
    readonly aggregates: AggregateService,
  ) {
    this.indicators = new IndicatorsService(pool, aggregates);
  }

  async trend(
    plan: AccessPlan,
    opts: { filter?: AggregateFilter; period?: PeriodGroup; byCategory?: boolean; rounding?: number },
  ): Promise<TrendResult> {
    const period = opts.period ?? GroupBy.YEAR;
    const filter = opts.filter ?? {};
    // One table for the whole answer: the series is the margin of the period x category
    // table, so the two cannot be played against each other.
    const groupBy = opts.byCategory ? [period, GroupBy.CATEGORY] : [period];
    const agg = await this.aggregates.aggregate(plan, { groupBy, filter, rounding: opts.rounding, knownOnly: true });
    const keys = opts.byCategory
      ? agg.margins.filter((m) => m.dimension === period).map((m) => ({ key: m.key, pub: m }))
      : agg.cells.map((c) => ({ key: c.keys[0], pub: c }));
    // Without from or to, the data itself bounds the answer: a period the datasets' records
    // cover only in part (the first and last, typically) is as partial as one cut by the filter.
    const span = await this.coverage(
      filter,
      agg.sources.map((s) => s.datasetId),
    );
    const partial = (key: string) => {
      const start = londonMidnight(key);
      const end = londonMidnight(nextPeriod(period, key));
      return (!!span.from && start < span.from) || (!!span.to && end > span.to);
    };
    const series = keys.map(({ key, pub }) => ({ ...point(period, key, pub), partial: key ? partial(key) : false }));
    const complete = series.filter((p) => !p.partial);
    const change = complete.length >= 2 ? describeChange(complete[0], complete[complete.length - 1]) : null;
    const categories: TrendResult['categories'] = [];
    if (opts.byCategory) {
      const cats = [...new Set(agg.cells.map((c) => c.keys[1] as string))].sort();
      for (const cat of cats) {
        const s = keys.map(({ key }) => {
          const cell = agg.cells.find((c) => c.keys[0] === key && c.keys[1] === cat);
          return {
            ...point(period, key, cell ?? { value: 0, suppressed: false }),
            partial: key ? partial(key) : false,
          };
        });
        const full = s.filter((p) => !p.partial);
        categories.push({
          category: cat,
          series: s,
          change: full.length >= 2 ? describeChange(full[0], full[full.length - 1]) : null,
          yearOnYear: full.length >= 2 ? describeChange(full[full.length - 2], full[full.length - 1]) : null,
        });
      }
    }
    return {
      period,
      series,
      change,
      categories,
      total: point(GroupBy.DATASET, 'total', agg.total),
      sources: agg.sources,
      excluded: agg.excluded,
      suppressed: agg.suppressed,
      notes: agg.notes,
    };
  }

  repeatLocations(plan: AccessPlan, opts: Parameters<typeof repeatLocations>[2]): Promise<RepeatLocationsResult> {
    return repeatLocations({ pool: this.pool, aggregates: this.aggregates }, plan, opts);
  }

  repeatVictims(plan: AccessPlan, opts: Parameters<typeof repeatVictims>[2]): Promise<RepeatVictimsResult> {
    return repeatVictims({ pool: this.pool, aggregates: this.aggregates }, plan, opts);
  }

  /**
   * The period a trend covers: the filter's from and to, and where either is missing, the
   * first day and the day after the last day of the datasets' records (whatever their
   * category or area: a category with no record on 1 January is not a partial year).
   */
  private async coverage(filter: AggregateFilter, datasetIds: string[]): Promise<{ from?: Date; to?: Date }> {
    if ((filter.from && filter.to) || !datasetIds.length) return { from: filter.from, to: filter.to };
    const { rows } = await this.pool.query<{ first: Date | null; last: Date | null }>(
      `select min(x.first) as first, max(x.last) as last from unnest($1::uuid[]) d (id)
         cross join lateral (select min(occurred_at) as first, max(occurred_at) as last from shared_record where dataset_id = d.id) x`,
      [datasetIds],
    );
    const { first, last } = rows[0] ?? {};
    return {
      from: filter.from ?? (first ? londonMidnight(londonDate(new Date(first))) : undefined),
      to: filter.to ?? (last ? londonMidnight(nextPeriod(GroupBy.DAY, londonDate(new Date(last)))) : undefined),
    };
  }

  async peakTimes(plan: AccessPlan, opts: { filter?: AggregateFilter; rounding?: number }): Promise<PeakTimesResult> {
    const agg = await this.aggregates.aggregate(plan, {
      groupBy: [GroupBy.DAY_OF_WEEK, GroupBy.HOUR_OF_DAY],
      filter: opts.filter,
      rounding: opts.rounding,
      knownOnly: true,
    });
    const cells: PeakTimesResult['cells'] = [];
    // With nothing to count, no cell is a 0.
    const empty = agg.sources.length ? 0 : null;
    for (let day = 1; day <= 7; day++) {
      for (let hour = 0; hour < 24; hour++) {
        const c = agg.cells.find((x) => Number(x.keys[0]) === day && Number(x.keys[1]) === hour);
        cells.push({ day, hour, value: c ? c.value : empty, suppressed: c?.suppressed ?? false });
      }
    }
    const margin = (dim: GroupBy, key: string) =>
      agg.margins.find((m) => m.dimension === dim && m.key === key) ?? { value: empty, suppressed: false };
    const days = [1, 2, 3, 4, 5, 6, 7].map((d) =>
      point(GroupBy.DAY_OF_WEEK, String(d), margin(GroupBy.DAY_OF_WEEK, String(d))),
    );
    const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).map((h) =>
      point(GroupBy.HOUR_OF_DAY, h, margin(GroupBy.HOUR_OF_DAY, h)),
    );
    const top = <T extends { value: number | null }>(xs: T[]) =>
      xs.filter((x) => x.value !== null && x.value > 0).sort((a, b) => b.value! - a.value!)[0];
    const peaks = cells
      .filter((c) => c.value !== null && c.value > 0)
      .sort((a, b) => b.value! - a.value! || a.day - b.day || a.hour - b.hour)
      .slice(0, 5)
      .map((c) => ({
        day: c.day,
        hour: c.hour,
        value: c.value!,
        label: `${keyLabel(GroupBy.DAY_OF_WEEK, String(c.day))} ${String(c.hour).padStart(2, '0')}:00-${String((c.hour + 1) % 24).padStart(2, '0')}:00`,
      }));
    return {
      cells,
      days,
      hours,
      total: point(GroupBy.DATASET, 'total', agg.total),
      peakDay: top(days)?.label ?? null,
      peakHour: top(hours)?.label ?? null,
      peaks,
      sources: agg.sources,
      excluded: agg.excluded,
      suppressed: agg.suppressed,
      notes: agg.notes,
    };
  }

  async hotspots(
    plan: AccessPlan,
    opts: {
      filter: AggregateFilter & { from: Date; to: Date };
      level?: AreaGroup;
      top?: number;
      rounding?: number;
      compareWith?: HotspotComparison;
    },
  ): Promise<HotspotsResult> {
    const level = opts.level ?? GroupBy.LSOA;
    const top = opts.top ?? 10;
    if (!Number.isInteger(top) || top < 1 || top > 100) throw badInput('`top` must be between 1 and 100.');
    const { from, to } = opts.filter;
    if (!from || !to) throw badInput('Hotspots need a period: `from` and `to`.');
    // The previous period: the same length ending where this one starts, or the same dates a year earlier.
    const yearly = opts.compareWith === HotspotComparison.YEAR_EARLIER;
    const previousFrom = yearly ? yearEarlier(from) : new Date(from.getTime() - (to.getTime() - from.getTime()));
    const previousTo = yearly ? yearEarlier(to) : from;
    if (yearly && previousTo > from)
      throw badInput('A period longer than a year cannot be compared with a year earlier.');
    // Two independent answers, run side by side on two connections.
    const [now, before] = await Promise.all([
      this.aggregates.aggregate(plan, {
        groupBy: [level],
        filter: opts.filter,
        rates: true,
        rounding: opts.rounding,
        knownOnly: true,
      }),
      this.aggregates.aggregate(plan, {
        groupBy: [level],
        filter: { ...opts.filter, from: previousFrom, to: previousTo },
        rounding: opts.rounding,
        knownOnly: true,
      }),
    ]);
    const names = await this.aggregates.areaNames();
    const prev = new Map(before.cells.map((c) => [c.keys[0], c]));
    // Ranked by what is published: a suppressed count is never used to rank.
    const rows = now.cells
      .filter((c) => c.value !== null && c.value > 0)
      .sort((a, b) => b.value! - a.value! || String(a.keys[0]).localeCompare(String(b.keys[0])))
      .slice(0, top)
      .map((c) => {
        const p = prev.get(c.keys[0]);
        const previous = p ? p.value : 0;
        const area = c.keys[0] as string;
        return {
          area,
          name: names.get(area) ?? area,
          current: c.value,
          currentSuppressed: c.suppressed,
          previous,
          previousSuppressed: p?.suppressed ?? false,
          changePercent: previous ? Math.round(((c.value! - previous) / previous) * 1000) / 10 : null,
          rate: c.rate,
        };
      });
    // A dataset with records in either period is behind the figures (the previous counts are published too).
    const earlier = new Set(before.sources.filter((x) => x.contributed).map((x) => x.datasetId));
    const sources = now.sources.map((x) => ({ ...x, contributed: x.contributed || earlier.has(x.datasetId) }));
    return {
      level,
      compareWith: opts.compareWith ?? HotspotComparison.PREVIOUS_PERIOD,
      from,
      to,
      previousFrom,
      previousTo,
      rows,
      sources,
      excluded: [...now.excluded],
      suppressed: now.suppressed + before.suppressed,
    };
  }

  crossAgency(plan: AccessPlan, opts: CrossAgencyOptions): Promise<CrossAgencyResult> {
    return crossAgency(this.aggregates, plan, opts);
  }
}
