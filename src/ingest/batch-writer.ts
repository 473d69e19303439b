import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { RECORD_COPY_COLUMNS } from './row-mapper.js';

/** One chunk of accepted rows, in file order, with no source reference twice. */
export interface Chunk {
  lines: string[];
  hashes: Buffer[];
}

export interface ChunkOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface StoredRejection {
  row: number;
  column: string | null;
  reason: string;
}

const COLUMNS = RECORD_COPY_COLUMNS.map((c) => `"${c}"`).join(', ');
const INSERT_COPY = `copy shared_record (${COLUMNS}) from stdin`;
const UNIQUE_VIOLATION = '23505';
// Everything a corrected row may change; created_at and the reference itself stay.
const MUTABLE = [
  'category',
  'subcategory',
  'occurred_at',
  'time_precision',
  'lsoa_code',
  'ward_code',
  'local_authority_code',
  'outward_postcode',
  'grid_easting',
  'grid_northing',
  'age_band',
  'sex',
  'details',
  'subject_hash',
] as const;

/**
 * Writes a batch's rows inside the caller's transaction, which holds the dataset's import
 * lock (so no other import adds the same reference meanwhile).
 *
 * New references are COPYed straight into shared_record: PostgreSQL's fastest path, and
 * the usual case (a new period's data). A chunk is first tried that way under a savepoint;
 * if the unique index on (dataset_id, source_ref_hash) refuses it, some references exist
 * already: the chunk is rolled back to the savepoint, the existing references are looked
 * up, new rows COPYed and the others staged and applied with one UPDATE that touches only
 * records whose values differ. Lookups continue for the following chunks (a re-sent or
 * overlapping file) until one finds nothing, when writing goes back to plain COPY.
 */
export class BatchWriter {
  private staged = false;
  private optimistic = true;
  /** Milliseconds spent in each step, for the import's log line and the benchmark. */
  readonly timings = { check: 0, copy: 0, update: 0, rejections: 0 };

  constructor(
    private readonly client: PoolClient,
    private readonly datasetId: string,
  ) {}

  async write(chunk: Chunk): Promise<ChunkOutcome> {
    if (chunk.lines.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    let t = performance.now();
    if (this.optimistic) {
      await this.client.query('savepoint import_chunk');
      try {
        await this.copy(INSERT_COPY, chunk.lines);
        await this.client.query('release savepoint import_chunk');
        this.lap('copy', t);
        return { inserted: chunk.lines.length, updated: 0, unchanged: 0 };
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
        await this.client.query('rollback to savepoint import_chunk');
        await this.client.query('release savepoint import_chunk');
        this.optimistic = false;
        t = this.lap('copy', t);
      }
    }
    // One index probe per reference, forced: with statistics from before this batch the
    // planner would otherwise scan every record of the dataset for each chunk.
    const { rows } = await this.client.query<{ h: Buffer }>(
      `select u.h from unnest($2::bytea[]) as u(h)
         cross join lateral (select 1 from shared_record r where r.dataset_id = $1 and r.source_ref_hash = u.h limit 1) as found`,
      [this.datasetId, chunk.hashes],
    );
    t = this.lap('check', t);
    if (rows.length === 0) {
      this.optimistic = true;
      await this.copy(INSERT_COPY, chunk.lines);
      this.lap('copy', t);
      return { inserted: chunk.lines.length, updated: 0, unchanged: 0 };
    }
    const existing = new Set(rows.map((r) => r.h.toString('latin1')));
    const fresh: string[] = [];
    const known: string[] = [];
    chunk.hashes.forEach((h, i) => (existing.has(h.toString('latin1')) ? known : fresh).push(chunk.lines[i]));
    if (fresh.length) await this.copy(INSERT_COPY, fresh);
    t = this.lap('copy', t);
    const updated = await this.update(known);
    this.lap('update', t);
    return { inserted: fresh.length, updated, unchanged: known.length - updated };
  }

  async rejections(batchId: string, firstSeq: number, list: readonly StoredRejection[]): Promise<void> {
    if (!list.length) return;
    const t = performance.now();
    await this.client.query(
      `insert into import_rejection (batch_id, seq, row_number, column_name, reason)
       select $1, s, r, c, m from unnest($2::int[], $3::int[], $4::text[], $5::text[]) as t(s, r, c, m)`,
      [batchId, list.map((_, i) => firstSeq + i), list.map((r) => r.row), list.map((r) => r.column), list.map((r) => r.reason)],
    );
    this.lap('rejections', t);
  }

  private lap(step: keyof BatchWriter['timings'], since: number): number {
    const now = performance.now();
    this.timings[step] += now - since;
    return now;
  }

  private async update(lines: string[]): Promise<number> {
    if (!this.staged) {
      // Same columns as the COPY lines, so that one line format serves both paths.
      await this.client.query(
        `create temp table import_stage on commit drop as select ${COLUMNS} from shared_record with no data`,
      );
      this.staged = true;
    } else {
      await this.client.query('truncate import_stage');
    }
    await this.copy(`copy import_stage (${COLUMNS}) from stdin`, lines);
    const res = await this.client.query(
      `update shared_record r set ${MUTABLE.map((c) => `"${c}" = s."${c}"`).join(', ')}, batch_id = s.batch_id, updated_at = now()
         from import_stage s
        where r.dataset_id = $1 and r.source_ref_hash = s.source_ref_hash
          and (${MUTABLE.map((c) => `r."${c}"`).join(', ')}) is distinct from (${MUTABLE.map((c) => `s."${c}"`).join(', ')})`,
      [this.datasetId],
    );
    return res.rowCount ?? 0;
  }

  private async copy(sql: string, lines: string[]): Promise<void> {
    const stream = this.client.query(copyFrom(sql));
    stream.end(lines.join('\n') + '\n');
    await finished(stream);
  }
}
