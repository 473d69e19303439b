import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAdminEvent } from '../audit/audit.record.js';
import type { AuditActor } from '../audit/audit-actor.js';
import type { Principal } from '../auth/principal.js';
import type { Services } from '../context.js';
import { Role } from '../domain/vocabulary.js';
import { IdentityProvider } from '../entities/identity-provider.entity.js';
import { User } from '../entities/user.entity.js';
import { readSecret, SecretUnavailable } from './secrets.js';

/** A pending sign-in lasts this long between its start and the provider's answer. */
export const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * Why a sign-in through a provider failed: recorded in the audit trail, and shown on the
 * sign-in page as a message that names no account and echoes nothing the provider sent.
 */
export const FAILURE_REASONS = {
  UNKNOWN_PROVIDER: 'That sign-in option is not available. Choose another, or sign in with your hub password.',
  PROVIDER_UNAVAILABLE:
    "Your organisation's sign-in service could not be reached. Try again in a few minutes, or sign in with your hub password.",
  STATE_MISMATCH:
    'The sign-in could not be completed: it took longer than 10 minutes, was already used, or was started in another browser. Start again.',
  PROVIDER_REFUSED: "Your organisation's sign-in service did not complete the sign-in. Start again.",
  TOKEN_INVALID:
    "Your organisation's sign-in service answered in a way the hub cannot trust, so you were not signed in. Tell your administrator.",
  GROUP_OVERAGE:
    'You belong to too many groups for your organisation to list them in the sign-in. Your IT team must use app roles or group filtering for the hub (see docs/identity.md).',
  NO_MAPPED_ROLE:
    "Your organisation's directory does not give you a role in the hub. Ask your IT team or the hub administrator of your agency.",
  NO_ACCOUNT:
    'You do not have an account in the hub yet. Ask the hub administrator of your agency to create and link one.',
  CLAIM_MISMATCH:
    'Your account is not one of the organisation this sign-in option is for. Choose the option of your own organisation.',
  OTHER_AGENCY:
    'Your sign-in could not be matched to an account of your agency. Ask the hub administrator of your agency.',
  ACCOUNT_INACTIVE: 'Your account or your agency is suspended. Ask the hub administrator of your agency.',
  OVERSIGHT_UNCHECKED:
    "Accounts with the partnership's oversight roles (ADMIN, AUDITOR) sign in through this provider only once a partnership administrator has checked it. Ask them, or sign in with your hub password.",
} as const;
export type FailureReason = keyof typeof FAILURE_REASONS;

/**
 * An account holding ADMIN or AUDITOR is reached only through a provider a partnership
 * administrator registered or last changed: an agency administrator's own provider (an
 * issuer it controls, linking by username) must not open accounts it could not manage.
 */
function refuseUncheckedOversight(p: IdentityProvider, user: User): void {
  if (p.checkedByPartnership) return;
  const oversight = user.roles.filter((r) => r === Role.ADMIN || r === Role.AUDITOR);
  if (oversight.length)
    throw new SignInFailure(
      'OVERSIGHT_UNCHECKED',
      `the account holds ${oversight.join(', ')} and the provider was last changed by an agency administrator`,
      p,
    );
}

export class SignInFailure extends Error {
  /** How the sign-in was to end, once known (the callback learns it from the pending sign-in). */
  mode?: SignInMode;

  constructor(
    readonly reason: FailureReason,
    /** For the log and the audit trail: short, and never a token or a claim's value. */
    readonly detail?: string,
    readonly provider?: IdentityProvider,
  ) {
    super(`${reason}${detail ? `: ${detail}` : ''}`);
  }
}

/** `console`: ends in a console session cookie. `token`: ends in a hub bearer token for an API client. */
export type SignInMode = 'console' | 'token';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
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
      const { user, principal } = await this.accountFor(em, p, claims as Record<string, unknown> & { sub: string }, {
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

  /** Maps a validated person to an account of the provider's agency, creating the link (or the account) as the provider allows. */
  private async accountFor(
    em: EntityManager,
    p: IdentityProvider,
    claims: Record<string, unknown> & { sub: string },
    meta: { requestId?: string; mode: SignInMode },
  ): Promise<{ user: User; principal: Principal }> {
    for (const r of p.requiredClaims) {
      const v = claims[r.claim];
      if (!(v === r.value || (Array.isArray(v) && v.map(String).includes(r.value))))
        throw new SignInFailure('CLAIM_MISMATCH', `the ${r.claim} claim does not have the required value`, p);
    }
    const names = claims._claim_names as Record<string, unknown> | undefined;
    if ((names && typeof names === 'object' && p.groupsClaim in names) || claims.hasgroups === true)
      throw new SignInFailure('GROUP_OVERAGE', `the ${p.groupsClaim} claim was left out (group overage)`, p);
    const raw = claims[p.groupsClaim];
    const groups = new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : []);
    const vouched = new Set<Role>(p.roleMappings.filter((m) => groups.has(m.value)).flatMap((m) => m.roles));
    if (p.roleMappings.length && !vouched.size)
      throw new SignInFailure('NO_MAPPED_ROLE', 'no group or app role of the person is mapped', p);

    const system: AuditActor = { kind: 'system', label: `identity-provider:${p.name}` };
    return em.transactional(async (tem) => {
      const conn = tem.getConnection();
      const trx = tem.getTransactionContext();
      const linked = await conn.execute<{ user_id: string }[]>(
        'select user_id from identity_link where provider_id = ? and subject = ? for update',
        [p.id, claims.sub],
        'all',
        trx,
      );
      let user: User | null = null;
      let linkCreated = false;
      let accountCreated = false;
      if (linked[0]) {
        user = await tem.findOne(User, { id: linked[0].user_id }, { populate: ['agency'] });
      } else {
        const claimed =
          typeof claims[p.usernameClaim] === 'string' ? String(claims[p.usernameClaim]).trim().toLowerCase() : '';
        const existing = claimed ? await tem.findOne(User, { username: claimed }, { populate: ['agency'] }) : null;
        if (existing && existing.agency.id !== p.agency.id)
          throw new SignInFailure('OTHER_AGENCY', "the username claim names another agency's account", p);
        if (existing && p.linkByUsername) {
          refuseUncheckedOversight(p, existing);
          user = existing;
        } else if (!existing && p.autoProvision) {
          const username = USERNAME.test(claimed)
            ? claimed
            : `${p.name}.${sha256(`${p.id}:${claims.sub}`).slice(0, 12)}`;
          const display =
            typeof claims[p.displayNameClaim] === 'string' ? String(claims[p.displayNameClaim]).trim() : '';
          user = new User();
          user.agency = p.agency;
          user.username = username;
          user.displayName = (display || username).slice(0, 200);
          // No password: this account signs in through its provider only (verifying any password against this fails).
          user.passwordHash = `!identity-provider:${p.name}`;
          user.roles = [];
          tem.persist(user);
          await tem.flush();
          accountCreated = true;
          await recordAdminEvent(tem, {
            actor: system,
            action: 'account.provision',
            entityType: 'Account',
            entityId: user.id,
            after: {
              username: user.username,
              agencyId: p.agency.id,
              roles: [],
              provider: null,
              identityProvider: p.name,
            },
            agencies: [p.agency.id],
            requestId: meta.requestId,
          });
        } else {
          throw new SignInFailure(
            'NO_ACCOUNT',
            existing ? 'an account of that name exists but is not linked' : 'no linked account',
            p,
          );
        }
        // The database refuses a link whose account is of another agency (composite keys).
        await conn.execute(
          'insert into identity_link (id, provider_id, agency_id, user_id, subject) values (gen_random_uuid(), ?, ?, ?, ?)',
          [p.id, p.agency.id, user.id, claims.sub],
          'all',
          trx,
        );
        linkCreated = true;
        await recordAdminEvent(tem, {
          actor: system,
          action: 'identity_link.create',
          entityType: 'Account',
          entityId: user.id,
          after: {
            identityProvider: p.name,
            // The subject is the provider's identifier for the person: recorded as a hash.
            subjectHash: sha256(`${p.id}:${claims.sub}`).slice(0, 16),
            agencyId: p.agency.id,
            byUsername: !accountCreated,
          },
          agencies: [p.agency.id],
          requestId: meta.requestId,
        });
      }
      if (!user || user.agency.id !== p.agency.id)
        throw new SignInFailure('OTHER_AGENCY', 'linked account is not of the provider agency', p);
      refuseUncheckedOversight(p, user);
      if (!user.active || !user.agency.active)
        throw new SignInFailure('ACCOUNT_INACTIVE', 'account or agency inactive', p);
      // The provider vouches for at most these roles: any other the account holds is withdrawn.
      let rolesWithdrawn: Role[] = [];
      if (p.roleMappings.length) {
        rolesWithdrawn = user.roles.filter((r) => !vouched.has(r));
        if (rolesWithdrawn.length) {
          const before = [...user.roles];
          user.roles = user.roles.filter((r) => vouched.has(r));
          user.tokensValidAfter = new Date();
          await tem.flush();
          await recordAdminEvent(tem, {
            actor: system,
            action: 'account.set_roles',
            entityType: 'Account',
            entityId: user.id,
            before: { roles: before },
            after: { roles: [...user.roles], reason: 'not vouched for by the identity provider' },
            agencies: [p.agency.id],
            requestId: meta.requestId,
          });
        }
      }
      await conn.execute(
        'update identity_link set last_sign_in_at = now() where provider_id = ? and subject = ?',
        [p.id, claims.sub],
        'all',
        trx,
      );
      const principal: Principal = {
        kind: 'user',
        id: user.id,
        agencyId: p.agency.id,
        agencyCode: p.agency.code,
        roles: [...user.roles],
        scopes: [],
        label: user.username,
      };
      await recordAdminEvent(tem, {
        actor: principal,
        action: 'identity.sign_in',
        entityType: 'IdentityProvider',
        entityId: p.id,
        after: { identityProvider: p.name, mode: meta.mode, linkCreated, accountCreated, rolesWithdrawn },
        agencies: [p.agency.id],
        requestId: meta.requestId,
      });
      return { user, principal };
    });
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

const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,119}$/;

/** An error's class and message, cut short: for the log and the audit trail (openid-client's messages carry no token). */
function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? ` (${cause.message})` : '';
    return `${err.name}: ${err.message}${why}`.slice(0, 300);
  }
  return String(err).slice(0, 300);
}
