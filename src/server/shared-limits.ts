import type pg from 'pg';
import type { Logger } from 'pino';
import { LimitKeys, openLimitsPool } from '../auth/limit-keys.js';
import { LoginThrottle, type LoginGate } from '../auth/login-throttle.js';
import { PENDING_LEASE_SECONDS, SharedLoginThrottle } from '../auth/shared-login-throttle.js';
import type { HubLimits } from '../config.js';
import { TokenBucketLimiter, type RequestLimiter } from './rate-limit.js';
import { SharedTokenBucketLimiter } from './shared-rate-limit.js';

/** The hub's rate limits and login throttle, and what keeps them. */
export interface HubLimiters {
  /** People and partner systems, by principal. */
  perPrincipal: RequestLimiter;
  /** Everyone else (and every upload before its key is checked), by client address. */
  perAddress: RequestLimiter;
  login: LoginGate;
  /** Deletes full buckets and finished windows (every minute by itself). */
  prune(): Promise<void>;
  close(): Promise<void>;
}

const PRUNE_EVERY_MS = 60_000;

/*
 * A bucket past its `full_at` is full, the same as no row; a window is over once its time
 * has passed with nothing pending (or only pending attempts older than the lease).
 */
const PRUNE = [
  `delete from rate_limit_bucket where full_at < now()`,
  `delete from login_throttle_window
    where started_at < now() - make_interval(secs => $1)
      and (pending = 0 or pending_at < now() - make_interval(secs => $2))`,
];

/**
 * The limits as configured: in PostgreSQL, shared by every hub process on the database
 * (`HUB_LIMITS_STORE=database`, the default), or in this process's memory (`memory`).
 */
export function openLimiters(
  limits: HubLimits,
  pool: pg.Pool,
  tokenSecret: string,
  logger: Logger,
  opts: { pruneEveryMs?: number } = {},
): HubLimiters {
  const perPrincipal = { perMinute: limits.ratePerMinute, burst: limits.rateBurst };
  const perAddress = { perMinute: limits.anonymousRatePerMinute, burst: limits.rateBurst };
  const login = {
    maxFailuresPerUser: limits.loginMaxFailuresPerUser,
    maxFailuresPerIp: limits.loginMaxFailuresPerIp,
    windowMinutes: limits.loginWindowMinutes,
  };
  const own = limits.store === 'database' ? openLimitsPool(pool, logger) : undefined;
  if (!own) {
    return {
      perPrincipal: new TokenBucketLimiter(perPrincipal),
      perAddress: new TokenBucketLimiter(perAddress),
      login: new LoginThrottle(login),
      prune: async () => undefined,
      close: async () => undefined,
    };
  }
  const keys = new LimitKeys(tokenSecret);
  const prune = async () => {
    for (const [i, sql] of PRUNE.entries())
      await own.query(sql, i ? [limits.loginWindowMinutes * 60, PENDING_LEASE_SECONDS] : []);
  };
  const timer = setInterval(() => {
    prune().catch((err: unknown) => logger.warn({ err }, 'pruning the shared limits failed'));
  }, opts.pruneEveryMs ?? PRUNE_EVERY_MS);
  timer.unref();
  return {
    perPrincipal: new SharedTokenBucketLimiter(own, keys, 'principal', perPrincipal, logger),
    perAddress: new SharedTokenBucketLimiter(own, keys, 'address', perAddress, logger),
    login: new SharedLoginThrottle(own, keys, login, logger),
    prune,
    async close() {
      clearInterval(timer);
      await own.end();
    },
  };
}
