import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ApiKey } from '../entities/api-key.entity.js';
import { User } from '../entities/user.entity.js';
import { apiKeyMatches, apiKeyPrefix } from './api-keys.js';
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
  ) {}

  /** Refused with RATE_LIMITED, before any password work, after too many failures for the username or the address. */
  async login(em: EntityManager, username: string, password: string, from: { ip?: string } = {}): Promise<{ token: string; expiresAt: Date; user: User }> {
    const attempt = this.throttle?.begin(username, from.ip);
    try {
      const session = await this.checkPassword(em, username, password);
      attempt?.succeeded();
      return session;
    } catch (err) {
      // Only a wrong password counts against the limit; a database failure does not.
      if (err instanceof GraphQLError && err.extensions.code === ErrorCode.UNAUTHENTICATED) attempt?.failed();
      else attempt?.abandoned();
      throw err;
    }
  }

  private async checkPassword(em: EntityManager, username: string, password: string): Promise<{ token: string; expiresAt: Date; user: User }> {
    const user = await em.findOne(User, { username: username.trim().toLowerCase() }, { populate: ['agency', 'passwordHash'] });
    if (!user || !user.active || !user.agency.active) {
      dummyHash ??= hashPassword('timing-equaliser-not-a-credential');
      await verifyPassword(await dummyHash, password);
      throw unauthenticated('Unknown username or wrong password.');
    }
    if (!(await verifyPassword(user.passwordHash, password))) throw unauthenticated('Unknown username or wrong password.');
    const { token, expiresAt } = await this.tokens.issue({ id: user.id, agencyId: user.agency.id, roles: user.roles });
    return { token, expiresAt, user };
  }

  /**
   * Resolves the request's credentials; null when none were presented. `beforeLookup` is
   * called once the credentials have passed every check that needs no database (a
   * token's signature and expiry, a key's shape) and before the database is asked: the
   * place for rate limits, so that a flood of requests costs no database work.
   */
  async authenticate(
    em: EntityManager,
    headers: { authorization?: string; apiKey?: string },
    beforeLookup?: (who: { kind: 'user'; id: string } | { kind: 'apiKey'; prefix: string }) => void,
  ): Promise<Principal | null> {
    if (headers.authorization) {
      const m = /^Bearer\s+(\S+)$/i.exec(headers.authorization.trim());
      if (!m) throw unauthenticated('The Authorization header must be `Bearer <token>`.');
      return this.fromToken(em, m[1], beforeLookup);
    }
    if (headers.apiKey) return this.fromApiKey(em, headers.apiKey.trim(), beforeLookup);
    return null;
  }

  private async fromToken(em: EntityManager, token: string, beforeLookup?: (who: { kind: 'user'; id: string }) => void): Promise<Principal> {
    let claims;
    try {
      claims = await this.tokens.verify(token);
    } catch (err) {
      throw unauthenticated(err instanceof TokenError ? err.message : 'The bearer token is not valid.');
    }
    beforeLookup?.({ kind: 'user', id: claims.userId });
    // Roles and agency are read fresh: a suspended account or changed role takes effect at once.
    const user = await em.findOne(User, { id: claims.userId }, { populate: ['agency'] });
    if (!user || !user.active || !user.agency.active) throw unauthenticated('The account behind this token is no longer active.');
    if (user.tokensValidAfter && claims.issuedAt.getTime() < user.tokensValidAfter.getTime() - 999) {
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

  private async fromApiKey(em: EntityManager, key: string, beforeLookup?: (who: { kind: 'apiKey'; prefix: string }) => void): Promise<Principal> {
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
