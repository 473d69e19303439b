import { hkdfSync } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { Role } from '../domain/vocabulary.js';

const ISSUER = 'community-safety-hub';
const AUDIENCE = 'community-safety-hub/graphql';

export interface TokenClaims {
  userId: string;
  agencyId: string;
  roles: Role[];
  issuedAt: Date;
  /** The refresh-token family (sign-in) the token belongs to, when it came from one. */
  familyId?: string;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Signs and verifies short-lived HS256 bearer tokens for people. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlMinutes: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /**
   * A 32-byte key for one purpose (e.g. sealing authenticator secrets), derived from the
   * hub's token secret with HKDF-SHA256: one configured secret, independent keys.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, 'community-safety-hub', `hub:${purpose}`, 32));
  }

  async issue(
    user: { id: string; agencyId: string; roles: readonly Role[] },
    now = new Date(),
    familyId?: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlMinutes * 60;
    const token = await new SignJWT({
      agency: user.agencyId,
      roles: [...user.roles],
      ...(familyId ? { sid: familyId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Throws TokenError with a caller-safe message when the token is not acceptable. */
  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        // A token without an expiry would never expire: refuse it, whoever signed it.
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => Object.values(Role).includes(r as Role))
        : [];
      if (typeof payload.sub !== 'string' || typeof payload.agency !== 'string' || typeof payload.iat !== 'number') {
        throw new TokenError('The bearer token is malformed.');
      }
      if (typeof payload.exp !== 'number') throw new TokenError('The bearer token has no expiry time; log in again.');
      return {
        userId: payload.sub,
        agencyId: payload.agency,
        roles,
        issuedAt: new Date(payload.iat * 1000),
        ...(typeof payload.sid === 'string' ? { familyId: payload.sid } : {}),
      };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new TokenError('The bearer token has expired; log in again.');
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'exp')
        throw new TokenError('The bearer token has no expiry time; log in again.');
      throw new TokenError('The bearer token is not valid.');
    }
  }
}
