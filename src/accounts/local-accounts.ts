import { userPrincipal } from '../auth/principal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, unauthenticated } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import type { TokenService } from '../auth/tokens.js';
import { Role } from '../domain/vocabulary.js';
import type { User } from '../entities/user.entity.js';
import type { Actor } from '../auth/actor.js';
import { recordChange } from '../admin/admin-audit.js';
import { hashRecoveryCode, normaliseRecoveryCode, open, totpStep, CODE_SHAPE } from './second-factor.js';
import { SignInStep } from '../domain/api-enums.js';
import type { AdminAction } from '../audit/audit-event.js';

/**
 * Local accounts' sign-in rules: which steps an account still owes before it may do
 * anything else (a password change an administrator required, an authenticator its role
 * or agency requires), the short-lived challenge between a password and its second
 * factor, and the refresh-token families behind API sign-ins.
 */

export interface AccountRules {
  /** ADMIN, LIAISON_OFFICER and AGENCY_ADMIN must use a second factor (on by default in production). */
  requireSecondFactorForStaff: boolean;
  /** How long an API sign-in can be kept alive by refreshing, from the password (hours). */
  refreshTtlHours: number;
}

export const DEFAULT_ACCOUNT_RULES: AccountRules = { requireSecondFactorForStaff: false, refreshTtlHours: 12 };

/** Roles that hold the partnership's or an agency's keys: a second factor is required of them in production. */
export const STAFF_ROLES: readonly Role[] = [Role.ADMIN, Role.LIAISON_OFFICER, Role.AGENCY_ADMIN];

/** Between a password and its code: five minutes, five wrong codes. */
export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_MAX_FAILURES = 5;

export type Door = 'CONSOLE' | 'TOKEN';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function sql<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return em.getConnection().execute<T[]>(text, params, 'all', em.getTransactionContext());
}

/** The principal a person acts as on their own account (self-service changes, sign-in events). */
export function selfActor(user: User): Principal {
  return userPrincipal(user);
}

/** Who records a sign-in that names no known account. */
export const SIGN_IN_ACTOR: Actor = { kind: 'system', label: 'sign-in' };

/** One event on an account's security (sign-in, factor, password, sessions). Never a secret in `after`. */
export async function auditAccount(
  em: EntityManager,
  actor: Actor,
  action: AdminAction,
  /** The account, or null for a sign-in that named no account (recorded with no name at all). */
  user: (Pick<User, 'id'> & { agency: { id: string } }) | null,
  after: Record<string, unknown> = {},
  requestId?: string,
): Promise<void> {
  await recordChange(em, {
    actor,
    action,
    entity: 'Account',
    entityId: user?.id ?? 'unknown',
    before: null,
    after: user ? { agencyId: user.agency.id, ...after } : after,
    requestId,
  });
}

export function secondFactorRequired(user: User, rules: AccountRules): boolean {
  if (user.agency.requireSecondFactor) return true;
  return rules.requireSecondFactorForStaff && user.roles.some((r) => STAFF_ROLES.includes(r));
}

/**
 * The steps the account owes before anything else. A person linked to their agency's own
 * identity provider proves a second factor there, so the hub's own is not demanded of them.
 */
export async function pendingSteps(em: EntityManager, user: User, rules: AccountRules): Promise<SignInStep[]> {
  const steps: SignInStep[] = [];
  if (user.mustChangePassword) steps.push(SignInStep.CHANGE_PASSWORD);
  if (!user.totpEnabledAt && secondFactorRequired(user, rules)) {
    const [{ linked }] = await sql<{ linked: boolean }>(
      em,
      `select exists(select 1 from identity_link where user_id = ?) as linked`,
      [user.id],
    );
    if (!linked) steps.push(SignInStep.ENROL_SECOND_FACTOR);
  }
  return steps;
}

// ---------------------------------------------------------------------------- challenges

/**
 * The answer to a right password on an account with an authenticator: not a session, but
 * a single-use challenge to send back with the code (`completeSignIn` / `completeLogin`).
 * UNAUTHENTICATED, so that no client mistakes it for a session.
 */
export async function secondFactorChallenge(em: EntityManager, userId: string, door: Door): Promise<GraphQLError> {
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
  await sql(em, `delete from sign_in_challenge where user_id = ? and expires_at < now()`, [userId]);
  await sql(em, `insert into sign_in_challenge (token_hash, user_id, door, expires_at) values (?, ?, ?, ?)`, [
    sha256(challenge),
    userId,
    door,
    expiresAt,
  ]);
  const next = door === 'CONSOLE' ? 'completeSignIn' : 'completeLogin';
  return new GraphQLError(
    `Second factor required: send the 6-digit code from your authenticator app (or a recovery code) with \`${next}(challenge, code)\` within ${CHALLENGE_MINUTES} minutes.`,
    {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        reason: 'SECOND_FACTOR_REQUIRED',
        challenge,
        expiresAt: expiresAt.toISOString(),
      },
    },
  );
}

const CHALLENGE_GONE = 'This sign-in has expired or was already completed: sign in again with your password.';

/** The account a live challenge belongs to; UNAUTHENTICATED when it has expired, was used, or is for the other door. */
export async function challengeOwner(em: EntityManager, challenge: string, door: Door): Promise<string> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw unauthenticated(CHALLENGE_GONE);
  const [row] = await sql<{ user_id: string }>(
    em,
    `select user_id from sign_in_challenge where token_hash = ? and door = ? and expires_at > now() and failures < ?`,
    [sha256(challenge), door, CHALLENGE_MAX_FAILURES],
  );
  if (!row) throw unauthenticated(CHALLENGE_GONE);
  return row.user_id;
}

/** Takes the challenge (once: whichever request deletes it wins). */
export async function consumeChallenge(em: EntityManager, challenge: string): Promise<boolean> {
  const rows = await sql(em, `delete from sign_in_challenge where token_hash = ? returning user_id`, [
    sha256(challenge),
  ]);
  return rows.length === 1;
}

export async function challengeFailed(em: EntityManager, challenge: string): Promise<void> {
  await sql(em, `update sign_in_challenge set failures = failures + 1 where token_hash = ?`, [sha256(challenge)]);
}

export { CHALLENGE_GONE };

// ---------------------------------------------------------------------------- second factor

/**
 * Checks a code against the account's authenticator (each time step accepted once) or
 * its unused recovery codes (each used once). Null when neither accepts it.
 */
export async function useSecondFactor(
  em: EntityManager,
  key: Buffer,
  userId: string,
  code: string,
  now = Date.now(),
): Promise<'TOTP' | 'RECOVERY_CODE' | null> {
  const typed = code.replace(/\s+/g, '');
  if (CODE_SHAPE.test(typed)) {
    const [row] = await sql<{ totp_secret: string | null; totp_last_step: string | number | null }>(
      em,
      `select totp_secret, totp_last_step from hub_user where id = ? and totp_enabled_at is not null`,
      [userId],
    );
    if (!row?.totp_secret) return null;
    const step = totpStep(open(key, row.totp_secret, `totp:${userId}`), typed, now);
    if (step === null) return null;
    // Each step once: the update matches only if no later or equal step was accepted before.
    const taken = await sql(
      em,
      `update hub_user set totp_last_step = ? where id = ? and (totp_last_step is null or totp_last_step < ?) returning id`,
      [step, userId, step],
    );
    return taken.length === 1 ? 'TOTP' : null;
  }
  const recovery = normaliseRecoveryCode(code);
  if (!recovery) return null;
  const used = await sql(
    em,
    `update recovery_code set used_at = now() where user_id = ? and code_hash = ? and used_at is null
       and exists (select 1 from hub_user where id = ? and totp_enabled_at is not null) returning user_id`,
    [userId, hashRecoveryCode(key, userId, recovery), userId],
  );
  return used.length === 1 ? 'RECOVERY_CODE' : null;
}

// ---------------------------------------------------------------------------- token families

export interface TokenPair {
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  familyId: string;
}

const REFRESH_SHAPE = /^hubr_[A-Za-z0-9_-]{43}$/;

/**
 * A sign-in through the API: a short-lived access token and a refresh token. Each refresh
 * token works once and is replaced by the next; the family of a sign-in ends at its
 * absolute expiry, at sign-out everywhere, or the moment a used refresh token comes back
 * (someone holds a copy: the whole family is revoked).
 */
export async function issueTokenPair(
  em: EntityManager,
  tokens: TokenService,
  user: User,
  rules: AccountRules,
  now = new Date(),
): Promise<TokenPair> {
  const familyId = randomUUID();
  const refreshExpiresAt = new Date(now.getTime() + rules.refreshTtlHours * 3_600_000);
  await sql(em, `insert into token_family (id, user_id, created_at, last_used_at, expires_at) values (?, ?, ?, ?, ?)`, [
    familyId,
    user.id,
    now,
    now,
    refreshExpiresAt,
  ]);
  return nextInFamily(em, tokens, user, familyId, refreshExpiresAt, now);
}

async function nextInFamily(
  em: EntityManager,
  tokens: TokenService,
  user: User,
  familyId: string,
  refreshExpiresAt: Date,
  now: Date,
): Promise<TokenPair> {
  const refreshToken = `hubr_${randomBytes(32).toString('base64url')}`;
  await sql(em, `insert into refresh_token (token_hash, family_id, created_at) values (?, ?, ?)`, [
    sha256(refreshToken),
    familyId,
    now,
  ]);
  const { token, expiresAt } = await tokens.issue(
    { id: user.id, agencyId: user.agency.id, roles: user.roles },
    now,
    familyId,
  );
  return { token, expiresAt, refreshToken, refreshExpiresAt, familyId };
}

const REFRESH_REFUSED = 'The refresh token is not valid, was already used, or its sign-in has ended: log in again.';

/**
 * Swaps a refresh token for a new pair. A token already used revokes its family (and is
 * audited as reuse); an unknown, expired or revoked one is refused the same way.
 */
export async function refreshTokenPair(
  em: EntityManager,
  tokens: TokenService,
  refreshToken: string,
  loadUser: (id: string) => Promise<User | null>,
  requestId?: string,
): Promise<{ pair: TokenPair; user: User }> {
  if (!REFRESH_SHAPE.test(refreshToken)) throw unauthenticated(REFRESH_REFUSED);
  const hash = sha256(refreshToken);
  const [row] = await sql<{
    family_id: string;
    used_at: Date | null;
    user_id: string;
    expires_at: Date | string;
    created_at: Date | string;
    revoked_at: Date | null;
  }>(
    em,
    `select r.family_id, r.used_at, f.user_id, f.expires_at, f.created_at, f.revoked_at
       from refresh_token r join token_family f on f.id = r.family_id where r.token_hash = ?`,
    [hash],
  );
  if (!row || row.revoked_at || new Date(row.expires_at).getTime() <= Date.now())
    throw unauthenticated(REFRESH_REFUSED);
  const user = await loadUser(row.user_id);
  if (!user || !user.active || !user.agency.active) throw unauthenticated(REFRESH_REFUSED);
  // Signed out everywhere (or a password change) since this sign-in began.
  if (user.tokensValidAfter && new Date(row.created_at).getTime() < user.tokensValidAfter.getTime() - 999)
    throw unauthenticated(REFRESH_REFUSED);
  // Take the token: only one request can mark it used.
  const taken = await sql(
    em,
    `update refresh_token set used_at = now() where token_hash = ? and used_at is null returning family_id`,
    [hash],
  );
  if (taken.length === 0) {
    await em.transactional(async (tem) => {
      await sql(
        tem,
        `update token_family set revoked_at = now(), revoked_reason = 'REFRESH_TOKEN_REUSED' where id = ? and revoked_at is null`,
        [row.family_id],
      );
      await auditAccount(
        tem,
        SIGN_IN_ACTOR,
        'session.refresh_reuse',
        user,
        { sessionId: row.family_id, familyRevoked: true },
        requestId,
      );
    });
    throw unauthenticated(REFRESH_REFUSED);
  }
  await sql(em, `update token_family set last_used_at = now() where id = ?`, [row.family_id]);
  const pair = await nextInFamily(em, tokens, user, row.family_id, new Date(row.expires_at), new Date());
  return { pair, user };
}

/** Is the sign-in behind a token still live? (Checked for tokens that name their family.) */
export async function familyLive(em: EntityManager, familyId: string): Promise<boolean> {
  const [row] = await sql<{ live: boolean }>(
    em,
    `select (revoked_at is null and expires_at > now()) as live from token_family where id = ?`,
    [familyId],
  );
  return !!row?.live;
}
