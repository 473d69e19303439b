import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../audit/audit-actor.js';
import { recordAdminEvent } from '../audit/audit.record.js';
import type { Principal } from '../auth/principal.js';
import { Role } from '../domain/vocabulary.js';
import type { IdentityProvider } from '../entities/identity-provider.entity.js';
import { User } from '../entities/user.entity.js';
import { SignInFailure, type SignInMode } from './sign-in-failure.js';

/*
 * Mapping a person a provider has vouched for to an account of the provider's agency:
 * the claims it must carry, the link from the provider's subject to the account (made by
 * username, or with a new account, as the provider allows), and the roles it may keep.
 */

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,119}$/;

type Claims = Record<string, unknown> & { sub: string };

interface SignInMeta {
  requestId?: string;
  mode: SignInMode;
}

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

/** The roles the provider vouches for, once the person carries the claims it requires. */
function vouchedRoles(p: IdentityProvider, claims: Claims): Set<Role> {
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
  return vouched;
}

function execute<T extends Record<string, unknown>[]>(tem: EntityManager, sql: string, params: unknown[]): Promise<T> {
  return tem.getConnection().execute<T>(sql, params, 'all', tem.getTransactionContext());
}

/** A new account of the provider's agency, signing in through the provider only. */
async function provisionAccount(
  tem: EntityManager,
  p: IdentityProvider,
  claims: Claims,
  claimed: string,
  system: AuditActor,
  meta: SignInMeta,
): Promise<User> {
  const username = USERNAME.test(claimed) ? claimed : `${p.name}.${sha256(`${p.id}:${claims.sub}`).slice(0, 12)}`;
  const display = typeof claims[p.displayNameClaim] === 'string' ? String(claims[p.displayNameClaim]).trim() : '';
  const user = new User();
  user.agency = p.agency;
  user.username = username;
  user.displayName = (display || username).slice(0, 200);
  // No password: this account signs in through its provider only (verifying any password against this fails).
  user.passwordHash = `!identity-provider:${p.name}`;
  user.roles = [];
  tem.persist(user);
  await tem.flush();
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
  return user;
}

/**
 * Links the person to an account of the provider's agency: the one their username claim
 * names (when the provider links by username), or a new one (when it provisions).
 */
async function linkAccount(
  tem: EntityManager,
  p: IdentityProvider,
  claims: Claims,
  system: AuditActor,
  meta: SignInMeta,
): Promise<{ user: User; accountCreated: boolean }> {
  const claimed =
    typeof claims[p.usernameClaim] === 'string' ? String(claims[p.usernameClaim]).trim().toLowerCase() : '';
  const existing = claimed ? await tem.findOne(User, { username: claimed }, { populate: ['agency'] }) : null;
  if (existing && existing.agency.id !== p.agency.id)
    throw new SignInFailure('OTHER_AGENCY', "the username claim names another agency's account", p);
  let user: User;
  let accountCreated = false;
  if (existing && p.linkByUsername) {
    refuseUncheckedOversight(p, existing);
    user = existing;
  } else if (!existing && p.autoProvision) {
    user = await provisionAccount(tem, p, claims, claimed, system, meta);
    accountCreated = true;
  } else {
    throw new SignInFailure(
      'NO_ACCOUNT',
      existing ? 'an account of that name exists but is not linked' : 'no linked account',
      p,
    );
  }
  // The database refuses a link whose account is of another agency (composite keys).
  await execute(
    tem,
    'insert into identity_link (id, provider_id, agency_id, user_id, subject) values (gen_random_uuid(), ?, ?, ?, ?)',
    [p.id, p.agency.id, user.id, claims.sub],
  );
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
  return { user, accountCreated };
}

/** The provider vouches for at most these roles: any other the account holds is withdrawn. Answers those withdrawn. */
async function withdrawUnvouchedRoles(
  tem: EntityManager,
  p: IdentityProvider,
  user: User,
  vouched: ReadonlySet<Role>,
  system: AuditActor,
  meta: SignInMeta,
): Promise<Role[]> {
  if (!p.roleMappings.length) return [];
  const rolesWithdrawn = user.roles.filter((r) => !vouched.has(r));
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
  return rolesWithdrawn;
}

/**
 * Maps a validated person to an account of the provider's agency, creating the link (or
 * the account) as the provider allows, in one transaction with its audit events.
 */
export async function accountFor(
  em: EntityManager,
  p: IdentityProvider,
  claims: Claims,
  meta: SignInMeta,
): Promise<{ user: User; principal: Principal }> {
  const vouched = vouchedRoles(p, claims);
  const system: AuditActor = { kind: 'system', label: `identity-provider:${p.name}` };
  return em.transactional(async (tem) => {
    const linked = await execute<{ user_id: string }[]>(
      tem,
      'select user_id from identity_link where provider_id = ? and subject = ? for update',
      [p.id, claims.sub],
    );
    let user: User | null;
    let linkCreated = false;
    let accountCreated = false;
    if (linked[0]) {
      user = await tem.findOne(User, { id: linked[0].user_id }, { populate: ['agency'] });
    } else {
      ({ user, accountCreated } = await linkAccount(tem, p, claims, system, meta));
      linkCreated = true;
    }
    if (!user || user.agency.id !== p.agency.id)
      throw new SignInFailure('OTHER_AGENCY', 'linked account is not of the provider agency', p);
    refuseUncheckedOversight(p, user);
    if (!user.active || !user.agency.active)
      throw new SignInFailure('ACCOUNT_INACTIVE', 'account or agency inactive', p);
    const rolesWithdrawn = await withdrawUnvouchedRoles(tem, p, user, vouched, system, meta);
    await execute(tem, 'update identity_link set last_sign_in_at = now() where provider_id = ? and subject = ?', [
      p.id,
      claims.sub,
    ]);
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
