import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { randomBytes } from 'node:crypto';
import { generateApiKey } from '../auth/api-keys.js';
import { badInput, ErrorCode, forbidden, notFound } from '../auth/errors.js';
import { checkPassword, MAX_PASSWORD_LENGTH, type PasswordContext } from '../accounts/password-policy.js';
import { sql } from '../accounts/local-accounts.js';
import { hashPassword } from '../auth/password.js';
import { AgencyKind, Role } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { ApiKey, ApiKeyScope } from '../entities/api-key.entity.js';
import { User } from '../entities/user.entity.js';
import { actorAgencyId, actorHas, type Actor } from '../auth/actor.js';
import { recordChange } from './admin-audit.js';
import type { AdminAction } from '../audit/audit-event.js';

/*
 * Administration of agencies, accounts and API keys, for GraphQL and the CLI alike.
 *
 * Who may do what:
 * - Agencies: partnership administrators (ADMIN) only.
 * - Accounts and API keys: ADMIN for any agency; an agency's designated liaison officer
 *   (LIAISON_OFFICER) for its own agency only, and only the working roles (ANALYST,
 *   OFFICER, PROVIDER). A liaison officer cannot create or change administrators,
 *   liaison officers or auditors, nor touch their accounts: those stay with the
 *   partnership, so that no agency can widen its own oversight. See docs/permissions.md.
 * - An agency administrator (AGENCY_ADMIN) manages its own agency's accounts, API keys and
 *   settings, and may give any role but ADMIN and AUDITOR (AGENCY_ASSIGNABLE_ROLES); it
 *   cannot touch accounts holding ADMIN or AUDITOR.
 * - Another agency's account or key reads exactly as one that does not exist (NOT_FOUND),
 *   to everyone but a partnership administrator.
 * - API keys never administer anything.
 * Every change is written to the audit trail in the same transaction (admin-audit.ts).
 */

export { MAX_PASSWORD_LENGTH };

/** Roles a liaison officer may give to accounts of their own agency. */
export const LIAISON_ASSIGNABLE_ROLES: readonly Role[] = [Role.ANALYST, Role.OFFICER, Role.PROVIDER];

/** Roles an agency administrator may give within its own agency: everything but the partnership's own. */
export const AGENCY_ASSIGNABLE_ROLES: readonly Role[] = Object.values(Role).filter(
  (r) => r !== Role.ADMIN && r !== Role.AUDITOR,
);

/** The roles an actor may hand out (all for ADMIN), or null when it administers no accounts. */
function assignableBy(actor: Actor): readonly Role[] | null {
  if (actorHas(actor, Role.ADMIN)) return Object.values(Role);
  if (actorHas(actor, Role.AGENCY_ADMIN)) return AGENCY_ASSIGNABLE_ROLES;
  if (actorHas(actor, Role.LIAISON_OFFICER)) return LIAISON_ASSIGNABLE_ROLES;
  return null;
}

const AGENCY_CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;
const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,119}$/;

export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extra } });
}

/** A password made for the account holder: shown once, never stored in clear. */
export function generatePassword(): string {
  // 144 random bits in base64url: 24 characters, no ambiguity about which alphabet.
  return randomBytes(18).toString('base64url');
}

/** The hub's password rules (src/accounts/password-policy.ts), with the account's own words. */
export function validatePassword(password: string, ctx: PasswordContext = {}): void {
  checkPassword(password, ctx);
}

// ---------------------------------------------------------------------------
// Snapshots for the audit trail: plain values, never secrets.

export function agencySnapshot(a: Agency) {
  return { agencyId: a.id, code: a.code, name: a.name, kind: a.kind, active: a.active };
}

export function accountSnapshot(u: User) {
  return {
    id: u.id,
    agencyId: u.agency.id,
    username: u.username,
    displayName: u.displayName,
    roles: [...u.roles].sort(),
    active: u.active,
    // Named so that the audit's secret filter (which blanks anything called "token") keeps it.
    sessionsValidAfter: u.tokensValidAfter?.toISOString() ?? null,
    // (Not named after the password: the audit blanks any member named like one.)
    mustChangeAtSignIn: u.mustChangePassword,
    secondFactor: !!u.totpEnabledAt,
  };
}

export function apiKeySnapshot(k: ApiKey) {
  return {
    id: k.id,
    agencyId: k.agency.id,
    name: k.name,
    prefix: k.prefix,
    scopes: [...k.scopes].sort(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Ends an account's console sessions and API sign-ins (refresh-token families), inside the change's transaction. */
async function endSignIns(em: EntityManager, userId: string): Promise<void> {
  await sql(em, `delete from console_session where user_id = ?`, [userId]);
  await sql(
    em,
    `update token_family set revoked_at = now(), revoked_reason = 'ENDED_BY_ADMINISTRATOR' where user_id = ? and revoked_at is null`,
    [userId],
  );
}

/** The next whole second: tokens carry their issue time in seconds, so this refuses every token issued up to now. */
function nextWholeSecond(now = new Date()): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
}

// ---------------------------------------------------------------------------
// Access checks

function requireAdmin(actor: Actor, what: string): void {
  if (!actorHas(actor, Role.ADMIN)) throw forbidden(`Only a partnership administrator (ADMIN) may ${what}.`);
}

/** ADMIN for any agency; an agency administrator or liaison officer for their own. */
function requireAgencyManager(actor: Actor, agency: Agency, what: string): void {
  if (actorHas(actor, Role.ADMIN)) return;
  const manager = actorHas(actor, Role.AGENCY_ADMIN, Role.LIAISON_OFFICER);
  if (manager && actorAgencyId(actor) === agency.id) return;
  if (manager) throw forbidden(`You may ${what} for your own agency only; ${agency.code} is not yours.`);
  throw forbidden(
    `Only a partnership administrator (ADMIN), or the agency's administrator or liaison officer, may ${what}.`,
  );
}

function requireAssignable(actor: Actor, roles: readonly Role[]): void {
  const allowed = assignableBy(actor) ?? [];
  const refused = roles.filter((r) => !allowed.includes(r));
  if (refused.length) {
    throw forbidden(
      `You may give only the roles ${allowed.join(', ')}; ${refused.join(', ')} needs a partnership administrator.`,
      {
        reason: 'ROLE_NOT_ASSIGNABLE',
      },
    );
  }
}

/**
 * Another agency's account reads as one that does not exist (the same NOT_FOUND, the same
 * words) to anyone but a partnership administrator; within the agency, an agency
 * administrator or liaison officer may not change accounts holding roles they could not
 * give (oversight roles).
 */
function requireManageableAccount(actor: Actor, user: User, what: string, asTyped: string): void {
  if (actorHas(actor, Role.ADMIN)) return;
  if (actorAgencyId(actor) !== user.agency.id) throw notFound(`Account ${asTyped}`);
  requireAgencyManager(actor, user.agency, what);
  const allowed = assignableBy(actor) ?? [];
  const oversight = user.roles.filter((r) => !allowed.includes(r));
  if (oversight.length) {
    throw forbidden(
      `You may not ${what} for an account holding ${oversight.join(', ')}; ask a partnership administrator.`,
      { reason: 'ACCOUNT_NOT_MANAGEABLE' },
    );
  }
}

function normaliseRoles(roles: readonly string[]): Role[] {
  const known = Object.values(Role) as string[];
  const unknown = roles.filter((r) => !known.includes(r));
  if (unknown.length)
    throw badInput(`Unknown roles: ${unknown.join(', ')}. Roles: ${known.join(', ')}.`, { field: 'roles' });
  const unique = [...new Set(roles)] as Role[];
  if (unique.length === 0) throw badInput('An account needs at least one role.', { field: 'roles' });
  return unique.sort();
}

// ---------------------------------------------------------------------------

export interface CreateAgencyInput {
  code: string;
  name: string;
  kind: AgencyKind;
}

export interface UpdateAgencyInput {
  name?: string | null;
  kind?: AgencyKind | null;
}

export interface CreateAccountInput {
  /** Agency code. */
  agency: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Omit to have a password generated and returned once. */
  password?: string | null;
}

export interface CreateApiKeyInput {
  /** Agency code. */
  agency: string;
  name: string;
  scopes: ApiKeyScope[];
}

export interface Options {
  requestId?: string;
}

/** Agencies, accounts and API keys. Stateless: every method takes the EntityManager to use. */
export class AdminService {
  // ------------------------------------------------------------------ agencies

  async agencyByCode(em: EntityManager, code: string): Promise<Agency> {
    const agency = await em.findOne(Agency, { code: code.trim().toUpperCase() });
    if (!agency) throw notFound(`Agency ${code}`);
    return agency;
  }

  async createAgency(em: EntityManager, actor: Actor, input: CreateAgencyInput, opts: Options = {}): Promise<Agency> {
    requireAdmin(actor, 'create agencies');
    const code = input.code.trim().toUpperCase();
    if (!AGENCY_CODE.test(code))
      throw badInput(
        'An agency code is 2 to 32 characters: a letter, then letters, digits, "-" or "_" (e.g. "BPOL").',
        { field: 'code' },
      );
    const name = input.name.trim();
    if (!name || name.length > 200) throw badInput('An agency name is 1 to 200 characters.', { field: 'name' });
    if (!Object.values(AgencyKind).includes(input.kind))
      throw badInput(`Unknown agency kind ${String(input.kind)}.`, { field: 'kind' });
    return em.transactional(async (tem) => {
      if (await tem.count(Agency, { code })) throw conflict(`An agency with the code ${code} already exists.`);
      const agency = tem.create(Agency, { code, name, kind: input.kind, active: true, createdAt: new Date() });
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'agency.create',
        entity: 'Agency',
        entityId: agency.id,
        before: null,
        after: agencySnapshot(agency),
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  async updateAgency(
    em: EntityManager,
    actor: Actor,
    code: string,
    input: UpdateAgencyInput,
    opts: Options = {},
  ): Promise<Agency> {
    requireAdmin(actor, 'change agencies');
    return em.transactional(async (tem) => {
      const agency = await this.agencyByCode(tem, code);
      const before = agencySnapshot(agency);
      if (input.name !== undefined && input.name !== null) {
        const name = input.name.trim();
        if (!name || name.length > 200) throw badInput('An agency name is 1 to 200 characters.', { field: 'name' });
        agency.name = name;
      }
      if (input.kind !== undefined && input.kind !== null) {
        if (!Object.values(AgencyKind).includes(input.kind))
          throw badInput(`Unknown agency kind ${String(input.kind)}.`, { field: 'kind' });
        agency.kind = input.kind;
      }
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'agency.update',
        entity: 'Agency',
        entityId: agency.id,
        before,
        after: agencySnapshot(agency),
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  /**
   * An agency's own rule that every one of its people with a local password uses a second
   * factor. A partnership administrator, or the agency's own administrator.
   */
  async setAgencySecondFactorRequired(
    em: EntityManager,
    actor: Actor,
    code: string,
    required: boolean,
    opts: Options = {},
  ): Promise<Agency> {
    return em.transactional(async (tem) => {
      const agency = await this.agencyByCode(tem, code);
      if (!actorHas(actor, Role.ADMIN)) {
        if (!actorHas(actor, Role.AGENCY_ADMIN))
          throw forbidden("Only a partnership administrator or the agency's administrator may change this setting.");
        if (actorAgencyId(actor) !== agency.id)
          throw forbidden(`You may change the settings of your own agency only; ${agency.code} is not yours.`);
      }
      const before = { ...agencySnapshot(agency), requireSecondFactor: agency.requireSecondFactor };
      agency.requireSecondFactor = required;
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'agency.set_second_factor_required',
        entity: 'Agency',
        entityId: agency.id,
        before,
        after: { ...agencySnapshot(agency), requireSecondFactor: agency.requireSecondFactor },
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  /**
   * Deactivating an agency refuses its people and keys at their next request (the
   * authentication checks the agency); its data and agreements are left as they are.
   */
  async setAgencyActive(
    em: EntityManager,
    actor: Actor,
    code: string,
    active: boolean,
    opts: Options = {},
  ): Promise<Agency> {
    requireAdmin(actor, active ? 'reactivate agencies' : 'deactivate agencies');
    return em.transactional(async (tem) => {
      const agency = await this.agencyByCode(tem, code);
      if (!active && actorAgencyId(actor) === agency.id) {
        throw conflict(
          'You cannot deactivate your own agency: it would lock you out. Ask another administrator, or use the command line.',
        );
      }
      if (agency.active === active) return agency;
      const before = agencySnapshot(agency);
      agency.active = active;
      await tem.flush();
      // Ends every session of its accounts: reactivating the agency later must not bring
      // back tokens issued before it was deactivated.
      let sessionsEnded = 0;
      if (!active)
        sessionsEnded = await tem.nativeUpdate(User, { agency: agency.id }, { tokensValidAfter: nextWholeSecond() });
      await recordChange(tem, {
        actor,
        action: active ? 'agency.reactivate' : 'agency.deactivate',
        entity: 'Agency',
        entityId: agency.id,
        before,
        after: active ? agencySnapshot(agency) : { ...agencySnapshot(agency), accountSessionsEnded: sessionsEnded },
        requestId: opts.requestId,
      });
      return agency;
    });
  }

  // ------------------------------------------------------------------ accounts

  async listAccounts(em: EntityManager, actor: Actor, agencyCode?: string | null): Promise<User[]> {
    const where = await this.listingScope(em, actor, agencyCode, 'accounts');
    return em.find(User, where, { populate: ['agency'], orderBy: { username: 'asc' } });
  }

  /**
   * Which agency's rows a listing of accounts or keys shows: any agency's, or the one named,
   * to a partnership administrator; only their own to an agency administrator or liaison
   * officer (naming another agency is refused).
   */
  private async listingScope(
    em: EntityManager,
    actor: Actor,
    agencyCode: string | null | undefined,
    what: 'accounts' | 'API keys',
  ): Promise<{ agency?: string | { code: string } }> {
    if (actorHas(actor, Role.ADMIN)) return agencyCode ? { agency: { code: agencyCode.trim().toUpperCase() } } : {};
    if (!actorHas(actor, Role.LIAISON_OFFICER, Role.AGENCY_ADMIN))
      throw forbidden(
        `Only a partnership administrator, an agency administrator or a liaison officer may list ${what}.`,
      );
    const own = actorAgencyId(actor)!;
    if (agencyCode) {
      const agency = await this.agencyByCode(em, agencyCode);
      if (agency.id !== own)
        throw forbidden(`You may list the ${what} of your own agency only; ${agency.code} is not yours.`);
    }
    return { agency: own };
  }

  async accountByUsername(em: EntityManager, username: string): Promise<User> {
    const user = await em.findOne(User, { username: username.trim().toLowerCase() }, { populate: ['agency'] });
    if (!user) throw notFound(`Account ${username}`);
    return user;
  }

  /**
   * Creates an account. Without a password one is generated and returned (once): hand it
   * to the holder by a separate channel.
   */
  async createAccount(
    em: EntityManager,
    actor: Actor,
    input: CreateAccountInput,
    opts: Options = {},
  ): Promise<{ account: User; generatedPassword: string | null }> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      throw badInput(
        'A username is 3 to 120 characters: lower-case letters, digits and . _ @ + - (e.g. "analyst@bpol").',
        { field: 'username' },
      );
    }
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 200)
      throw badInput('A display name is 1 to 200 characters.', { field: 'displayName' });
    const roles = normaliseRoles(input.roles);
    const generated = input.password === undefined || input.password === null ? generatePassword() : null;
    const password = generated ?? input.password!;
    const agency = await this.agencyByCode(em, input.agency);
    if (generated === null)
      validatePassword(password, { username, displayName, agencyCode: agency.code, agencyName: agency.name });
    requireAgencyManager(actor, agency, 'create accounts');
    requireAssignable(actor, roles);
    if (!agency.active) throw conflict(`The agency ${agency.code} is deactivated; reactivate it first.`);
    const passwordHash = await hashPassword(password);
    const account = await em.transactional(async (tem) => {
      if (await tem.count(User, { username })) throw conflict(`The username ${username} is taken.`);
      const user = tem.create(User, {
        agency: tem.getReference(Agency, agency.id),
        username,
        displayName,
        passwordHash,
        roles,
        active: true,
        createdAt: new Date(),
      });
      await tem.flush();
      await tem.populate(user, ['agency']);
      await recordChange(tem, {
        actor,
        action: 'account.create',
        entity: 'Account',
        entityId: user.id,
        before: null,
        // (Not called "passwordGenerated": the audit blanks any member named like a password.)
        after: { ...accountSnapshot(user), generatedLogin: generated !== null },
        requestId: opts.requestId,
      });
      return user;
    });
    return { account, generatedPassword: generated };
  }

  async updateAccount(
    em: EntityManager,
    actor: Actor,
    username: string,
    input: { displayName?: string | null },
    opts: Options = {},
  ): Promise<User> {
    return this.changeAccount(
      em,
      actor,
      username,
      'change accounts',
      'account.update',
      (user) => {
        if (input.displayName !== undefined && input.displayName !== null) {
          const displayName = input.displayName.trim();
          if (!displayName || displayName.length > 200)
            throw badInput('A display name is 1 to 200 characters.', { field: 'displayName' });
          user.displayName = displayName;
        }
      },
      opts,
    );
  }

  /** Replaces an account's roles. Takes effect at the account's next request (roles are read fresh). */
  async setRoles(em: EntityManager, actor: Actor, username: string, roles: Role[], opts: Options = {}): Promise<User> {
    const next = normaliseRoles(roles);
    requireAssignable(actor, next);
    return this.changeAccount(
      em,
      actor,
      username,
      'change roles',
      'account.set_roles',
      async (user, tem) => {
        if (user.roles.includes(Role.ADMIN) && !next.includes(Role.ADMIN)) await this.keepOneAdmin(tem, user);
        user.roles = next;
      },
      opts,
    );
  }

  /**
   * Deactivated accounts are refused at login and at their next request with any token;
   * deactivating also ends every session, so that reactivating brings no old token back.
   */
  async setAccountActive(
    em: EntityManager,
    actor: Actor,
    username: string,
    active: boolean,
    opts: Options = {},
  ): Promise<User> {
    return this.changeAccount(
      em,
      actor,
      username,
      active ? 'reactivate accounts' : 'deactivate accounts',
      active ? 'account.reactivate' : 'account.deactivate',
      async (user, tem) => {
        if (!active && actor.kind === 'user' && actor.id === user.id)
          throw conflict('You cannot deactivate your own account.');
        if (!active && user.active && user.roles.includes(Role.ADMIN)) await this.keepOneAdmin(tem, user);
        if (!active) user.tokensValidAfter = nextWholeSecond();
        user.active = active;
      },
      opts,
    );
  }

  /**
   * Sets a new password (generated when none is given, and returned once) and ends every
   * session of the account.
   */
  async resetPassword(
    em: EntityManager,
    actor: Actor,
    username: string,
    password?: string | null,
    opts: Options & { requireChange?: boolean | null } = {},
  ): Promise<{ account: User; generatedPassword: string | null }> {
    const generated = password === undefined || password === null ? generatePassword() : null;
    const next = generated ?? password!;
    if (generated === null) validatePassword(next, { username });
    const passwordHash = await hashPassword(next);
    const account = await this.changeAccount(
      em,
      actor,
      username,
      'reset passwords',
      'account.reset_password',
      async (user, tem) => {
        if (generated === null)
          validatePassword(next, {
            username: user.username,
            displayName: user.displayName,
            agencyCode: user.agency.code,
            agencyName: user.agency.name,
          });
        user.passwordHash = passwordHash;
        user.tokensValidAfter = nextWholeSecond();
        if (opts.requireChange) user.mustChangePassword = true;
        await endSignIns(tem, user.id);
      },
      opts,
      { generatedLogin: generated !== null },
    );
    return { account, generatedPassword: generated };
  }

  /** Ends every session of the account: tokens issued until now are refused. */
  async revokeTokens(em: EntityManager, actor: Actor, username: string, opts: Options = {}): Promise<User> {
    return this.changeAccount(
      em,
      actor,
      username,
      'end sessions',
      'account.revoke_tokens',
      async (user, tem) => {
        user.tokensValidAfter = nextWholeSecond();
        await endSignIns(tem, user.id);
      },
      opts,
    );
  }

  /** At its next request or sign-in, the account can do nothing but change its password. */
  async requirePasswordChange(em: EntityManager, actor: Actor, username: string, opts: Options = {}): Promise<User> {
    return this.changeAccount(
      em,
      actor,
      username,
      'require password changes',
      'account.require_password_change',
      (user) => {
        user.mustChangePassword = true;
      },
      opts,
    );
  }

  /**
   * Removes an account's authenticator and recovery codes, for a holder who lost both.
   * If their role or agency requires one, they must set up a new one at their next sign-in.
   */
  async removeSecondFactor(em: EntityManager, actor: Actor, username: string, opts: Options = {}): Promise<User> {
    return this.changeAccount(
      em,
      actor,
      username,
      'remove authenticators',
      'account.second_factor_remove',
      async (user, tem) => {
        if (actor.kind === 'user' && actor.id === user.id)
          throw conflict('Remove your own authenticator from "Your account" (it needs your password and a code).');
        await sql(
          tem,
          `update hub_user set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null, totp_last_step = null where id = ?`,
          [user.id],
        );
        await sql(tem, `delete from recovery_code where user_id = ?`, [user.id]);
        user.totpEnabledAt = null;
        user.tokensValidAfter = nextWholeSecond();
        await endSignIns(tem, user.id);
      },
      opts,
    );
  }

  private async changeAccount(
    em: EntityManager,
    actor: Actor,
    username: string,
    what: string,
    action: AdminAction,
    apply: (user: User, tem: EntityManager) => void | Promise<void>,
    opts: Options,
    extra: Record<string, unknown> = {},
  ): Promise<User> {
    return em.transactional(async (tem) => {
      const user = await this.accountByUsername(tem, username);
      requireManageableAccount(actor, user, what, username);
      const before = accountSnapshot(user);
      await apply(user, tem);
      await tem.flush();
      await recordChange(tem, {
        actor,
        action,
        entity: 'Account',
        entityId: user.id,
        before,
        after: { ...accountSnapshot(user), ...extra },
        requestId: opts.requestId,
      });
      return user;
    });
  }

  /** Refuses to leave the hub without an active administrator. */
  private async keepOneAdmin(em: EntityManager, leaving: User): Promise<void> {
    const [{ others }] = await em.getConnection().execute<{ others: number }[]>(
      `select count(*)::int as others from hub_user u join agency a on a.id = u.agency_id
        where 'ADMIN' = any(u.roles) and u.active and a.active and u.id <> ?`,
      [leaving.id],
      'all',
      em.getTransactionContext(),
    );
    if (others === 0)
      throw conflict('This is the last active administrator account; create another administrator first.');
  }

  // ------------------------------------------------------------------ API keys

  async listApiKeys(em: EntityManager, actor: Actor, agencyCode?: string | null): Promise<ApiKey[]> {
    const where = await this.listingScope(em, actor, agencyCode, 'API keys');
    return em.find(ApiKey, where, { populate: ['agency'], orderBy: { createdAt: 'asc' } });
  }

  /**
   * Issues a key. The key itself is returned here and nowhere else: only its hash is
   * stored. Scopes are fixed for the key's life; to change them, issue a new key and
   * revoke the old one, so a system's power never changes under it unseen.
   */
  async createApiKey(
    em: EntityManager,
    actor: Actor,
    input: CreateApiKeyInput,
    opts: Options = {},
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const name = input.name.trim();
    if (!name || name.length > 120)
      throw badInput('A key name is 1 to 120 characters (e.g. "RMS nightly export").', { field: 'name' });
    const scopes = [...new Set(input.scopes)].sort();
    if (scopes.length === 0)
      throw badInput(`A key needs at least one scope: ${Object.values(ApiKeyScope).join(', ')}.`, { field: 'scopes' });
    const unknown = scopes.filter((s) => !Object.values(ApiKeyScope).includes(s));
    if (unknown.length) throw badInput(`Unknown scopes: ${unknown.join(', ')}.`, { field: 'scopes' });
    const agency = await this.agencyByCode(em, input.agency);
    requireAgencyManager(actor, agency, 'issue API keys');
    if (!agency.active) throw conflict(`The agency ${agency.code} is deactivated; reactivate it first.`);
    const { key, prefix, secretHash } = generateApiKey();
    const apiKey = await em.transactional(async (tem) => {
      const row = tem.create(ApiKey, {
        agency: tem.getReference(Agency, agency.id),
        name,
        prefix,
        secretHash,
        scopes,
        createdAt: new Date(),
      });
      await tem.flush();
      await tem.populate(row, ['agency']);
      await recordChange(tem, {
        actor,
        action: 'api_key.create',
        entity: 'ApiKey',
        entityId: row.id,
        before: null,
        after: apiKeySnapshot(row),
        requestId: opts.requestId,
      });
      return row;
    });
    return { apiKey, key };
  }

  /** Revokes a key by its public prefix (e.g. "hubk_3f9a1c2b4d5e"); it is refused from the next request. */
  async revokeApiKey(em: EntityManager, actor: Actor, prefix: string, opts: Options = {}): Promise<ApiKey> {
    return em.transactional(async (tem) => {
      const row = await tem.findOne(ApiKey, { prefix: prefix.trim() }, { populate: ['agency'] });
      if (!row) throw notFound(`API key ${prefix}`);
      // Another agency's key reads as one that does not exist.
      if (!actorHas(actor, Role.ADMIN) && actorAgencyId(actor) !== row.agency.id) throw notFound(`API key ${prefix}`);
      requireAgencyManager(actor, row.agency, 'revoke API keys');
      if (row.revokedAt) return row;
      const before = apiKeySnapshot(row);
      row.revokedAt = new Date();
      await tem.flush();
      await recordChange(tem, {
        actor,
        action: 'api_key.revoke',
        entity: 'ApiKey',
        entityId: row.id,
        before,
        after: apiKeySnapshot(row),
        requestId: opts.requestId,
      });
      return row;
    });
  }
}
