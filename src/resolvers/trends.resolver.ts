import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { PERIODS, keyLabel, type PeriodGroup } from '../analytics/aggregate.service.js';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { readAnalytics } from '../analytics/index.js';
import { badInput } from '../auth/errors.js';
import { loadPlan, type HubContext } from '../context.js';
import { GroupBy } from '../domain/api-enums.js';
import { AnalysisFilterInput } from '../schema/analytics.type.js';
import { PeakTimesType, TrendType } from '../schema/trends.type.js';
import { record, filterOf, pt } from './analysis-answers.js';

/** A period argument, checked. */
function period(g: GroupBy): PeriodGroup {
  if (!(PERIODS as readonly GroupBy[]).includes(g)) throw badInput(`\`period\` must be one of ${PERIODS.join(', ')}.`);
  return g as PeriodGroup;
}

/** `trend` and `peakTimes`: counts over time, by period and by day of week and hour. */
@Resolver()
export class TrendsResolver {
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
}
