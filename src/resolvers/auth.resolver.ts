import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { User } from '../entities/user.entity.js';
import { AccountType, SessionType } from '../schema/user.type.js';
import { toAccount } from './mappers.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => SessionType, { description: 'Exchange a username and password for a short-lived bearer token.' })
  async login(@Arg('username', () => String) username: string, @Arg('password', () => String) password: string, @Ctx() ctx: HubContext): Promise<SessionType> {
    const { token, expiresAt, user } = await ctx.services.auth.login(ctx.em, username, password, { ip: ctx.clientIp });
    ctx.session = { accountId: user.id, agencyId: user.agency.id };
    return { token, expiresAt, account: toAccount(user) };
  }

  @Query(() => AccountType, { description: 'The calling account.' })
  async me(@Ctx() ctx: HubContext): Promise<AccountType> {
    const user = await ctx.em.findOneOrFail(User, { id: ctx.principal!.id }, { populate: ['agency'] });
    return toAccount(user);
  }
}
