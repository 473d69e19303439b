import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { ConsoleSessionType, SessionType } from '../schema/user.type.js';
import { toAccount } from '../catalogue/views.js';
import {
  AccountSecurityType,
  ActiveSessionType,
  SecondFactorEnrolmentType,
  SessionKind,
} from '../schema/account.type.js';
import { AccountsService, type Caller } from '../accounts/accounts.service.js';

const caller = (ctx: HubContext): Caller => ({
  principal: ctx.principal,
  consoleSession: ctx.consoleSession,
  requestId: ctx.requestId,
  ip: ctx.clientIp,
});
const accounts = (ctx: HubContext) => new AccountsService(ctx.services.auth);

/** A person's own account (docs/accounts.md): the second sign-in step, password, authenticator, sessions. */
@Resolver()
export class AccountsResolver {
  @Mutation(() => ConsoleSessionType, {
    description:
      "The console's second sign-in step: the `challenge` from signIn's SECOND_FACTOR_REQUIRED answer and a code from the authenticator (or a recovery code). Used once.",
  })
  async completeSignIn(
    @Arg('challenge', () => String) challenge: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: HubContext,
  ): Promise<ConsoleSessionType> {
    const auth = ctx.services.auth;
    const { grant, user } = await auth.completeSignIn(ctx.em, challenge, code, {
      ip: ctx.clientIp,
      requestId: ctx.requestId,
    });
    ctx.session = { accountId: user.id, agencyId: user.agency.id };
    if (ctx.http) ctx.http.cookies = auth.sessions!.cookiesFor(grant);
    return {
      expiresAt: grant.expiresAt,
      idleMinutes: auth.sessions!.config.sessionIdleMinutes,
      account: toAccount(user),
    };
  }

  @Mutation(() => SessionType, {
    description:
      "The API's second sign-in step: the `challenge` from login's SECOND_FACTOR_REQUIRED answer and a code. Used once.",
  })
  async completeLogin(
    @Arg('challenge', () => String) challenge: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: HubContext,
  ): Promise<SessionType> {
    const r = await ctx.services.auth.completeLogin(ctx.em, challenge, code, {
      ip: ctx.clientIp,
      requestId: ctx.requestId,
    });
    ctx.session = { accountId: r.user.id, agencyId: r.user.agency.id };
    return {
      token: r.token,
      expiresAt: r.expiresAt,
      refreshToken: r.refreshToken,
      refreshExpiresAt: r.refreshExpiresAt,
      account: toAccount(r.user),
    };
  }

  @Mutation(() => SessionType, {
    description:
      'A new access token and refresh token for a refresh token from `login`. Each refresh token works once; presenting a used one ends the whole sign-in.',
  })
  async refreshSession(
    @Arg('refreshToken', () => String) refreshToken: string,
    @Ctx() ctx: HubContext,
  ): Promise<SessionType> {
    const r = await ctx.services.auth.refresh(ctx.em, refreshToken, ctx.requestId);
    ctx.session = { accountId: r.user.id, agencyId: r.user.agency.id };
    return {
      token: r.token,
      expiresAt: r.expiresAt,
      refreshToken: r.refreshToken,
      refreshExpiresAt: r.refreshExpiresAt,
      account: toAccount(r.user),
    };
  }

  @Query(() => AccountSecurityType, { description: "The caller's password and second-factor state." })
  async mySecurity(@Ctx() ctx: HubContext): Promise<AccountSecurityType> {
    return accounts(ctx).security(ctx.em, caller(ctx));
  }

  @Query(() => [ActiveSessionType], { description: "The caller's live console sessions and API sign-ins." })
  async mySessions(@Ctx() ctx: HubContext): Promise<ActiveSessionType[]> {
    return (await accounts(ctx).sessions(ctx.em, caller(ctx))).map((s) => ({ ...s, kind: SessionKind[s.kind] }));
  }

  @Mutation(() => Boolean, {
    description:
      'Changes your password (NCSC rules: at least 12 characters, not a common password). Ends your other sessions; the console stays signed in, a bearer token must log in again.',
  })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const { grant } = await accounts(ctx).changePassword(ctx.em, caller(ctx), currentPassword, newPassword);
    if (grant && ctx.http) ctx.http.cookies = ctx.services.auth.sessions!.cookiesFor(grant);
    return true;
  }

  @Mutation(() => SecondFactorEnrolmentType, {
    description: 'Starts setting up an authenticator app; confirm it with `confirmSecondFactorEnrolment`.',
  })
  async beginSecondFactorEnrolment(@Ctx() ctx: HubContext): Promise<SecondFactorEnrolmentType> {
    return accounts(ctx).beginEnrolment(ctx.em, caller(ctx));
  }

  @Mutation(() => [String], {
    description:
      'Confirms the authenticator with its first code. Answers ten single-use recovery codes, shown this once: keep them somewhere safe.',
  })
  async confirmSecondFactorEnrolment(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: HubContext,
  ): Promise<string[]> {
    return accounts(ctx).confirmEnrolment(ctx.em, caller(ctx), code);
  }

  @Mutation(() => Boolean, {
    description:
      'Removes your authenticator and recovery codes: needs your password and a code. Refused when your role or agency requires one.',
  })
  async disableSecondFactor(
    @Arg('password', () => String) password: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    await accounts(ctx).disable(ctx.em, caller(ctx), password, code);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends one of your sessions (an id from `mySessions`).' })
  async endSession(@Arg('id', () => String) id: string, @Ctx() ctx: HubContext): Promise<boolean> {
    return accounts(ctx).endSession(ctx.em, caller(ctx), id);
  }

  @Mutation(() => Boolean, {
    description: 'Ends every session and API sign-in of your account, this one included.',
  })
  async signOutEverywhere(@Ctx() ctx: HubContext): Promise<boolean> {
    await accounts(ctx).signOutEverywhere(ctx.em, caller(ctx));
    if (ctx.http && ctx.consoleSession && ctx.services.auth.sessions)
      ctx.http.cookies = ctx.services.auth.sessions.clearingCookies();
    return true;
  }
}
