import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LimitKeys } from '../../src/auth/limit-keys.js';
import { SharedLoginThrottle } from '../../src/auth/shared-login-throttle.js';
import { loadConfig } from '../../src/config.js';
import { nativePool } from '../../src/db/orm.js';
import { createLogger } from '../../src/logger.js';
import { openLimiters } from '../../src/server/shared-limits.js';
import { SharedTokenBucketLimiter } from '../../src/server/shared-rate-limit.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_TOKEN_SECRET } from '../support/hub.js';

/*
 * The shared limits against a real PostgreSQL. Two limiter objects on one database stand
 * for two hub processes: each has its own memory, only the tables are shared.
 * (test/e2e/shared-limits.test.ts does the same with two real processes.)
 */

const logger = createLogger('silent');
const keys = new LimitKeys(TEST_TOKEN_SECRET);
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = await nativePool(db.orm);
});
afterAll(async () => db?.drop());

const bucket = (name: string, burst: number, p: pg.Pool = pool) =>
  new SharedTokenBucketLimiter(p, keys, name, { perMinute: 60, burst }, logger);
const throttle = (p: pg.Pool = pool) =>
  new SharedLoginThrottle(p, keys, { maxFailuresPerUser: 3, maxFailuresPerIp: 5, windowMinutes: 15 }, logger);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'admitted',
    (err: Error) => err.message,
  );

describe('shared token buckets', () => {
  it('enforce one burst across processes, then say how long to wait', async () => {
    const [a, b] = [bucket('burst', 3), bucket('burst', 3)];
    const taken = [await a.take('k'), await b.take('k'), await a.take('k')];
    expect(taken.every((t) => t.allowed)).toBe(true);
    const refused = await b.take('k');
    expect(refused.allowed).toBe(false);
    const wait = refused.allowed ? 0 : refused.retryAfterSeconds;
    expect(wait).toBeGreaterThan(0.5);
    expect(wait).toBeLessThanOrEqual(1);
    expect((await a.take('k')).allowed).toBe(false);
    expect(await a.peek('k')).toMatchObject({ allowed: false });
    expect((await b.take('other')).allowed).toBe(true);
  });

  it('refill at the configured rate', async () => {
    const a = bucket('refill', 1);
    expect((await a.take('k')).allowed).toBe(true);
    expect((await bucket('refill', 1).take('k')).allowed).toBe(false);
    // A second later (moved in the table rather than waited for) one token is back.
    await pool.query(`update rate_limit_bucket set full_at = full_at - interval '1 second'`);
    expect((await bucket('refill', 1).take('k')).allowed).toBe(true);
  });

  it('keep the same key apart in two limits', async () => {
    expect((await bucket('one', 1).take('k')).allowed).toBe(true);
    expect((await bucket('two', 1).take('k')).allowed).toBe(true);
  });

  it('store keyed digests, never the key itself', async () => {
    await bucket('digests', 5).take('10.9.8.7');
    const { rows } = await pool.query<{ key: Buffer }>(`select key from rate_limit_bucket`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key.length).toBe(32);
      expect(key.includes(Buffer.from('10.9.8.7'))).toBe(false);
    }
    expect(rows.some((r) => r.key.equals(keys.digest('rate:digests', '10.9.8.7')))).toBe(true);
  });

  it('fall back to the process limiting on its own when the database cannot be asked', async () => {
    const gone = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 500 });
    const alone = bucket('fallback', 2, gone);
    expect([(await alone.take('k')).allowed, (await alone.take('k')).allowed]).toEqual([true, true]);
    expect((await alone.take('k')).allowed).toBe(false);
    await gone.end();
  });

  it('do not ask a failing database again for a few seconds, so that a hanging one does not hold every request', async () => {
    let asked = 0;
    const failing = {
      query: async () => {
        asked++;
        throw Object.assign(new Error('timeout exceeded when trying to connect'), { code: 'ETIMEDOUT' });
      },
    } as unknown as pg.Pool;
    const alone = bucket('hanging', 10, failing);
    for (let i = 0; i < 5; i++) expect((await alone.take(`k${i}`)).allowed).toBe(true);
    expect(await alone.peek('k0')).toEqual({ allowed: true });
    expect(asked).toBe(1);
  });
});

describe('the shared login throttle', () => {
  it('counts failures on one process against the account on another', async () => {
    const [a, b] = [throttle(), throttle()];
    await (await a.begin('Analyst@POL', '10.0.0.1')).failed();
    await (await b.begin('analyst@pol', '10.0.0.2')).failed();
    await (await a.begin('ANALYST@pol', '10.0.0.3')).failed();
    expect(await refusal(b.begin('analyst@pol', '10.0.0.4'))).toMatch(
      /^Too many failed login attempts for this account or from this address\. Try again in (899|900) s\.$/,
    );
    // Once the window is over (moved in the table), the account may try again.
    await pool.query(`update login_throttle_window set started_at = started_at - interval '15 minutes'`);
    expect(await refusal(a.begin('analyst@pol', '10.0.0.4'))).toBe('admitted');
  });

  it('refuses an address that guesses across many usernames, on any process', async () => {
    const [a, b] = [throttle(), throttle()];
    for (let i = 0; i < 5; i++) await (await (i % 2 ? a : b).begin(`user${i}`, '10.1.0.1')).failed();
    expect(await refusal(a.begin('someone-else', '10.1.0.1'))).toMatch(/Too many failed login attempts/);
    expect(await refusal(b.begin('someone-else', '10.1.0.2'))).toBe('admitted');
  });

  it('counts attempts in progress on other processes, until they finish or their lease ends', async () => {
    const [a, b] = [throttle(), throttle()];
    const pending = await Promise.all([a.begin('u2', 'x'), b.begin('u2', 'y'), a.begin('u2', 'z')]);
    expect(await refusal(b.begin('u2', 'w'))).toBe(
      'Too many login attempts at once for this account or from this address. Try again in 1 s.',
    );
    await pending[0].abandoned();
    expect(await refusal(b.begin('u2', 'w'))).toBe('admitted');
    // A process that died mid-attempt: its pending attempts stop counting after the lease.
    await pool.query(`update login_throttle_window set pending_at = now() - interval '2 minutes'`);
    expect(await refusal(a.begin('u2', 'v'))).toBe('admitted');
  });

  it("clears a username's failures on a correct password, wherever it is checked", async () => {
    const [a, b] = [throttle(), throttle()];
    await (await a.begin('u3', 'a')).failed();
    await (await b.begin('u3', 'a')).failed();
    await (await a.begin('u3', 'a')).succeeded();
    await (await b.begin('u3', 'a')).failed();
    await (await a.begin('u3', 'a')).failed();
    expect(await refusal(b.begin('u3', 'b'))).toBe('admitted');
  });

  it('stores keyed digests of usernames and addresses only', async () => {
    await (await throttle().begin('someone.personal@agency', '192.0.2.44')).failed();
    const { rows } = await pool.query<{ key: Buffer }>(`select key from login_throttle_window`);
    for (const { key } of rows) {
      expect(key.length).toBe(32);
      expect(key.includes(Buffer.from('someone.personal'))).toBe(false);
      expect(key.includes(Buffer.from('192.0.2.44'))).toBe(false);
    }
  });

  it('refuses sign-in when the database cannot be asked (fails closed)', async () => {
    const gone = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 500 });
    expect(await refusal(throttle(gone).begin('u4', 'a'))).not.toBe('admitted');
    await gone.end();
  });
});

describe('pruning', () => {
  it('deletes full buckets and finished windows, and keeps live ones', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, HUB_RATE_LIMIT_BURST: '2' });
    const limiters = openLimiters(config.limits, pool, TEST_TOKEN_SECRET, logger);
    try {
      await pool.query(`truncate rate_limit_bucket, login_throttle_window`);
      await limiters.perPrincipal.take('live');
      await limiters.perPrincipal.take('full');
      await pool.query(`update rate_limit_bucket set full_at = now() - interval '1 second' where key = $1`, [
        keys.digest('rate:principal', 'full'),
      ]);
      await (await limiters.login.begin('live', undefined)).failed();
      await (await limiters.login.begin('over', undefined)).failed();
      await pool.query(`update login_throttle_window set started_at = now() - interval '16 minutes' where key = $1`, [
        keys.digest('login:user', 'over'),
      ]);
      await limiters.prune();
      const count = async (table: string) => (await pool.query(`select count(*)::int as n from ${table}`)).rows[0].n;
      expect(await count('rate_limit_bucket')).toBe(1);
      expect(await count('login_throttle_window')).toBe(1);
    } finally {
      await limiters.close();
    }
  });
});
