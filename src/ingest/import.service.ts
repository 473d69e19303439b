import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { recordImportEvent } from '../audit/audit.record.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { pseudonymise } from '../domain/pseudonym.js';
import { DatasetKind, Role } from '../domain/vocabulary.js';
import { BatchWriter, type StoredNote, type StoredRejection } from './batch-writer.js';
import { Chunk, SeenReferences } from './chunk.js';
import { resolveHeader, type ResolvedHeader } from './header.js';
import { ImportRefused } from './import-errors.js';
import { parsePeriod, periodInstants, type Period } from './periods.js';
import type { RecordSource, SourceDescription } from './record-source.js';
import { compileRowMapper, type LsoaParents, type RowMapper } from './row-mapper.js';
import { withLsoa2011Codes } from '../geography/ons-lsoa2011.js';
import { templateFor } from './templates.js';
import { ImportDoor } from '../domain/api-enums.js';

/** Who submits: a person or partner system, or the operator at the command line. */
export type ImportActor = Principal | { kind: 'system'; label: string };

export interface ImportRequest {
  datasetKey: string;
  actor: ImportActor;
  door: ImportDoor;
  source: RecordSource;
  /** Validate and count against the stored data, then roll everything back. */
  dryRun?: boolean;
  /** The submission period ("2026-Q1", "2026-03"): rows dated outside it are refused. */
  period?: string;
  requestId?: string;
  /** Refuse sources with more data rows than this (the GraphQL door's limit). */
  maxRows?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Cancels the import (its client has gone): the statement under way is cancelled and the batch fails. */
  signal?: AbortSignal;
  /** Called once the batch is recorded as RUNNING (not on a dry run), with its id: a door may answer then. */
  onRunning?: (batchId: string) => void;
}

export interface ImportProgress {
  /** Rows read so far. */
  rows: number;
  /** Accepted rows written so far. */
  written: number;
  bytes: number;
}

/** The earlier batch a byte-identical file repeats, and what it did. */
export interface RepeatedBatch {
  batchId: string;
  status: 'COMMITTED' | 'REJECTED';
  startedAt: Date;
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  blank: number;
}

/**
 * What a batch did, row by row accounted: read = inserted + updated + duplicates +
 * rejected + blank. COMMITTED: stored (some rows may have been rejected); REJECTED: every
 * row that was not blank was rejected, so nothing was stored (the batch and its
 * rejections are kept); DRY_RUN: validated and counted, nothing kept.
 */
export interface ImportSummary {
  batchId: string;
  dataset: string;
  status: 'COMMITTED' | 'REJECTED' | 'DRY_RUN';
  /** Every row that was not blank was rejected (also on a dry run). */
  allRejected: boolean;
  door: ImportDoor;
  submittedBy: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  /** Rows with no value at all (a spreadsheet's trailing `,,,,`): skipped, and counted. */
  blank: number;
  freeTextCoded: number;
  freeTextDropped: number;
  /** Rows whose free text held something that looks like an identifier, by kind (a row may count under several). */
  freeTextKinds: Record<string, number>;
  /** The first rejections (row, column, rule, reason); all of them (up to a cap) are stored with the batch. */
  rejections: StoredRejection[];
  rejectionsStored: number;
  /** Rejections by rule (a row may break several). */
  rejectedByRule: Record<string, number>;
  /** The first notes on rows whose free text was dropped (row, column, what it seemed to hold); all of them (up to a cap) are stored with the batch. */
  notes: StoredNote[];
  notesStored: number;
  /** Rows refused because they are dated outside the declared period, and the months they are dated in. */
  outsidePeriod: { rows: number; months: { month: string; rows: number }[] };
  /** An earlier batch of the same dataset with byte-identical content (its id). */
  sameFileAs: string | null;
  /** What that earlier batch did. */
  repeats: RepeatedBatch | null;
  /** How the input was read: CSV (and its encoding), or which sheet of a workbook. */
  source: SourceDescription;
  dataFrom: Date | null;
  dataTo: Date | null;
  months: { month: string; rows: number }[];
  period: string | null;
  bytes: number;
  startedAt: Date;
  finishedAt: Date;
  millis: number;
  /** Statements that wrote the batch's rows to shared_record (one unless the file is very large). */
  applySteps: number;
  /** Where the time went, in milliseconds (not published: for logs and benchmarks). */
  timings: {
    /** Node waiting for PostgreSQL to finish staging the previous chunk before it could hand over the next. */
    waitingForDatabase: number;
    /**
     * PostgreSQL: COPYing chunks into the staging table; applying them to shared_record, as
     * one plain insert when no reference is stored yet (insert) or as a merge (merge, which
     * includes a refused insert's work); storing rejections.
     */
    stage: number;
    insert: number;
    merge: number;
    rejections: number;
    /** Waiting for the next parsed row (reading and CSV parsing), then mapping rows (validate, guard, generalise, hash). */
    read: number;
    map: number;
    /** Closing the batch (accounting rows) and the commit itself. */
    finish: number;
    commit: number;
  };
}

/** A batch's summary as the doors report it (HTTP answer, CLI --json): its accounting, never any of its data. */
export function publicSummary(s: ImportSummary) {
  return {
    batchId: s.batchId,
    dataset: s.dataset,
    status: s.status,
    allRejected: s.allRejected,
    rowsRead: s.rowsRead,
    inserted: s.inserted,
    updated: s.updated,
    duplicates: s.duplicates,
    rejected: s.rejected,
    blank: s.blank,
    rejections: s.rejections,
    rejectionsStored: s.rejectionsStored,
    rejectedByRule: s.rejectedByRule,
    notes: s.notes,
    notesStored: s.notesStored,
    freeTextCoded: s.freeTextCoded,
    freeTextDropped: s.freeTextDropped,
    freeTextKinds: s.freeTextKinds,
    outsidePeriod: s.outsidePeriod,
    sameAs: s.sameFileAs,
    repeats: s.repeats,
    source: s.source,
    period: s.period,
    dataFrom: s.dataFrom,
    dataTo: s.dataTo,
    months: s.months,
    bytes: s.bytes,
    millis: s.millis,
  };
}

/**
 * Rows COPYed into the staging table per round trip (the batch is applied to
 * shared_record in one statement at the end, see BatchWriter): two chunks of about 400
 * bytes a row stay in memory, which the 300 MB budget of an import process must hold.
 */
export const CHUNK_ROWS = 25_000;
/**
 * Staged rows applied to shared_record in one statement at most: bounds that statement's
 * time (about 45 s for a million rows here, against the batch's 10-minute statement
 * timeout) and the staging table's disk (about 330 MB a million rows).
 */
export const APPLY_ROWS = 1_000_000;
/** Rejections stored per batch; the counts always cover every row. */
export const MAX_STORED_REJECTIONS = 10_000;
/** Free-text notes stored per batch, likewise. */
export const MAX_STORED_NOTES = 10_000;
export const SUMMARY_REJECTIONS = 100;
const LOCK_NOT_AVAILABLE = '55P03';
/** The lock that says a RUNNING batch's importer is alive ($1: the batch id), held by its transaction. */
const BATCH_LOCK = `hashtextextended('hub:batch:' || $1::text, 0)`;
/** A session left idle inside an import this long has lost its importer: PostgreSQL ends it. */
const IDLE_IN_IMPORT = '5min';
/** How long an import waits for one of the imports' connections before it is answered "busy". */
export const IMPORT_POOL_WAIT_MS = 5_000;
/** What a RUNNING batch whose importer has gone is recorded with. */
export const ABANDONED_MESSAGE =
  'The import stopped before it finished (its importer or the hub ended, or lost its database connection): nothing was imported. Send the file again.';

/** "Busy" for an error that says every connection was in use, with when to try again; otherwise undefined. */
export function busyRefusal(err: unknown): ImportRefused | undefined {
  if (err instanceof ImportRefused) return err.code === 'BUSY' ? err : undefined;
  if (!(err instanceof Error) || !/timeout exceeded when trying to connect/i.test(err.message)) return undefined;
  return new ImportRefused(
    'BUSY',
    'The hub is busy: every database connection for imports is in use. Nothing was imported; send the file again shortly.',
    { cause: err, retryAfterSeconds: 5 },
  );
}

/** The refusal of an import whose client disconnected (its statement was cancelled). */
function clientGone(err: unknown): ImportRefused {
  return new ImportRefused(
    'INTERRUPTED',
    'The client disconnected before the import finished: its work was cancelled and nothing was imported. Send the file again.',
    { cause: err },
  );
}

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
/** Clock skew allowed before a row is "in the future". */
const FUTURE_SLACK_MS = 10 * 60_000;
const PgPool = pg.Pool;
const SAFE_KEY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A dataset named by the caller but not found (or not looked up): its key if shaped like one, never raw input. */
const namedOnly = (key: string): { key: string; agencyId: undefined } => ({
  key: SAFE_KEY.test(key) ? key : '(not a dataset key)',
  agencyId: undefined,
});

interface DatasetRow {
  id: string;
  key: string;
  kind: DatasetKind;
  agencyId: string;
  agencyCode: string;
}

class Tally {
  waitMs = 0;
  readMs = 0;
  mapMs = 0;
  rowsRead = 0;
  inserted = 0;
  updated = 0;
  duplicates = 0;
  rejected = 0;
  blank = 0;
  freeTextCoded = 0;
  freeTextDropped = 0;
  rejectionsStored = 0;
  firstRejections: StoredRejection[] = [];
  notesStored = 0;
  firstNotes: StoredNote[] = [];
  byRule = new Map<string, number>();
  freeTextKinds = new Map<string, number>();
  outsidePeriod = 0;
  outsideMonths = new Map<string, number>();
  /** Per header position, accepted rows with a value there; the names, once the header is read. */
  filled: number[] = [];
  columns: string[] = [];
  /** Accepted rows per month of occurrence (YYYY-MM, London): what the file held. */
  months = new Map<string, number>();
  /** New records per month: what arrived (re-sent and corrected records are not new). */
  newByMonth = new Map<string, number>();
  dataFrom = Infinity;
  dataTo = -Infinity;

  get accepted(): number {
    return this.inserted + this.updated + this.duplicates;
  }
}

const count = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const sortedObject = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));

/** A row with no value at all: an empty line, or a spreadsheet's `,,,,` (cells that are only spaces count as empty). */
function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

const roundAll = <T extends Record<string, number>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)])) as T;

/** Whether a principal may import into a dataset of an agency; a reason when not. */
export function importDenial(actor: ImportActor, agencyId: string, datasetKey: string): string | null {
  if (actor.kind === 'system') return null;
  const allowed = actor.kind === 'user' ? actor.roles.includes(Role.PROVIDER) : actor.scopes.includes('IMPORT');
  if (!allowed)
    return 'Importing needs the PROVIDER role (or, for a partner system, an API key with the IMPORT scope).';
  if (actor.agencyId !== agencyId)
    return `You may import only into your own agency's datasets; ${datasetKey} belongs to another agency.`;
  return null;
}

/**
 * The one ingest pipeline behind the three doors (CLI file, HTTP upload, GraphQL rows):
 * stream, check the header against the template, validate and guard each row, generalise,
 * hash the references, and write in chunks inside one transaction per batch, so that a
 * batch lands whole or not at all. Every row read is accounted for.
 */
export class ImportService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly pseudonymKey: string,
    private readonly logger: Logger,
    /** The audit trail; a getter because the runtime builds both side by side. */
    private readonly audit: () => AuditService | undefined = () => undefined,
    /** How long an import waits for another import into the same dataset to finish. */
    private readonly lockWaitSeconds = 30,
    /** Staged rows applied in one statement at most (smaller in tests). */
    private readonly applyRows = APPLY_ROWS,
    /**
     * With `poolMax`, imports write through a pool of their own, so that they never take the
     * connections GraphQL answers with. `onCommitted` is told when a batch's rows have
     * committed (the read replica's router then keeps analytics on the primary until the
     * replica has them).
     */
    opts: { poolMax?: number; onCommitted?: () => unknown } = {},
  ) {
    this.onCommitted = opts.onCommitted;
    const options = (pool as unknown as { options?: pg.PoolConfig }).options;
    if (opts.poolMax && options) {
      // pg-pool keeps the password non-enumerable: copy it by name. A full pool is
      // answered "busy" after a short wait rather than queueing uploads behind each other.
      this.importPool = new PgPool({
        ...options,
        password: options.password,
        min: 0,
        max: opts.poolMax,
        connectionTimeoutMillis: IMPORT_POOL_WAIT_MS,
        keepAlive: true,
        allowExitOnIdle: true,
      });
      this.importPool.on('error', (err) => logger.warn({ err }, 'an idle import connection failed'));
      this.importPool.on('connect', (client) =>
        client.on('error', (err) => logger.warn({ err }, 'an import connection failed')),
      );
    } else this.importPool = pool;
  }

  /** The connections imports write through (the shared pool when the service has none of its own). */
  private readonly importPool: pg.Pool;
  private readonly onCommitted?: () => unknown;

  /** Closes the imports' own connections (the shared pool is the ORM's to close). */
  async close(): Promise<void> {
    if (this.importPool !== this.pool) await this.importPool.end();
  }

  /** Marks RUNNING batches whose importer has gone as FAILED (see sweepAbandonedBatches). */
  sweepAbandoned(): Promise<number> {
    return sweepAbandonedBatches(this.pool, this.logger);
  }

  /**
   * The checks an import passes before anything is read (the dataset exists, the caller
   * may import into it, the period is one), refused and audited as run() would: a door
   * calls it before it receives a file, so that a refusal costs no upload.
   */
  async preflight(req: Pick<ImportRequest, 'datasetKey' | 'actor' | 'door' | 'requestId' | 'dryRun' | 'period'>) {
    await this.admit(req as ImportRequest, new Date());
  }

  /**
   * Records an attempt that failed at its door, after the checks but before the pipeline
   * ran (an upload too slow, too large, cut off, or refused for lack of a connection): a
   * FAILED batch when the dataset is one the caller may import into, and the audit event.
   */
  async recordFailedAttempt(
    req: Pick<ImportRequest, 'datasetKey' | 'actor' | 'door' | 'requestId' | 'dryRun' | 'period'>,
    refusal: ImportRefused,
    bytes = 0,
  ): Promise<void> {
    const startedAt = new Date();
    let dataset: DatasetRow | undefined;
    try {
      dataset = await this.dataset(req.datasetKey);
      if (importDenial(req.actor, dataset.agencyId, dataset.key)) dataset = undefined;
    } catch (err) {
      if (!(err instanceof ImportRefused))
        this.logger.warn({ err }, 'could not look up the dataset of a failed upload');
    }
    const full = { ...req, source: { bytes: () => bytes } } as unknown as ImportRequest;
    if (dataset && !req.dryRun)
      refusal.batchId = await this.recordFailure(
        randomUUID(),
        dataset,
        full,
        refusal,
        new Tally(),
        undefined,
        startedAt,
        this.logger,
      );
    await this.auditImport(
      req,
      dataset ?? namedOnly(req.datasetKey),
      refusal.batchId ?? null,
      refusal.code === 'FAILED' ? 'FAILED' : 'REFUSED',
      new Tally(),
      startedAt,
      refusal.message,
    );
  }

  /** The dataset and period of a request, or its refusal (recorded). */
  private async admit(req: ImportRequest, startedAt: Date): Promise<{ dataset: DatasetRow; period?: Period }> {
    let dataset: DatasetRow | undefined;
    let period: Period | undefined;
    try {
      dataset = await this.dataset(req.datasetKey);
      const denial = importDenial(req.actor, dataset.agencyId, dataset.key);
      if (denial) throw new ImportRefused('FORBIDDEN', denial);
      if (req.period !== undefined) {
        period = parsePeriod(req.period) ?? undefined;
        if (!period)
          throw new ImportRefused('BAD_PERIOD', 'The period must be a quarter like 2026-Q1 or a month like 2026-03.');
      }
      return { dataset, period };
    } catch (err) {
      // Refused before anything was read: recorded all the same (who tried what, and why).
      if (err instanceof ImportRefused) {
        await this.auditImport(
          req,
          dataset ?? namedOnly(req.datasetKey),
          null,
          'REFUSED',
          new Tally(),
          startedAt,
          err.code === 'FORBIDDEN' ? 'not allowed to import into this dataset' : err.message,
        );
      } else {
        // No connection to look the dataset up with: refused as busy, and recorded (the audit trail has its own).
        const busy = busyRefusal(err);
        if (busy) {
          await this.auditImport(req, namedOnly(req.datasetKey), null, 'REFUSED', new Tally(), startedAt, busy.message);
          throw busy;
        }
      }
      throw err;
    }
  }

  /** Imports under way in this process (a shutdown may wait for them). */
  get running(): number {
    return this.inFlight;
  }
  private inFlight = 0;

  async run(req: ImportRequest): Promise<ImportSummary> {
    this.inFlight++;
    try {
      return await this.runOne(req);
    } finally {
      this.inFlight--;
    }
  }

  private async runOne(req: ImportRequest): Promise<ImportSummary> {
    const startedAt = new Date();
    const { dataset, period } = await this.admit(req, startedAt);

    const batchId = randomUUID();
    const tally = new Tally();
    const log = this.logger.child({
      component: 'import',
      batchId,
      dataset: dataset.key,
      door: req.door,
      requestId: req.requestId,
    });
    let client: pg.PoolClient | undefined;
    let released = false;
    const release = (destroy: boolean) => {
      if (released || !client) return;
      released = true;
      // A connection that failed mid-COPY is discarded rather than returned to the pool.
      client.release(destroy);
    };
    // The client has gone: cancel the statement under way (the pipeline stops at its next row).
    const onAbort = () => {
      const pid = (client as { processID?: number } | undefined)?.processID;
      if (pid && !released)
        this.pool.query('select pg_cancel_backend($1)', [pid]).catch((err: unknown) => {
          log.warn({ err }, 'could not cancel the import of a client that has gone');
          (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        });
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      try {
        client = await this.importPool.connect();
      } catch (err) {
        throw busyRefusal(err) ?? err;
      }
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
        await this.pool.query(
          `insert into import_batch (id, dataset_id, door, submitted_by, status, declared_period_start, declared_period_end, started_at)
           values ($1, $2, $3, $4, 'RUNNING', $5, $6, $7)`,
          [batchId, dataset.id, req.door, req.actor.label, period?.start ?? null, period?.end ?? null, startedAt],
        );
        req.onRunning?.(batchId);
      }
      // A long file is many short statements; a bound still stops a wedged one holding the lock.
      await client.query(`set local statement_timeout = '10min'`);
      // JIT compiles each statement's expressions: on these short, many statements it costs more than it saves.
      await client.query(`set local jit = off`);
      // One import per dataset at a time: the "is this reference new?" check relies on it. A
      // bounded wait: queued imports would otherwise each hold one of the pool's connections.
      await client.query(`set local lock_timeout = '${Math.round(this.lockWaitSeconds * 1000)}ms'`);
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
      if (req.dryRun)
        await client.query(
          `insert into import_batch (id, dataset_id, door, submitted_by, status, declared_period_start, declared_period_end, started_at)
           values ($1, $2, $3, $4, 'RUNNING', $5, $6, $7)`,
          [batchId, dataset.id, req.door, req.actor.label, period?.start ?? null, period?.end ?? null, startedAt],
        );
      const lsoas = await this.lsoas(client);
      const writer = new BatchWriter(client, dataset.id);
      await this.stream(req, dataset, batchId, period, lsoas, writer, tally);

      // A cancel that reached the database between statements did nothing: look again before finishing.
      if (req.signal?.aborted) throw clientGone(req.signal.reason);
      const finishFrom = performance.now();
      const sha = req.source.checksum();
      const { rows: same } = await client.query<RepeatedBatch>(
        `select id as "batchId", status, started_at as "startedAt", rows_read as "rowsRead", rows_inserted as inserted, rows_updated as updated,
                rows_duplicate as duplicates, rows_rejected as rejected, rows_blank as blank
           from import_batch where dataset_id = $1 and file_sha256 = $2 and status in ('COMMITTED', 'REJECTED') order by started_at desc limit 1`,
        [dataset.id, sha],
      );
      // Every row that was not blank was refused: the batch is kept, as REJECTED, with its rejections.
      const allRejected = tally.rejected > 0 && tally.accepted === 0;
      const status = allRejected ? 'REJECTED' : 'COMMITTED';
      const source = req.source.describe();
      const filled = Object.fromEntries(tally.columns.map((c, i) => [c, tally.filled[i] ?? 0]));
      const months = [...tally.months.entries()].sort(([a], [b]) => a.localeCompare(b));
      // Submission tracking reads these: records that arrived with this batch, per month.
      const arrived = [...tally.newByMonth.entries()];
      await client.query(
        `insert into import_batch_month (batch_id, month, rows) select $1, (m || '-01')::date, r from unnest($2::text[], $3::int[]) as t(m, r)`,
        [batchId, arrived.map(([m]) => m), arrived.map(([, n]) => n)],
      );
      await client.query(
        `update import_batch set status = $14::text::import_status, file_sha256 = $2, bytes_read = $3, rows_read = $4, rows_inserted = $5, rows_updated = $6,
           rows_duplicate = $7, rows_rejected = $8, rejections_stored = $9, free_text_coded = $10, free_text_dropped = $11,
           data_from = $12, data_to = $13, rows_blank = $15, rows_outside_period = $16, notes_stored = $17, same_as = $18,
           source_format = $19, source_encoding = $20, filled = $21, rejected_by_rule = $22, free_text_kinds = $23, finished_at = now()
         where id = $1`,
        [
          batchId,
          sha,
          req.source.bytes(),
          tally.rowsRead,
          tally.inserted,
          tally.updated,
          tally.duplicates,
          tally.rejected,
          tally.rejectionsStored,
          tally.freeTextCoded,
          tally.freeTextDropped,
          Number.isFinite(tally.dataFrom) ? new Date(tally.dataFrom) : null,
          Number.isFinite(tally.dataTo) ? new Date(tally.dataTo) : null,
          status,
          tally.blank,
          tally.outsidePeriod,
          tally.notesStored,
          same[0]?.batchId ?? null,
          source.format,
          source.encoding,
          JSON.stringify(filled),
          JSON.stringify(sortedObject(tally.byRule)),
          JSON.stringify(sortedObject(tally.freeTextKinds)),
        ],
      );
      // The event commits with the batch, or neither does: no data lands unrecorded.
      if (!req.dryRun) {
        await this.auditImport(
          req,
          dataset,
          batchId,
          allRejected ? 'REFUSED' : 'SUCCEEDED',
          tally,
          startedAt,
          allRejected ? 'every row was rejected: nothing stored' : undefined,
          client,
        );
      }
      if (req.signal?.aborted) throw clientGone(req.signal.reason);
      const commitFrom = performance.now();
      await client.query(req.dryRun ? 'rollback' : 'commit');
      if (!req.dryRun) this.onCommitted?.();
      const commitMs = performance.now() - commitFrom;
      release(false);
      const finishedAt = new Date();
      const summary: ImportSummary = {
        batchId,
        dataset: dataset.key,
        status: req.dryRun ? 'DRY_RUN' : status,
        allRejected,
        door: req.door,
        submittedBy: req.actor.label,
        rowsRead: tally.rowsRead,
        inserted: tally.inserted,
        updated: tally.updated,
        duplicates: tally.duplicates,
        rejected: tally.rejected,
        blank: tally.blank,
        freeTextCoded: tally.freeTextCoded,
        freeTextDropped: tally.freeTextDropped,
        freeTextKinds: sortedObject(tally.freeTextKinds),
        rejections: tally.firstRejections,
        rejectionsStored: req.dryRun ? 0 : tally.rejectionsStored,
        rejectedByRule: sortedObject(tally.byRule),
        notes: tally.firstNotes,
        notesStored: req.dryRun ? 0 : tally.notesStored,
        outsidePeriod: {
          rows: tally.outsidePeriod,
          months: [...tally.outsideMonths.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([month, rows]) => ({ month, rows })),
        },
        sameFileAs: same[0]?.batchId ?? null,
        repeats: same[0] ? { ...same[0], startedAt: new Date(same[0].startedAt) } : null,
        source,
        dataFrom: Number.isFinite(tally.dataFrom) ? new Date(tally.dataFrom) : null,
        dataTo: Number.isFinite(tally.dataTo) ? new Date(tally.dataTo) : null,
        months: months.map(([month, rows]) => ({ month, rows })),
        period: period?.label ?? null,
        bytes: req.source.bytes(),
        startedAt,
        finishedAt,
        millis: finishedAt.getTime() - startedAt.getTime(),
        applySteps: writer.applies,
        timings: roundAll({
          waitingForDatabase: tally.waitMs,
          ...writer.timings,
          read: tally.readMs,
          map: tally.mapMs,
          finish: commitFrom - finishFrom,
          commit: commitMs,
        }),
      };
      log.info(
        {
          status: summary.status,
          read: tally.rowsRead,
          inserted: tally.inserted,
          updated: tally.updated,
          duplicates: tally.duplicates,
          rejected: tally.rejected,
          blank: tally.blank,
          ms: summary.millis,
          timings: summary.timings,
        },
        'import finished',
      );
      if (req.dryRun)
        await this.auditImport(
          req,
          dataset,
          null,
          'SUCCEEDED',
          tally,
          startedAt,
          'dry run: validated, nothing stored',
          'required',
        );
      return summary;
    } catch (err) {
      const refusal = req.signal?.aborted ? clientGone(err) : this.asRefusal(err, log);
      let broken = refusal.code === 'FAILED' || (refusal.code === 'INTERRUPTED' && !req.signal?.aborted);
      if (!released && client) await client.query('rollback').catch(() => (broken = true));
      release(broken);
      // A RUNNING batch becomes FAILED (should a start-up sweep get there first, this puts the real reason back).
      if (!req.dryRun)
        refusal.batchId = await this.recordFailure(batchId, dataset, req, refusal, tally, period, startedAt, log);
      await this.auditImport(
        req,
        dataset,
        refusal.batchId ?? null,
        refusal.code === 'FAILED' ? 'FAILED' : 'REFUSED',
        tally,
        startedAt,
        refusal.message,
      );
      throw refusal;
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
      release(false);
    }
  }

  /**
   * Records an import refused at its door, before the pipeline saw it (an HTTP upload to
   * a malformed path, or with a content type or encoding the hub does not read).
   * `reason` must be the hub's own words, never the caller's input.
   */
  async recordRefusedAtDoor(
    req: Pick<ImportRequest, 'datasetKey' | 'actor' | 'door' | 'requestId' | 'dryRun'>,
    reason: string,
  ): Promise<void> {
    await this.auditImport(req, namedOnly(req.datasetKey), null, 'REFUSED', new Tally(), new Date(), reason);
  }

  /** Reads, maps and writes every row; the writes of one chunk overlap the parsing of the next. */
  private async stream(
    req: ImportRequest,
    dataset: DatasetRow,
    batchId: string,
    period: Period | undefined,
    lsoas: ReadonlyMap<string, LsoaParents>,
    writer: BatchWriter,
    tally: Tally,
  ): Promise<void> {
    const template = templateFor(dataset.kind);
    const key = this.pseudonymKey;
    const hash = (v: string) => pseudonymise(key, dataset.key, v);
    let header: ResolvedHeader | undefined;
    let map: RowMapper | undefined;
    // Two chunks, reused: one is staged while the other fills, and neither is reallocated.
    let chunk = new Chunk(CHUNK_ROWS);
    let spare = new Chunk(CHUNK_ROWS);
    let rejections: StoredRejection[] = [];
    let notes: StoredNote[] = [];
    let pending: Promise<void> | null = null;
    let row = 1;
    // Rows staged and not yet applied, and their references: a repeat makes the apply keep each one's last row.
    let staged = 0;
    let sinceApply = 0;
    const seen = new SeenReferences();
    let repeats = false;

    const settle = async () => {
      if (!pending) return;
      const t = performance.now();
      await pending;
      tally.waitMs += performance.now() - t;
    };
    /** Hands the filled chunk (and its rejections) to PostgreSQL while the other one fills. */
    const flush = async () => {
      await settle();
      const c = chunk;
      const r = rejections;
      const nt = notes;
      const firstSeq = tally.rejectionsStored - r.length + 1;
      const firstNote = tally.notesStored - nt.length + 1;
      chunk = spare;
      chunk.reset();
      spare = c;
      rejections = [];
      notes = [];
      pending = (async () => {
        await writer.stage(c);
        staged += c.rows;
        await writer.rejections(batchId, firstSeq, r);
        await writer.notes(batchId, firstNote, nt);
        req.onProgress?.({
          rows: tally.rowsRead,
          written: tally.inserted + tally.updated + tally.duplicates + staged,
          bytes: req.source.bytes(),
        });
      })();
      // Awaited at the next flush; this only keeps a failure from being reported as unhandled meanwhile.
      pending.catch(() => undefined);
    };
    /** Rows staged since the last apply, per month of occurrence. */
    const stagedMonths = new Map<string, number>();
    /** Applies everything staged to shared_record: at the end (or every applyRows rows). */
    const apply = async () => {
      await flush();
      await settle();
      const o = await writer.apply(repeats);
      tally.inserted += o.inserted;
      tally.updated += o.updated;
      tally.duplicates += o.unchanged;
      for (const [month, n] of o.insertedByMonth ?? stagedMonths)
        tally.newByMonth.set(month, (tally.newByMonth.get(month) ?? 0) + n);
      stagedMonths.clear();
      staged = 0;
      sinceApply = 0;
      seen.clear();
      repeats = false;
    };

    const iterator = req.source.records()[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<readonly string[]>;
      const readFrom = performance.now();
      try {
        next = await iterator.next();
      } catch (err) {
        if (err instanceof ImportRefused) throw err;
        throw new ImportRefused(
          'INTERRUPTED',
          'The input ended abnormally (the upload or file read was interrupted): nothing was imported. Send the whole file again.',
          { cause: err },
        );
      }
      const mapFrom = performance.now();
      tally.readMs += mapFrom - readFrom;
      if (next.done) break;
      if (req.signal?.aborted) throw clientGone(req.signal.reason);
      const fields = next.value;
      if (!header) {
        try {
          header = resolveHeader(template, fields);
        } catch (err) {
          // A workbook's merged header cells read as empty names: say so, rather than "a column with no name".
          throw (err instanceof ImportRefused && (await req.source.explainHeader?.())) || err;
        }
        tally.columns = header.columns.map((c) => c.name);
        tally.filled = new Array<number>(header.width).fill(0);
        map = compileRowMapper({
          template,
          header,
          datasetId: dataset.id,
          agencyId: dataset.agencyId,
          batchId,
          hash,
          lsoas,
          notAfterMs: Date.now() + FUTURE_SLACK_MS,
          period: period && {
            ...periodInstants(period),
            label: period.label,
            span: `${period.start} to ${period.end}`,
          },
        });
        continue;
      }
      const at = req.source.rowNumber?.() ?? -1;
      row = at > 0 ? at : row + 1;
      tally.rowsRead++;
      // A blank row (an empty line, a spreadsheet's trailing `,,,,`) is counted, not refused.
      if (isBlank(fields)) {
        tally.blank++;
        continue;
      }
      if (req.maxRows !== undefined && tally.rowsRead - tally.blank > req.maxRows) {
        throw new ImportRefused(
          'TOO_MANY_ROWS',
          `Too many rows for this door: at most ${req.maxRows}. Send larger batches as a file (HTTP upload or \`npx hub import\`).`,
        );
      }
      const out = map!(fields);
      tally.mapMs += performance.now() - mapFrom;
      for (const note of map!.notes) {
        if (note.kind === 'NOT_CODED') count(tally.freeTextKinds, 'NOT_CODED');
        for (const k of note.identifiers) count(tally.freeTextKinds, k);
        const stored = { row, column: note.column, kind: note.kind, reason: note.reason };
        if (tally.firstNotes.length < SUMMARY_REJECTIONS) tally.firstNotes.push(stored);
        if (tally.notesStored < MAX_STORED_NOTES) {
          notes.push(stored);
          tally.notesStored++;
        }
      }
      if (Array.isArray(out)) {
        // A quoted value spanning lines where none may: an unbalanced quote has swallowed the
        // rows after it. Refusing the file beats rejecting one "row" that silently hides several.
        if (
          req.source.kind === 'csv' &&
          (out[0].rule === 'LINE_BREAK' || (fields.length !== header.width && fields.some((f) => f.includes('\n'))))
        ) {
          throw new ImportRefused(
            'MALFORMED_CSV',
            `Malformed CSV: row ${row} has a quoted value running over several lines${out[0].column ? ` in ${out[0].column}` : ''}, which is what an unbalanced quote does to the rows after it. Nothing was imported.`,
          );
        }
        tally.rejected++;
        for (const p of out) {
          count(tally.byRule, p.rule);
          if (p.rule === 'OUTSIDE_PERIOD') {
            tally.outsidePeriod++;
            count(tally.outsideMonths, p.month ?? 'unknown');
          }
          const rejection: StoredRejection = { row, column: p.column, rule: p.rule, reason: p.reason };
          if (tally.firstRejections.length < SUMMARY_REJECTIONS) tally.firstRejections.push(rejection);
          if (tally.rejectionsStored < MAX_STORED_REJECTIONS) {
            rejections.push(rejection);
            tally.rejectionsStored++;
          }
        }
        continue;
      }
      // The same reference twice in a batch: the apply keeps its last row (docs/datasets.md).
      if (!seen.add(out.sourceHash)) repeats = true;
      chunk.push(out.line);
      sinceApply++;
      for (let i = 0; i < fields.length && i < tally.filled.length; i++)
        if (fields[i] !== '' && fields[i].trim() !== '') tally.filled[i]++;
      tally.months.set(out.month, (tally.months.get(out.month) ?? 0) + 1);
      stagedMonths.set(out.month, (stagedMonths.get(out.month) ?? 0) + 1);
      if (out.occurredMs < tally.dataFrom) tally.dataFrom = out.occurredMs;
      if (out.occurredMs > tally.dataTo) tally.dataTo = out.occurredMs;
      if (out.freeText === 1) tally.freeTextCoded++;
      else if (out.freeText === 2) tally.freeTextDropped++;
      if (sinceApply >= this.applyRows) await apply();
      else if (chunk.rows >= CHUNK_ROWS) await flush();
    }
    if (!header)
      throw new ImportRefused(
        'EMPTY_FILE',
        'The file is empty: expected a header row naming the columns, then the data rows.',
      );
    if (tally.rowsRead === tally.blank) {
      throw new ImportRefused(
        'NO_DATA_ROWS',
        `The file has a header but no data rows${tally.blank ? ` (only ${tally.blank} blank ${tally.blank === 1 ? 'row' : 'rows'})` : ''}: nothing to import.`,
      );
    }
    await apply();
  }

  private asRefusal(err: unknown, log: Logger): ImportRefused {
    if (err instanceof ImportRefused) {
      if (err.code === 'INTERRUPTED') log.warn({ err: err.cause }, 'import interrupted');
      return err;
    }
    log.error({ err }, 'import failed');
    return new ImportRefused(
      'FAILED',
      'The import failed part-way (a database or internal error, logged by the hub): nothing was imported. Send the file again.',
      { cause: err },
    );
  }

  private async dataset(key: string): Promise<DatasetRow> {
    const { rows } = await this.pool.query<DatasetRow>(
      `select d.id, d.key, d.kind, d.agency_id as "agencyId", a.code as "agencyCode" from dataset d join agency a on a.id = d.agency_id where d.key = $1`,
      [key],
    );
    if (!rows[0]) {
      const shown = SAFE_KEY.test(key) ? `"${key}"` : 'with that key';
      throw new ImportRefused(
        'NOT_FOUND',
        `There is no dataset ${shown}. \`npx hub datasets\` or the \`datasets\` query lists them.`,
      );
    }
    return rows[0];
  }

  private async lsoas(client: pg.PoolClient): Promise<Map<string, LsoaParents>> {
    const { rows } = await client.query<{
      code: string;
      ward: string | null;
      la: string | null;
      outward: string | null;
    }>(
      `select code, ward_code as ward, local_authority_code as la, outward_postcode as outward from area where level = 'LSOA' and retired_at is null`,
    );
    const lsoas = new Map(rows.map((r) => [r.code, { ward: r.ward, localAuthority: r.la, outward: r.outward }]));
    // Records sent with 2011 LSOA codes land in their 2021 LSOA (docs/geography.md).
    return withLsoa2011Codes(client, lsoas);
  }

  /** Keeps a trace of a refused or failed submission (nothing of its data), for the provider and for s17A tracking. */
  private async recordFailure(
    batchId: string,
    dataset: DatasetRow,
    req: ImportRequest,
    refusal: ImportRefused,
    tally: Tally,
    period: Period | undefined,
    startedAt: Date,
    log: Logger,
  ): Promise<string | undefined> {
    try {
      // The batch may be recorded RUNNING already: it becomes FAILED.
      await this.pool.query(
        `insert into import_batch (id, dataset_id, door, submitted_by, status, error_code, error, bytes_read, rows_read, declared_period_start, declared_period_end, started_at, finished_at)
         values ($1, $2, $3, $4, 'FAILED', $5, $6, $7, $8, $9, $10, $11, now())
         on conflict (id) do update set status = 'FAILED', error_code = excluded.error_code, error = excluded.error,
           bytes_read = excluded.bytes_read, rows_read = excluded.rows_read, finished_at = now()`,
        [
          batchId,
          dataset.id,
          req.door,
          req.actor.label,
          refusal.code,
          refusal.message.slice(0, 1000),
          req.source.bytes(),
          tally.rowsRead,
          period?.start ?? null,
          period?.end ?? null,
          startedAt,
        ],
      );
      return batchId;
    } catch (err) {
      log.error({ err }, 'could not record the failed import batch');
      return undefined;
    }
  }

  /**
   * Records the import. A successful import's event is written inside its transaction
   * (`on`), so a failure rolls the data back; a dry run's must be written before its
   * answer is given (`required`). Refusals and failures store nothing, so a failure to
   * record them is logged and the refusal itself still reaches the caller.
   */
  private async auditImport(
    req: Pick<ImportRequest, 'actor' | 'requestId' | 'door' | 'dryRun'>,
    dataset: Pick<DatasetRow, 'key'> & { agencyId?: string },
    batchId: string | null,
    outcome: 'SUCCEEDED' | 'REFUSED' | 'FAILED',
    tally: Tally,
    startedAt: Date,
    message?: string,
    on?: pg.ClientBase | 'required',
  ) {
    const audit = this.audit();
    // Only a service built without a trail (the ingest pipeline's own tests); the runtime always has one.
    if (!audit) return;
    const event = {
      actor: req.actor,
      requestId: req.requestId,
      batchId: batchId ?? 'none',
      dataset: dataset.key,
      providerAgencyId: dataset.agencyId,
      outcome,
      counts: {
        read: tally.rowsRead,
        accepted: tally.inserted + tally.updated,
        rejected: tally.rejected,
        duplicate: tally.duplicates,
        blank: tally.blank,
      },
      source: req.door.toLowerCase() + (req.dryRun ? ' (dry run)' : ''),
      durationMs: Date.now() - startedAt.getTime(),
      startedAt,
      message,
    };
    if (on) {
      await recordImportEvent(audit, event, { client: on === 'required' ? undefined : on });
      return;
    }
    try {
      await recordImportEvent(audit, event);
    } catch (err) {
      this.logger.error({ err, batchId, dataset: dataset.key }, 'could not record the import in the audit trail');
    }
  }
}
