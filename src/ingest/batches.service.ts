import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { Role } from '../domain/vocabulary.js';
import { qualityReport, type DatasetQuality, type QualityScope } from './quality.js';
import type { StoredNote, StoredRejection } from './batch-writer.js';

/** A stored import batch: counts and outcome, never any of the data. */
export interface BatchRecord {
  id: string;
  dataset: string;
  agencyCode: string;
  door: string;
  submittedBy: string;
  status: 'RUNNING' | 'COMMITTED' | 'REJECTED' | 'FAILED';
  errorCode: string | null;
  error: string | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rejected: number;
  blank: number;
  rowsOutsidePeriod: number;
  rejectionsStored: number;
  notesStored: number;
  rejectedByRule: Record<string, number> | null;
  freeTextKinds: Record<string, number> | null;
  /** The earlier batch this one's file repeats (byte-identical), if any. */
  sameAs: string | null;
  sourceFormat: string | null;
  sourceEncoding: string | null;
  freeTextCoded: number;
  freeTextDropped: number;
  periodStart: string | null;
  periodEnd: string | null;
  dataFrom: Date | null;
  dataTo: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Whose batches a principal may read: everyone's, one agency's, or none. */
export type BatchScope = { kind: 'all' } | { kind: 'agency'; agencyId: string } | null;

/**
 * Administrators and auditors oversee every agency's submissions; providers, liaison
 * officers and import keys see their own agency's. Batches hold counts and reasons, not
 * data, but which agency sends what and how well is still only theirs and the hub's.
 */
export function batchScope(principal: Principal | null): BatchScope {
  if (!principal) return null;
  if (principal.kind === 'apiKey')
    return principal.scopes.includes('IMPORT') ? { kind: 'agency', agencyId: principal.agencyId } : null;
  if (principal.roles.some((r) => r === Role.ADMIN || r === Role.AUDITOR)) return { kind: 'all' };
  if (principal.roles.some((r) => r === Role.PROVIDER || r === Role.LIAISON_OFFICER))
    return { kind: 'agency', agencyId: principal.agencyId };
  return null;
}

export const MAX_BATCH_PAGE = 200;
export const MAX_REJECTION_PAGE = 1000;

const SELECT = `select b.id, d.key as dataset, a.code as "agencyCode", b.door, b.submitted_by as "submittedBy", b.status, b.error_code as "errorCode", b.error,
    b.rows_read as "rowsRead", b.rows_inserted as inserted, b.rows_updated as updated, b.rows_duplicate as duplicates, b.rows_rejected as rejected,
    b.rows_blank as blank, b.rows_outside_period as "rowsOutsidePeriod", b.notes_stored as "notesStored", b.rejected_by_rule as "rejectedByRule",
    b.free_text_kinds as "freeTextKinds", b.same_as as "sameAs", b.source_format as "sourceFormat", b.source_encoding as "sourceEncoding",
    b.rejections_stored as "rejectionsStored", b.free_text_coded as "freeTextCoded", b.free_text_dropped as "freeTextDropped",
    to_char(b.declared_period_start, 'YYYY-MM-DD') as "periodStart", to_char(b.declared_period_end, 'YYYY-MM-DD') as "periodEnd",
    b.data_from as "dataFrom", b.data_to as "dataTo", b.started_at as "startedAt", b.finished_at as "finishedAt"
  from import_batch b join dataset d on d.id = b.dataset_id join agency a on a.id = d.agency_id`;

const toDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));
const fromRow = (r: Record<string, unknown>): BatchRecord =>
  ({
    ...r,
    dataFrom: toDate(r.dataFrom),
    dataTo: toDate(r.dataTo),
    startedAt: toDate(r.startedAt)!,
    finishedAt: toDate(r.finishedAt),
  }) as BatchRecord;

/** Reads import batches and their rejections under a scope. */
export class BatchesService {
  constructor(private readonly pool: pg.Pool) {}

  async list(
    scope: Exclude<BatchScope, null>,
    filter: { dataset?: string; status?: BatchRecord['status'] },
    first: number,
  ): Promise<BatchRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (scope.kind === 'agency') where.push(`d.agency_id = $${params.push(scope.agencyId)}`);
    if (filter.dataset) where.push(`d.key = $${params.push(filter.dataset)}`);
    if (filter.status) where.push(`b.status = $${params.push(filter.status)}`);
    const { rows } = await this.pool.query(
      `${SELECT} ${where.length ? `where ${where.join(' and ')}` : ''} order by b.started_at desc, b.id limit $${params.push(Math.min(Math.max(first, 1), MAX_BATCH_PAGE))}`,
      params,
    );
    return rows.map(fromRow);
  }

  /** One batch, or null when it does not exist or is outside the scope (the two read the same). */
  async get(scope: Exclude<BatchScope, null>, id: string): Promise<BatchRecord | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const params: unknown[] = [id];
    const agency = scope.kind === 'agency' ? ` and d.agency_id = $${params.push(scope.agencyId)}` : '';
    const { rows } = await this.pool.query(`${SELECT} where b.id = $1${agency}`, params);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The first rejections of several batches at once (callers have already scoped the batches). */
  async rejectionsOf(batchIds: readonly string[], first: number): Promise<Map<string, StoredRejection[]>> {
    const out = new Map<string, StoredRejection[]>();
    if (!batchIds.length || first <= 0) return out;
    const { rows } = await this.pool.query<StoredRejection & { batchId: string }>(
      `select batch_id as "batchId", row_number as "row", column_name as "column", rule, reason
         from import_rejection where batch_id = any($1::uuid[]) and seq <= $2 order by batch_id, seq`,
      [batchIds, Math.min(first, MAX_REJECTION_PAGE)],
    );
    for (const { batchId, ...r } of rows) {
      let list = out.get(batchId);
      if (!list) out.set(batchId, (list = []));
      list.push(r);
    }
    return out;
  }

  /** Data-quality scorecards (see quality.ts); null when the dataset named is not there or not in scope. */
  quality(
    scope: Exclude<QualityScope, null>,
    opts: { dataset?: string; months?: number; today?: string } = {},
  ): Promise<DatasetQuality[] | null> {
    return qualityReport(this.pool, scope, opts);
  }

  async rejections(batchId: string, first: number): Promise<StoredRejection[]> {
    const { rows } = await this.pool.query<StoredRejection>(
      `select row_number as "row", column_name as "column", rule, reason from import_rejection where batch_id = $1 order by seq limit $2`,
      [batchId, Math.min(Math.max(first, 0), MAX_REJECTION_PAGE)],
    );
    return rows;
  }

  /** Notes on rows whose free text was dropped (what it seemed to hold), in row order. */
  async notes(batchId: string, first: number): Promise<StoredNote[]> {
    const { rows } = await this.pool.query<StoredNote>(
      `select row_number as "row", column_name as "column", kind, reason from import_note where batch_id = $1 order by seq limit $2`,
      [batchId, Math.min(Math.max(first, 0), MAX_REJECTION_PAGE)],
    );
    return rows;
  }
}
