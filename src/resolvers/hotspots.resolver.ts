import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { readAnalytics } from '../analytics/index.js';
import { loadPlan, type HubContext } from '../context.js';
import { GroupBy, HotspotComparison } from '../domain/api-enums.js';
import { AnalysisFilterInput } from '../schema/analytics.type.js';
import { HotspotsType } from '../schema/hotspots.type.js';
import { filterOf, level, record } from './analysis-answers.js';

/** `hotspots`: the top areas for a period, against a comparison period. */
@Resolver()
export class HotspotsResolver {
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
}
