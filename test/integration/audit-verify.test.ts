import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHubIn } from '../support/cli.js';
import type { AuditEventInput } from '../../src/audit/audit-event.js';
import { chainHash, contentHash } from '../../src/audit/chain.js';
import { contentOf } from '../../src/audit/audit-event.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { auditEvents, tamper } from '../support/audit.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';

const env = (db: TestDatabase) => ({
  NODE_ENV: 'test',
  DATABASE_URL: db.url,
  HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
  HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
  HUB_DATA_DIR: '.hub-test',
  LOG_LEVEL: 'silent',
});

/** Content columns: everything but the chain's own (seq, prev_hash, hash). */
const CONTENT_COLUMNS = `at, kind, action, request_id, principal_kind, principal_id, principal_label, agency_id, agency_code, roles, purpose,
  operation_name, document_hash, variables_hash, agreements, datasets, concerns, fields_returned, fields_denied, row_count, cell_count,
  cells_suppressed, outcome, error_codes, duration_ms, details`;

const event = (i: number, at?: Date): AuditEventInput => ({
  kind: i % 3 === 0 ? 'ADMIN' : 'GRAPHQL',
  action: i % 3 === 0 ? 'account.update' : 'graphql.query',
  outcome: i % 4 === 0 ? 'REFUSED' : 'ANSWERED',
  at,
  requestId: `req-${i}`,
  principalKind: 'user',
  principalLabel: `analyst-${i % 5}@pol`,
  purpose: 'STRATEGIC_ASSESSMENT',
  datasets: ['pol-police_crime'],
  rows: i,
  details:
    i % 3 === 0
      ? { entityType: 'Account', before: { roles: ['ANALYST'] }, after: { roles: ['ANALYST', 'OFFICER'] } }
      : null,
});

describe('hub audit verify catches tampering in a real database', () => {
  let db: TestDatabase;
  let rt: Runtime;

  const verify = (anchors?: { seq: string; hash: string }[]) => rt.services.audit.verify({ anchors });

  /** Runs the real `hub` command against this database; returns its exit code and output. */
  const cli = (...argv: string[]) => runHubIn(env(db), ...argv);

  beforeAll(async () => {
    db = await createTestDatabase();
    rt = await openRuntime(loadConfig(env(db)), createLogger('silent'));
    for (let i = 1; i <= 10; i++) await rt.services.audit.record(event(i, new Date(Date.UTC(2020, 0, i))));
    await Promise.all(Array.from({ length: 30 }, (_, k) => rt.services.audit.record(event(11 + k))));
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('passes an intact trail', async () => {
    const r = await verify();
    expect(r).toMatchObject({
      ok: true,
      checked: 40,
      firstSeq: '1',
      lastSeq: '40',
      problem: null,
      head: { seq: '40', signature: 'valid' },
    });
    const c = await cli('audit', 'verify');
    expect(c.code).toBe(0);
    expect(c.out).toContain('The audit trail is intact');
    expect(c.out).toContain(`40:${r.head.hash}`);
  });

  it('refuses updates, deletes and truncation while its triggers are on', async () => {
    await expect(rt.pool.query(`update audit_event set purpose = 'X' where seq = 3`)).rejects.toThrow(/append-only/);
    await expect(rt.pool.query(`delete from audit_event where seq = 3`)).rejects.toThrow(/append-only/);
    await expect(rt.pool.query(`truncate audit_event`)).rejects.toThrow(/append-only/);
    await expect(rt.pool.query(`delete from audit_chain_head`)).rejects.toThrow(/append-only/);
    await expect(rt.pool.query(`select audit_prune_through(5)`)).rejects.toThrow(/checkpoint/);
  });

  it('reports an edited event', async () => {
    const restore = await tamper(rt.pool, `update audit_event set purpose = 'PROBLEM_SOLVING' where seq = 17`);
    try {
      expect((await verify()).problem).toMatchObject({ kind: 'ALTERED', seq: '17' });
      const c = await cli('audit', 'verify');
      expect(c.code).toBe(1);
      expect(c.err).toContain('AUDIT TRAIL NOT INTACT (ALTERED) at event 17');
    } finally {
      await restore();
    }
    expect((await verify()).ok).toBe(true);
  });

  it('reports an edited event whose own hash was recomputed, at the next link', async () => {
    const [e] = await auditEvents(rt.pool, 'e.seq = 17');
    const forged = { ...contentOf(e), rows: 0 };
    const hash = chainHash(e.prevHash, 17n, contentHash(forged));
    const restore = await tamper(rt.pool, `update audit_event set row_count = 0, hash = '${hash}' where seq = 17`);
    try {
      expect((await verify()).problem).toMatchObject({ kind: 'BROKEN_LINK', seq: '18' });
    } finally {
      await restore();
    }
  });

  it('reports a deleted event, in the middle and at the end', async () => {
    let restore = await tamper(rt.pool, `delete from audit_event where seq = 23`);
    try {
      expect((await verify()).problem).toMatchObject({
        kind: 'DELETED',
        seq: '23',
        message: expect.stringContaining('Event 23 is missing'),
      });
    } finally {
      await restore();
    }
    restore = await tamper(rt.pool, `delete from audit_event where seq >= 39`);
    try {
      expect((await verify()).problem).toMatchObject({
        kind: 'DELETED',
        seq: '39',
        message: expect.stringContaining('missing from the end'),
      });
    } finally {
      await restore();
    }
  });

  it('reports events deleted and the rest renumbered', async () => {
    const restore = await tamper(
      rt.pool,
      `delete from audit_event where seq = 23; update audit_event set seq = seq - 1 where seq > 23`,
    );
    try {
      expect((await verify()).problem).toMatchObject({
        kind: 'REORDERED',
        seq: '23',
        message: expect.stringContaining('written as event 24'),
      });
    } finally {
      await restore();
    }
  });

  it('reports reordered events, by sequence number or by content', async () => {
    let restore = await tamper(
      rt.pool,
      `update audit_event set seq = 1000 where seq = 12; update audit_event set seq = 12 where seq = 13; update audit_event set seq = 13 where seq = 1000`,
    );
    try {
      expect((await verify()).problem).toMatchObject({
        kind: 'REORDERED',
        seq: '12',
        message: expect.stringContaining('written as event 13'),
      });
    } finally {
      await restore();
    }
    restore = await tamper(
      rt.pool,
      `update audit_event a set (${CONTENT_COLUMNS}) = (select ${CONTENT_COLUMNS} from audit_event b where b.seq = case a.seq when 12 then 13 else 12 end) where a.seq in (12, 13)`,
    );
    try {
      expect((await verify()).problem).toMatchObject({ kind: 'REORDERED', seq: '12' });
    } finally {
      await restore();
    }
  });

  it("reports a trail rewritten from some event on by someone without the hub's key", async () => {
    const events = await auditEvents(rt.pool, 'e.seq >= 30');
    let prev = events[0].prevHash;
    const updates: string[] = [];
    for (const e of events) {
      const content = e.seq === '30' ? { ...contentOf(e), principalLabel: 'someone-else@pol' } : contentOf(e);
      const hash = chainHash(prev, BigInt(e.seq), contentHash(content));
      updates.push(
        `update audit_event set principal_label = '${content.principalLabel}', prev_hash = '${prev}', hash = '${hash}' where seq = ${e.seq};`,
      );
      prev = hash;
    }
    updates.push(`update audit_chain_head set hash = '${prev}';`);
    const restore = await tamper(rt.pool, updates.join('\n'));
    try {
      expect((await verify()).problem).toMatchObject({ kind: 'HEAD_SIGNATURE' });
    } finally {
      await restore();
    }
  });

  it('catches a cut tail behind an older, genuinely signed head when given a later anchor', async () => {
    const old = (await rt.pool.query(`select seq, hash, key_id, mac from audit_chain_head`)).rows[0];
    const extra = await rt.services.audit.record(event(99));
    const anchor = { seq: extra.seq, hash: extra.hash };
    expect((await verify([anchor])).ok).toBe(true);
    const restore = await tamper(
      rt.pool,
      `delete from audit_event where seq > ${old.seq}; update audit_chain_head set seq = ${old.seq}, hash = '${old.hash}', mac = '${old.mac}'`,
    );
    try {
      // Without the anchor the shortened trail is self-consistent...
      expect((await verify()).ok).toBe(true);
      // ...with it, the cut shows.
      const report = await verify([anchor]);
      expect(report.problem).toMatchObject({ kind: 'ANCHOR_MISMATCH', seq: extra.seq });
      expect(report.anchorsChecked).toBe(0);
      const c = await cli('audit', 'verify', '--anchor', `${anchor.seq}:${anchor.hash}`);
      expect(c.code).toBe(1);
      // A refused anchor is never reported as confirmed.
      expect(c.out).not.toContain('Anchors confirmed');
    } finally {
      await restore();
    }
    expect((await verify([anchor])).ok).toBe(true);
  });

  it('exports the trail as CSV and as JSON lines that re-verify with plain SHA-256', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'audit-export-'));
    try {
      const csvFile = path.join(dir, 'trail.csv');
      const before = await auditEvents(rt.pool);
      expect((await cli('audit', 'export', '--csv', '--out', csvFile)).code).toBe(0);
      const csv = (await readFile(csvFile, 'utf8')).trimEnd().split('\r\n');
      expect(csv[0]).toMatch(/^seq,at,kind,/);
      expect(csv).toHaveLength(1 + before.length);
      // The export is itself recorded.
      const after = await auditEvents(rt.pool);
      expect(after[after.length - 1]).toMatchObject({
        kind: 'ADMIN',
        action: 'audit.export',
        rows: before.length,
        principalKind: 'system',
      });

      const filtered = await cli('audit', 'export', '--kind', 'ADMIN', '--from', '2021-01-01');
      const rows = filtered.out.trimEnd().split('\r\n').slice(1);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r).toContain(',ADMIN,');

      const jsonl = await cli('audit', 'export', '--jsonl');
      let prev = '0'.repeat(64);
      for (const line of jsonl.out.trimEnd().split('\n')) {
        const e = JSON.parse(line);
        expect(e.prevHash).toBe(prev);
        expect(chainHash(e.prevHash, BigInt(e.seq), contentHash(e.content))).toBe(e.hash);
        prev = e.hash;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prunes under a signed checkpoint: the rest still verifies, and the checkpoint is protected', async () => {
    const dry = await cli('audit', 'prune', '--before', '2021-01-01', '--dry-run');
    expect(dry.out).toContain('Would prune 10 events (up to event 10)');
    expect((await auditEvents(rt.pool)).length).toBeGreaterThan(40);

    const c = await cli('audit', 'prune', '--before', '2021-01-01');
    expect(c.code).toBe(0);
    expect(c.out).toContain('Pruned 10 events (up to event 10)');
    const remaining = await auditEvents(rt.pool);
    expect(remaining[0].seq).toBe('11');
    // The prune is itself recorded.
    expect(remaining[remaining.length - 1]).toMatchObject({
      kind: 'ADMIN',
      action: 'audit.prune',
      rows: 10,
      details: { through: '10', pruned: 10 },
    });

    const r = await verify();
    expect(r).toMatchObject({
      ok: true,
      firstSeq: '11',
      checkpoint: { seq: '10', prunedCount: '10', signature: 'valid' },
    });
    // An anchor in the pruned part can no longer be checked, and the report says so.
    const pruned = await verify([{ seq: '3', hash: 'a'.repeat(64) }]);
    expect(pruned).toMatchObject({ ok: true, anchorsChecked: 0, anchorsPruned: 1 });
    expect((await cli('audit', 'verify', '--anchor', `3:${'a'.repeat(64)}`)).out).toContain(
      'fall before the retention checkpoint (event 10)',
    );
    // Nothing left to prune before that date.
    expect((await cli('audit', 'prune', '--before', '2021-01-01')).out).toContain('No events before');

    await rt.pool.query('alter table audit_checkpoint disable trigger user');
    await rt.pool.query(`update audit_checkpoint set pruned_count = 9 where seq = 10`);
    await rt.pool.query('alter table audit_checkpoint enable trigger user');
    try {
      expect((await verify()).problem).toMatchObject({ kind: 'CHECKPOINT_SIGNATURE', seq: '10' });
    } finally {
      await rt.pool.query('alter table audit_checkpoint disable trigger user');
      await rt.pool.query(`update audit_checkpoint set pruned_count = 10 where seq = 10`);
      await rt.pool.query('alter table audit_checkpoint enable trigger user');
    }

    const restore = await tamper(rt.pool, `delete from audit_event where seq = 11`);
    try {
      expect((await verify()).problem).toMatchObject({ kind: 'DELETED', seq: '11' });
    } finally {
      await restore();
    }
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});
