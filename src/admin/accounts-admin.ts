import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../accounts/local-accounts.js';
import type { Actor } from '../auth/actor.js';
import { badInput, conflict, notFound } from '../auth/errors.js';
import { hashPassword } from '../auth/password.js';
import { Role } from '../domain/vocabulary.js';
import { Agency } from '../entities/agency.entity.js';
import { User } from '../entities/user.entity.js';
import type { AdminAction } from '../audit/audit-event.js';
import { recordChange } from './admin-audit.js';
import { endSignIns, generatePassword, nextWholeSecond, validatePassword, type Options } from './admin-helpers.js';
import { normaliseRoles, requireAgencyManager, requireAssignable, requireManageableAccount } from './admin-rules.js';
import { accountSnapshot } from './admin-snapshots.js';
import { agencyByCode, listingScope } from './agencies-admin.js';

/* Administration of accounts: creating, changing, roles, passwords, sessions, second factors. */

const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,119}$/;

export interface CreateAccountInput {
  /** Agency code. */
  agency: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Omit to have a password generated and returned once. */
  password?: string | null;
}

/** Accounts. Stateless: every method takes the EntityManager to use. */
export class AccountsAdmin {
  async listAccounts(em: EntityManager, actor: Actor, agencyCode?: string | null): Promise<User[]> {
    const where = await listingScope(em, actor, agencyCode, 'accounts');
    return em.find(User, where, { populate: ['agency'], orderBy: { username: 'asc' } });
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
    const agency = await agencyByCode(em, input.agency);
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
}
