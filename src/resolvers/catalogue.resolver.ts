import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { loadPlan, type HubContext } from '../context.js';
import { Agency } from '../entities/agency.entity.js';
import { Area, AreaLevel } from '../entities/area.entity.js';
import { Dataset } from '../entities/dataset.entity.js';
import { AccessExplanationType } from '../schema/access.type.js';
import { AgencyType } from '../schema/agency.type.js';
import { AreaType } from '../schema/area.type.js';
import { DatasetType } from '../schema/dataset.type.js';
import { explainAccess } from '../catalogue/catalogue.service.js';
import { toAgency, toDataset } from '../catalogue/views.js';

@Resolver()
export class CatalogueResolver {
  @Query(() => [AgencyType], { description: "The partnership's agencies." })
  async agencies(@Ctx() ctx: HubContext): Promise<AgencyType[]> {
    return (await ctx.em.find(Agency, {}, { orderBy: { code: 'asc' } })).map(toAgency);
  }

  @Query(() => [DatasetType], {
    description: 'Every dataset in the hub. Listing a dataset does not grant access to its data: see `myAccess`.',
  })
  async datasets(@Ctx() ctx: HubContext): Promise<DatasetType[]> {
    return (await ctx.em.find(Dataset, {}, { populate: ['agency'], orderBy: { key: 'asc' } })).map(toDataset);
  }

  @Query(() => [AreaType], { description: "The standard areas of the partnership's geography." })
  async areas(
    @Ctx() ctx: HubContext,
    @Arg('level', () => AreaLevel, { nullable: true }) level?: AreaLevel,
  ): Promise<AreaType[]> {
    return ctx.em.find(Area, level ? { level } : {}, { orderBy: { code: 'asc' } });
  }

  @Query(() => AccessExplanationType, {
    description: 'Explain my access: what I may see of each dataset for the declared purpose, and why.',
  })
  async myAccess(@Ctx() ctx: HubContext): Promise<AccessExplanationType> {
    const plan = await loadPlan(ctx);
    return explainAccess(ctx.em, ctx.services.policy, plan);
  }
}
