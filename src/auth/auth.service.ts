import { userPrincipal } from './principal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import {
  auditAccount,
  challengeFailed,
  challengeOwner,
  consumeChallenge,
  DEFAULT_ACCOUNT_RULES,
  familyLive,
  issueTokenPair,
  pendingSteps,
  refreshTokenPair,
  secondFactorChallenge,
  selfActor,
  SIGN_IN_ACTOR,
  useSecondFactor,
  type AccountRules,
  type Door,
  type TokenPair,
} from '../accounts/local-accounts.js';
import { ApiKey } from '../entities/api-key.entity.js';
import { User } from '../entities/user.entity.js';
import { apiKeyMatches, apiKeyPrefix } from './api-keys.js';
import type { ConsoleSessionGrant, ConsoleSessions } from './console-sessions.js';
import { ErrorCode, unauthenticated } from './errors.js';
import type { LoginGate } from './login-throttle.js';
import { verifyPassword, hashPassword } from './password.js';
import type { Principal } from './principal.js';
import { TokenError, type TokenService } from './tokens.js';

/**
 * Now, or the account's `tokensValidAfter` when that is (at most a second) later: a
 * sign-in straight after a password change or sign-out everywhere must not be born revoked.
 */
function notBeforeValid(user: User): Date {
  return new Date(Math.max(Date.now(), user.tokensValidAfter?.getTime() ?? 0));
}

// Verifying against a real hash when the account does not exist keeps timing uniform.
let dummyHash: Promise<string> | undefined;

/** Turns credentials into a principal. Every failure reads the same to the caller. */
export class AuthService {
  constructor(
    readonly tokens: TokenService,
    readonly throttle?: LoginGate,
    readonly sessions?: ConsoleSessions,
    readonly rules: AccountRules = DEFAULT_ACCOUNT_RULES,
  ) {}

  /** The key that seals authenticator secrets and hashes recovery codes (derived from the token secret). */
  get factorKey(): Buffer {
    return (this.#factorKey ??= this.tokens.deriveKey('second-factor'));
  }
  #factorKey?: Buffer;

  /**
   * Refused with RATE_LIMITED, before any password work, after too many failures for the
   * username or the address. An account with an authenticator gets a second-factor
   * challenge (an UNAUTHENTICATED error with `extensions.challenge`) instead of tokens.
   */
  async login(
    em: EntityManager,
    username: string,
    password: string,
    from: { ip?: string; requestId?: string } = {},
  ): Promise<TokenPair & { user: User }> {
    const user = await this.throttled(em, username, password, from);
    if (user.totpEnabledAt) throw await secondFactorChallenge(em, user.id, 'TOKEN');
    return this.issuePair(em, user, 'PASSWORD', from.requestId);
  }

  /** The web console's sign-in: the same checks and throttle as `login`, answered with a server-side session. */
  async signIn(
    em: EntityManager,
    username: string,
    password: string,
    from: { ip?: string; requestId?: string } = {},
  ): Promise<{ grant: ConsoleSessionGrant; user: User }> {
    if (!this.sessions) throw new Error('console sessions are not configured');
    const user = await this.throttled(em, username, password, from);
    if (user.totpEnabledAt) throw await secondFactorChallenge(em, user.id, 'CONSOLE');
    return this.openConsoleSession(em, user, 'PASSWORD', from.requestId);
  }

  /** The second step of `signIn`: the challenge and a code from the authenticator (or a recovery code). */
  async completeSignIn(
    em: EntityManager,
    challenge: string,
    code: string,
    from: { ip?: string; requestId?: string } = {},
  ): Promise<{ grant: ConsoleSessionGrant; user: User }> {
    if (!this.sessions) throw new Error('console sessions are not configured');
    const { user, method } = await this.secondStep(em, challenge, code, 'CONSOLE', from);
    return this.openConsoleSession(em, user, method, from.requestId);
  }

  /** The second step of `login`. */
  async completeLogin(
    em: EntityManager,
    challenge: string,
    code: string,
    from: { ip?: string; requestId?: string } = {},
  ): Promise<TokenPair & { user: User }> {
    const { user, method } = await this.secondStep(em, challenge, code, 'TOKEN', from);
    return this.issuePair(em, user, method, from.requestId);
  }

  /** A new access token and refresh token for a refresh token, which is used up (rotation; reuse revokes the sign-in). */
  async refresh(em: EntityManager, refreshToken: string, requestId?: string): Promise<TokenPair & { user: User }> {
    const { pair, user } = await refreshTokenPair(
      em,
      this.tokens,
      refreshToken,
      (id) => em.findOne(User, { id }, { populate: ['agency'] }),
      requestId,
    );
    return { ...pair, user };
  }

  private async issuePair(em: EntityManager, user: User, method: string, requestId?: string) {
    const pair = await issueTokenPair(em, this.tokens, user, this.rules, notBeforeValid(user));
    await auditAccount(
      em,
      selfActor(user),
      'account.sign_in',
      user,
      { door: 'TOKEN', method, sessionId: pair.familyId },
      requestId,
    );
    return { ...pair, user };
  }

  private async openConsoleSession(em: EntityManager, user: User, method: string, requestId?: string) {
    const grant = await this.sessions!.create(user.id, notBeforeValid(user));
    await auditAccount(em, selfActor(user), 'account.sign_in', user, { door: 'CONSOLE', method }, requestId);
    return { grant, user };
  }

  private async secondStep(
    em: EntityManager,
    challenge: string,
    code: string,
    door: Door,
    from: { ip?: string; requestId?: string },
  ): Promise<{ user: User; method: 'TOTP' | 'RECOVERY_CODE' }> {
    const userId = await challengeOwner(em, challenge, door);
    const user = await em.findOne(User, { id: userId }, { populate: ['agency'] });
    if (!user || !user.active || !user.agency.active) throw unauthenticated('Unknown username or wrong password.');
    // Codes are throttled like passwords, per account and per address.
    const attempt = await this.throttle?.begin(`second-factor:${user.id}`, from.ip);
    let method: 'TOTP' | 'RECOVERY_CODE' | null;
    try {
      method = await useSecondFactor(em, this.factorKey, user.id, code);
    } catch (err) {
      await attempt?.abandoned();
      throw err;
    }
    if (!method) {
      await attempt?.failed();
      await challengeFailed(em, challenge);
      await auditAccount(
        em,
        SIGN_IN_ACTOR,
        'account.sign_in_failed',
        user,
        { door, reason: 'WRONG_SECOND_FACTOR' },
        from.requestId,
      );
      throw unauthenticated(
        'That code is not right, or was already used. Enter the current code from your authenticator app, or a recovery code.',
      );
    }
    await attempt?.succeeded();
    if (!(await consumeChallenge(em, challenge)))
      throw unauthenticated('This sign-in was already completed: sign in again with your password.');
    if (method === 'RECOVERY_CODE') {
      const [{ left }] = await em
        .getConnection()
        .execute<{ left: number }[]>(
          `select count(*)::int as left from recovery_code where user_id = ? and used_at is null`,
          [user.id],
        );
      await auditAccount(
        em,
        selfActor(user),
        'account.recovery_code_used',
        user,
        { recoveryCodesLeft: left },
        from.requestId,
      );
    }
    return { user, method };
  }

  private async throttled(
    em: EntityManager,
    username: string,
    password: string,
    from: { ip?: string; requestId?: string },
  ): Promise<User> {
    const attempt = await this.throttle?.begin(username, from.ip);
    try {
      const user = await this.checkPassword(em, username, password, from.requestId);
      await attempt?.succeeded();
      return user;
    } catch (err) {
      // Only a wrong password counts against the limit; a database failure does not.
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.UNAUTHENTICATED) await attempt?.failed();
      else await attempt?.abandoned();
      throw err;
    }
  }

  /**
   * A failure is audited against the account when the username names one; otherwise with
   * no name at all (what was typed as a username is sometimes a password).
   */
  async checkPassword(em: EntityManager, username: string, password: string, requestId?: string): Promise<User> {
    const user = await em.findOne(
      User,
      { username: username.trim().toLowerCase() },
      { populate: ['agency', 'passwordHash'] },
    );
    if (!user || !user.active || !user.agency.active) {
      dummyHash ??= hashPassword('timing-equaliser-not-a-credential');
      await verifyPassword(await dummyHash, password);
      if (user)
        await auditAccount(em, SIGN_IN_ACTOR, 'account.sign_in_failed', user, { reason: 'INACTIVE' }, requestId);
      else
        await auditAccount(
          em,
          SIGN_IN_ACTOR,
          'account.sign_in_failed',
          null,
          {
            reason: 'UNKNOWN_ACCOUNT',
          },
          requestId,
        );
      throw unauthenticated('Unknown username or wrong password.');
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await auditAccount(em, SIGN_IN_ACTOR, 'account.sign_in_failed', user, { reason: 'WRONG_PASSWORD' }, requestId);
      throw unauthenticated('Unknown username or wrong password.');
    }
    return user;
  }

  /**
   * Resolves the request's credentials; null when none were presented. `beforeLookup` is
   * called once the credentials have passed every check that needs no database (a
   * token's signature and expiry, a key's shape) and before the database is asked: the
   * place for rate limits, so that a flood of requests costs no database work.
   */
  async authenticate(
    em: EntityManager,
    headers: { authorization?: string; apiKey?: string; session?: { token: string; csrf?: string } },
    beforeLookup?: (who: { kind: 'user'; id: string } | { kind: 'apiKey'; prefix: string }) => void | Promise<void>,
  ): Promise<Principal | null> {
    if (headers.authorization) {
      const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization.trim());
      if (!m) throw unauthenticated('The Authorization header must be `Bearer <token>`.');
      return this.fromToken(em, m[1], beforeLookup);
    }
    if (headers.apiKey) return this.fromApiKey(em, headers.apiKey.trim(), beforeLookup);
    if (headers.session) return this.fromSession(em, headers.session, beforeLookup);
    return null;
  }

  /**
   * A console session cookie. Its CSRF token must come with it (checked before the
   * database is asked). A session that has ended reads as no credentials at all
   * (null), so that signing in again is never blocked by a stale cookie; guarded fields
   * then answer UNAUTHENTICATED as for any anonymous caller.
   */
  private async fromSession(
    em: EntityManager,
    session: { token: string; csrf?: string },
    beforeLookup?: (who: { kind: 'user'; id: string }) => void | Promise<void>,
  ): Promise<Principal | null> {
    if (!this.sessions) return null;
    if (!this.sessions.csrfMatches(session.token, session.csrf)) {
      throw new GraphQLError(
        'The console request is missing its CSRF token (X-CSRF-Token), or it does not match the session: reload the page.',
        {
          extensions: { code: ErrorCode.FORBIDDEN, reason: 'CSRF', http: { status: 403 } },
        },
      );
    }
    await beforeLookup?.({ kind: 'user', id: `session:${session.token.slice(0, 16)}` });
    const live = await this.sessions.touch(session.token);
    if (!live) return null;
    return this.principalForUser(em, live.userId, live.createdAt, 0, undefined).catch((err: unknown) => {
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.UNAUTHENTICATED) return null;
      throw err;
    });
  }

  private async fromToken(
    em: EntityManager,
    token: string,
    beforeLookup?: (who: { kind: 'user'; id: string }) => void | Promise<void>,
  ): Promise<Principal> {
    let claims;
    try {
      claims = await this.tokens.verify(token);
    } catch (err) {
      throw unauthenticated(err instanceof TokenError ? err.message : 'The bearer token is not valid.');
    }
    await beforeLookup?.({ kind: 'user', id: claims.userId });
    // A token's issue time is in whole seconds: allow for the part of a second it lost.
    return this.principalForUser(em, claims.userId, claims.issuedAt, 999, claims.familyId);
  }

  /** Roles and agency are read fresh: a suspended account or changed role takes effect at once. */
  private async principalForUser(
    em: EntityManager,
    userId: string,
    issuedAt: Date,
    slackMs: number,
    familyId: string | undefined,
  ): Promise<Principal> {
    const user = await em.findOne(User, { id: userId }, { populate: ['agency'] });
    if (!user || !user.active || !user.agency.active)
      throw unauthenticated('The account behind this token is no longer active.');
    if (user.tokensValidAfter && issuedAt.getTime() < user.tokensValidAfter.getTime() - slackMs) {
      throw unauthenticated('This token has been revoked; log in again.');
    }
    // A token from a sign-in that has been ended (one session signed out, a reused refresh token).
    if (familyId && !(await familyLive(em, familyId)))
      throw unauthenticated('This token has been revoked; log in again.');
    const pending = await pendingSteps(em, user, this.rules);
    return {
      ...(pending.length ? { pending } : {}),
      ...(familyId ? { sessionId: familyId } : {}),
      ...userPrincipal(user),
    };
  }

  private async fromApiKey(
    em: EntityManager,
    key: string,
    beforeLookup?: (who: { kind: 'apiKey'; prefix: string }) => void | Promise<void>,
  ): Promise<Principal> {
    const prefix = apiKeyPrefix(key);
    if (!prefix) throw unauthenticated('The API key is not valid or has been revoked.');
    await beforeLookup?.({ kind: 'apiKey', prefix });
    const row = await em.findOne(ApiKey, { prefix }, { populate: ['agency'] });
    if (!row || row.revokedAt || !row.agency.active || !apiKeyMatches(key, row.secretHash)) {
      throw unauthenticated('The API key is not valid or has been revoked.');
    }
    await em.nativeUpdate(ApiKey, { id: row.id }, { lastUsedAt: new Date() });
    return {
      kind: 'apiKey',
      id: row.id,
      agencyId: row.agency.id,
      agencyCode: row.agency.code,
      roles: [],
      scopes: [...row.scopes],
      label: row.prefix,
    };
  }
}
