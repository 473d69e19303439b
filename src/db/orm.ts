import 'reflect-metadata';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Logger } from 'pino';
import { entities } from '../entities/index.js';
import { migrationsList } from './migrations/index.js';

export interface OrmOptions {
  url: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  logger?: Logger;
  /** Tag on every connection, shown in pg_stat_activity. */
  applicationName?: string;
}

export function ormConfig(opts: OrmOptions) {
  return defineConfig({
    clientUrl: opts.url,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: true },
    extensions: [Migrator],
    pool: { min: 0, max: opts.poolMax ?? 10, idleTimeoutMillis: 30_000 },
    driverOptions: {
      statement_timeout: opts.statementTimeoutMs ?? 30_000,
      application_name: opts.applicationName ?? 'community-safety-hub',
      connectionTimeoutMillis: 5_000,
    },
    // Schema changes only ever come from committed migrations; the ORM never syncs the schema.
    ensureDatabase: false,
    migrations: {
      migrationsList,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      path: 'src/db/migrations',
      emit: 'ts',
    },
    debug: false,
    logger: (message) => opts.logger?.debug({ component: 'orm' }, message),
    allowGlobalContext: false,
  });
}

export type Orm = MikroORM;

export async function openOrm(opts: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(opts));
}

/**
 * Applies pending migrations, all or nothing, in one transaction; returns the names
 * applied. The hub's statement timeout guards requests, not schema changes: a migration
 * that backfills a rollup over millions of records may take minutes, so the timeout is
 * lifted for this transaction only.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.em.getConnection().transactional(async (trx) => {
    await orm.em.getConnection().execute('set local statement_timeout = 0', [], 'run', trx);
    return orm.migrator.up({ transaction: trx });
  });
  return applied.map((m) => m.name);
}

/** The pg pool behind the ORM, for COPY and hand-tuned analytical SQL. */
export async function nativePool(orm: MikroORM): Promise<pg.Pool> {
  return (await orm.em.getConnection().getNativeClient()) as unknown as pg.Pool;
}
