import type pg from 'pg';
import { EVENT_COLUMNS, fromRow, type EventRow, type StoredAuditEvent } from '../../src/audit/audit-event.js';

/** Reads audit events straight from the table, oldest first. */
export async function auditEvents(pool: pg.Pool, where = 'true', params: unknown[] = []): Promise<StoredAuditEvent[]> {
  const { rows } = await pool.query<EventRow>(
    `select ${EVENT_COLUMNS} from audit_event e where ${where} order by e.seq`,
    params,
  );
  return rows.map(fromRow);
}

/**
 * The one event a request left, by its request id. A sign-in also leaves its account's
 * `account.sign_in...` event under the same request id (src/accounts): read those with auditEvents.
 */
export async function eventOf(pool: pg.Pool, requestId: string): Promise<StoredAuditEvent> {
  const events = await auditEvents(pool, `e.request_id = $1 and e.action not like 'account.sign\_in%'`, [requestId]);
  if (events.length !== 1) throw new Error(`expected one audit event for request ${requestId}, found ${events.length}`);
  return events[0];
}

/** The whole stored row as text: to prove a secret appears nowhere in it. */
export async function rawTrail(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ t: string }>(
    `select coalesce(string_agg(row_to_json(e)::text, E'\\n'), '') as t from audit_event e`,
  );
  return rows[0].t;
}

/**
 * Tampering as a database superuser would: with the append-only triggers disabled.
 * Returns a function that puts the trail back exactly as it was.
 */
export async function tamper(pool: pg.Pool, sql: string): Promise<() => Promise<void>> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('create temporary table if not exists audit_backup (like audit_event) on commit preserve rows');
    await client.query(
      'create temporary table if not exists head_backup (like audit_chain_head) on commit preserve rows',
    );
    await client.query('truncate audit_backup, head_backup');
    await client.query('insert into audit_backup select * from audit_event');
    await client.query('insert into head_backup select * from audit_chain_head');
    await client.query('alter table audit_event disable trigger user');
    await client.query(sql);
    await client.query('alter table audit_event enable trigger user');
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    client.release();
    throw err;
  }
  return async () => {
    try {
      await client.query('begin');
      await client.query('alter table audit_event disable trigger user');
      await client.query('delete from audit_event');
      await client.query('insert into audit_event select * from audit_backup');
      await client.query('alter table audit_event enable trigger user');
      await client.query(
        'update audit_chain_head h set seq = b.seq, hash = b.hash, key_id = b.key_id, mac = b.mac from head_backup b',
      );
      await client.query('commit');
    } finally {
      client.release();
    }
  };
}
