import type pg from 'pg';
import type { Logger } from 'pino';
import { rateLimited } from './errors.js';
import type { LimitKeys } from './limit-keys.js';
import {
  TOO_MANY_AT_ONCE,
  TOO_MANY_FAILURES,
  type LoginAttempt,
  type LoginGate,
  type LoginThrottleOptions,
} from './login-throttle.js';

/**
 * How long an attempt in progress counts. A process that dies between admitting an
 * attempt and recording its outcome leaves it pending; after this it no longer counts,
 * and no password check takes anywhere near this long.
 */
export const PENDING_LEASE_SECONDS = 60;

/*
 * Locks the attempt's windows (one per username, one per address) for the transaction,
 * creating them if need be, and brings each up to date first: pending attempts older than
 * the lease are forgotten, and a window that is over with nothing pending starts again.
 * Every SET expression sees the row as it was, hence the repeated conditions.
 */
const OPEN = `
  insert into login_throttle_window as w (key, failures, pending, started_at, pending_at)
  select k, 0, 0, now(), now() from unnest($1::bytea[]) as k
  on conflict (key) do update set
    pending = case when w.pending_at < now() - make_interval(secs => $3) then 0 else w.pending end,
    failures = case
      when w.started_at <= now() - make_interval(secs => $2)
       and (w.pending = 0 or w.pending_at < now() - make_interval(secs => $3)) then 0
      else w.failures end,
    started_at = case
      when w.started_at <= now() - make_interval(secs => $2)
       and (w.pending = 0 or w.pending_at < now() - make_interval(secs => $3)) then now()
      else w.started_at end
  returning key, failures, pending,
    extract(epoch from started_at + make_interval(secs => $2) - now())::float8 as left_seconds`;

const ADMIT = `update login_throttle_window set pending = pending + 1, pending_at = now() where key = any($1::bytea[])`;

const FINISH = `
  update login_throttle_window set
    pending = greatest(pending - 1, 0),
    failures = case when $2 = 'failed' then failures + 1 when $2 = 'ok' and key = $3 then 0 else failures end
  where key = any($1::bytea[])`;

interface Row {
  key: Buffer;
  failures: number;
  pending: number;
  left_seconds: number;
}

/**
 * The login throttle's rules (login-throttle.ts: failures per username and per address
 * in fixed windows, attempts in progress counted, a correct password clearing the
 * username's count) kept in PostgreSQL (the unlogged `login_throttle_window`), so that
 * failures on one hub process count on all of them. Usernames and addresses are stored
 * as keyed digests only.
 *
 * It fails closed: when the database cannot be asked, the attempt is refused with the
 * database's error (sign-in needs the database anyway). An outcome that cannot be
 * recorded is logged; its attempt stays pending, and so counted, for the lease.
 */
export class SharedLoginThrottle implements LoginGate {
  private readonly windowSeconds: number;

  constructor(
    private readonly db: pg.Pool,
    private readonly keys: LimitKeys,
    private readonly opts: LoginThrottleOptions,
    private readonly logger: Logger,
  ) {
    this.windowSeconds = opts.windowMinutes * 60;
  }

  async begin(username: string, ip: string | undefined): Promise<LoginAttempt> {
    const limits: { key: Buffer; max: number }[] = [];
    const user =
      this.opts.maxFailuresPerUser > 0 ? this.keys.digest('login:user', username.trim().toLowerCase()) : undefined;
    if (user) limits.push({ key: user, max: this.opts.maxFailuresPerUser });
    if (this.opts.maxFailuresPerIp > 0 && ip)
      limits.push({ key: this.keys.digest('login:ip', ip), max: this.opts.maxFailuresPerIp });
    if (limits.length === 0) return { succeeded() {}, failed() {}, abandoned() {} };
    // One order for every transaction, so that two attempts never lock the same rows crosswise.
    limits.sort((a, b) => Buffer.compare(a.key, b.key));
    const keys = limits.map((l) => l.key);
    await this.open(keys, (rows) => this.judge(limits, rows));
    let done = false;
    const finish = async (outcome: 'ok' | 'failed' | 'abandoned') => {
      if (done) return;
      done = true;
      try {
        await this.db.query(FINISH, [keys, outcome, user ?? null]);
      } catch (err) {
        this.logger.warn({ err, outcome }, 'a login attempt could not be recorded in the shared throttle');
      }
    };
    return { succeeded: () => finish('ok'), failed: () => finish('failed'), abandoned: () => finish('abandoned') };
  }

  /** Opens the windows locked, lets `judge` refuse (by throwing), and counts the attempt as pending. */
  private async open(keys: Buffer[], judge: (rows: Row[]) => void): Promise<void> {
    const client = await this.db.connect();
    let broken: unknown;
    try {
      await client.query('begin');
      const { rows } = await client.query<Row>(OPEN, [keys, this.windowSeconds, PENDING_LEASE_SECONDS]);
      judge(rows);
      await client.query(ADMIT, [keys]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch((e: unknown) => (broken = e));
      throw err;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /** The same verdicts as the in-memory throttle: failures shut the door until the window ends. */
  private judge(limits: { key: Buffer; max: number }[], rows: Row[]): void {
    const windows = limits.map((l) => ({ ...l, row: rows.find((r) => r.key.equals(l.key))! }));
    const failed = windows.filter((w) => w.row.failures >= w.max);
    if (failed.length) throw rateLimited(TOO_MANY_FAILURES, Math.max(...failed.map((w) => w.row.left_seconds)));
    if (windows.some((w) => w.row.failures + w.row.pending >= w.max)) throw rateLimited(TOO_MANY_AT_ONCE, 1);
  }
}
