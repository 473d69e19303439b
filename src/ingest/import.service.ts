import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { recordImportEvent } from '../audit/audit.record.js';
import type { AuditService } from '../audit/audit.service.js';
import { importDenial } from '../auth/import-access.js';
import { withLsoa2011Codes } from '../geography/ons-lsoa2011.js';
import { closeBatch, recordFailure, sameFileBatch, sweepAbandonedBatches, type DatasetRow } from './batch-records.js';
import { BatchWriter } from './batch-writer.js';
import { ImportRefused, asRefusal, busyRefusal, clientGone } from './import-errors.js';
import { summarise, type ImportRequest, type ImportSummary } from './import-summary.js';
import { Tally } from './import-tally.js';
import { ImportConnection } from './import-connection.js';
import { beginImport } from './import-transaction.js';
import { parsePeriod, type Period } from './periods.js';
import { APPLY_ROWS, RowPipeline } from './row-pipeline.js';
import type { LsoaParents } from './row-mapper.js';

/** How long an import waits for one of the imports' connections before it is answered "busy". */
export const IMPORT_POOL_WAIT_MS = 5_000;
const PgPool = pg.Pool;
const SAFE_KEY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A dataset named by the caller but not found (or not looked up): its key if shaped like one, never raw input. */
const namedOnly = (key: string): { key: string; agencyId: undefined } => ({
  key: SAFE_KEY.test(key) ? key : '(not a dataset key)',
  agencyId: undefined,
});

type DoorRequest = Pick<ImportRequest, 'datasetKey' | 'actor' | 'door' | 'requestId' | 'dryRun' | 'period'>;
type Outcome = 'SUCCEEDED' | 'REFUSED' | 'FAILED';

/**
 * The one ingest pipeline behind the three doors (CLI file, HTTP upload, GraphQL rows):
 * stream, check the header against the template, validate and guard each row, generalise,
 * hash the references, and write in chunks inside one transaction per batch, so that a
 * batch lands whole or not at all. Every row read is accounted for (RowPipeline, Tally).
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
  async preflight(req: DoorRequest) {
    await this.admit(req, new Date());
  }

  /**
   * Records an attempt that failed at its door, after the checks but before the pipeline
   * ran (an upload too slow, too large, cut off, or refused for lack of a connection): a
   * FAILED batch when the dataset is one the caller may import into, and the audit event.
   */
  async recordFailedAttempt(req: DoorRequest, refusal: ImportRefused, bytes = 0): Promise<void> {
    const startedAt = new Date();
    let dataset: DatasetRow | undefined;
    try {
      dataset = await this.dataset(req.datasetKey);
      if (importDenial(req.actor, dataset.agencyId, dataset.key)) dataset = undefined;
    } catch (err) {
      if (!(err instanceof ImportRefused))
        this.logger.warn({ err }, 'could not look up the dataset of a failed upload');
    }
    if (dataset && !req.dryRun)
      refusal.batchId = await recordFailure(
        this.pool,
        { id: randomUUID(), datasetId: dataset.id, startedAt, bytes, rowsRead: 0 },
        req,
        refusal,
        this.logger,
      );
    const outcome = refusal.code === 'FAILED' ? 'FAILED' : 'REFUSED';
    await this.auditImport(req, dataset ?? namedOnly(req.datasetKey), refusal.batchId ?? null, outcome, new Tally(), {
      startedAt,
      message: refusal.message,
    });
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
    await this.auditImport(req, namedOnly(req.datasetKey), null, 'REFUSED', new Tally(), {
      startedAt: new Date(),
      message: reason,
    });
  }

  /** The dataset and period of a request, or its refusal (recorded). */
  private async admit(req: DoorRequest, startedAt: Date): Promise<{ dataset: DatasetRow; period?: Period }> {
    let dataset: DatasetRow | undefined;
    try {
      dataset = await this.dataset(req.datasetKey);
      const denial = importDenial(req.actor, dataset.agencyId, dataset.key);
      if (denial) throw new ImportRefused('FORBIDDEN', denial);
      if (req.period === undefined) return { dataset };
      const period = parsePeriod(req.period) ?? undefined;
      if (!period)
        throw new ImportRefused('BAD_PERIOD', 'The period must be a quarter like 2026-Q1 or a month like 2026-03.');
      return { dataset, period };
    } catch (err) {
      // Refused before anything was read: recorded all the same (who tried what, and why).
      if (err instanceof ImportRefused) {
        const message = err.code === 'FORBIDDEN' ? 'not allowed to import into this dataset' : err.message;
        await this.auditImport(req, dataset ?? namedOnly(req.datasetKey), null, 'REFUSED', new Tally(), {
          startedAt,
          message,
        });
      } else {
        // No connection to look the dataset up with: refused as busy, and recorded (the audit trail has its own).
        const busy = busyRefusal(err);
        if (busy) {
          const named = namedOnly(req.datasetKey);
          await this.auditImport(req, named, null, 'REFUSED', new Tally(), { startedAt, message: busy.message });
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
    const conn = new ImportConnection(this.pool, log);
    req.signal?.addEventListener('abort', conn.cancel, { once: true });
    try {
      try {
        conn.client = await this.importPool.connect();
      } catch (err) {
        throw busyRefusal(err) ?? err;
      }
      const client = conn.client;
      const batch = { batchId, dataset, period, startedAt, lockWaitSeconds: this.lockWaitSeconds };
      await beginImport(client, this.pool, req, batch);
      const writer = new BatchWriter(client, dataset.id);
      const lsoas = await this.lsoas(client);
      const pipeline = { req, dataset, batchId, period, lsoas, writer, tally };
      await new RowPipeline({ ...pipeline, pseudonymKey: this.pseudonymKey, applyRows: this.applyRows }).run();
      return await this.finish(conn, { ...batch, req, tally, writer, log });
    } catch (err) {
      const refusal = req.signal?.aborted ? clientGone(err) : asRefusal(err, log);
      let broken = refusal.code === 'FAILED' || (refusal.code === 'INTERRUPTED' && !req.signal?.aborted);
      if (conn.open) await conn.client!.query('rollback').catch(() => (broken = true));
      conn.release(broken);
      // A RUNNING batch becomes FAILED (should a start-up sweep get there first, this puts the real reason back).
      if (!req.dryRun) {
        const failed = { id: batchId, datasetId: dataset.id, startedAt, period, bytes: req.source.bytes() };
        refusal.batchId = await recordFailure(this.pool, { ...failed, rowsRead: tally.rowsRead }, req, refusal, log);
      }
      const outcome = refusal.code === 'FAILED' ? 'FAILED' : 'REFUSED';
      await this.auditImport(req, dataset, refusal.batchId ?? null, outcome, tally, {
        startedAt,
        message: refusal.message,
      });
      throw refusal;
    } finally {
      req.signal?.removeEventListener('abort', conn.cancel);
      conn.release(false);
    }
  }

  /** Closes the batch, records its audit event in its transaction, commits (or rolls back a dry run), and answers. */
  private async finish(
    conn: ImportConnection,
    b: {
      req: ImportRequest;
      dataset: DatasetRow;
      batchId: string;
      period?: Period;
      startedAt: Date;
      tally: Tally;
      writer: BatchWriter;
      log: Logger;
    },
  ): Promise<ImportSummary> {
    const { req, dataset, batchId, tally, startedAt } = b;
    const client = conn.client!;
    // A cancel that reached the database between statements did nothing: look again before finishing.
    if (req.signal?.aborted) throw clientGone(req.signal.reason);
    const finishFrom = performance.now();
    const sha = req.source.checksum();
    const repeats = await sameFileBatch(client, dataset.id, sha);
    // Every row that was not blank was refused: the batch is kept, as REJECTED, with its rejections.
    const allRejected = tally.rejected > 0 && tally.accepted === 0;
    const status = allRejected ? 'REJECTED' : 'COMMITTED';
    const source = req.source.describe();
    const bytes = req.source.bytes();
    await closeBatch(client, batchId, tally, { status, sha, bytes, sameAs: repeats?.batchId ?? null, source });
    // The event commits with the batch, or neither does: no data lands unrecorded.
    if (!req.dryRun) {
      const message = allRejected ? 'every row was rejected: nothing stored' : undefined;
      const outcome = allRejected ? 'REFUSED' : 'SUCCEEDED';
      await this.auditImport(req, dataset, batchId, outcome, tally, { startedAt, message, on: client });
    }
    if (req.signal?.aborted) throw clientGone(req.signal.reason);
    const commitFrom = performance.now();
    await client.query(req.dryRun ? 'rollback' : 'commit');
    if (!req.dryRun) this.onCommitted?.();
    const commitMs = performance.now() - commitFrom;
    conn.release(false);
    const summary = summarise({
      batchId,
      dataset: dataset.key,
      req,
      status,
      tally,
      repeats,
      source,
      period: b.period?.label ?? null,
      startedAt,
      applySteps: b.writer.applies,
      timings: {
        waitingForDatabase: tally.waitMs,
        ...b.writer.timings,
        read: tally.readMs,
        map: tally.mapMs,
        finish: commitFrom - finishFrom,
        commit: commitMs,
      },
    });
    const { inserted, updated, duplicates, rejected, blank } = tally;
    const counts = { read: tally.rowsRead, inserted, updated, duplicates, rejected, blank };
    b.log.info({ status: summary.status, ...counts, ms: summary.millis, timings: summary.timings }, 'import finished');
    if (req.dryRun)
      await this.auditImport(req, dataset, null, 'SUCCEEDED', tally, {
        startedAt,
        message: 'dry run: validated, nothing stored',
        on: 'required',
      });
    return summary;
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
    outcome: Outcome,
    tally: Tally,
    how: { startedAt: Date; message?: string; on?: pg.ClientBase | 'required' },
  ) {
    const audit = this.audit();
    // Only a service built without a trail (the ingest pipeline's own tests); the runtime always has one.
    if (!audit) return;
    const { startedAt, message, on } = how;
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
