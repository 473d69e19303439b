import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { readAnalytics } from '../analytics/index.js';
import { loadPlan, type HubContext } from '../context.js';
import { GroupBy } from '../domain/api-enums.js';
import { AnalysisFilterInput } from '../schema/analytics.type.js';
import { RepeatLocationsType, RepeatVictimsType } from '../schema/repeats.type.js';
import { record, filterOf, pt, level } from './analysis-answers.js';

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

/** `repeatLocations` and `repeatVictims`: the analyses that reason over records. */
@Resolver()
export class RepeatsResolver {
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
}
