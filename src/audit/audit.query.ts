import { badInput } from '../auth/errors.js';
import type { AuditKind, AuditOutcome, StoredAuditEvent } from './audit-event.js';

/*
 * Reading the audit trail: the filters a reader may set, the scope they read under (the
 * whole trail, or what concerns one agency), cursors, and the SQL conditions for both.
 */

export interface AuditFilter {
  from?: Date;
  to?: Date;
  /** Code of the acting principal's agency. */
  agency?: string;
  /** Username, key prefix or id of the acting principal. */
  principal?: string;
  /** Dataset key touched. */
  dataset?: string;
  purpose?: string;
  outcome?: AuditOutcome;
  kind?: AuditKind;
  /** Code of an agency whose data or accounts the event concerns. */
  concerning?: string;
  /** Reference (e.g. ISA-DEMO-002) or id of an agreement that granted access. */
  agreement?: string;
}

/** What the reader may see: the whole trail (auditors, the CLI) or what concerns one agency (its liaison officer). */
export type AuditScope = { kind: 'all' } | { kind: 'agency'; agencyId: string };

export interface ListedAuditEvent extends StoredAuditEvent {
  /** Codes of the agencies in `concerns`. */
  concerning: string[];
  /** References of the agreements in `agreements`, in the same order (the id where an agreement is gone). */
  agreementReferences: string[];
  /**
   * True when the reader's scope removed parts of the event (another agency's datasets,
   * agreements, involvement): its content then no longer hashes to `hash`.
   */
  redacted: boolean;
}

export interface AuditPage {
  nodes: ListedAuditEvent[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_AUDIT_PAGE = 500;

export function encodeAuditCursor(seq: string): string {
  return Buffer.from(`a:${seq}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): string {
  const m = /^a:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput('The `after` cursor is not valid: pass the `endCursor` of a previous page.');
  return m[1];
}

/** Builds `$n` placeholders while collecting parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** The conditions on `audit_event e` for a filter read under a scope. */
export function whereClauses(filter: AuditFilter, scope: AuditScope, p: Params): string[] {
  const where: string[] = [];
  const agency = scope.kind === 'agency' ? p.add(scope.agencyId) : undefined;
  if (agency) where.push(`e.concerns @> array[${agency}]::uuid[]`);
  if (filter.from) where.push(`e.at >= ${p.add(filter.from.toISOString())}::timestamptz`);
  if (filter.to) where.push(`e.at < ${p.add(filter.to.toISOString())}::timestamptz`);
  if (filter.agency) where.push(`e.agency_code = ${p.add(filter.agency)}`);
  if (filter.principal) {
    const v = p.add(filter.principal);
    where.push(`(e.principal_label = ${v} or e.principal_id::text = ${v})`);
  }
  if (filter.dataset) {
    const v = p.add(filter.dataset);
    where.push(`e.datasets @> array[${v}]::text[]`);
    // A liaison officer's view holds only their agency's datasets: filtering by another
    // agency's key must not reveal which of their events also touched it.
    if (agency) where.push(`exists (select 1 from dataset d where d.key = ${v} and d.agency_id = ${agency}::uuid)`);
  }
  if (filter.purpose) where.push(`e.purpose = ${p.add(filter.purpose)}`);
  if (filter.outcome) where.push(`e.outcome = ${p.add(filter.outcome)}`);
  if (filter.kind) where.push(`e.kind = ${p.add(filter.kind)}`);
  if (filter.agreement) {
    const v = p.add(filter.agreement);
    // In a liaison officer's view, only agreements under which their agency provides data
    // (the others are trimmed from their events, so filtering by them must match nothing).
    where.push(
      `e.agreements && array(select a.id from sharing_agreement a where (a.reference = ${v} or a.id::text = ${v})${agency ? ` and a.provider_id = ${agency}::uuid` : ''})`,
    );
  }
  // Likewise the agencies concerned: in a liaison officer's view, only their own.
  if (filter.concerning)
    where.push(
      `e.concerns && array(select a.id from agency a where a.code = ${p.add(filter.concerning)}${agency ? ` and a.id = ${agency}::uuid` : ''})`,
    );
  return where;
}
