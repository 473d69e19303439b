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
      const tables = await orm.em.getConnection().execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = 'public'`);
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['agency', 'shared_record', 'sharing_agreement']));
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
