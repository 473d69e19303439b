import type pg from 'pg';
import type { Logger } from 'pino';
import { toRow, type AuditContent } from './audit-event.js';
import { chainHash, contentHash, type AuditSigner } from './chain.js';

/** Runs one SQL statement with `$n` parameters inside the caller's transaction. */
export type SqlExecutor = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface Appended {
  seq: string;
  hash: string;
}

const LOCK_HEAD = `select seq::text as seq, hash from audit_chain_head where id = 1 for update`;
const INSERT_AND_MOVE_HEAD = `with inserted as (
    insert into audit_event select * from jsonb_populate_recordset(null::audit_event, $1::jsonb) returning 1
  )
  update audit_chain_head set seq = $2::bigint, hash = $3, key_id = $4, mac = $5, updated_at = now()
  where id = 1 and (select count(*) from inserted) = $6::int`;

/**
 * One statement, one round trip, its own transaction: lock the head; if it is where this
 * writer expects (it wrote the last event itself), insert the events linked to it and
 * move the head; either way return the head as found. Concurrent writers queue on the
 * head's row lock, and under READ COMMITTED a waiter sees the head as its predecessor
 * left it, so a stale expectation never forks the chain: it only misses.
 */
export const APPEND_IF_HEAD = `with head as (
    select seq, hash from audit_chain_head where id = 1 for update
  ), expected as (
    select h.seq = $2::bigint and h.hash = $3 as hit from head h
  ), inserted as (
    insert into audit_event
    select r.* from jsonb_populate_recordset(null::audit_event, $1::jsonb) r where (select hit from expected)
    returning 1
  ), moved as (
    update audit_chain_head set seq = $4::bigint, hash = $5, key_id = $6, mac = $7, updated_at = now()
    where id = 1 and (select hit from expected) and (select count(*) from inserted) = $8::int
    returning 1
  )
  select h.seq::text as seq, h.hash, e.hit, (select count(*) from moved)::int as moved from head h, expected e`;

/**
 * APPEND_IF_HEAD is sent as a named prepared statement: each writer connection parses and
 * plans it once, not on every append (planning alone took about as long as executing it).
 */
const APPEND_STATEMENT = 'hub_audit_append_if_head';

/** Optimistic attempts before falling back to an explicit lock. */
const OPTIMISTIC_ATTEMPTS = 3;

export const MAX_BATCH = 200;

/** Timings of the chain's critical section, for the benchmark and `hub audit stats`. */
export interface WriterStats {
  events: number;
  batches: number;
  failures: number;
  maxBatch: number;
  /** Appends whose expected head was stale (another writer had moved it): retried. */
  misses: number;
  /** Batches written under an explicit lock after repeated misses. */
  lockedFallbacks: number;
  /** Milliseconds per batch write, recent batches: an upper bound on how long the head was held. */
  writeMs: number[];
  /** Milliseconds each event waited, from `append` to its commit (queueing included), recent events. */
  appendMs: number[];
}

/**
 * Appends events to the hash chain. Every append locks the chain head row, reads the
 * last sequence number and hash, inserts the new events linked to it, moves the head
 * and commits: writers in any number of hub processes are serialised by that one row
 * lock, so the chain never forks and no sequence number is used twice.
 *
 * The usual append is one statement in one round trip (APPEND_IF_HEAD): the writer
 * remembers the head it last wrote, links and signs the new events against it before
 * touching the database, and the statement writes them only if the head is still there.
 * When another writer moved the head, the statement writes nothing and returns the real
 * head; the writer relinks and tries again, and after a few misses takes the lock
 * explicitly (two round trips).
 *
 * Requests in one process are grouped: while one batch is being written, new events
 * queue, and the next batch takes them all. Under load this turns N lock-and-commit
 * cycles (each paying a WAL flush while holding the lock) into one, and every request
 * still waits until its own event is committed.
 */
export class ChainWriter {
  private queue: { content: AuditContent; resolve: (a: Appended) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;
  readonly stats: WriterStats = {
    events: 0,
    batches: 0,
    failures: 0,
    maxBatch: 0,
    misses: 0,
    lockedFallbacks: 0,
    writeMs: [],
    appendMs: [],
  };
  /** The head this writer last wrote; undefined until known or after a failure. */
  private expected?: Appended;
  private readonly lazyClients = new WeakSet<pg.PoolClient>();
  /** Test hook: called with each batch before it is written; throwing fails the batch. */
  beforeWrite?: (batch: readonly AuditContent[]) => void | Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly signer: AuditSigner,
    private readonly logger: Logger,
    /**
     * 'sync' (the default, and the only setting the hub uses): COMMIT returns once the
     * events are on disk. 'async' exists to measure what that costs (bench/audit): the
     * write still fails closed, but a database crash could lose the last moments of events.
     */
    private readonly durability: 'sync' | 'async' = 'sync',
  ) {}

  /** Appends one event through the shared batch; resolves once it is committed. */
  append(content: AuditContent): Promise<Appended> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const done = (a: Appended) => {
        const ms = this.stats.appendMs;
        ms.push(performance.now() - t0);
        if (ms.length > 10_000) ms.splice(0, 5_000);
        resolve(a);
      };
      this.queue.push({ content, resolve: done, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Appends inside the caller's open transaction: the events commit or roll back with it. */
  async appendWith(exec: SqlExecutor, contents: AuditContent[]): Promise<Appended[]> {
    await this.beforeWrite?.(contents);
    const [head] = await exec(LOCK_HEAD, []);
    const { rows, appended, last } = this.link(String(head.seq), String(head.hash), contents);
    await exec(INSERT_AND_MOVE_HEAD, [
      JSON.stringify(rows),
      last.seq,
      last.hash,
      this.signer.keyId,
      this.headMac(last),
      rows.length,
    ]);
    return appended;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const appended = await this.writeBatch(batch.map((b) => b.content));
          batch.forEach((b, i) => b.resolve(appended[i]));
        } catch (err) {
          this.stats.failures++;
          batch.forEach((b) => b.reject(err));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private headMac(last: Appended): string {
    return this.signer.sign('head', { seq: last.seq, hash: last.hash });
  }

  private link(headSeq: string, headHash: string, contents: AuditContent[]) {
    let seq = BigInt(headSeq);
    let prev = headHash;
    const rows: Record<string, unknown>[] = [];
    const appended: Appended[] = [];
    for (const content of contents) {
      seq += 1n;
      const hash = chainHash(prev, seq, contentHash(content));
      rows.push(toRow(content, seq, prev, hash));
      appended.push({ seq: seq.toString(), hash });
      prev = hash;
    }
    return { rows, appended, last: appended[appended.length - 1] };
  }

  private async writeBatch(contents: AuditContent[]): Promise<Appended[]> {
    await this.beforeWrite?.(contents);
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      const t0 = performance.now();
      if (this.durability === 'async' && !this.lazyClients.has(client)) {
        await client.query('set synchronous_commit = off');
        this.lazyClients.add(client);
      }
      for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
        const head = this.expected;
        const linked = head ? this.link(head.seq, head.hash, contents) : undefined;
        const { rows } = await client.query<{ seq: string; hash: string; hit: boolean; moved: number }>({
          name: APPEND_STATEMENT,
          text: APPEND_IF_HEAD,
          values: [
            JSON.stringify(linked?.rows ?? []),
            head?.seq ?? '-1',
            head?.hash ?? '',
            linked?.last.seq ?? '0',
            linked?.last.hash ?? '',
            this.signer.keyId,
            linked ? this.headMac(linked.last) : '',
            linked?.rows.length ?? 0,
          ],
        });
        const found = rows[0];
        if (linked && found.hit) {
          if (found.moved !== 1) throw new Error('the audit chain head did not move');
          this.expected = linked.last;
          this.record(contents.length, performance.now() - t0);
          return linked.appended;
        }
        if (head) this.stats.misses++;
        this.expected = { seq: found.seq, hash: found.hash };
      }
      // Sustained contention with other writers: take the lock, then write.
      this.stats.lockedFallbacks++;
      await client.query('begin');
      const { rows: locked } = await client.query<{ seq: string; hash: string }>(LOCK_HEAD);
      const { rows, appended, last } = this.link(locked[0].seq, locked[0].hash, contents);
      await client.query(INSERT_AND_MOVE_HEAD, [
        JSON.stringify(rows),
        last.seq,
        last.hash,
        this.signer.keyId,
        this.headMac(last),
        rows.length,
      ]);
      await client.query('commit');
      this.expected = last;
      this.record(contents.length, performance.now() - t0);
      return appended;
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
      this.expected = undefined;
      await client.query('rollback').catch(() => undefined);
      this.logger.error({ err: failed, events: contents.length }, 'writing audit events failed');
      throw failed;
    } finally {
      // A connection that failed mid-transaction is discarded rather than reused.
      client.release(failed && !('code' in failed) ? failed : undefined);
    }
  }

  private record(n: number, ms: number) {
    const s = this.stats;
    s.events += n;
    s.batches += 1;
    s.maxBatch = Math.max(s.maxBatch, n);
    s.writeMs.push(ms);
    if (s.writeMs.length > 10_000) s.writeMs.splice(0, 5_000);
  }
}
