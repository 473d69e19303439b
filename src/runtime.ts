import type { MikroORM } from '@mikro-orm/postgresql';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { AuditService } from './audit/audit.service.js';
import { registerAuditService } from './audit/audit.record.js';
import { AuthService } from './auth/auth.service.js';
import { ConsoleSessions } from './auth/console-sessions.js';
import { PolicyService } from './auth/policy.service.js';
import { TokenService } from './auth/tokens.js';
import type { HubConfig } from './config.js';
import type { Services } from './context.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { BatchesService } from './ingest/batches.service.js';
import { ImportService } from './ingest/import.service.js';
import { SubmissionsService } from './ingest/submissions.service.js';
import { migrate, nativePool, openOrm } from './db/orm.js';
import { ReadRouter, replicaPool } from './db/read-router.js';
import { loadOrCreateLocalSecrets } from './local-secrets.js';
import { SavedQueriesService } from './saved-queries/saved-queries.service.js';
import { RecordIds } from './records/record-ids.js';
import { RecordsService } from './records/records.service.js';
import { metrics } from './metrics.js';
import { openLimiters } from './server/shared-limits.js';

/** Everything the hub and its CLI need: a database, an ORM, and the services. */
export interface Runtime {
  config: HubConfig;
  logger: Logger;
  orm: MikroORM;
  pool: pg.Pool;
  services: Services;
  embedded?: EmbeddedDatabase;
  /** Migrations applied while opening. */
  migrated: string[];
  close(): Promise<void>;
}

/** Connects to PostgreSQL, retrying while it is not up yet, with a clear message each time. */
async function connectWithRetry(config: HubConfig, url: string, logger: Logger, attempts: number): Promise<MikroORM> {
  for (let attempt = 1; ; attempt++) {
    let orm: MikroORM | undefined;
    try {
      orm = await openOrm({ url, poolMax: config.dbPoolMax, statementTimeoutMs: config.statementTimeoutMs, logger });
      await orm.em.getConnection().execute('select 1');
      return orm;
    } catch (err) {
      // Each attempt opens its own pool: close a failed one rather than leak it.
      await orm?.close(true).catch(() => undefined);
      const reason =
        err instanceof Error ? err.message.replace(/postgres(ql)?:\/\/[^@\s]*@/g, 'postgres://***@') : String(err);
      if (attempt >= attempts) throw new Error(`PostgreSQL is not reachable after ${attempts} attempts: ${reason}`);
      const wait = Math.min(5_000, 250 * 2 ** attempt);
      logger.warn({ attempt, retryInMs: wait, reason }, 'PostgreSQL is not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * The analytics reads' router: the primary alone, or with DATABASE_READ_URL a replica
 * pool and its lag checks. The first check runs before the hub serves, so the log says
 * at start where analytics read; an unreachable replica does not stop the start (nor make
 * the hub unready): analytics read from the primary until it answers.
 */
async function openReads(
  config: HubConfig,
  primary: pg.Pool,
  logger: Logger,
): Promise<{ reads: ReadRouter; unobserve: () => void }> {
  const replica = config.readReplica
    ? replicaPool(config.readReplica.url, { poolMax: config.dbPoolMax, statementTimeoutMs: config.statementTimeoutMs })
    : undefined;
  const reads = new ReadRouter(primary, replica, {
    maxLagSeconds: config.readReplica?.maxLagSeconds ?? 0,
    logger,
    events: { read: metrics.analyticsRead, fallback: metrics.replicaFallback },
  });
  if (!replica) return { reads, unobserve: () => undefined };
  const unobservePool = metrics.observePool('replica', replica);
  const unobserveReplica = metrics.observeReplica(() => ({
    usable: reads.onReplica,
    lagSeconds: reads.status.lagSeconds,
  }));
  const unobserve = () => {
    unobservePool();
    unobserveReplica();
  };
  // Not before the replica has the primary's state at start, migrations included: new
  // code must not query a replica that has not replayed the schema it expects yet.
  await reads.afterWrite();
  // Logs where analytics read (src/db/read-router.ts logs every change of target).
  await reads.start();
  return { reads, unobserve };
}

/** The signing secret and pseudonym key (outside production, generated and kept in dataDir when unset). */
async function runtimeSecrets(config: HubConfig) {
  const local = config.env === 'production' ? undefined : await loadOrCreateLocalSecrets(config.dataDir);
  const tokenSecret = config.tokenSecret ?? local?.tokenSecret;
  const pseudonymKey = config.pseudonymKey ?? local?.pseudonymKey;
  if (!tokenSecret || !pseudonymKey)
    throw new Error('HUB_TOKEN_SECRET and HUB_PSEUDONYM_KEY are required in production.');
  return { tokenSecret, pseudonymKey, local };
}

/** The ORM on DATABASE_URL, or on an embedded PostgreSQL started for it (stopped again if it cannot be reached). */
async function openDatabase(
  config: HubConfig,
  logger: Logger,
  local: Awaited<ReturnType<typeof loadOrCreateLocalSecrets>> | undefined,
  connectAttempts: number | undefined,
): Promise<{ orm: MikroORM; embedded?: EmbeddedDatabase }> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    logger.info({ dir: path.resolve(config.dataDir, 'pg') }, 'starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'pg'),
      password: local!.embeddedDbPassword,
      port: config.embeddedPgPort,
      logger,
    });
    url = embedded.url;
  }
  try {
    return { orm: await connectWithRetry(config, url, logger, connectAttempts ?? (embedded ? 3 : 10)), embedded };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/** The hub's services on an open database. */
function createServices(
  config: HubConfig,
  logger: Logger,
  db: { orm: MikroORM; pool: pg.Pool; reads: ReadRouter },
  secrets: { tokenSecret: string; pseudonymKey: string },
): Services {
  const { orm, pool, reads } = db;
  const { tokenSecret, pseudonymKey } = secrets;
  const tokens = new TokenService(tokenSecret, config.tokenTtlMinutes);
  const limits = openLimiters(config.limits, pool, tokenSecret, logger);
  const services: Services = {
    config,
    orm,
    pool,
    reads,
    logger,
    tokens,
    limits,
    auth: new AuthService(
      tokens,
      limits.login,
      new ConsoleSessions(pool, tokenSecret, config.console),
      config.accounts,
    ),
    policy: new PolicyService(),
    records: new RecordsService(pool, new RecordIds(pseudonymKey)),
    pseudonymKey,
    audit: new AuditService(pool, pseudonymKey, logger),
    imports: new ImportService(
      pool,
      pseudonymKey,
      logger,
      () => services.audit,
      config.imports.lockWaitSeconds,
      undefined,
      // Read-your-writes: analytics after an import read the primary until the replica has it.
      { poolMax: config.imports.poolMax, onCommitted: () => reads.afterWrite() },
    ),
    batches: new BatchesService(pool),
    submissions: new SubmissionsService(pool),
    savedQueries: new SavedQueriesService(pool),
  };
  registerAuditService(orm, services.audit);
  return services;
}

export async function openRuntime(
  config: HubConfig,
  logger: Logger,
  opts: { migrate?: boolean; connectAttempts?: number } = {},
): Promise<Runtime> {
  const secrets = await runtimeSecrets(config);
  const { orm, embedded } = await openDatabase(config, logger, secrets.local, opts.connectAttempts);
  const migrated = opts.migrate === false ? [] : await migrate(orm);
  if (migrated.length) logger.info({ migrations: migrated }, 'applied migrations');
  const pool = await nativePool(orm);
  const { reads, unobserve: unobserveReads } = await openReads(config, pool, logger);
  const services = createServices(config, logger, { orm, pool, reads }, secrets);
  const { limits } = services;
  const unobservePool = metrics.observePool('main', pool);
  const unobserveOverdue = metrics.observeOverdue(async () =>
    (await services.submissions.report()).reduce((n, d) => n + d.overdue, 0),
  );
  let closed = false;
  return {
    config,
    logger,
    orm,
    pool,
    services,
    embedded,
    migrated,
    async close() {
      if (closed) return;
      closed = true;
      unobservePool();
      unobserveOverdue();
      unobserveReads();
      await reads.close().catch((err: unknown) => logger.warn({ err }, 'closing the read replica pool failed'));
      await services.audit.close().catch((err: unknown) => logger.warn({ err }, 'closing the audit writer failed'));
      await limits.close().catch((err: unknown) => logger.warn({ err }, 'closing the limits connections failed'));
      await services.imports
        .close()
        .catch((err: unknown) => logger.warn({ err }, 'closing the import connections failed'));
      await orm.close(true).catch((err: unknown) => logger.warn({ err }, 'closing the database pool failed'));
      await embedded?.stop();
    },
  };
}
