import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { loadPlan, type HubContext } from '../context.js';
import { RecordConnectionType, RecordFilterInput } from '../schema/record.type.js';

@Resolver()
export class RecordsResolver {
  @Query(() => RecordConnectionType, {
    description: "Record-level shared data, as the caller's agreements allow for the declared purpose.",
  })
  async records(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => RecordFilterInput, { nullable: true }) filter?: RecordFilterInput,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<RecordConnectionType> {
    const plan = await loadPlan(ctx);
    const page = await ctx.services.records.list(ctx.em, plan, filter ?? {}, first, after ?? undefined);
    ctx.facts.rows += page.nodes.length;
    for (const key of page.datasetKeys) ctx.facts.datasets.add(key);
    for (const d of plan.datasets.values())
      if (page.datasetKeys.includes(d.datasetKey)) d.agreementIds.forEach((a) => ctx.facts.agreements.add(a));
    return { nodes: page.nodes, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
  }
}
