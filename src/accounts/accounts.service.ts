import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthService } from '../auth/auth.service.js';
import { ConsoleSessions, type ConsoleSessionGrant } from '../auth/console-sessions.js';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../auth/errors.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import { User } from '../entities/user.entity.js';
import { auditAccount, pendingSteps, secondFactorRequired, selfActor, sql, useSecondFactor } from './local-accounts.js';
import { checkPassword } from './password-policy.js';
import {
  enrolmentOf,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  open,
  seal,
  totpStep,
} from './second-factor.js';
import { type SignInStep } from '../domain/api-enums.js';

export interface AccountSecurity {
  secondFactorEnabled: boolean;
  secondFactorRequired: boolean;
  recoveryCodesLeft: number;
  pendingSteps: SignInStep[];
  passwordChangedAt: Date | null;
}

export interface ActiveSession {
  id: string;
  kind: 'CONSOLE' | 'API';
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  current: boolean;
}

export interface Caller {
  principal: Principal | null;
  /** The console session token the request came with, if any. */
  consoleSession?: string;
  requestId?: string;
  ip?: string;
}

/** The next whole second: bearer tokens carry their issue time in seconds. */
const nextWholeSecond = (now = Date.now()) => new Date(Math.floor(now / 1000) * 1000 + 1000);

/**
 * A person's own account: password, authenticator, recovery codes, sessions. Every
 * change is audited (never a password, code or secret) and takes the account's password
 * or a code where a stolen session must not be enough.
 */
export class AccountsService {
  constructor(private readonly auth: AuthService) {}

  private async me(em: EntityManager, caller: Caller, populatePassword = false): Promise<User> {
    const p = caller.principal;
    if (!p) throw unauthenticated();
    if (p.kind !== 'user') throw forbidden('This is for people signed in to the hub, not API keys.');
    const user = await em.findOne(
      User,
      { id: p.id },
      { populate: populatePassword ? ['agency', 'passwordHash'] : ['agency'] },
    );
    if (!user) throw unauthenticated();
    return user;
  }

  async security(em: EntityManager, caller: Caller): Promise<AccountSecurity> {
    const user = await this.me(em, caller);
    const [{ left }] = await sql<{ left: number }>(
      em,
      `select count(*)::int as left from recovery_code where user_id = ? and used_at is null`,
      [user.id],
    );
    return {
      secondFactorEnabled: !!user.totpEnabledAt,
      secondFactorRequired: secondFactorRequired(user, this.auth.rules),
      recoveryCodesLeft: user.totpEnabledAt ? left : 0,
      pendingSteps: await pendingSteps(em, user, this.auth.rules),
      passwordChangedAt: user.passwordChangedAt ?? null,
    };
  }

  /** Checks the account's password, throttled like sign-in; BAD_USER_INPUT on the given field when wrong. */
  private async confirmPassword(user: User, password: string, caller: Caller, field: string): Promise<void> {
    const attempt = await this.auth.throttle?.begin(user.username, caller.ip);
    let right: boolean;
    try {
      right = await verifyPassword(user.passwordHash, password);
    } catch (err) {
      await attempt?.abandoned();
      throw err;
    }
    if (!right) {
      await attempt?.failed();
      throw badInput('That is not your current password.', { field });
    }
    await attempt?.succeeded();
  }

  /**
   * Changes the caller's password. Ends every other session and API sign-in; a console
   * caller gets a fresh session (returned, for its cookies), a bearer caller logs in again.
   */
  async changePassword(
    em: EntityManager,
    caller: Caller,
    currentPassword: string,
    newPassword: string,
  ): Promise<{ grant: ConsoleSessionGrant | null }> {
    const user = await this.me(em, caller, true);
    await this.confirmPassword(user, currentPassword, caller, 'currentPassword');
    if (newPassword === currentPassword)
      throw badInput('The new password must differ from the current one.', { field: 'newPassword' });
    checkPassword(
      newPassword,
      {
        username: user.username,
        displayName: user.displayName,
        agencyCode: user.agency.code,
        agencyName: user.agency.name,
      },
      'newPassword',
    );
    const passwordHash = await hashPassword(newPassword);
    const validAfter = nextWholeSecond();
    const forced = user.mustChangePassword;
    await em.transactional(async (tem) => {
      await sql(
        tem,
        `update hub_user set password_hash = ?, must_change_password = false, password_changed_at = now(), tokens_valid_after = ? where id = ?`,
        [passwordHash, validAfter, user.id],
      );
      await this.endEverything(tem, user.id, 'PASSWORD_CHANGED');
      await auditAccount(
        tem,
        selfActor(user),
        'account.change_password',
        user,
        { wasRequired: forced, otherSessionsEnded: true },
        caller.requestId,
      );
    });
    const sessions = this.auth.sessions;
    if (caller.consoleSession && sessions) return { grant: await sessions.create(user.id, validAfter) };
    return { grant: null };
  }

  /** Starts setting up an authenticator: a new secret, kept sealed until a first code confirms it. */
  async beginEnrolment(em: EntityManager, caller: Caller): Promise<{ secret: string; uri: string; qrSvg: string }> {
    const user = await this.me(em, caller);
    if (user.totpEnabledAt)
      throw conflict('An authenticator is already set up for this account; remove it first to set up another.');
    const secret = newTotpSecret();
    await sql(em, `update hub_user set totp_pending_secret = ? where id = ?`, [
      seal(this.auth.factorKey, secret, `totp:${user.id}`),
      user.id,
    ]);
    return enrolmentOf(secret, user.username);
  }

  /** Confirms the authenticator with its first code; answers the ten recovery codes, shown this once. */
  async confirmEnrolment(em: EntityManager, caller: Caller, code: string): Promise<string[]> {
    const user = await this.me(em, caller);
    if (user.totpEnabledAt) throw conflict('An authenticator is already set up for this account.');
    const [row] = await sql<{ totp_pending_secret: string | null }>(
      em,
      `select totp_pending_secret from hub_user where id = ?`,
      [user.id],
    );
    if (!row?.totp_pending_secret)
      throw conflict('Start setting up the authenticator first (`beginSecondFactorEnrolment`).');
    const key = this.auth.factorKey;
    const secret = open(key, row.totp_pending_secret, `totp:${user.id}`);
    const step = totpStep(secret, code);
    if (step === null)
      throw badInput(
        'That code is not right. Enter the 6-digit code your authenticator app shows now (check its clock).',
        {
          field: 'code',
        },
      );
    const codes = newRecoveryCodes();
    await em.transactional(async (tem) => {
      const done = await sql(
        tem,
        `update hub_user set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enabled_at = now(), totp_last_step = ?
          where id = ? and totp_enabled_at is null and totp_pending_secret = ? returning id`,
        [step, user.id, row.totp_pending_secret],
      );
      if (done.length !== 1) throw conflict('The authenticator was changed meanwhile; start again.');
      await sql(tem, `delete from recovery_code where user_id = ?`, [user.id]);
      for (const c of codes)
        await sql(tem, `insert into recovery_code (user_id, code_hash) values (?, ?)`, [
          user.id,
          hashRecoveryCode(key, user.id, c),
        ]);
      await auditAccount(
        tem,
        selfActor(user),
        'account.second_factor_enrol',
        user,
        { method: 'TOTP', recoveryCodesIssued: codes.length },
        caller.requestId,
      );
    });
    return codes;
  }

  /** Removes the caller's authenticator: needs the password and a code (or a recovery code). */
  async disable(em: EntityManager, caller: Caller, password: string, code: string): Promise<void> {
    const user = await this.me(em, caller, true);
    if (!user.totpEnabledAt) throw conflict('No authenticator is set up for this account.');
    if (secondFactorRequired(user, this.auth.rules))
      throw conflict(
        'Your role or your agency requires an authenticator: it cannot be removed. To move to a new phone, ask an administrator to reset it, then set it up again.',
        { reason: 'SECOND_FACTOR_REQUIRED' },
      );
    await this.confirmPassword(user, password, caller, 'password');
    const method = await useSecondFactor(em, this.auth.factorKey, user.id, code);
    if (!method) throw badInput('That code is not right, or was already used.', { field: 'code' });
    await em.transactional(async (tem) => {
      await sql(
        tem,
        `update hub_user set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null, totp_last_step = null where id = ?`,
        [user.id],
      );
      await sql(tem, `delete from recovery_code where user_id = ?`, [user.id]);
      await auditAccount(
        tem,
        selfActor(user),
        'account.second_factor_disable',
        user,
        { method: 'TOTP', confirmedWith: method },
        caller.requestId,
      );
    });
  }

  /** The caller's console sessions and API sign-ins that are still live. */
  async sessions(em: EntityManager, caller: Caller): Promise<ActiveSession[]> {
    const user = await this.me(em, caller);
    const out: ActiveSession[] = [];
    const currentHash = caller.consoleSession ? ConsoleSessions.hashOf(caller.consoleSession) : null;
    for (const s of (await this.auth.sessions?.listFor(user.id)) ?? []) {
      out.push({
        id: s.id,
        kind: 'CONSOLE',
        createdAt: s.createdAt,
        lastUsedAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        current: s.tokenHash === currentHash,
      });
    }
    const families = await sql<{ id: string; created_at: Date; last_used_at: Date; expires_at: Date }>(
      em,
      `select id, created_at, last_used_at, expires_at from token_family
        where user_id = ? and revoked_at is null and expires_at > now() and created_at >= coalesce(?, created_at)
        order by created_at desc`,
      [user.id, user.tokensValidAfter ?? null],
    );
    for (const f of families)
      out.push({
        id: f.id,
        kind: 'API',
        createdAt: new Date(f.created_at),
        lastUsedAt: new Date(f.last_used_at),
        expiresAt: new Date(f.expires_at),
        current: caller.principal?.sessionId === f.id,
      });
    return out;
  }

  /** Ends one of the caller's sessions. NOT_FOUND when the caller has no session with that id. */
  async endSession(em: EntityManager, caller: Caller, id: string): Promise<boolean> {
    const user = await this.me(em, caller);
    let kind: 'CONSOLE' | 'API' | null = null;
    if (await this.auth.sessions?.endById(user.id, id)) kind = 'CONSOLE';
    else if (/^[0-9a-f-]{36}$/i.test(id)) {
      const rows = await sql(
        em,
        `update token_family set revoked_at = now(), revoked_reason = 'SIGNED_OUT' where id = ? and user_id = ? and revoked_at is null returning id`,
        [id, user.id],
      );
      if (rows.length) kind = 'API';
    }
    if (!kind) throw notFound(`Session ${id}`);
    await auditAccount(em, selfActor(user), 'session.end', user, { sessionId: id, kind }, caller.requestId);
    return true;
  }

  /** Ends every session and API sign-in of the caller, this one included. */
  async signOutEverywhere(em: EntityManager, caller: Caller): Promise<void> {
    const user = await this.me(em, caller);
    await em.transactional(async (tem) => {
      await sql(tem, `update hub_user set tokens_valid_after = ? where id = ?`, [nextWholeSecond(), user.id]);
      await this.endEverything(tem, user.id, 'SIGNED_OUT_EVERYWHERE');
      await auditAccount(tem, selfActor(user), 'session.end_all', user, {}, caller.requestId);
    });
  }

  private async endEverything(em: EntityManager, userId: string, reason: string): Promise<void> {
    await sql(em, `delete from console_session where user_id = ?`, [userId]);
    await sql(
      em,
      `update token_family set revoked_at = now(), revoked_reason = ? where user_id = ? and revoked_at is null`,
      [reason, userId],
    );
  }
}
