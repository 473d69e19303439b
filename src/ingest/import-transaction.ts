import type pg from 'pg';
import { BATCH_LOCK, recordRunning, type DatasetRow } from './batch-records.js';
import { ImportRefused } from './import-errors.js';
import type { ImportRequest } from './import-summary.js';
import type { Period } from './periods.js';

const LOCK_NOT_AVAILABLE = '55P03';
/** A session left idle inside an import this long has lost its importer: PostgreSQL ends it. */
const IDLE_IN_IMPORT = '5min';
/** Memory for each sort or hash of an import's statements (PostgreSQL's default is 4 MB). */
const IMPORT_WORK_MEM = '128MB';

export interface BatchStart {
  batchId: string;
  dataset: DatasetRow;
  period: Period | undefined;
  startedAt: Date;
  /** How long to wait for another import into the same dataset, in seconds. */
  lockWaitSeconds: number;
}

/**
 * Opens a batch's transaction on `client`: the session settings that end a vanished
 * importer's work, the batch recorded RUNNING (committed at once through `pool`, owned by
 * this transaction's lock on it), the statement bounds, and the dataset's import lock (one
 * import per dataset at a time: the "is this reference new?" check relies on it).
 */
export async function beginImport(
  client: pg.PoolClient,
  pool: pg.Pool,
  req: ImportRequest,
  batch: BatchStart,
): Promise<void> {
  const { batchId, dataset, period, startedAt } = batch;
  await client.query('begin');
  // A killed importer's session must not run on holding the dataset's lock: PostgreSQL
  // checks for a vanished client during a long statement or lock wait (from version
  // 14), probes a silent peer, and ends a transaction left idle mid-import.
  await client.query(
    `select set_config('client_connection_check_interval', '1s', true) where current_setting('server_version_num')::int >= 140000`,
  );
  await client.query(
    `select set_config('tcp_keepalives_idle', '30', true), set_config('tcp_keepalives_interval', '10', true),
            set_config('tcp_keepalives_count', '3', true), set_config('idle_in_transaction_session_timeout', '${IDLE_IN_IMPORT}', true)`,
  );
  if (!req.dryRun) {
    // Recorded RUNNING before anything is read, committed at once (on another
    // connection), and owned by this transaction's lock on the batch: if the importer
    // dies, the next start finds the lock free and marks the batch FAILED
    // (sweepAbandonedBatches). The lock goes with the commit that finishes the batch.
    await client.query(`select pg_advisory_xact_lock(${BATCH_LOCK})`, [batchId]);
    await recordRunning(pool, batchId, dataset.id, req, period, startedAt);
    req.onRunning?.(batchId);
  }
  // A long file is many short statements; a bound still stops a wedged one holding the lock.
  await client.query(`set local statement_timeout = '10min'`);
  // JIT compiles each statement's expressions: on these short, many statements it costs more than it saves.
  await client.query(`set local jit = off`);
  // The batch's rollups group and sort every staged row: in memory rather than in temporary files.
  await client.query(`set local work_mem = '${IMPORT_WORK_MEM}'`);
  // One import per dataset at a time. A bounded wait: queued imports would otherwise each hold one of the pool's connections.
  await client.query(`set local lock_timeout = '${Math.round(batch.lockWaitSeconds * 1000)}ms'`);
  await client
    .query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`hub:import:${dataset.id}`])
    .catch((err: { code?: string }) => {
      throw err.code === LOCK_NOT_AVAILABLE
        ? new ImportRefused(
            'BUSY',
            `Another import into ${dataset.key} is still running: nothing was imported. Send the file again when it has finished.`,
          )
        : err;
    });
  await client.query(`set local lock_timeout = 0`);
  // A dry run keeps nothing: its batch lives and dies with its transaction.
  if (req.dryRun) await recordRunning(client, batchId, dataset.id, req, period, startedAt);
}
