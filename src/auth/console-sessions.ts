import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { ConsoleConfig } from '../config.js';

/** The HttpOnly cookie that carries the console's session token. */
export const SESSION_COOKIE = 'hub_session';
/** A readable cookie with the session's CSRF token, which the console echoes in `X-CSRF-Token`. */
export const CSRF_COOKIE = 'hub_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSessionGrant {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface LiveSession {
  userId: string;
  createdAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Server-side sessions for the web console. The browser holds a random token in an
 * HttpOnly, SameSite=Strict cookie; the database holds only its SHA-256, so a copy of
 * the table cannot be replayed. A session ends on sign-out, after `sessionIdleMinutes`
 * without a request, `sessionMaxHours` after sign-in, and (checked by AuthService) when
 * its account is deactivated or its tokens revoked. Cookie-authenticated requests must
 * also carry the CSRF token, an HMAC of the session token that only this hub can make
 * (the "signed double-submit cookie" pattern).
 */
export class ConsoleSessions {
  constructor(
    private readonly pool: pg.Pool,
    private readonly secret: string,
    readonly config: ConsoleConfig,
  ) {}

  async create(userId: string, now = new Date()): Promise<ConsoleSessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000);
    await this.pool.query(
      `insert into console_session (token_hash, user_id, created_at, last_seen_at, expires_at) values ($1, $2, $3, $3, $4)`,
      [hashToken(token), userId, now, expiresAt],
    );
    // Sessions that ended by time are swept as new ones begin; nothing else reads them.
    await this.pool.query(
      `delete from console_session where user_id = $1 and (expires_at < now() or last_seen_at < now() - make_interval(mins => $2))`,
      [userId, this.config.sessionIdleMinutes],
    );
    return { token, csrfToken: this.csrfFor(token), expiresAt };
  }

  /**
   * The live session behind a token, its idle clock restarted; null when it has ended.
   * One statement, which writes only when the clock is more than 30 s old: the idle rule
   * holds to within 30 s without a row write on every console request.
   */
  async touch(token: string): Promise<LiveSession | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const { rows } = await this.pool.query<{ user_id: string; created_at: Date | string }>(
      `with live as (
         select token_hash, user_id, created_at, last_seen_at from console_session
          where token_hash = $1 and expires_at > now() and last_seen_at > now() - make_interval(mins => $2)),
       slide as (
         update console_session c set last_seen_at = now() from live
          where c.token_hash = live.token_hash and live.last_seen_at < now() - interval '30 seconds')
       select user_id, created_at from live`,
      [hashToken(token), this.config.sessionIdleMinutes],
    );
    // The pool may hand timestamps back as text: read them as dates either way.
    return rows[0] ? { userId: rows[0].user_id, createdAt: new Date(rows[0].created_at) } : null;
  }

  async end(token: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`delete from console_session where token_hash = $1`, [hashToken(token)]);
    return (rowCount ?? 0) > 0;
  }

  /** The live console sessions of an account, newest first (never their tokens). */
  async listFor(
    userId: string,
  ): Promise<{ id: string; tokenHash: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date }[]> {
    const { rows } = await this.pool.query<{
      id: string;
      token_hash: string;
      created_at: Date | string;
      last_seen_at: Date | string;
      expires_at: Date | string;
    }>(
      `select id, token_hash, created_at, last_seen_at, expires_at from console_session
        where user_id = $1 and expires_at > now() and last_seen_at > now() - make_interval(mins => $2)
        order by created_at desc`,
      [userId, this.config.sessionIdleMinutes],
    );
    return rows.map((r) => ({
      id: r.id,
      tokenHash: r.token_hash,
      createdAt: new Date(r.created_at),
      lastSeenAt: new Date(r.last_seen_at),
      expiresAt: new Date(r.expires_at),
    }));
  }

  /** Ends one console session of an account, by its id; false when the account has no such session. */
  async endById(userId: string, id: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const { rowCount } = await this.pool.query(`delete from console_session where user_id = $1 and id = $2`, [
      userId,
      id,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** The stored form of a session token, to recognise the caller's own session in a list. */
  static hashOf(token: string): string {
    return hashToken(token);
  }

  /** Ends every console session of an account (sign-out everywhere, deactivation, revocation). */
  async endAllFor(userId: string): Promise<void> {
    await this.pool.query(`delete from console_session where user_id = $1`, [userId]);
  }

  csrfFor(token: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${token}`).digest('base64url');
  }

  csrfMatches(token: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const want = Buffer.from(this.csrfFor(token));
    const got = Buffer.from(presented);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  /** `Set-Cookie` values that start a session in the browser. */
  cookiesFor(grant: ConsoleSessionGrant): string[] {
    const maxAge = Math.max(0, Math.floor((grant.expiresAt.getTime() - Date.now()) / 1000));
    return [
      serializeCookie(SESSION_COOKIE, grant.token, { httpOnly: true, maxAge, secure: this.config.cookieSecure }),
      serializeCookie(CSRF_COOKIE, grant.csrfToken, { httpOnly: false, maxAge, secure: this.config.cookieSecure }),
    ];
  }

  /** `Set-Cookie` values that clear the session from the browser. */
  clearingCookies(): string[] {
    return [
      serializeCookie(SESSION_COOKIE, '', { httpOnly: true, maxAge: 0, secure: this.config.cookieSecure }),
      serializeCookie(CSRF_COOKIE, '', { httpOnly: false, maxAge: 0, secure: this.config.cookieSecure }),
    ];
  }
}

export function serializeCookie(
  name: string,
  value: string,
  opts: { httpOnly: boolean; maxAge: number; secure: boolean },
): string {
  const parts = [`${name}=${value}`, 'Path=/', `Max-Age=${opts.maxAge}`, 'SameSite=Strict'];
  if (opts.httpOnly) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The cookies of a request, by name; the first of a repeated name wins. Malformed pairs are skipped. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}
