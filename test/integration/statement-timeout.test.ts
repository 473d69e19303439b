import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { expectNoLeak } from '../support/hardening.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const TIMEOUT_MS = 400;
const RECORDS = 'query @purpose(name: STRATEGIC_ASSESSMENT) { records(first: 5) { nodes { id category } } }';

describe('statement timeout', () => {
  let t: TestHub;
  let token: string;

  beforeAll(async () => {
    t = await startTestHub({ HUB_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.records(await seed.dataset(police, DatasetKind.POLICE_CRIME), 3);
    token = (await seed.user(police, [Role.ANALYST])).token;
  });
  afterAll(async () => t?.close());

  it('applies HUB_STATEMENT_TIMEOUT_MS to every connection of the pool and of the ORM', async () => {
    const viaPool = await t.runtime.pool.query<{ statement_timeout: string }>('show statement_timeout');
    expect(viaPool.rows[0].statement_timeout).toBe(`${TIMEOUT_MS}ms`);
    const viaOrm = await t.runtime.orm.em
      .fork()
      .getConnection()
      .execute<{ statement_timeout: string }[]>('show statement_timeout');
    expect(viaOrm[0].statement_timeout).toBe(`${TIMEOUT_MS}ms`);
  });

  it('cancels a runaway query on the server, rather than leaving it running', async () => {
    const started = performance.now();
    const err = await t.runtime.pool.query("select pg_sleep(30), 'runaway-marker'").catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2_000);
    const running = await t.db.orm.em
      .getConnection()
      .execute(
        `select pid from pg_stat_activity where query like '%runaway-marker%' and state = 'active' and pid <> pg_backend_pid()`,
      );
    expect(running).toEqual([]);
    // The pool is healthy afterwards.
    expect((await t.runtime.pool.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('reports a cancelled query to the caller as QUERY_TIMEOUT, without SQL, and keeps serving', async () => {
    // Another session holds the table: the records query waits on the lock until the timeout cancels it.
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table shared_record in access exclusive mode');
      const started = performance.now();
      const res = await fetch(t.hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: RECORDS }),
      });
      const text = await res.text();
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 3_000);
      const body = JSON.parse(text);
      expect(body.errors[0]).toMatchObject({
        message: `The database cancelled the query after ${TIMEOUT_MS} ms (the hub's statement timeout). Narrow the filter, ask for fewer rows, or use an aggregate.`,
        extensions: { code: 'QUERY_TIMEOUT', timeoutMs: TIMEOUT_MS },
      });
      expectNoLeak(text);
    } finally {
      await blocker.query('rollback').catch(() => undefined);
      await blocker.end();
    }
    const after = await t.gql(RECORDS, {}, { token });
    expect(after.errors).toBeUndefined();
    expect((after.data as { records: { nodes: unknown[] } }).records.nodes).toHaveLength(3);
  });
});
