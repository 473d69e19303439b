import * as client from 'openid-client';
import type { Logger } from 'pino';
import { recordAdminEvent } from '../audit/audit.record.js';
import type { Principal } from '../auth/principal.js';
import type { Services } from '../context.js';
import { IdentityProvider } from '../entities/identity-provider.entity.js';
import type { User } from '../entities/user.entity.js';
import { accountFor, sha256 } from './oidc-accounts.js';
import { readSecret, SecretUnavailable } from './secrets.js';
import { SignInFailure, type SignInMode } from './sign-in-failure.js';

/** A pending sign-in lasts this long between its start and the provider's answer. */
export const SIGN_IN_TTL_MS = 10 * 60_000;

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

interface CachedConfiguration {
  /** The provider row's updatedAt when discovered: any change discards it. */
  version: number;
  config: Promise<client.Configuration>;
}

/** Counters of requests made to providers (the benchmark and the tests read them). */
export interface ProviderTraffic {
  discovery: number;
  token: number;
  jwks: number;
  other: number;
}

/**
 * Sign-in through agencies' OpenID Connect providers, with openid-client: authorization
 * code flow with PKCE, state and nonce; the ID token's signature (against the provider's
 * published keys), issuer, audience, expiry and nonce are all checked by the library.
 * One Configuration per provider is kept in memory, so discovery and the provider's keys
 * (JWKS) are fetched once and reused; an unknown key id makes the library fetch the keys
 * again, and a failed key selection drops the Configuration so that the next sign-in
 * discovers afresh.
 */
export class OidcSignIn {
  private readonly configs = new Map<string, CachedConfiguration>();
  readonly traffic: ProviderTraffic = { discovery: 0, token: 0, jwks: 0, other: 0 };

  constructor(
    private readonly services: Services,
    private readonly opts: { env?: NodeJS.ProcessEnv; timeoutSeconds?: number } = {},
  ) {}

  /** Drops a provider's cached Configuration (after a change, or a key it cannot find). */
  forget(providerId: string): void {
    this.configs.delete(providerId);
  }

  private countingFetch: client.CustomFetch = (url, options) => {
    const u = new URL(url);
    if (u.pathname.endsWith('/.well-known/openid-configuration')) this.traffic.discovery++;
    else if (options.method === 'POST' && /token/.test(u.pathname)) this.traffic.token++;
    else if (/jwks|keys|certs/.test(u.pathname)) this.traffic.jwks++;
    else this.traffic.other++;
    return fetch(url, options as RequestInit);
  };

  async configuration(p: IdentityProvider): Promise<client.Configuration> {
    const version = p.updatedAt.getTime();
    const cached = this.configs.get(p.id);
    if (cached && cached.version === version) return cached.config;
    const config = (async () => {
      let secret: string | undefined;
      if (p.clientSecretRef) {
        try {
          secret = await readSecret(p.clientSecretRef, this.opts.env);
        } catch (err) {
          if (err instanceof SecretUnavailable) throw new SignInFailure('PROVIDER_UNAVAILABLE', err.message, p);
          throw err;
        }
      }
      const insecure = LOOPBACK.test(`${p.issuer}/`);
      try {
        return await client.discovery(
          new URL(p.issuer),
          p.clientId,
          secret ? { client_secret: secret } : undefined,
          // HTTP Basic: every provider accepts it (Okta's default; Entra ID, Google and ADFS too).
          secret ? client.ClientSecretBasic(secret) : client.None(),
          {
            [client.customFetch]: this.countingFetch,
            timeout: this.opts.timeoutSeconds ?? 10,
            // Check the ID token's signature against the provider's published keys
            // (not only TLS to the token endpoint); http is allowed for loopback issuers only.
            execute: insecure
              ? [client.allowInsecureRequests, client.enableNonRepudiationChecks]
              : [client.enableNonRepudiationChecks],
          },
        );
      } catch (err) {
        throw new SignInFailure('PROVIDER_UNAVAILABLE', `discovery failed: ${describe(err)}`, p);
      }
    })();
    this.configs.set(p.id, { version, config });
    // A failed discovery is not kept: the next sign-in tries again.
    config.catch(() => {
      if (this.configs.get(p.id)?.config === config) this.configs.delete(p.id);
    });
    return config;
  }

  /** The redirect URI registered at every provider: `<public address>/auth/oidc/callback`. */
  static redirectUri(base: string): string {
    return `${base.replace(/\/$/, '')}/auth/oidc/callback`;
  }

  /**
   * Begins a sign-in: stores what the callback must check (the PKCE verifier, the nonce,
   * a hash of the state and of the browser's binding cookie) and answers the provider's
   * authorization address.
   */
  async start(
    providerName: string,
    opts: { base: string; mode: SignInMode; browserBinding: string },
  ): Promise<{ redirectTo: URL; provider: IdentityProvider }> {
    const em = this.services.orm.em.fork();
    const p = await em.findOne(IdentityProvider, { name: providerName.toLowerCase() }, { populate: ['agency'] });
    if (!p || !p.enabled || !p.agency.active) throw new SignInFailure('UNKNOWN_PROVIDER', 'no such enabled provider');
    const config = await this.configuration(p);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const redirectUri = OidcSignIn.redirectUri(opts.base);
    await this.services.pool.query(
      `insert into identity_sign_in (state_hash, provider_id, browser_hash, code_verifier, nonce, redirect_uri, mode, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
      [
        sha256(state),
        p.id,
        sha256(opts.browserBinding),
        verifier,
        nonce,
        redirectUri,
        opts.mode,
        SIGN_IN_TTL_MS / 1000,
      ],
    );
    // Pending sign-ins that were never finished are swept as new ones begin.
    await this.services.pool.query(`delete from identity_sign_in where expires_at < now()`);
    const scope = ['openid', 'profile', 'email'].join(' ');
    const redirectTo = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { redirectTo, provider: p };
  }

  /**
   * Completes a sign-in from the provider's answer (the callback address as the browser
   * requested it). The pending sign-in is taken once, whichever hub process the answer
   * reaches; then one request to the provider's token endpoint, whose ID token the library
   * validates; then the person is mapped to an account of the provider's own agency.
   */
  async complete(
    callbackUrl: URL,
    browserBinding: string | undefined,
    meta: { requestId?: string } = {},
  ): Promise<{ user: User; principal: Principal; mode: SignInMode; provider: IdentityProvider }> {
    const state = callbackUrl.searchParams.get('state');
    if (!state) throw new SignInFailure('STATE_MISMATCH', 'no state in the answer');
    const { rows } = await this.services.pool.query<{
      provider_id: string;
      browser_hash: string | null;
      code_verifier: string;
      nonce: string;
      redirect_uri: string;
      mode: SignInMode;
      live: boolean;
    }>(
      `delete from identity_sign_in where state_hash = $1
       returning provider_id, browser_hash, code_verifier, nonce, redirect_uri, mode, expires_at > now() as live`,
      [sha256(state)],
    );
    const pending = rows[0];
    if (!pending) throw new SignInFailure('STATE_MISMATCH', 'unknown or already used state');
    try {
      const em = this.services.orm.em.fork();
      const p = await em.findOne(IdentityProvider, { id: pending.provider_id }, { populate: ['agency'] });
      if (!p || !p.enabled || !p.agency.active) throw new SignInFailure('UNKNOWN_PROVIDER', 'provider disabled');
      if (!pending.live) throw new SignInFailure('STATE_MISMATCH', 'the pending sign-in expired', p);
      if (!browserBinding || pending.browser_hash !== sha256(browserBinding))
        throw new SignInFailure('STATE_MISMATCH', 'answer reached a different browser', p);
      const config = await this.configuration(p);
      // The answer as the provider addressed it: the registered redirect URI and its query.
      const current = new URL(pending.redirect_uri);
      current.search = callbackUrl.search;
      let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.code_verifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        throw this.grantFailure(err, p);
      }
      const claims = tokens.claims();
      if (!claims?.sub) throw new SignInFailure('TOKEN_INVALID', 'no subject in the ID token', p);
      const { user, principal } = await accountFor(em, p, claims as Record<string, unknown> & { sub: string }, {
        requestId: meta.requestId,
        mode: pending.mode,
      });
      return { user, principal, mode: pending.mode, provider: p };
    } catch (err) {
      if (err instanceof SignInFailure) err.mode = pending.mode;
      throw err;
    }
  }

  private grantFailure(err: unknown, p: IdentityProvider): SignInFailure {
    if (err instanceof SignInFailure) return err;
    if (err instanceof client.AuthorizationResponseError)
      return new SignInFailure('PROVIDER_REFUSED', `authorization error ${err.error}`, p);
    if (err instanceof client.ResponseBodyError)
      return new SignInFailure('PROVIDER_REFUSED', `token endpoint error ${err.error}`, p);
    const e = err as { code?: string; name?: string; message?: string; cause?: unknown };
    if (e.code === 'OAUTH_KEY_SELECTION_FAILED' || /verification key/i.test(e.message ?? '')) {
      // Keys rotated faster than the library re-fetches them: discover afresh next time.
      this.forget(p.id);
      return new SignInFailure('TOKEN_INVALID', 'no matching signing key', p);
    }
    if (
      e.name === 'TypeError' ||
      e.name === 'TimeoutError' ||
      e.name === 'AbortError' ||
      /fetch failed/i.test(e.message ?? '')
    )
      return new SignInFailure('PROVIDER_UNAVAILABLE', `token request failed: ${describe(err)}`, p);
    return new SignInFailure('TOKEN_INVALID', describe(err), p);
  }

  /** Records a failed sign-in: the reason code and the provider, never a token or a claim's value. */
  async recordFailure(failure: SignInFailure, meta: { requestId?: string; log?: Logger }): Promise<void> {
    meta.log?.warn(
      { reason: failure.reason, detail: failure.detail, provider: failure.provider?.name },
      'sign-in through an identity provider failed',
    );
    await recordAdminEvent(this.services.audit, {
      actor: null,
      action: 'identity.sign_in',
      entityType: 'IdentityProvider',
      entityId: failure.provider?.id ?? '-',
      outcome: 'REFUSED',
      after: {
        identityProvider: failure.provider?.name ?? null,
        reason: failure.reason,
        detail: failure.detail ?? null,
      },
      agencies: failure.provider ? [failure.provider.agency.id] : [],
      requestId: meta.requestId,
    });
  }
}

/** An error's class and message, cut short: for the log and the audit trail (openid-client's messages carry no token). */
function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? ` (${cause.message})` : '';
    return `${err.name}: ${err.message}${why}`.slice(0, 300);
  }
  return String(err).slice(0, 300);
}
