import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import type { SavedQueryRecord } from '../saved-queries/saved-queries.service.js';
import { SavedQueryType, SaveQueryInput } from '../schema/saved-query.type.js';

const toType = (q: SavedQueryRecord, ctx: HubContext): SavedQueryType => ({
  id: q.id,
  name: q.name,
  description: q.description,
  view: q.view,
  parameters: q.parameters,
  sharing: q.sharing,
  owner: q.owner,
  ownerAgency: q.ownerAgency,
  mine: q.ownerId === ctx.principal?.id,
  // The pool may hand timestamps back as text.
  createdAt: new Date(q.createdAt),
  updatedAt: new Date(q.updatedAt),
  csvPath: `/saved-queries/${q.id}.csv`,
});

@Resolver()
export class SavedQueriesResolver {
  @Query(() => [SavedQueryType], {
    description: "Saved queries you may open: your own, your agency's shared ones and the partnership's; newest first.",
  })
  async savedQueries(@Ctx() ctx: HubContext): Promise<SavedQueryType[]> {
    return (await ctx.services.savedQueries.list(ctx.principal!)).map((q) => toType(q, ctx));
  }

  @Query(() => SavedQueryType, {
    description: 'One saved query. NOT_FOUND when it does not exist or is not shared with you.',
  })
  async savedQuery(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<SavedQueryType> {
    return toType(await ctx.services.savedQueries.get(ctx.principal!, id), ctx);
  }

  @Mutation(() => SavedQueryType, {
    description: "Saves a view (its parameters are checked as the view's query would check them).",
  })
  async saveQuery(
    @Arg('input', () => SaveQueryInput) input: SaveQueryInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SavedQueryType> {
    return toType(await ctx.services.savedQueries.create(ctx.principal!, info.schema, input), ctx);
  }

  @Mutation(() => SavedQueryType, { description: 'Changes one of your saved queries.' })
  async updateSavedQuery(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SaveQueryInput) input: SaveQueryInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SavedQueryType> {
    return toType(await ctx.services.savedQueries.update(ctx.principal!, info.schema, id, input), ctx);
  }

  @Mutation(() => Boolean, { description: 'Deletes one of your saved queries.' })
  async deleteSavedQuery(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<boolean> {
    return ctx.services.savedQueries.delete(ctx.principal!, id);
  }
}
