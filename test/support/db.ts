import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../src/db/orm.js';
import { admin, withDatabase } from './global-setup.js';

export interface TestDatabase {
  url: string;
  name: string;
  orm: MikroORM;
  /** Closes the ORM and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own (cloned from the run's template), on real PostgreSQL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject('pgServerUrl');
  const template = inject('pgTemplate');
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await admin(server, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabase(server, name);
  const orm = await openOrm({ url, poolMax: 5 });
  return {
    url,
    name,
    orm,
    async drop() {
      await orm.close(true);
      await admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** A throwaway database with no schema at all, for migration tests. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = inject('pgServerUrl');
  const name = `hub_test_empty_${randomBytes(6).toString('hex')}`;
  await admin(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(server, name),
    drop: () => admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
