import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { checkPassword, type PasswordContext } from '../accounts/password-policy.js';
import { sql } from '../accounts/local-accounts.js';

/* Small helpers the administration of agencies, accounts and API keys shares. */

export interface Options {
  requestId?: string;
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

/** Ends an account's console sessions and API sign-ins (refresh-token families), inside the change's transaction. */
export async function endSignIns(em: EntityManager, userId: string): Promise<void> {
  await sql(em, `delete from console_session where user_id = ?`, [userId]);
  await sql(
    em,
    `update token_family set revoked_at = now(), revoked_reason = 'ENDED_BY_ADMINISTRATOR' where user_id = ? and revoked_at is null`,
    [userId],
  );
}

/** The next whole second: tokens carry their issue time in seconds, so this refuses every token issued up to now. */
export function nextWholeSecond(now = new Date()): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
}
