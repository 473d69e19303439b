import type pg from 'pg';
import type { Logger } from 'pino';
import type { DatasetKind } from '../domain/vocabulary.js';
import type { ImportRefused } from './import-errors.js';
import type { ImportRequest, RepeatedBatch } from './import-summary.js';
import { sortedObject, type Tally } from './import-tally.js';
import type { Period } from './periods.js';
import type { SourceDescription } from './record-source.js';

/*
 * The import_batch table's rows: a batch recorded RUNNING before anything is read,
 * closed with its accounting, or recorded FAILED with the reason; and the sweep that
 * finds batches whose importer has gone.
 */

/** The lock that says a RUNNING batch's importer is alive ($1: the batch id), held by its transaction. */
export const BATCH_LOCK = `hashtextextended('hub:batch:' || $1::text, 0)`;
/** What a RUNNING batch whose importer has gone is recorded with. */
export const ABANDONED_MESSAGE =
  'The import stopped before it finished (its importer or the hub ended, or lost its database connection): nothing was imported. Send the file again.';

/** The dataset an import writes to. */
export interface DatasetRow {
  id: string;
  key: string;
  kind: DatasetKind;
  agencyId: string;
  agencyCode: string;
}

type Query = Pick<pg.ClientBase, 'query'>;
type BatchRequest = Pick<ImportRequest, 'door' | 'actor'>;

/**
 * Marks RUNNING batches whose importer is no longer alive as FAILED, with the reason. An
 * importer holds a session-level advisory lock on its batch from before the batch is
 * recorded until it is finished; PostgreSQL releases it when that session ends, however
 * the importer ended (killed, crashed, its host gone). A lock that can be taken here is
 * one no live importer holds. Run at the start of the hub and of `hub import`.
 */
export async function sweepAbandonedBatches(pool: pg.Pool, logger: Logger): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ id: string }>(
      `update import_batch set status = 'FAILED', error_code = 'ABANDONED', error = $1, finished_at = now()
        where status = 'RUNNING' and pg_try_advisory_xact_lock(hashtextextended('hub:batch:' || id::text, 0))
        returning id`,
      [ABANDONED_MESSAGE],
    );
    await client.query('commit');
    if (rows.length)
      logger.warn({ batches: rows.map((r) => r.id) }, 'import batches whose importer had stopped were marked FAILED');
    return rows.length;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Records a batch as RUNNING (through `on`: the pool, committed at once, or a dry run's own transaction). */
export async function recordRunning(
  on: Query,
  batchId: string,
  datasetId: string,
  req: BatchRequest,
  period: Period | undefined,
  startedAt: Date,
): Promise<void> {
  await on.query(
    `insert into import_batch (id, dataset_id, door, submitted_by, status, declared_period_start, declared_period_end, started_at)
     values ($1, $2, $3, $4, 'RUNNING', $5, $6, $7)`,
    [batchId, datasetId, req.door, req.actor.label, period?.start ?? null, period?.end ?? null, startedAt],
  );
}

/** The latest finished batch of the dataset with byte-identical content, if any. */
export async function sameFileBatch(on: Query, datasetId: string, sha: Buffer): Promise<RepeatedBatch | undefined> {
  const { rows } = await on.query<RepeatedBatch>(
    `select id as "batchId", status, started_at as "startedAt", rows_read as "rowsRead", rows_inserted as inserted, rows_updated as updated,
            rows_duplicate as duplicates, rows_rejected as rejected, rows_blank as blank
       from import_batch where dataset_id = $1 and file_sha256 = $2 and status in ('COMMITTED', 'REJECTED') order by started_at desc limit 1`,
    [datasetId, sha],
  );
  return rows[0] && { ...rows[0], startedAt: new Date(rows[0].startedAt) };
}

/** What closing a batch records besides its tally. */
export interface BatchClose {
  status: 'COMMITTED' | 'REJECTED';
  sha: Buffer;
  bytes: number;
  sameAs: string | null;
  source: SourceDescription;
}

/** Closes a batch inside its transaction: its accounting, and the new records per month (submission tracking reads them). */
export async function closeBatch(on: Query, batchId: string, tally: Tally, close: BatchClose): Promise<void> {
  const arrived = [...tally.newByMonth.entries()];
  await on.query(
    `insert into import_batch_month (batch_id, month, rows) select $1, (m || '-01')::date, r from unnest($2::text[], $3::int[]) as t(m, r)`,
    [batchId, arrived.map(([m]) => m), arrived.map(([, n]) => n)],
  );
  await on.query(
    `update import_batch set status = $14::text::import_status, file_sha256 = $2, bytes_read = $3, rows_read = $4, rows_inserted = $5, rows_updated = $6,
       rows_duplicate = $7, rows_rejected = $8, rejections_stored = $9, free_text_coded = $10, free_text_dropped = $11,
       data_from = $12, data_to = $13, rows_blank = $15, rows_outside_period = $16, notes_stored = $17, same_as = $18,
       source_format = $19, source_encoding = $20, filled = $21, rejected_by_rule = $22, free_text_kinds = $23, finished_at = now()
     where id = $1`,
    [
      batchId,
      close.sha,
      close.bytes,
      tally.rowsRead,
      tally.inserted,
      tally.updated,
      tally.duplicates,
      tally.rejected,
      tally.rejectionsStored,
      tally.freeTextCoded,
      tally.freeTextDropped,
      tally.from,
      tally.to,
      close.status,
      tally.blank,
      tally.outsidePeriod,
      tally.notesStored,
      close.sameAs,
      close.source.format,
      close.source.encoding,
      JSON.stringify(tally.filledByColumn()),
      JSON.stringify(sortedObject(tally.byRule)),
      JSON.stringify(sortedObject(tally.freeTextKinds)),
    ],
  );
}

/**
 * Keeps a trace of a refused or failed submission (nothing of its data), for the provider
 * and for s17A tracking: the batch, if recorded RUNNING already, becomes FAILED. Its id, or
 * undefined when it could not be recorded (logged).
 */
export async function recordFailure(
  on: Query,
  batch: { id: string; datasetId: string; startedAt: Date; period?: Period; bytes: number; rowsRead: number },
  req: BatchRequest,
  refusal: ImportRefused,
  log: Logger,
): Promise<string | undefined> {
  try {
    await on.query(
      `insert into import_batch (id, dataset_id, door, submitted_by, status, error_code, error, bytes_read, rows_read, declared_period_start, declared_period_end, started_at, finished_at)
       values ($1, $2, $3, $4, 'FAILED', $5, $6, $7, $8, $9, $10, $11, now())
       on conflict (id) do update set status = 'FAILED', error_code = excluded.error_code, error = excluded.error,
         bytes_read = excluded.bytes_read, rows_read = excluded.rows_read, finished_at = now()`,
      [
        batch.id,
        batch.datasetId,
        req.door,
        req.actor.label,
        refusal.code,
        refusal.message.slice(0, 1000),
        batch.bytes,
        batch.rowsRead,
        batch.period?.start ?? null,
        batch.period?.end ?? null,
        batch.startedAt,
      ],
    );
    return batch.id;
  } catch (err) {
    log.error({ err }, 'could not record the failed import batch');
    return undefined;
  }
}
