import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { AREAS, keyLabel } from '../analytics/aggregate.service.js';
import { cellCount } from '../analytics/cells.js';
import { toCsv } from '../analytics/csv.js';
import { readAnalytics } from '../analytics/index.js';
import { loadPlan, type HubContext } from '../context.js';
import { CellOrder, GroupBy } from '../domain/api-enums.js';
import { AggregateResultType } from '../schema/aggregate.type.js';
import { AnalysisFilterInput } from '../schema/analytics.type.js';
import { record, filterOf } from './analysis-answers.js';

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

/** `aggregate`: counts of shared records by any groupings, with disclosure control, and their CSV. */
@Resolver()
export class AggregateResolver {
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
}
