import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { readAnalytics } from '../analytics/index.js';
import { loadPlan, type HubContext } from '../context.js';
import { GroupBy } from '../domain/api-enums.js';
import { AnalysisFilterInput } from '../schema/analytics.type.js';
import { CrossAgencyType } from '../schema/cross-agency.type.js';
import { record, filterOf, pt, level } from './analysis-answers.js';

/** `crossAgency`: police-recorded violence against A&E assault attendances, per area. */
@Resolver()
export class CrossAgencyResolver {
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
}
