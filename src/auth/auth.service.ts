import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ApiKey } from '../entities/api-key.entity.js';
import { User } from '../entities/user.entity.js';
import { apiKeyMatches, apiKeyPrefix } from './api-keys.js';
import type { ConsoleSessionGrant, ConsoleSessions } from './console-sessions.js';
import { ErrorCode, unauthenticated } from './errors.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifyPassword, hashPassword } from './password.js';
import type { Principal } from './principal.js';
import { TokenError, type TokenService } from './tokens.js';

// Verifying against a real hash when the account does not exist keeps timing uniform.
let dummyHash: Promise<string> | undefined;

/** Turns credentials into a principal. Every failure reads the same to the caller. */
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly throttle?: LoginThrottle,
    readonly sessions?: ConsoleSessions,
  ) {}

  /** Refused with RATE_LIMITED, before any password work, after too many failures for the username or the address. */
  async login(
    em: EntityManager,
    username: string,
    password: string,
    from: { ip?: string } = {},
  ): Promise<{ token: string; expiresAt: Date; user: User }> {
    const user = await this.throttled(em, username, password, from);
    const { token, expiresAt } = await this.tokens.issue({ id: user.id, agencyId: user.agency.id, roles: user.roles });
    return { token, expiresAt, user };
  }

  /** The web console's sign-in: the same checks and throttle as `login`, answered with a server-side session. */
  async signIn(
    em: EntityManager,
    username: string,
    password: string,
    from: { ip?: string } = {},
  ): Promise<{ grant: ConsoleSessionGrant; user: User }> {
    if (!this.sessions) throw new Error('console sessions are not configured');
    const user = await this.throttled(em, username, password, from);
    return { grant: await this.sessions.create(user.id), user };
  }

  private async throttled(em: EntityManager, username: string, password: string, from: { ip?: string }): Promise<User> {
    const attempt = this.throttle?.begin(username, from.ip);
    try {
      const user = await this.checkPassword(em, username, password);
      attempt?.succeeded();
      return user;
    } catch (err) {
      // Only a wrong password counts against the limit; a database failure does not.
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.UNAUTHENTICATED) attempt?.failed();
      else attempt?.abandoned();
      throw err;
    }
  }

  private async checkPassword(em: EntityManager, username: string, password: string): Promise<User> {
    const user = await em.findOne(
      User,
      { username: username.trim().toLowerCase() },
      { populate: ['agency', 'passwordHash'] },
    );
    if (!user || !user.active || !user.agency.active) {
      dummyHash ??= hashPassword('timing-equaliser-not-a-credential');
      await verifyPassword(await dummyHash, password);
      throw unauthenticated('Unknown username or wrong password.');
    }
    if (!(await verifyPassword(user.passwordHash, password)))
      throw unauthenticated('Unknown username or wrong password.');
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
    beforeLookup?: (who: { kind: 'user'; id: string } | { kind: 'apiKey'; prefix: string }) => void,
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
    beforeLookup?: (who: { kind: 'user'; id: string }) => void,
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
    beforeLookup?.({ kind: 'user', id: `session:${session.token.slice(0, 16)}` });
    const live = await this.sessions.touch(session.token);
    if (!live) return null;
    return this.principalForUser(em, live.userId, live.createdAt, 0).catch((err: unknown) => {
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.UNAUTHENTICATED) return null;
      throw err;
    });
  }

  private async fromToken(
    em: EntityManager,
    token: string,
    beforeLookup?: (who: { kind: 'user'; id: string }) => void,
  ): Promise<Principal> {
    let claims;
    try {
      claims = await this.tokens.verify(token);
    } catch (err) {
      throw unauthenticated(err instanceof TokenError ? err.message : 'The bearer token is not valid.');
    }
    beforeLookup?.({ kind: 'user', id: claims.userId });
    // A token's issue time is in whole seconds: allow for the part of a second it lost.
    return this.principalForUser(em, claims.userId, claims.issuedAt, 999);
  }

  /** Roles and agency are read fresh: a suspended account or changed role takes effect at once. */
  private async principalForUser(
    em: EntityManager,
    userId: string,
    issuedAt: Date,
    slackMs: number,
  ): Promise<Principal> {
    const user = await em.findOne(User, { id: userId }, { populate: ['agency'] });
    if (!user || !user.active || !user.agency.active)
      throw unauthenticated('The account behind this token is no longer active.');
    if (user.tokensValidAfter && issuedAt.getTime() < user.tokensValidAfter.getTime() - slackMs) {
      throw unauthenticated('This token has been revoked; log in again.');
    }
    return {
      kind: 'user',
      id: user.id,
      agencyId: user.agency.id,
      agencyCode: user.agency.code,
      roles: [...user.roles],
      scopes: [],
      label: user.username,
    };
  }

  private async fromApiKey(
    em: EntityManager,
    key: string,
    beforeLookup?: (who: { kind: 'apiKey'; prefix: string }) => void,
  ): Promise<Principal> {
    const prefix = apiKeyPrefix(key);
    if (!prefix) throw unauthenticated('The API key is not valid or has been revoked.');
    beforeLookup?.({ kind: 'apiKey', prefix });
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
