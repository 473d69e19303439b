import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate, openOrm } from '../../src/db/orm.js';
import { createEmptyDatabase } from '../support/db.js';

describe('migrations', () => {
  it('apply to an empty database and are idempotent on a second run', async () => {
    const db = await createEmptyDatabase();
    const orm = await openOrm({ url: db.url });
    try {
      const first = await migrate(orm);
      expect(first.length).toBeGreaterThan(0);
      const second = await migrate(orm);
      expect(second).toEqual([]);
      const tables = await orm.em
        .getConnection()
        .execute<{ table_name: string }[]>(
          `select table_name from information_schema.tables where table_schema = 'public'`,
        );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['agency', 'shared_record', 'sharing_agreement']),
      );
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});

describe('migrations and the statement timeout', () => {
  it('apply under a statement timeout far shorter than they take, which still holds for everything else', async () => {
    const db = await createEmptyDatabase();
    // The migrator keeps its own table outside the migrations' transaction: create it first.
    const setup = await openOrm({ url: db.url });
    await setup.migrator.up({ to: 'Migration20261122000000_initial' });
    // Every later schema change takes at least 20 ms (a slow backfill, in miniature).
    await setup.em
      .getConnection()
      .execute(
        `create function slow_ddl() returns event_trigger language plpgsql as $$ begin perform pg_sleep(0.02); end $$`,
      );
    await setup.em
      .getConnection()
      .execute(`create event trigger slow_ddl on ddl_command_end execute function slow_ddl()`);
    await setup.close(true);
    const orm = await openOrm({ url: db.url, statementTimeoutMs: 5 });
    try {
      expect((await migrate(orm)).length).toBeGreaterThan(5);
      const [{ statement_timeout }] = await orm.em
        .getConnection()
        .execute<{ statement_timeout: string }[]>('show statement_timeout');
      expect(statement_timeout).toBe('5ms');
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});

describe('migration 20261122080000: per-recipient acceptance', () => {
  it('marks the recipients of agreements accepted before it as accepted then, naming only the recorded acceptor', async () => {
    const db = await createEmptyDatabase();
    const orm = await openOrm({ url: db.url });
    const sql = (q: string, p: unknown[] = []) => orm.em.getConnection().execute(q, p);
    try {
      await orm.migrator.up({ to: 'Migration20261122040000_analytics' });
      const ids = {
        pol: randomUUID(),
        cnl: randomUUID(),
        frs: randomUUID(),
        dlo: randomUUID(),
        active: randomUUID(),
        draft: randomUUID(),
      };
      await sql(
        `insert into agency (id, code, name, kind) values (?, 'POL', 'Police', 'POLICE'), (?, 'CNL', 'Council', 'COUNCIL'), (?, 'FRS', 'Fire', 'FIRE')`,
        [ids.pol, ids.cnl, ids.frs],
      );
      await sql(
        `insert into hub_user (id, agency_id, username, display_name, password_hash, roles) values (?, ?, 'dlo@cnl', 'DLO', 'x', '{LIAISON_OFFICER}')`,
        [ids.dlo, ids.cnl],
      );
      for (const [id, ref, status, acceptedBy, acceptedAt] of [
        [ids.active, 'ISA-OLD-001', 'ACTIVE', ids.dlo, '2026-01-02T12:00:00Z'],
        [ids.draft, 'ISA-OLD-002', 'DRAFT', null, null],
      ]) {
        await sql(
          `insert into sharing_agreement (id, reference, title, provider_id, purposes, legal_basis, grants, valid_from, valid_to, review_date, status, recipient_accepted_by_id, recipient_accepted_at)
           values (?, ?, 't', ?, '{STRATEGIC_ASSESSMENT}', 'S17A_DUTY', '{}', '2026-01-01', '2027-01-01', '2026-06-01', ?, ?, ?)`,
          [id, ref, ids.pol, status, acceptedBy, acceptedAt],
        );
        await sql(`insert into agreement_recipient (agreement_id, agency_id) values (?, ?), (?, ?)`, [
          id,
          ids.cnl,
          id,
          ids.frs,
        ]);
      }
      await migrate(orm);
      const rows = await sql(
        `select a.reference, g.code, u.username, r.accepted_at from agreement_recipient r join sharing_agreement a on a.id = r.agreement_id
           join agency g on g.id = r.agency_id left join hub_user u on u.id = r.accepted_by_id order by 1, 2`,
      );
      expect(
        rows.map((r) => [
          r.reference,
          r.code,
          r.username,
          r.accepted_at ? new Date(r.accepted_at).toISOString() : null,
        ]),
      ).toEqual([
        ['ISA-OLD-001', 'CNL', 'dlo@cnl', '2026-01-02T12:00:00.000Z'],
        ['ISA-OLD-001', 'FRS', null, '2026-01-02T12:00:00.000Z'],
        ['ISA-OLD-002', 'CNL', null, null],
        ['ISA-OLD-002', 'FRS', null, null],
      ]);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
