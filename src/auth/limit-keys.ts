import { createHmac, hkdfSync } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Keys of the shared rate limits and login throttle as stored in PostgreSQL: an
 * HMAC-SHA256 of the limit's name and its key (a username, a client address, an
 * account id), under a key derived from the hub's token secret. Usernames and addresses
 * are personal data: the tables hold digests only, which no one without the secret can
 * test a guess against. Rotating the secret only resets the counts.
 */
export class LimitKeys {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'community-safety-hub/limit-keys/v1', 32));
  }

  digest(scope: string, key: string): Buffer {
    return createHmac('sha256', this.key).update(scope).update('\0').update(key).digest();
  }
}

/**
 * The limits' own connections (two), apart from the hub's pool, as the audit writer has:
 * a request waiting for a pool connection must not also wait for one to be admitted, and
 * a flood of refused requests then queues here, not in front of the hub's queries.
 */
export function openLimitsPool(pool: pg.Pool, logger: Logger): pg.Pool | undefined {
  const options = (pool as unknown as { options?: pg.PoolConfig }).options;
  if (!options) return undefined;
  // pg-pool keeps the password non-enumerable: copy it by name. A limit that cannot get a
  // connection quickly falls back (src/server/shared-rate-limit.ts) rather than queue.
  const own = new pg.Pool({
    ...options,
    password: options.password,
    min: 0,
    max: 2,
    connectionTimeoutMillis: 2_000,
    allowExitOnIdle: true,
  });
  own.on('error', (err) => logger.warn({ err }, 'an idle limits connection failed'));
  own.on('connect', (client) => client.on('error', (err) => logger.warn({ err }, 'a limits connection failed')));
  return own;
}
