import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Ctx, Float, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  PERIODS,
  AREAS,
  keyLabel,
  type AggregateFilter,
  type AggregateSource,
  type AreaGroup,
  type Exclusion,
  type PeriodGroup,
} from '../analytics/aggregate.service.js';
import type { Point } from '../analytics/analyses.service.js';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { analyticsFor, readAnalytics } from '../analytics/index.js';
import { badInput } from '../auth/errors.js';
import { loadPlan, type HubContext } from '../context.js';
import {
  AggregateResultType,
  AnalysisFilterInput,
  CrossAgencyType,
  HotspotsType,
  IndicatorInput,
  IndicatorPerformanceType,
  IndicatorTargetType,
  IndicatorType,
  PeakTimesType,
  RepeatLocationsType,
  RepeatVictimsType,
  TrendType,
} from '../schema/analytics.type.js';
import { CellOrder, GroupBy, HotspotComparison } from '../domain/api-enums.js';

/** What the audit trail records of an analysis: datasets and agreements used, cells returned and suppressed. */
export function record(ctx: HubContext, sources: readonly AggregateSource[], cells: number, suppressed: number): void {
  for (const s of sources) {
    ctx.facts.datasets.add(s.dataset);
    for (const a of s.agreementIds) ctx.facts.agreements.add(a);
  }
  ctx.facts.cells += cells;
  ctx.facts.cellsSuppressed += suppressed;
}

const filterOf = (f?: AnalysisFilterInput | null): AggregateFilter => ({ ...(f ?? {}) });

/** Whether the query asks for `name` on this field's result (directly, or through fragments). */
function asksFor(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return s.name.value === name;
      if (s.kind === 'InlineFragment') return within(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return within(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((f) => within(f.selectionSet));
}
const pt = (p: Point) => ({ ...p, partial: p.partial ?? false });

function period(g: GroupBy): PeriodGroup {
  if (!(PERIODS as readonly GroupBy[]).includes(g)) throw badInput(`\`period\` must be one of ${PERIODS.join(', ')}.`);
  return g as PeriodGroup;
}

function level(g: GroupBy, allowed: readonly GroupBy[] = AREAS): AreaGroup {
  if (!allowed.includes(g)) throw badInput(`\`level\` must be one of ${allowed.join(', ')}.`);
  return g as AreaGroup;
}

/** An aggregate answer as CSV: keys, labels, count, suppressed (and rate), then the total. */
function aggregateCsv(
  groupBy: readonly GroupBy[],
  cells: readonly {
    keys: (string | null)[];
    labels: string[];
    value: number | null;
    suppressed: boolean;
    rate: number | null;
  }[],
  total: { value: number | null; suppressed: boolean; rate: number | null },
  rates: boolean,
): string {
  return toCsv(
    [
      ...groupBy.map((g) => g.toLowerCase()),
      ...groupBy.map((g) => `${g.toLowerCase()}_label`),
      'count',
      'suppressed',
      ...(rates ? ['rate_per_1000'] : []),
    ],
    [
      ...cells.map((c) => [...c.keys, ...c.labels, c.value, c.suppressed, ...(rates ? [c.rate] : [])]),
      [
        ...groupBy.map(() => 'Total'),
        ...groupBy.map(() => 'Total'),
        total.value,
        total.suppressed,
        ...(rates ? [total.rate] : []),
      ],
    ],
  );
}

@Resolver()
export class AnalyticsResolver {
  @Query(() => AggregateResultType, {
    description:
      'Counts grouped by any combination of period, day of week, hour, area, category, dataset, agency, age band, sex and the coded detail fields of the templates, with disclosure control.',
  })
  async aggregate(
    @Ctx() ctx: HubContext,
    @Arg('groupBy', () => [GroupBy]) groupBy: GroupBy[],
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('rates', () => Boolean, { defaultValue: false, description: 'Rates per 1,000 residents for area groupings.' })
    rates = false,
    @Arg('rounding', () => Int, { nullable: true, description: 'Round shown counts to a multiple of this (e.g. 5).' })
    rounding?: number,
    @Arg('minCount', () => Int, {
      nullable: true,
      description: 'Send only cells whose published count is at least this (suppressed cells are left out).',
    })
    minCount?: number,
    @Arg('orderBy', () => CellOrder, { defaultValue: CellOrder.KEYS }) orderBy: CellOrder = CellOrder.KEYS,
    @Arg('limit', () => Int, {
      nullable: true,
      description: 'Send at most this many cells, after minCount and orderBy.',
    })
    limit?: number,
  ): Promise<AggregateResultType> {
    const plan = await loadPlan(ctx);
    const { r, names } = await readAnalytics(ctx.services.reads, async (a) => ({
      r: await a.aggregates.aggregate(plan, {
        groupBy,
        filter: filterOf(filter),
        rates,
        rounding: rounding ?? undefined,
        maxCells: ctx.services.config.aggregateMaxCells,
        select: { minCount: minCount ?? undefined, orderBy, limit: limit ?? undefined },
      }),
      names: groupBy.some((g) => (AREAS as readonly GroupBy[]).includes(g))
        ? await a.aggregates.areaNames()
        : undefined,
    }));
    record(ctx, r.sources, cellCount.aggregate(r), r.suppressed);
    const cells = r.cells.map((c) => ({ ...c, labels: c.keys.map((k, i) => keyLabel(groupBy[i], k, names)) }));
    return {
      dimensions: r.dimensions,
      cells,
      margins: r.margins.map((m) => ({ ...m, label: keyLabel(m.dimension, m.key, names) })),
      total: {
        key: 'total',
        label: 'Total',
        value: r.total.value,
        suppressed: r.total.suppressed,
        partial: false,
        rate: r.total.rate,
      },
      sources: r.sources,
      excluded: r.excluded,
      suppressedCells: r.suppressed,
      rounding: r.rounding,
      notes: r.notes,
      matchedCells: r.matchedCells,
      // Made only when asked for: a large answer's CSV is as big as its cells.
      get csv() {
        return aggregateCsv(groupBy, cells, r.total, rates);
      },
    };
  }

  @Query(() => TrendType, {
    description: 'Counts per period over years, the direction of travel, and year-on-year change by category.',
  })
  async trend(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('period', () => GroupBy, { defaultValue: GroupBy.YEAR }) p: GroupBy = GroupBy.YEAR,
    @Arg('byCategory', () => Boolean, { defaultValue: false }) byCategory = false,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<TrendType> {
    const plan = await loadPlan(ctx);
    const r = await readAnalytics(ctx.services.reads, (a) =>
      a.trend(plan, {
        filter: filterOf(filter),
        period: period(p),
        byCategory,
        rounding: rounding ?? undefined,
      }),
    );
    record(ctx, r.sources, cellCount.trend(r), r.suppressed);
    const rows = [
      ...r.series.map((s) => ['All', s.key, s.label, s.value, s.suppressed, s.partial ?? false]),
      ...r.categories.flatMap((c) =>
        c.series.map((s) => [c.category, s.key, s.label, s.value, s.suppressed, s.partial ?? false]),
      ),
    ];
    return {
      ...r,
      series: r.series.map(pt),
      total: pt(r.total),
      change: r.change && { ...r.change, from: pt(r.change.from), to: pt(r.change.to) },
      categories: r.categories.map((c) => ({
        ...c,
        series: c.series.map(pt),
        change: c.change && { ...c.change, from: pt(c.change.from), to: pt(c.change.to) },
        yearOnYear: c.yearOnYear && { ...c.yearOnYear, from: pt(c.yearOnYear.from), to: pt(c.yearOnYear.to) },
      })),
      suppressedCells: r.suppressed,
      csv: toCsv(['category', 'period', 'label', 'count', 'suppressed', 'partial_period'], rows),
    };
  }

  @Query(() => PeakTimesType, { description: 'A day-of-week x hour-of-day matrix (Europe/London) for any filter.' })
  async peakTimes(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<PeakTimesType> {
    const plan = await loadPlan(ctx);
    const r = await readAnalytics(ctx.services.reads, (a) =>
      a.peakTimes(plan, {
        filter: filterOf(filter),
        rounding: rounding ?? undefined,
      }),
    );
    record(ctx, r.sources, cellCount.peakTimes(r), r.suppressed);
    return {
      ...r,
      days: r.days.map(pt),
      hours: r.hours.map(pt),
      total: pt(r.total),
      suppressedCells: r.suppressed,
      csv: toCsv(
        ['day', 'day_label', 'hour', 'count', 'suppressed'],
        r.cells.map((c) => [c.day, keyLabel(GroupBy.DAY_OF_WEEK, String(c.day)), c.hour, c.value, c.suppressed]),
      ),
    };
  }

  @Query(() => HotspotsType, {
    description:
      'The top areas for a filter and period, with the change against the period of the same length just before, or the same dates a year earlier (`compareWith`).',
  })
  async hotspots(
    @Ctx() ctx: HubContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('level', () => GroupBy, { defaultValue: GroupBy.LSOA }) lvl: GroupBy = GroupBy.LSOA,
    @Arg('top', () => Int, { defaultValue: 10 }) top = 10,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
    @Arg('compareWith', () => HotspotComparison, { defaultValue: HotspotComparison.PREVIOUS_PERIOD })
    compareWith: HotspotComparison = HotspotComparison.PREVIOUS_PERIOD,
  ): Promise<HotspotsType> {
    const plan = await loadPlan(ctx);
    const r = await readAnalytics(ctx.services.reads, (a) =>
      a.hotspots(plan, {
        filter: { ...filterOf(filter), from, to },
        level: level(lvl),
        top,
        rounding: rounding ?? undefined,
        compareWith,
      }),
    );
    record(ctx, r.sources, cellCount.hotspots(r), r.suppressed);
    return {
      ...r,
      suppressedCells: r.suppressed,
      csv: toCsv(
        [
          'area',
          'name',
          'count',
          'suppressed',
          'previous_count',
          'previous_suppressed',
          'change_percent',
          'rate_per_1000',
        ],
        r.rows.map((h) => [
          h.area,
          h.name,
          h.current,
          h.currentSuppressed,
          h.previous,
          h.previousSuppressed,
          h.changePercent,
          h.rate,
        ]),
      ),
    };
  }

  @Query(() => RepeatLocationsType, {
    description: 'Places with the same category of record at least `minCount` times within `withinDays` days.',
  })
  async repeatLocations(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('level', () => GroupBy, { defaultValue: GroupBy.GRID_100M }) lvl: GroupBy = GroupBy.GRID_100M,
    @Arg('minCount', () => Int, { defaultValue: 3 }) minCount = 3,
    @Arg('withinDays', () => Int, { defaultValue: 28 }) withinDays = 28,
    @Arg('limit', () => Int, { defaultValue: 20, description: 'Places per page, at most 500.' }) limit = 20,
    @Arg('offset', () => Int, {
      defaultValue: 0,
      description:
        'Places to skip, in the same order (peak, total, area, category, dataset): pages neither overlap nor skip.',
    })
    offset = 0,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<RepeatLocationsType> {
    const plan = await loadPlan(ctx);
    const r = await readAnalytics(ctx.services.reads, (a) =>
      a.repeatLocations(plan, {
        filter: filterOf(filter),
        level: level(lvl),
        minCount,
        withinDays,
        limit,
        offset,
        // Counting every place reads every record: only when asked for.
        countPlaces: info ? asksFor(info, 'totalPlaces') : true,
      }),
    );
    record(ctx, r.sources, cellCount.repeatLocations(r), 0);
    return {
      ...r,
      // Asked for whenever selected, so never null where it is read.
      totalPlaces: r.totalPlaces ?? 0,
      csv: toCsv(
        [
          'dataset',
          'area',
          'name',
          'category',
          `most_in_${withinDays}_days`,
          'total',
          'first_day',
          'last_day',
          'peak_first_day',
          'peak_last_day',
        ],
        r.rows.map((x) => [
          x.dataset,
          x.area,
          x.name,
          x.category,
          x.peakInWindow,
          x.total,
          x.firstAt?.toISOString() ?? '',
          x.lastAt?.toISOString() ?? '',
          x.peakStartsAt?.toISOString() ?? '',
          x.peakEndsAt?.toISOString() ?? '',
        ]),
      ),
    };
  }

  @Query(() => RepeatVictimsType, {
    description:
      'How many subjects (victims, patients) have more than one record: counts only, from the hashed subject key.',
  })
  async repeatVictims(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<RepeatVictimsType> {
    const plan = await loadPlan(ctx);
    const r = await readAnalytics(ctx.services.reads, (a) =>
      a.repeatVictims(plan, {
        filter: filterOf(filter),
        rounding: rounding ?? undefined,
      }),
    );
    record(ctx, r.sources, cellCount.repeatVictims(r), r.suppressed);
    const rows = r.rows.map((x) => ({
      ...x,
      subjects: pt(x.subjects),
      repeatSubjects: pt(x.repeatSubjects),
      repeatRecords: pt(x.repeatRecords),
      records: pt(x.records),
    }));
    return {
      ...r,
      rows,
      suppressedCells: r.suppressed,
      csv: toCsv(
        ['dataset', 'subjects', 'repeat_subjects', 'repeat_subject_records', 'records', 'repeat_share_percent'],
        r.rows.map((x) => [
          x.dataset,
          x.subjects.value,
          x.repeatSubjects.value,
          x.repeatRecords.value,
          x.records.value,
          x.repeatShare,
        ]),
      ),
    };
  }

  @Query(() => CrossAgencyType, {
    description:
      'Per area: police-recorded violence against A&E assault attendances, and the share unknown to the police (the Cardiff Model question).',
  })
  async crossAgency(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AnalysisFilterInput, { nullable: true }) filter?: AnalysisFilterInput,
    @Arg('level', () => GroupBy, { defaultValue: GroupBy.LSOA }) lvl: GroupBy = GroupBy.LSOA,
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<CrossAgencyType> {
    const plan = await loadPlan(ctx);
    const r = await readAnalytics(ctx.services.reads, (a) =>
      a.crossAgency(plan, {
        filter: filterOf(filter),
        level: level(lvl, [GroupBy.LSOA, GroupBy.WARD, GroupBy.LOCAL_AUTHORITY]),
        rounding: rounding ?? undefined,
      }),
    );
    record(ctx, r.sources, cellCount.crossAgency(r), r.suppressed);
    const row = (x: (typeof r.rows)[number]) => ({
      ...x,
      policeViolence: pt(x.policeViolence),
      policeViolenceWithInjury: pt(x.policeViolenceWithInjury),
      aeAssaults: pt(x.aeAssaults),
    });
    return {
      ...r,
      rows: r.rows.map(row),
      total: row(r.total),
      suppressedCells: r.suppressed,
      csv: toCsv(
        [
          'area',
          'name',
          'police_violence',
          'police_violence_with_injury',
          'ae_assaults',
          'unknown_to_police_percent_at_least',
        ],
        [...r.rows, r.total].map((x) => [
          x.area,
          x.name,
          x.policeViolence.value,
          x.policeViolenceWithInjury.value,
          x.aeAssaults.value,
          x.unknownToPoliceShare,
        ]),
      ),
    };
  }

  @Query(() => [IndicatorType], { description: "The partnership's performance indicators (definitions only)." })
  async indicatorDefinitions(@Ctx() ctx: HubContext): Promise<IndicatorType[]> {
    return analyticsFor(ctx.services.pool).indicators.list();
  }

  @Query(() => [IndicatorPerformanceType], {
    description: 'Quarterly values of the performance indicators against their targets, with status and direction.',
  })
  async indicators(
    @Ctx() ctx: HubContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('keys', () => [String], { nullable: true }) keys?: string[],
    @Arg('rounding', () => Int, { nullable: true }) rounding?: number,
  ): Promise<IndicatorPerformanceType[]> {
    if (from >= to) throw badInput('`from` must be before `to`.');
    const plan = await loadPlan(ctx);
    const results = await readAnalytics(ctx.services.reads, (a) =>
      a.indicators.results(plan, {
        from,
        to,
        keys: keys ?? undefined,
        rounding: rounding ?? undefined,
      }),
    );
    return results.map((r) => {
      record(ctx, r.sources, cellCount.indicator(r), r.suppressed);
      return {
        ...r,
        suppressedCells: r.suppressed,
        csv: toCsv(
          ['indicator', 'quarter', 'label', 'value', 'suppressed', 'target', 'status', 'direction'],
          r.quarters.map((q) => [
            r.indicator.key,
            q.quarter,
            q.label,
            q.value,
            q.suppressed,
            q.target,
            q.status,
            q.direction,
          ]),
        ),
      };
    });
  }

  @Mutation(() => IndicatorType, { description: 'Administrators: define (or redefine) a performance indicator.' })
  async defineIndicator(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IndicatorInput) input: IndicatorInput,
  ): Promise<IndicatorType> {
    // The change and its ADMIN audit event (indicator.define, before and after) commit together.
    return analyticsFor(ctx.services.pool).indicators.define(
      ctx.em,
      {
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        kinds: input.kinds ?? null,
        categories: input.categories ?? null,
        subcategories: input.subcategories ?? null,
        better: input.better,
      },
      ctx.principal,
      { requestId: ctx.requestId },
    );
  }

  @Mutation(() => IndicatorTargetType, {
    description: "Administrators: set an indicator's target for a quarter (first day of the quarter).",
  })
  async setIndicatorTarget(
    @Ctx() ctx: HubContext,
    @Arg('key', () => String) key: string,
    @Arg('quarter', () => String) quarter: string,
    @Arg('target', () => Float) target: number,
  ): Promise<IndicatorTargetType> {
    // The change and its ADMIN audit event (indicator.set_target, before and after) commit together.
    return analyticsFor(ctx.services.pool).indicators.setTarget(ctx.em, key, quarter, target, ctx.principal, {
      requestId: ctx.requestId,
    });
  }
}

export type { Exclusion };
