import type pg from 'pg';
import type { Logger } from 'pino';
import type { LimitKeys } from '../auth/limit-keys.js';
import { TokenBucketLimiter, type RequestLimiter, type TakeResult, type TokenBucketOptions } from './rate-limit.js';

/*
 * One statement takes a token: the bucket is kept as the moment it would be full again
 * (`full_at`; the token bucket written as GCRA), so that refilling and taking are one
 * atomic upsert with no read-then-write race between processes. With an interval
 * I = 60 / perMinute seconds and a burst B, the bucket holds B - (full_at - now) / I
 * tokens; a token can be taken when that is at least 1, i.e. when
 * full_at <= now + (B - 1) * I, and taking one moves full_at to max(full_at, now) + I.
 * A refused take changes nothing (the WHERE of DO UPDATE), and the second select reads
 * the row as it was before the statement (one snapshot) to say how long to wait. Time is
 * the database's, so that the processes' clocks need not agree.
 */
const TAKE = `
  with taken as (
    insert into rate_limit_bucket as b (key, full_at)
    values ($1, now() + make_interval(secs => $2))
    on conflict (key) do update
      set full_at = greatest(b.full_at, now()) + make_interval(secs => $2)
      where b.full_at <= now() + make_interval(secs => $3)
    returning 1
  )
  select exists (select 1 from taken) as allowed,
    (select extract(epoch from full_at - now())::float8 from rate_limit_bucket where key = $1) as ahead`;

const PEEK = `select extract(epoch from full_at - now())::float8 as ahead from rate_limit_bucket where key = $1`;

const ALLOWED: TakeResult = { allowed: true };

/** After a failed round trip, how long the process limits on its own before asking again. */
const RETRY_DATABASE_MS = 5_000;

/**
 * Token buckets in PostgreSQL (the unlogged `rate_limit_bucket`), shared by every hub
 * process on the database: N processes enforce one limit. Keys are stored as keyed
 * digests (LimitKeys).
 *
 * Each process also keeps its own in-memory bucket per key, charged only with the takes
 * the database allowed here: it has seen a subset of the shared bucket's takes, so when
 * it is empty the shared one is too, and the refusal costs no round trip (a flood from
 * one client is refused in memory). When the database cannot be asked, the process's own
 * bucket decides alone: rate limiting degrades to per process rather than refusing
 * everyone (the request then meets the database's own 503 if it needs it). It asks
 * again after a few seconds, so that a database that hangs rather than refuses does not
 * hold every request for a connection timeout.
 */
export class SharedTokenBucketLimiter implements RequestLimiter {
  private readonly local: TokenBucketLimiter;
  private readonly intervalSeconds: number;
  private readonly toleranceSeconds: number;
  private lastWarning = 0;
  private databaseBackAt = 0;

  constructor(
    private readonly db: pg.Pool,
    private readonly keys: LimitKeys,
    /** Names the limit, so that two limits never share a bucket for the same key. */
    private readonly name: string,
    private readonly opts: TokenBucketOptions,
    private readonly logger: Logger,
  ) {
    this.local = new TokenBucketLimiter(opts);
    this.intervalSeconds = opts.perMinute > 0 ? 60 / opts.perMinute : 0;
    this.toleranceSeconds = (opts.burst - 1) * this.intervalSeconds;
  }

  get enabled(): boolean {
    return this.opts.perMinute > 0;
  }

  async take(key: string): Promise<TakeResult> {
    if (!this.enabled) return ALLOWED;
    const mine = this.local.peek(key);
    if (!mine.allowed) return mine;
    if (Date.now() < this.databaseBackAt) return this.local.take(key);
    let row: { allowed: boolean; ahead: number | null };
    try {
      const r = await this.db.query<{ allowed: boolean; ahead: number | null }>(TAKE, [
        this.keys.digest(`rate:${this.name}`, key),
        this.intervalSeconds,
        this.toleranceSeconds,
      ]);
      row = r.rows[0];
    } catch (err) {
      this.degraded(err);
      return this.local.take(key);
    }
    if (!row.allowed) return { allowed: false, retryAfterSeconds: this.wait(row.ahead) };
    this.local.take(key);
    return ALLOWED;
  }

  async peek(key: string): Promise<TakeResult> {
    if (!this.enabled) return ALLOWED;
    const mine = this.local.peek(key);
    if (!mine.allowed || Date.now() < this.databaseBackAt) return mine;
    try {
      const r = await this.db.query<{ ahead: number }>(PEEK, [this.keys.digest(`rate:${this.name}`, key)]);
      const ahead = r.rows[0]?.ahead;
      return ahead === undefined || ahead <= this.toleranceSeconds
        ? ALLOWED
        : { allowed: false, retryAfterSeconds: this.wait(ahead) };
    } catch (err) {
      this.degraded(err);
      return mine;
    }
  }

  /** Seconds until a token: the bucket's lead over the tolerance (or one interval when another process just made it). */
  private wait(ahead: number | null): number {
    return ahead === null ? this.intervalSeconds : Math.max(0, ahead - this.toleranceSeconds);
  }

  private degraded(err: unknown): void {
    const now = Date.now();
    this.databaseBackAt = now + RETRY_DATABASE_MS;
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    this.logger.warn(
      { err, limit: this.name },
      'the shared rate limits cannot be read; this process limits on its own until the database answers',
    );
  }
}
