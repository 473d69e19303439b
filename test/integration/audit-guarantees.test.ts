import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdminEvent } from '../../src/audit/audit.record.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { createLogger } from '../../src/logger.js';
import { auditEvents } from '../support/audit.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';
import type { AdminAction } from '../../src/audit/audit-event.js';

const RECORDS = `query Own @purpose(name: STRATEGIC_ASSESSMENT) { records(first: 5) { nodes { id lsoa category } } }`;

describe('no answer leaves without its audit event', () => {
  let t: TestHub;
  let analyst: { token: string; username: string };

  beforeAll(async () => {
    // Many requests from one account at once: above the default rate limit's burst.
    t = await startTestHub({ HUB_RATE_LIMIT_BURST: '10000', HUB_RATE_LIMIT_PER_MINUTE: '100000' });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.records(await seed.dataset(police, DatasetKind.POLICE_CRIME), 5);
    analyst = await seed.user(police, [Role.ANALYST]);
  });

  afterAll(async () => {
    await t?.close();
  });

  const raw = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const requestId = `test-${randomUUID()}`;
    const res = await fetch(t.hub.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, text: await res.text(), requestId };
  };

  it('withholds the answer, data and all, when the event cannot be written', async () => {
    const ok = await raw(RECORDS, {}, analyst.token);
    expect(ok.text).toContain('E01099001');
    const headBefore = (await t.runtime.pool.query(`select seq::text as seq from audit_chain_head`)).rows[0].seq;

    await t.runtime.pool.query(
      `create function audit_test_fail() returns trigger language plpgsql as $$ begin raise exception 'audit storage unavailable (test)'; end $$`,
    );
    await t.runtime.pool.query(
      `create trigger audit_test_fail before insert on audit_event for each row execute function audit_test_fail()`,
    );
    try {
      const r = await raw(RECORDS, {}, analyst.token);
      expect(r.status).toBe(503);
      const body = JSON.parse(r.text);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        {
          message: expect.stringContaining('audit event could not be written'),
          extensions: { code: 'SERVICE_UNAVAILABLE', requestId: r.requestId },
        },
      ]);
      expect(r.text).not.toContain('E01099001');
      expect(r.text).not.toContain('audit storage unavailable');

      // A login is withheld too: no token without its event.
      const login = await raw('mutation { login(username: "nobody", password: "whatever-it-is") { token } }', {});
      expect(login.status).toBe(503);
      expect(JSON.parse(login.text).data).toBeUndefined();
    } finally {
      await t.runtime.pool.query(`drop trigger audit_test_fail on audit_event`);
      await t.runtime.pool.query(`drop function audit_test_fail()`);
    }
    expect((await t.runtime.pool.query(`select seq::text as seq from audit_chain_head`)).rows[0].seq).toBe(headBefore);

    const again = await raw(RECORDS, {}, analyst.token);
    expect(again.status).toBe(200);
    expect(again.text).toContain('E01099001');
    expect((await t.runtime.services.audit.verify()).ok).toBe(true);
  });

  it('withholds the answer when the writer itself fails, before any SQL', async () => {
    const writer = t.runtime.services.audit.writer;
    writer.beforeWrite = () => {
      throw new Error('simulated writer failure');
    };
    try {
      const r = await raw(RECORDS, {}, analyst.token);
      expect(r.status).toBe(503);
      expect(r.text).not.toContain('E01099001');
    } finally {
      writer.beforeWrite = undefined;
    }
  });

  it('keeps one unbroken chain under 200 concurrent requests, two hub processes and admin transactions', async () => {
    const before = await auditEvents(t.runtime.pool);
    const lastBefore = BigInt(before[before.length - 1].seq);

    // A second "hub process": its own pool and writer on the same database.
    const otherPool = new pg.Pool({ connectionString: t.db.url, max: 4 });
    const other = new AuditService(otherPool, TEST_PSEUDONYM_KEY, createLogger('silent'));
    try {
      const http = Array.from({ length: 200 }, () => raw(RECORDS, {}, analyst.token));
      const fromOther = Array.from({ length: 100 }, (_, i) =>
        other.record({
          kind: 'ADMIN',
          action: 'test.other_process',
          outcome: 'SUCCEEDED',
          requestId: `other-${i}`,
          principalKind: 'system',
          principalLabel: 'test',
        }),
      );
      const inTransactions = Array.from({ length: 20 }, (_, i) =>
        t.runtime.orm.em.fork().transactional((em) =>
          recordAdminEvent(em, {
            actor: { kind: 'system', label: 'test' },
            // A test-only action, outside the declared list on purpose.
            action: 'test.in_transaction' as AdminAction,
            entityType: 'Test',
            entityId: `tx-${i}`,
            requestId: `tx-${i}`,
          }),
        ),
      );
      const responses = await Promise.all(http);
      await Promise.all([...fromOther, ...inTransactions]);
      expect(responses.every((r) => r.status === 200)).toBe(true);

      const after = (await auditEvents(t.runtime.pool)).filter((e) => BigInt(e.seq) > lastBefore);
      expect(after).toHaveLength(320);
      // No gap, no duplicate: sequence numbers are consecutive.
      after.forEach((e, i) => expect(BigInt(e.seq)).toBe(lastBefore + 1n + BigInt(i)));
      // Every request has exactly one event.
      const ids = after.map((e) => e.requestId);
      expect(new Set(ids).size).toBe(320);
      for (const r of responses) expect(ids).toContain(r.requestId);

      const report = await t.runtime.services.audit.verify();
      expect(report.problem).toBeNull();
      expect(report.ok).toBe(true);
      // Concurrent requests were grouped into fewer commits.
      const stats = t.runtime.services.audit.stats();
      expect(stats.batches).toBeLessThan(stats.events);
      // The writers did find the head moved under them, and recovered.
      expect(stats.misses + other.stats().misses).toBeGreaterThan(0);
    } finally {
      await other.close();
      await otherPool.end();
    }
  });
});
