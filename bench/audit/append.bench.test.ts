import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toContent, toRow, type AuditContent } from '../../src/audit/audit-event.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { APPEND_IF_HEAD } from '../../src/audit/audit.writer.js';
import { chainHash, contentHash } from '../../src/audit/chain.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_PSEUDONYM_KEY } from '../../test/support/hub.js';

/*
 * bench/audit/append: one audit append in isolation, against a bare durable one-row
 * commit on the same database, to find where the time of the append goes. Each variant
 * runs on its own connection, the variants take turns statement by statement.
 *
 *   npx vitest run -c bench/vitest.bench.config.ts bench/audit/append
 */

const N = Number(process.env.BENCH_APPENDS ?? 1_000);

/** An event like the one bench/audit's typical query leaves. */
function typicalEvent(): AuditContent {
  return toContent({
    kind: 'GRAPHQL',
    action: 'graphql.query',
    requestId: randomUUID(),
    principalKind: 'user',
    principalId: randomUUID(),
    principalLabel: 'analyst-cnl-1',
    agencyId: randomUUID(),
    agencyCode: 'CNL',
    roles: ['ANALYST'],
    purpose: 'STRATEGIC_ASSESSMENT',
    operationName: 'Typical',
    documentHash: 'a'.repeat(64),
    variablesHash: 'b'.repeat(64),
    agreements: [randomUUID()],
    datasets: ['pol-police-crime'],
    concerns: [randomUUID()],
    fieldsReturned: [
      'PageInfo.endCursor',
      'PageInfo.hasNextPage',
      'Query.records',
      'RecordConnection.nodes',
      'RecordConnection.pageInfo',
      'SharedRecord.category',
      'SharedRecord.dataset',
      'SharedRecord.id',
      'SharedRecord.localAuthority',
      'SharedRecord.locationPrecision',
      'SharedRecord.lsoa',
      'SharedRecord.occurredAt',
      'SharedRecord.provider',
      'SharedRecord.subcategory',
      'SharedRecord.timePrecision',
      'SharedRecord.ward',
    ],
    rows: 100,
    cells: 1100,
    outcome: 'ANSWERED',
    durationMs: 11,
  });
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

describe('bench/audit/append: where one append spends its time', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let audit: AuditService;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 24 }); // one client per variant
    audit = new AuditService(pool, TEST_PSEUDONYM_KEY, createLogger('silent'));
  });
  afterAll(async () => {
    await audit?.close();
    await pool?.end();
    await db?.drop();
  });

  it('times the append against a bare durable commit', async () => {
    // A pool like the writer's own (max 2, exit on idle), for the checkout's cost.
    const checkoutPool = new pg.Pool({ connectionString: db.url, max: 2, allowExitOnIdle: true });
    const c = await pool.connect();
    await c.query('create table bench_commit_probe (x int)');
    // A copy of the event table's shape, to try the append without the chain's writer.
    await c.query('create table ev_copy (like audit_event including all)');
    await c.query('create table ev_plain (like audit_event)');
    await c.query('create table ev_at (like audit_event)');
    await c.query('create index on ev_at (at)');
    await c.query('create table ev_gin (like audit_event)');
    await c.query('create index on ev_gin using gin (concerns)');
    await c.query('create table ev_gin_slow (like audit_event)');
    await c.query('create index on ev_gin_slow using gin (concerns) with (fastupdate = off)');
    await c.query('create table ev_brin (like audit_event)');
    await c.query('create index on ev_brin using brin (at)');
    await c.query('create table ev_pk (like audit_event including constraints)');
    await c.query('alter table ev_pk add primary key (seq)');
    // The chain's statement on copies of its two tables, to time it without the writer.
    for (const n of [1, 2, 3, 4]) {
      await c.query(`create table ev_chain${n} (like audit_event including all)`);
      await c.query(`create table head_copy${n} (like audit_chain_head including all)`);
      await c.query(`insert into head_copy${n} (id, seq, hash) values (1, 0, repeat('0', 64))`);
    }
    c.release();

    const content = typicalEvent();
    const row = (seq: bigint) => toRow(content, seq, '0'.repeat(64), contentHash(content));
    let copySeq = 0n;
    const seqs: Record<string, bigint> = {};
    const into = (table: string) => (cl: pg.PoolClient) => {
      seqs[table] = (seqs[table] ?? 0n) + 1n;
      return cl.query({
        name: `ins_${table}`,
        text: `insert into ${table} select * from jsonb_populate_recordset(null::audit_event, $1::jsonb)`,
        values: [JSON.stringify([row(seqs[table])])],
      });
    };
    const chains: Record<number, { seq: bigint; hash: string }> = {};
    /** APPEND_IF_HEAD on copy n of the two tables; named: as a prepared statement. */
    const appendOnCopies = (n: number, named: boolean) => {
      const text = APPEND_IF_HEAD.replaceAll('insert into audit_event', `insert into ev_chain${n}`).replaceAll(
        'audit_chain_head',
        `head_copy${n}`,
      );
      return async (cl: pg.PoolClient) => {
        const h = (chains[n] ??= { seq: 0n, hash: '0'.repeat(64) });
        const next = h.seq + 1n;
        const hash = contentHash({ next: next.toString(), n });
        const values = [
          JSON.stringify([toRow(content, next, h.hash, hash)]),
          h.seq.toString(),
          h.hash,
          next.toString(),
          hash,
          'k',
          'd'.repeat(64),
          1,
        ];
        const { rows } = await cl.query<{ hit: boolean }>(
          named ? { name: `append_copy_${n}`, text, values } : { text, values },
        );
        if (!rows[0].hit) throw new Error('stale head on the copy');
        chains[n] = { seq: next, hash };
      };
    };
    /** The chain's append taking the head's lock by the UPDATE itself (no FOR UPDATE), on copy 4. */
    const updateFirst = async (cl: pg.PoolClient) => {
      const h = (chains[4] ??= { seq: 0n, hash: '0'.repeat(64) });
      const next = h.seq + 1n;
      const hash = contentHash({ next: next.toString(), n: 4 });
      const { rows } = await cl.query<{ moved: number; inserted: number }>({
        name: 'update_first_4',
        text: `with moved as (
            update head_copy4 set seq = $4::bigint, hash = $5, key_id = $6, mac = $7, updated_at = now()
            where id = 1 and seq = $2::bigint and hash = $3 returning 1
          ), inserted as (
            insert into ev_chain4 select r.* from jsonb_populate_recordset(null::audit_event, $1::jsonb) r where exists (select 1 from moved) returning 1
          )
          select (select count(*) from moved)::int as moved, (select count(*) from inserted)::int as inserted`,
        values: [
          JSON.stringify([toRow(content, next, h.hash, hash)]),
          h.seq.toString(),
          h.hash,
          next.toString(),
          hash,
          'k',
          'd'.repeat(64),
        ],
      });
      if (rows[0].moved !== 1 || rows[0].inserted !== 1) throw new Error('stale head on copy 4');
      chains[4] = { seq: next, hash };
    };
    const variants: Record<string, (cl: pg.PoolClient) => Promise<unknown>> = {
      'select 1': (cl) => cl.query('select 1'),
      'bare durable commit (one-row insert)': (cl) => cl.query('insert into bench_commit_probe values (1)'),
      'bare durable commit, extended protocol ($1)': (cl) =>
        cl.query('insert into bench_commit_probe values ($1)', [1]),
      'APPEND_IF_HEAD on copies, raw client': appendOnCopies(1, false),
      'APPEND_IF_HEAD on copies, raw client, named prepared': appendOnCopies(2, true),
      'update-first append on copies (lock taken by the UPDATE), named prepared': updateFirst,
      'APPEND_IF_HEAD on copies, named prepared, client checked out of a pool per append': async () => {
        const cl = await checkoutPool.connect();
        try {
          await appendOnCopies(3, true)(cl);
        } finally {
          cl.release();
        }
      },
      'head update only (on a copy)': (cl) =>
        cl.query({ name: 'head_upd', text: `update head_copy1 set updated_at = now() where id = $1`, values: [1] }),
      "insert, all of audit_event's indexes and checks": (cl) =>
        cl.query({
          name: 'ins_copy',
          text: `insert into ev_copy select * from jsonb_populate_recordset(null::audit_event, $1::jsonb)`,
          values: [JSON.stringify([row(++copySeq)])],
        }),
      'insert (all statements here named), no indexes': into('ev_plain'),
      'insert, primary key + checks only': into('ev_pk'),
      'insert, at index only': into('ev_at'),
      'insert, GIN (concerns) only': into('ev_gin'),
      'insert, GIN (concerns) fastupdate off only': into('ev_gin_slow'),
      'insert, BRIN (at) only': into('ev_brin'),
      'ChainWriter.append (APPEND_IF_HEAD)': () => audit.writer.append(content),
    };
    const clients = await Promise.all(Object.keys(variants).map(() => pool.connect()));
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    const names = Object.keys(variants);
    for (let i = 0; i < N + 100; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length];
        const t0 = performance.now();
        await variants[name](clients[names.indexOf(name)]);
        if (i >= 100) times[name].push(performance.now() - t0);
      }
    }
    // The same, each after the database and this thread have been idle for 10 ms, as in a
    // hub serving one client (one append every ~10 ms): wake-ups are paid on every statement.
    const idle: Record<string, number[]> = {};
    const idleNames = [
      'select 1',
      'bare durable commit (one-row insert)',
      'head update only (on a copy)',
      'insert (all statements here named), no indexes',
      "insert, all of audit_event's indexes and checks",
      'update-first append on copies (lock taken by the UPDATE), named prepared',
      'APPEND_IF_HEAD on copies, raw client, named prepared',
      'APPEND_IF_HEAD on copies, named prepared, client checked out of a pool per append',
      'ChainWriter.append (APPEND_IF_HEAD)',
    ];
    for (let i = 0; i < Math.min(N, 400); i++) {
      for (const name of idleNames) {
        await new Promise((r) => setTimeout(r, 10));
        const t0 = performance.now();
        await variants[name](clients[names.indexOf(name)]);
        (idle[name] ??= []).push(performance.now() - t0);
      }
    }
    // What one more round trip costs by how long the connection sat idle before it: the
    // floor under any design that commits the event after the answer is final. "no WAL
    // wait" is the same insert with synchronous_commit off (comparison only).
    const ladder: Record<string, number[]> = {};
    const lazy = clients[names.indexOf('select 1')];
    const durable = clients[names.indexOf('bare durable commit (one-row insert)')];
    const noWait = await pool.connect();
    await noWait.query('set synchronous_commit = off');
    const steps: [string, pg.PoolClient, string][] = [
      ['select 1', lazy, 'select 1'],
      ['durable one-row commit', durable, 'insert into bench_commit_probe values (1)'],
      ['one-row commit, no WAL wait', noWait, 'insert into bench_commit_probe values (1)'],
    ];
    for (let i = 0; i < Math.min(N, 300); i++) {
      for (const idleMs of [0, 2, 10]) {
        for (const [label, cl, sql] of steps) {
          if (idleMs) await new Promise((r) => setTimeout(r, idleMs));
          else await cl.query('select 1');
          const t = performance.now();
          await cl.query(sql);
          (ladder[`${label} after ${idleMs ? `${idleMs} ms idle` : 'a statement just before'}`] ??= []).push(
            performance.now() - t,
          );
        }
      }
    }
    noWait.release();
    const prepared = await clients[names.indexOf('APPEND_IF_HEAD on copies, raw client, named prepared')].query(
      `select name, generic_plans, custom_plans from pg_prepared_statements`,
    );
    clients.forEach((cl) => cl.release());
    await checkoutPool.end();

    // Node-side CPU per event, outside the database.
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const ct = toContent({ ...typicalEvent() });
      chainHash('0'.repeat(64), BigInt(i + 1), contentHash(ct));
      audit.signer.sign('head', { seq: String(i + 1), hash: '0'.repeat(64) });
    }
    const cpuUs = ((performance.now() - t0) / N) * 1000;

    const lines = ['| variant | p50 ms | p90 ms | p99 ms |', '|---|---|---|---|'];
    for (const name of names)
      lines.push(
        `| ${name} | ${pct(times[name], 0.5).toFixed(3)} | ${pct(times[name], 0.9).toFixed(3)} | ${pct(times[name], 0.99).toFixed(3)} |`,
      );
    lines.push('', '| after 10 ms idle | p50 ms | p90 ms | p99 ms |', '|---|---|---|---|');
    for (const name of idleNames)
      lines.push(
        `| ${name} | ${pct(idle[name], 0.5).toFixed(3)} | ${pct(idle[name], 0.9).toFixed(3)} | ${pct(idle[name], 0.99).toFixed(3)} |`,
      );
    lines.push('', '| round trip by idle time before it | p50 ms | p90 ms |', '|---|---|---|');
    for (const [name, xs] of Object.entries(ladder))
      lines.push(`| ${name} | ${pct(xs, 0.5).toFixed(3)} | ${pct(xs, 0.9).toFixed(3)} |`);
    lines.push(
      '',
      `Node CPU per event (toContent, content hash, chain hash, head HMAC, building the event twice): ${cpuUs.toFixed(1)} µs`,
    );
    lines.push(`Writer stats: ${JSON.stringify(audit.stats())}`);
    lines.push(`Prepared statement plans: ${JSON.stringify(prepared.rows)}`);
    console.log(lines.join('\n'));

    // Warm plans of the whole append statement (rolled back, so the chain does not move).
    const ex = await pool.connect();
    const head = (await ex.query<{ seq: string; hash: string }>('select seq::text as seq, hash from audit_chain_head'))
      .rows[0];
    const appendSql = APPEND_IF_HEAD;
    for (let i = 0; i < 3; i++) {
      await ex.query('begin');
      const r = await ex.query(
        `explain (analyze, buffers, wal, costs off) insert into ev_copy select * from jsonb_populate_recordset(null::audit_event, $1::jsonb)`,
        [JSON.stringify([row(++copySeq)])],
      );
      if (i === 2) console.log(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
      if (appendSql) {
        const a = await ex.query(`explain (analyze, buffers, wal, costs off) ${appendSql}`, [
          JSON.stringify([row(BigInt(head.seq) + 1n)]),
          head.seq,
          head.hash,
          String(BigInt(head.seq) + 1n),
          'c'.repeat(64),
          'k',
          'd'.repeat(64),
          1,
        ]);
        if (i === 2) console.log(a.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
      }
      await ex.query('rollback');
    }
    ex.release();
    const verify = await audit.verify();
    expect(verify.problem).toBeNull();
  });
});
