import type pg from 'pg';
import type { AccessPlan } from '../auth/access-plan.js';
import { badInput } from '../auth/errors.js';
import { DatasetKind } from '../domain/vocabulary.js';
import {
  AggregateService,
  keyLabel,
  type AggregateFilter,
  type AggregateResult,
  type AggregateSource,
  type AreaGroup,
  type Exclusion,
  type PeriodGroup,
} from './aggregate.service.js';
import { londonDate, londonMidnight, nextPeriod, yearEarlier } from '../domain/uk-time.js';
import { IndicatorsService } from './indicators.service.js';
import {
  repeatLocations,
  repeatVictims,
  type RepeatLocationsResult,
  type RepeatVictimsResult,
} from './repeat-analyses.js';
export type {
  RepeatLocationRow,
  RepeatLocationsResult,
  RepeatVictimRow,
  RepeatVictimsResult,
} from './repeat-analyses.js';
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

export interface CrossAgencyRow {
  area: string;
  name: string;
  policeViolence: Point;
  policeViolenceWithInjury: Point;
  aeAssaults: Point;
  /** At least this share of A&E assault attendances never reached the police (a lower bound, see the docs). */
  unknownToPoliceShare: number | null;
}

export interface CrossAgencyResult {
  level: AreaGroup;
  rows: CrossAgencyRow[];
  total: CrossAgencyRow;
  sources: AggregateSource[];
  excluded: Exclusion[];
  suppressed: number;
  notes: string[];
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

/**
 * Police violence and police violence with injury are published side by side, each
 * protected as its own table; their difference (violence without injury) is a count too.
 * Where it is small (1 to threshold - 1) for data under disclosure control, the injury
 * figure is hidden, and the injury column then keeps at least two hidden figures (or its
 * total hidden) so that the column total cannot give the hidden one back. Works in place;
 * returns how many figures it hid.
 */
export function hideSmallDifferences(
  rows: { all: Point; inj: Point }[],
  total: { all: Point; inj: Point },
  threshold: number,
): number {
  if (threshold <= 1) return 0;
  const hide = (p: Point) => {
    p.value = null;
    p.suppressed = true;
  };
  const small = (x: { all: Point; inj: Point }) => {
    if (x.all.value === null || x.inj.value === null) return false;
    const d = x.all.value - x.inj.value;
    return d > 0 && d < threshold;
  };
  let hidden = 0;
  if (small(total)) {
    // Rare (a small number without injury over the whole answer): hide the whole column.
    for (const p of [total.inj, ...rows.map((r) => r.inj)]) {
      if (p.suppressed) continue;
      hide(p);
      hidden++;
    }
    return hidden;
  }
  for (const r of rows) {
    if (!small(r)) continue;
    hide(r.inj);
    hidden++;
  }
  if (hidden > 0 && !total.inj.suppressed && rows.filter((r) => r.inj.suppressed).length === 1) {
    // One hidden figure in a column with a shown total: hide the smallest other one too.
    const other = rows
      .filter((r) => !r.inj.suppressed && r.inj.value !== null && r.inj.value > 0)
      .sort((a, b) => a.inj.value! - b.inj.value!)[0];
    if (other) hide(other.inj);
    else hide(total.inj);
    hidden++;
  }
  return hidden;
}

/**
 * The total's share of A&E assault attendances unknown to the police, in per cent to one
 * decimal: a lower bound, `sum over areas of max(0, A&E - police violence with injury)`
 * over all A&E assaults, since in each area at most as many attendances as there are
 * police-recorded injuries can have been reported (a surplus of police records in one
 * area says nothing of another's attendances).
 *
 * Worked out from published figures only, so it can give no hidden figure back: areas
 * whose two figures are both shown count one by one; the areas with a hidden figure count
 * together, as `max(0, their A&E - their police injuries)`, each side being the published
 * total less the shown areas' figures; when the police total is hidden they are left out.
 * Null without a
 * published A&E total above 0, or without police data.
 */
export function unknownToPoliceShare(
  rows: readonly { inj: Point; ae: Point }[],
  total: { inj: Point; ae: Point },
): number | null {
  if (total.ae.value === null || total.ae.suppressed || !total.ae.value) return null;
  // No police data at all (nothing shared): no comparison.
  if (total.inj.value === null && !total.inj.suppressed) return null;
  const shown = rows.filter(
    (r) => r.inj.value !== null && r.ae.value !== null && !r.inj.suppressed && !r.ae.suppressed,
  );
  let unknown = shown.reduce((s, r) => s + Math.max(0, r.ae.value! - r.inj.value!), 0);
  if (shown.length < rows.length && total.inj.value !== null && !total.inj.suppressed) {
    const ae = total.ae.value - shown.reduce((s, r) => s + r.ae.value!, 0);
    const inj = total.inj.value - shown.reduce((s, r) => s + r.inj.value!, 0);
    unknown += Math.max(0, ae - inj);
  }
  return Math.round((Math.min(unknown, total.ae.value) / total.ae.value) * 1000) / 10;
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

  async crossAgency(
    plan: AccessPlan,
    opts: { filter?: AggregateFilter; level?: AreaGroup; rounding?: number },
  ): Promise<CrossAgencyResult> {
    const level = opts.level ?? GroupBy.LSOA;
    const base: AggregateFilter = {
      ...(opts.filter ?? {}),
      categories: undefined,
      subcategories: undefined,
      kinds: undefined,
    };
    const police = { ...base, kinds: [DatasetKind.POLICE_CRIME], categories: ['VIOLENCE_AGAINST_THE_PERSON'] };
    const run = (filter: AggregateFilter) =>
      this.aggregates.aggregate(plan, { groupBy: [level], filter, rounding: opts.rounding, knownOnly: true });
    const [all, injury, ae] = await Promise.all([
      run(police),
      run({ ...police, subcategories: ['VIOLENCE_WITH_INJURY'] }),
      run({ ...base, kinds: [DatasetKind.AE_ASSAULT] }),
    ]);
    const names = await this.aggregates.areaNames();
    const areas = [...new Set([...all.cells, ...ae.cells].map((c) => c.keys[0] as string))].sort();
    const find = (r: AggregateResult, area: string): Point => {
      const c = r.cells.find((x) => x.keys[0] === area);
      // No cell is 0 when the side has data; with nothing shared it is no figure at all.
      return {
        key: area,
        label: names.get(area) ?? area,
        value: c ? c.value : r.sources.length ? 0 : null,
        suppressed: c?.suppressed ?? false,
      };
    };
    const share = (inj: Point, a: Point) =>
      inj.value !== null && a.value ? Math.round((Math.max(0, a.value - inj.value) / a.value) * 1000) / 10 : null;
    const tot = (r: AggregateResult): Point => ({
      key: 'total',
      label: 'Total',
      value: r.total.value,
      suppressed: r.total.suppressed,
    });
    const violence = areas.map((area) => ({ all: find(all, area), inj: find(injury, area) }));
    const policeTotal = { all: tot(all), inj: tot(injury) };
    const linked = hideSmallDifferences(
      violence,
      policeTotal,
      Math.max(0, ...all.sources.filter((src) => src.controlled).map((src) => src.minCellSize)),
    );
    const rows = areas.map((area, i) => {
      const a = find(ae, area);
      return {
        area,
        name: names.get(area) ?? area,
        policeViolence: violence[i].all,
        policeViolenceWithInjury: violence[i].inj,
        aeAssaults: a,
        unknownToPoliceShare: share(violence[i].inj, a),
      };
    });
    const notes: string[] = [];
    if (!ae.sources.length)
      notes.push(
        'No A&E assault data is shared with you for this purpose, so the comparison has only the police side.',
      );
    if (!all.sources.length) notes.push('No police recorded crime is shared with you for this purpose.');
    const aeTotal = tot(ae);
    const totalShare = unknownToPoliceShare(
      rows.map((r) => ({ inj: r.policeViolenceWithInjury, ae: r.aeAssaults })),
      { inj: policeTotal.inj, ae: aeTotal },
    );
    if (totalShare !== null && rows.some((r) => r.aeAssaults.suppressed || r.policeViolenceWithInjury.suppressed)) {
      notes.push(
        'Areas with a hidden figure count towards the total share only together, through the published totals, so that no hidden figure can be worked out from it.',
      );
    }
    return {
      level,
      rows,
      total: {
        area: 'total',
        name: 'Total',
        policeViolence: policeTotal.all,
        policeViolenceWithInjury: policeTotal.inj,
        aeAssaults: aeTotal,
        unknownToPoliceShare: totalShare,
      },
      sources: [...all.sources, ...ae.sources],
      excluded: [...all.excluded, ...ae.excluded],
      suppressed: all.suppressed + injury.suppressed + ae.suppressed + linked,
      notes,
    };
  }
}
