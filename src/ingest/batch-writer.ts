import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { MERGED_ROLLUPS, STAGED_ROLLUPS, rollupsByBatch } from './batch-rollups.js';
import type { Chunk } from './chunk.js';
import { RECORD_COPY_COLUMNS } from './record-copy-line.js';

export interface ChunkOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /**
   * New records per month of occurrence (YYYY-MM, London), when only some of the chunk's
   * rows were new; undefined when every staged row was inserted.
   */
  insertedByMonth?: Map<string, number>;
}

export interface StoredRejection {
  row: number;
  column: string | null;
  /** The rule broken, a stable code (null on rejections stored before rules were recorded). */
  rule: string | null;
  reason: string;
}

/** A row whose free text was dropped: what it seemed to hold (IDENTIFIER_<kind>) or NOT_CODED; never the text. */
export interface StoredNote {
  row: number;
  column: string | null;
  kind: string;
  reason: string;
}

const COLUMNS = RECORD_COPY_COLUMNS.map((c) => `"${c}"`).join(', ');
const STAGE_COPY = `copy import_stage (${COLUMNS}) from stdin`;
const UNIQUE_VIOLATION = '23505';
const COPY_SLICE = 1 << 20;
// Everything a corrected row may change: the written columns but for the record's dataset,
// agency, kind, reference and batch (created_at stays too).
const FIXED: ReadonlySet<string> = new Set(['dataset_id', 'agency_id', 'kind', 'source_ref_hash', 'batch_id']);
const MUTABLE = RECORD_COPY_COLUMNS.filter((c) => !FIXED.has(c));

/**
 * Writes a batch's rows inside the caller's transaction, which holds the dataset's import
 * lock (so no other import adds the same reference meanwhile).
 *
 * Chunks are COPYed into a temporary staging table as they are mapped (no WAL, no index,
 * no trigger: PostgreSQL keeps pace with Node), and applied to shared_record in one
 * statement at the end of the batch (a reference repeated within it: its last row wins,
 * still in that one statement). One statement per batch rather than one per chunk
 * matters because shared_record's statement-level triggers (the analytics rollups) cost
 * per statement far more than per row: measured on a million rows, 40 chunked COPYs spent
 * 60 s in them against 17 s for one statement.
 *
 * The statement is first a plain INSERT ... SELECT under a savepoint: new references are
 * the usual case (a new period's data). On that path the importer adds the batch's rows to
 * the analytics rollups itself, from the stage, before the insert (batch-rollups.ts), and
 * the insert triggers stand aside: the triggers' transition tables made them re-read every
 * new record through the subject index (16 of the 43 s a million-row apply took). If the
 * unique index on (dataset_id, source_ref_hash) refuses it, some references exist already:
 * it is rolled back to the savepoint (rollups included) and the stage is applied with one
 * INSERT ... ON CONFLICT DO UPDATE that changes only records whose values differ, the
 * triggers keeping the rollups. That statement finds existing records through the unique
 * index itself (its arbiter), whatever the planner's statistics say; RETURNING (xmax = 0)
 * tells inserted rows from updated ones, and what it does not return was unchanged. A
 * re-sent file (its first row stored already) goes straight to the merge; a file that
 * overlaps stored data late pays for the refused insert up to that row.
 */
export class BatchWriter {
  private stageCreated = false;
  private mergeTables = false;
  private optimistic = true;
  /** Rows in the staging table, not yet applied. */
  private stagedRows = 0;
  /** Milliseconds spent in each step, for the import's log line and the benchmark. */
  readonly timings = { stage: 0, rollups: 0, insert: 0, merge: 0, rejections: 0 };
  /** Apply steps (statements writing to shared_record) so far. */
  applies = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly datasetId: string,
  ) {}

  /** COPYs a chunk of rows (in file order, no source reference twice since the last apply) into the staging table. */
  async stage(chunk: Chunk): Promise<void> {
    if (chunk.rows === 0) return;
    const t = performance.now();
    if (!this.stageCreated) {
      // Same columns as the COPY lines, so that one line format serves both paths.
      await this.client.query(
        `create temp table import_stage on commit drop as select ${COLUMNS} from shared_record with no data`,
      );
      // File order, so that the last of a reference's rows can be told from the earlier ones.
      await this.client.query(`alter table import_stage add column import_seq bigint generated always as identity`);
      // Each row's record id, drawn as it is staged: the batch's rollups order a subject's
      // records by time then id before the rows are inserted, with the ids they will have.
      const { rows } = await this.client.query<{ seq: string }>(
        `select pg_get_serial_sequence('shared_record', 'id') as seq`,
      );
      await this.client.query(
        `alter table import_stage add column id bigint not null default nextval('${rows[0].seq.replace(/'/g, "''")}'::regclass)`,
      );
      this.stageCreated = true;
    }
    await this.copy(STAGE_COPY, chunk.bytes());
    this.stagedRows += chunk.rows;
    this.lap('stage', t);
  }

  /**
   * Applies every staged row to shared_record and empties the stage; says what each row did.
   * With `repeats` (a source reference staged more than once), the last of each
   * reference's rows is applied and the earlier ones count as unchanged (superseded
   * within the file): one statement, however often a reference repeats.
   */
  async apply(repeats = false): Promise<ChunkOutcome> {
    const rows = this.stagedRows;
    if (rows === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const t = performance.now();
    this.applies++;
    let outcome: ChunkOutcome | undefined;
    if (repeats) {
      outcome = await this.merge(
        rows,
        `(select distinct on (source_ref_hash) ${COLUMNS} from import_stage order by source_ref_hash, import_seq desc)`,
      );
      this.lap('merge', t);
    } else if (this.optimistic && !(await this.firstRowStored())) {
      await this.client.query('savepoint import_apply');
      try {
        // The rollups from the stage, then the rows with the insert triggers standing aside:
        // all undone together should the insert find a reference already stored.
        await this.client.query('analyze import_stage');
        for (const sql of STAGED_ROLLUPS) await this.client.query(sql);
        const rolled = this.lap('rollups', t);
        await this.client.query(rollupsByBatch(true));
        await this.client.query(`insert into shared_record (id, ${COLUMNS}) select id, ${COLUMNS} from import_stage`);
        await this.client.query(rollupsByBatch(false));
        await this.client.query('release savepoint import_apply');
        outcome = { inserted: rows, updated: 0, unchanged: 0 };
        this.lap('insert', rolled);
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
        await this.client.query('rollback to savepoint import_apply');
        await this.client.query('release savepoint import_apply');
        this.optimistic = false;
      }
    }
    if (!outcome) {
      outcome = await this.merge(rows, 'import_stage');
      if (outcome.inserted === rows) this.optimistic = true;
      this.lap('merge', t);
    }
    await this.client.query('truncate import_stage');
    this.stagedRows = 0;
    return outcome;
  }

  async rejections(batchId: string, firstSeq: number, list: readonly StoredRejection[]): Promise<void> {
    if (!list.length) return;
    const t = performance.now();
    await this.client.query(
      `insert into import_rejection (batch_id, seq, row_number, column_name, rule, reason)
       select $1, s, r, c, u, m from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[]) as t(s, r, c, u, m)`,
      [
        batchId,
        list.map((_, i) => firstSeq + i),
        list.map((r) => r.row),
        list.map((r) => r.column),
        list.map((r) => r.rule),
        list.map((r) => r.reason.slice(0, 300)),
      ],
    );
    this.lap('rejections', t);
  }

  /** Stores notes on rows whose free text was dropped (counted with the rejections' time). */
  async notes(batchId: string, firstSeq: number, list: readonly StoredNote[]): Promise<void> {
    if (!list.length) return;
    const t = performance.now();
    await this.client.query(
      `insert into import_note (batch_id, seq, row_number, column_name, kind, reason)
       select $1, s, r, c, k, m from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[]) as t(s, r, c, k, m)`,
      [
        batchId,
        list.map((_, i) => firstSeq + i),
        list.map((r) => r.row),
        list.map((r) => r.column),
        list.map((r) => r.kind),
        list.map((r) => r.reason.slice(0, 300)),
      ],
    );
    this.lap('rejections', t);
  }

  /**
   * Whether the stage's first row (in file order) is stored already: a file sent again, or
   * one that starts where the last ended, goes straight to the merge rather than paying
   * for an insert (and its rollups) that the unique index would refuse.
   */
  private async firstRowStored(): Promise<boolean> {
    const { rows } = await this.client.query<{ stored: boolean }>(
      `select exists (select 1 from shared_record r
                       where r.dataset_id = $1 and r.source_ref_hash = (select source_ref_hash from import_stage order by import_seq limit 1)) as stored`,
      [this.datasetId],
    );
    if (rows[0].stored) this.optimistic = false;
    return rows[0].stored;
  }

  private lap(step: keyof BatchWriter['timings'], since: number): number {
    const now = performance.now();
    this.timings[step] += now - since;
    return now;
  }

  /**
   * Inserts new references and corrects stored records whose values differ, from `from`
   * (a relation with the stage's columns, each reference once), keeping the rollups: the
   * stored versions of the records it will change are kept aside first (import_before),
   * the ids it wrote are kept (import_written), and the rollups are changed by the
   * difference once it has run (MERGED_ROLLUPS), with the row triggers standing aside.
   */
  private async merge(rows: number, from: string): Promise<ChunkOutcome> {
    const differs = `(${MUTABLE.map((c) => `r."${c}"`).join(', ')}) is distinct from (${MUTABLE.map((c) => `src."${c}"`).join(', ')})`;
    if (!this.mergeTables) {
      await this.client.query(
        `create temp table import_before on commit drop as select * from shared_record with no data;
         create temp table import_written (id bigint not null, inserted boolean not null) on commit drop`,
      );
      this.mergeTables = true;
    } else await this.client.query('truncate import_before, import_written');
    await this.client.query(
      `insert into import_before select r.* from shared_record r join ${from} src
         on r.dataset_id = $1 and r.source_ref_hash = src.source_ref_hash where ${differs}`,
      [this.datasetId],
    );
    await this.client.query(rollupsByBatch(true));
    // Per month of occurrence: submission tracking counts new records, not re-sent ones.
    const { rows: counts } = await this.client.query<{ month: string; inserted: number; updated: number }>(
      `with written as (
         insert into shared_record as r (${COLUMNS}) select ${COLUMNS} from ${from} src
         on conflict (dataset_id, source_ref_hash) do update
           set ${MUTABLE.map((c) => `"${c}" = excluded."${c}"`).join(', ')}, batch_id = excluded.batch_id, updated_at = now()
           where (${MUTABLE.map((c) => `r."${c}"`).join(', ')}) is distinct from (${MUTABLE.map((c) => `excluded."${c}"`).join(', ')})
         returning r.id, (xmax = 0) as inserted, occurred_at),
       kept as (insert into import_written select id, inserted from written)
       select to_char(occurred_at at time zone 'Europe/London', 'YYYY-MM') as month,
              (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
         from written group by 1`,
    );
    await this.client.query(rollupsByBatch(false));
    await this.client.query('analyze import_before, import_written');
    for (const sql of MERGED_ROLLUPS) await this.client.query(sql);
    const inserted = counts.reduce((n, c) => n + c.inserted, 0);
    const updated = counts.reduce((n, c) => n + c.updated, 0);
    const insertedByMonth = new Map(counts.filter((c) => c.inserted > 0).map((c) => [c.month, c.inserted]));
    return { inserted, updated, unchanged: rows - inserted - updated, insertedByMonth };
  }

  /** COPYs lines that already end in a newline, a slice at a time so that socket buffers stay small. */
  private async copy(sql: string, lines: Buffer): Promise<void> {
    const stream = this.client.query(copyFrom(sql));
    for (let at = 0; at < lines.length; at += COPY_SLICE) {
      if (!stream.write(lines.subarray(at, at + COPY_SLICE))) await once(stream, 'drain');
    }
    stream.end();
    await finished(stream);
  }
}
