import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { isReplicaFailure, judgeLag, lsnValue, ReadRouter } from '../../src/db/read-router.js';

const row = (over: Partial<Parameters<typeof judgeLag>[0]>) => ({
  recovery: true,
  receiving: true,
  caught_up: true,
  age: 5_000,
  ...over,
});

describe('judging a replica by its lag', () => {
  it.each([
    ['is current when it has replayed all it received, however old its last transaction', row({}), 30, true, 0],
    [
      'is as old as its last replayed transaction while WAL waits to be replayed',
      row({ caught_up: false, age: 12 }),
      30,
      true,
      12,
    ],
    ['is lagging when that age passes the bound', row({ caught_up: false, age: 31 }), 30, false, 31],
    ['is judged by age when its WAL receiver is not running', row({ receiving: false, age: 45 }), 30, false, 45],
    ['is not used when it has replayed nothing yet', row({ caught_up: false, age: null }), 30, false, null],
    ['is used with a bound of 0 only when caught up', row({}), 0, true, 0],
  ])('%s', (_name, r, bound, usable, lag) => {
    expect(judgeLag(r, bound)).toMatchObject({ usable, lagSeconds: lag });
  });

  it('never reads from a server that is not in recovery (promoted, or the primary itself)', () => {
    expect(judgeLag(row({ recovery: false }), 30)).toEqual({
      usable: false,
      reason: 'not_a_replica',
      lagSeconds: null,
    });
  });
});

describe('failures on the replica that move a read to the primary', () => {
  it.each([
    [{ code: '08006' }, true],
    [{ code: '57P01' }, true],
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '40001', message: 'canceling statement due to conflict with recovery' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ code: '57014' }, false],
    [{ code: '42P01' }, false],
    [new Error('`level` must be one of LSOA, WARD'), false],
  ])('%o: %s', (err, moved) => {
    expect(isReplicaFailure(err)).toBe(moved);
  });
});

/** Pools that answer without a database: only which pool a read ran on is observed here. */
function fakePool(name: string, fail?: Error, answer: () => object = () => row({})): pg.Pool {
  return {
    name,
    query: () => (fail ? Promise.reject(fail) : Promise.resolve({ rows: [answer()] })),
    end: () => Promise.resolve(),
  } as unknown as pg.Pool;
}

describe('the read router', () => {
  it('reads from the primary until the first check says the replica is usable', async () => {
    const primary = fakePool('primary');
    const reads = new ReadRouter(primary, fakePool('replica'), { maxLagSeconds: 30 });
    expect(reads.pool()).toBe(primary);
    await reads.check();
    expect((reads.pool() as unknown as { name: string }).name).toBe('replica');
    await reads.close();
  });

  it('answers from the primary when the replica fails under a read, and sets the replica aside', async () => {
    const primary = fakePool('primary');
    const replica = fakePool('replica');
    const seen: string[] = [];
    const reads = new ReadRouter(primary, replica, {
      maxLagSeconds: 30,
      events: { read: (t) => seen.push(t), fallback: (r) => seen.push(`fallback:${r}`) },
    });
    await reads.check();
    const answer = await reads.run(async (pool) => {
      if (pool === replica) throw Object.assign(new Error('terminating connection'), { code: '57P01' });
      return 'from the primary';
    });
    expect(answer).toBe('from the primary');
    expect(seen).toEqual(['replica', 'fallback:query_failed', 'primary']);
    expect(reads.pool()).toBe(primary);
    await reads.close();
  });

  it('does not repeat a read that failed for its own reasons', async () => {
    const reads = new ReadRouter(fakePool('primary'), fakePool('replica'), { maxLagSeconds: 30 });
    await reads.check();
    await expect(reads.run(() => Promise.reject(new Error('bad input')))).rejects.toThrow('bad input');
    expect(reads.status.usable).toBe(true);
    await reads.close();
  });

  it('treats an unreachable replica as unusable', async () => {
    const primary = fakePool('primary');
    const reads = new ReadRouter(primary, fakePool('replica', new Error('connect ECONNREFUSED')), {
      maxLagSeconds: 30,
    });
    expect(await reads.check()).toMatchObject({ usable: false, reason: 'unreachable' });
    expect(reads.pool()).toBe(primary);
    await reads.close();
  });
});

describe('reading your writes', () => {
  it('compares WAL positions as numbers', () => {
    expect(lsnValue('16/B374D848') > lsnValue('16/B374D847')).toBe(true);
    expect(lsnValue('17/0') > lsnValue('16/FFFFFFFF')).toBe(true);
  });

  it('keeps reads on the primary after a write until the replica has replayed it', async () => {
    const primary = fakePool('primary', undefined, () => ({ lsn: '0/5000000' }));
    let replayed = '0/4000000';
    const reads = new ReadRouter(
      primary,
      fakePool('replica', undefined, () => row({ replayed })),
      { maxLagSeconds: 30 },
    );
    await reads.check();
    expect(reads.pool()).not.toBe(primary);
    reads.afterWrite();
    expect(reads.pool()).toBe(primary);
    await new Promise((r) => setTimeout(r, 10));
    await reads.check();
    expect(reads.pool()).toBe(primary);
    replayed = '0/5000000';
    await reads.check();
    expect(reads.pool()).not.toBe(primary);
    await reads.close();
  });
});

describe('read replica settings', () => {
  it('reads DATABASE_READ_URL and the lag bound (default 30 s)', () => {
    const base = { DATABASE_URL: 'postgres://hub@primary/hub', DATABASE_READ_URL: 'postgres://hub@replica/hub' };
    expect(loadConfig(base).readReplica).toEqual({ url: 'postgres://hub@replica/hub', maxLagSeconds: 30 });
    expect(loadConfig({ ...base, HUB_READ_MAX_LAG_SECONDS: '5' }).readReplica?.maxLagSeconds).toBe(5);
    expect(loadConfig({}).readReplica).toBeNull();
  });

  it.each([
    [{ DATABASE_READ_URL: 'postgres://hub@replica/hub' }, 'DATABASE_READ_URL: needs DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://p/hub', DATABASE_READ_URL: 'mysql://r' }, 'DATABASE_READ_URL: must be a postgres://'],
    [{ HUB_READ_MAX_LAG_SECONDS: '-1' }, 'HUB_READ_MAX_LAG_SECONDS: must be 0 or more'],
    [{ HUB_READ_MAX_LAG_SECONDS: 'soon' }, 'HUB_READ_MAX_LAG_SECONDS: must be a number'],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
