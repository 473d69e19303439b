import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { User } from '../entities/user.entity.js';
import { AccountType, ConsoleSessionType, SessionType } from '../schema/user.type.js';
import { toAccount } from '../catalogue/views.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => SessionType, {
    description:
      'Exchange a username and password for a short-lived bearer token and a refresh token. An account with an authenticator is answered UNAUTHENTICATED with `extensions.reason` SECOND_FACTOR_REQUIRED and a `challenge` for `completeLogin`.',
  })
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: HubContext,
  ): Promise<SessionType> {
    const { token, expiresAt, refreshToken, refreshExpiresAt, user } = await ctx.services.auth.login(
      ctx.em,
      username,
      password,
      { ip: ctx.clientIp, requestId: ctx.requestId },
    );
    ctx.session = { accountId: user.id, agencyId: user.agency.id };
    return { token, expiresAt, refreshToken, refreshExpiresAt, account: toAccount(user) };
  }

  @Mutation(() => ConsoleSessionType, {
    description:
      "The web console's sign-in: the same checks as `login`, answered with a session in an HttpOnly, SameSite=Strict cookie (never a token the page can read) and a CSRF token in the readable `hub_csrf` cookie.",
  })
  async signIn(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: HubContext,
  ): Promise<ConsoleSessionType> {
    const { grant, user } = await ctx.services.auth.signIn(ctx.em, username, password, {
      ip: ctx.clientIp,
      requestId: ctx.requestId,
    });
    ctx.session = { accountId: user.id, agencyId: user.agency.id };
    if (ctx.http) ctx.http.cookies = ctx.services.auth.sessions!.cookiesFor(grant);
    return {
      expiresAt: grant.expiresAt,
      idleMinutes: ctx.services.auth.sessions!.config.sessionIdleMinutes,
      account: toAccount(user),
    };
  }

  @Mutation(() => Boolean, {
    description:
      'Ends the web console session this request came with, and clears its cookies. True when a session was ended.',
  })
  async signOut(@Ctx() ctx: HubContext): Promise<boolean> {
    const sessions = ctx.services.auth.sessions!;
    if (ctx.http) ctx.http.cookies = sessions.clearingCookies();
    return ctx.consoleSession ? sessions.end(ctx.consoleSession) : false;
  }

  @Query(() => AccountType, { description: 'The calling account.' })
  async me(@Ctx() ctx: HubContext): Promise<AccountType> {
    const user = await ctx.em.findOneOrFail(User, { id: ctx.principal!.id }, { populate: ['agency'] });
    return toAccount(user);
  }
}
