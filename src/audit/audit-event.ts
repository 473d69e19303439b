/**
 * The audit event: exactly the content that is hashed into the chain, its mapping to
 * the `audit_event` table, and the normalisation that makes the content read back from
 * PostgreSQL byte-for-byte the same as it was written.
 */

export const AUDIT_KINDS = ['GRAPHQL', 'IMPORT', 'ADMIN'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * ANSWERED: no errors. PARTLY_DENIED: some data with some errors (fields denied, bad input).
 * REFUSED: no data, only expected errors (not signed in, forbidden, no purpose, invalid).
 * FAILED: an internal error. SUCCEEDED: an import or administrative change that went through.
 */
export const AUDIT_OUTCOMES = ['ANSWERED', 'PARTLY_DENIED', 'REFUSED', 'FAILED', 'SUCCEEDED'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Everything one event records. Each member is part of the hash. */
export interface AuditContent {
  /** ISO time the operation started (milliseconds). */
  at: string;
  kind: AuditKind;
  /** `graphql.query`, `graphql.mutation`, `import`, or an admin action such as `agreement.approve`. */
  action: string;
  requestId: string | null;
  /** 'user', 'apiKey', or 'system' (the command line, the hub itself); null when nobody signed in. */
  principalKind: string | null;
  principalId: string | null;
  /** Username or key prefix. */
  principalLabel: string | null;
  agencyId: string | null;
  agencyCode: string | null;
  /** Roles of people; `SCOPE_<scope>` for API keys. */
  roles: string[];
  purpose: string | null;
  operationName: string | null;
  /** SHA-256 of the normalised GraphQL document. */
  documentHash: string | null;
  /** SHA-256 of the canonical variables, with secrets blanked first; never the values. */
  variablesHash: string | null;
  agreements: string[];
  /** Dataset keys touched. */
  datasets: string[];
  /** Agencies whose data or whose accounts/agreements the event concerns (their liaison officers see it). */
  concerns: string[];
  /** Schema coordinates (`Type.field`) returned at least once. */
  fieldsReturned: string[];
  /** Schema coordinates refused at least once. */
  fieldsDenied: string[];
  rows: number;
  cells: number;
  cellsSuppressed: number;
  outcome: AuditOutcome;
  errorCodes: string[];
  durationMs: number | null;
  /** Kind-specific: an import's batch and counts, an admin change's before and after. */
  details: Record<string, unknown> | null;
}

/** An event as stored: its content, its place in the chain, and its hashes. */
export interface StoredAuditEvent extends AuditContent {
  /** Sequence number, as a string (PostgreSQL bigint). */
  seq: string;
  prevHash: string;
  hash: string;
}

export type AuditEventInput = Partial<Omit<AuditContent, 'at' | 'kind' | 'action' | 'outcome'>> & {
  at?: Date | string;
  kind: AuditKind;
  action: string;
  outcome: AuditOutcome;
};

const INT_MAX = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL text cannot hold NUL; keep everything else as given. */
const clean = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : clean(String(v)));
const uuid = (v: unknown): string | null => {
  const s = str(v);
  return s && UUID.test(s) ? s.toLowerCase() : null;
};
const set = (v: readonly unknown[] | undefined): string[] =>
  [...new Set((v ?? []).filter((x) => x !== null && x !== undefined).map((x) => clean(String(x))))].sort();
const uuidSet = (v: readonly unknown[] | undefined): string[] =>
  set((v ?? []).map(uuid).filter((x): x is string => x !== null));
const count = (v: unknown): number => {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? Math.min(INT_MAX, Math.max(0, Math.round(n))) : 0;
};

/** Turns any value into plain JSON that survives a round trip through jsonb unchanged. */
export function plainJson(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return '[binary]';
  if (typeof value !== 'object') return null;
  if (depth > 8) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (value instanceof Set) value = [...value];
    if (value instanceof Map) value = Object.fromEntries(value);
    if (Array.isArray(value)) return value.map((v) => plainJson(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'function' || v === undefined) continue;
      out[clean(k)] = plainJson(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value as object);
  }
}

/** Normalises an input into the exact content that is stored and hashed. */
export function toContent(input: AuditEventInput): AuditContent {
  const at = input.at === undefined ? new Date() : new Date(input.at);
  const details =
    input.details === null || input.details === undefined
      ? null
      : (plainJson(input.details) as Record<string, unknown>);
  return {
    at: at.toISOString(),
    kind: input.kind,
    action: clean(input.action),
    requestId: str(input.requestId),
    principalKind: str(input.principalKind),
    principalId: uuid(input.principalId),
    principalLabel: str(input.principalLabel),
    agencyId: uuid(input.agencyId),
    agencyCode: str(input.agencyCode),
    roles: set(input.roles),
    purpose: str(input.purpose),
    operationName: str(input.operationName),
    documentHash: str(input.documentHash),
    variablesHash: str(input.variablesHash),
    agreements: uuidSet(input.agreements),
    datasets: set(input.datasets),
    concerns: uuidSet(input.concerns),
    fieldsReturned: set(input.fieldsReturned),
    fieldsDenied: set(input.fieldsDenied),
    rows: count(input.rows),
    cells: count(input.cells),
    cellsSuppressed: count(input.cellsSuppressed),
    outcome: input.outcome,
    errorCodes: set(input.errorCodes),
    durationMs: input.durationMs === null || input.durationMs === undefined ? null : count(input.durationMs),
    details:
      details && typeof details === 'object' && !Array.isArray(details)
        ? details
        : details === null
          ? null
          : { value: details },
  };
}

/** The row for `jsonb_populate_recordset(null::audit_event, ...)`. */
export function toRow(content: AuditContent, seq: bigint, prevHash: string, hash: string): Record<string, unknown> {
  return {
    seq: seq.toString(),
    at: content.at,
    kind: content.kind,
    action: content.action,
    request_id: content.requestId,
    principal_kind: content.principalKind,
    principal_id: content.principalId,
    principal_label: content.principalLabel,
    agency_id: content.agencyId,
    agency_code: content.agencyCode,
    roles: content.roles,
    purpose: content.purpose,
    operation_name: content.operationName,
    document_hash: content.documentHash,
    variables_hash: content.variablesHash,
    agreements: content.agreements,
    datasets: content.datasets,
    concerns: content.concerns,
    fields_returned: content.fieldsReturned,
    fields_denied: content.fieldsDenied,
    row_count: content.rows,
    cell_count: content.cells,
    cells_suppressed: content.cellsSuppressed,
    outcome: content.outcome,
    error_codes: content.errorCodes,
    duration_ms: content.durationMs,
    details: content.details,
    prev_hash: prevHash,
    hash,
  };
}

/** Select list (for table alias `e`) whose rows `fromRow` reads. */
export const EVENT_COLUMNS = `e.seq::text as seq, (extract(epoch from e.at) * 1000)::float8 as at_ms, e.kind, e.action, e.request_id,
  e.principal_kind, e.principal_id::text as principal_id, e.principal_label, e.agency_id::text as agency_id, e.agency_code, e.roles,
  e.purpose, e.operation_name, e.document_hash, e.variables_hash, e.agreements::text[] as agreements, e.datasets, e.concerns::text[] as concerns,
  e.fields_returned, e.fields_denied, e.row_count, e.cell_count, e.cells_suppressed, e.outcome, e.error_codes, e.duration_ms, e.details,
  e.prev_hash, e.hash`;

export interface EventRow {
  seq: string;
  at_ms: number;
  kind: AuditKind;
  action: string;
  request_id: string | null;
  principal_kind: string | null;
  principal_id: string | null;
  principal_label: string | null;
  agency_id: string | null;
  agency_code: string | null;
  roles: string[];
  purpose: string | null;
  operation_name: string | null;
  document_hash: string | null;
  variables_hash: string | null;
  agreements: string[];
  datasets: string[];
  concerns: string[];
  fields_returned: string[];
  fields_denied: string[];
  row_count: number;
  cell_count: number;
  cells_suppressed: number;
  outcome: AuditOutcome;
  error_codes: string[];
  duration_ms: number | null;
  details: Record<string, unknown> | string | null;
  prev_hash: string;
  hash: string;
}

export function fromRow(r: EventRow): StoredAuditEvent {
  return {
    seq: r.seq,
    at: new Date(Number(r.at_ms)).toISOString(),
    kind: r.kind,
    action: r.action,
    requestId: r.request_id,
    principalKind: r.principal_kind,
    principalId: r.principal_id,
    principalLabel: r.principal_label,
    agencyId: r.agency_id,
    agencyCode: r.agency_code,
    roles: r.roles,
    purpose: r.purpose,
    operationName: r.operation_name,
    documentHash: r.document_hash,
    variablesHash: r.variables_hash,
    agreements: r.agreements,
    datasets: r.datasets,
    concerns: r.concerns,
    fieldsReturned: r.fields_returned,
    fieldsDenied: r.fields_denied,
    rows: Number(r.row_count),
    cells: Number(r.cell_count),
    cellsSuppressed: Number(r.cells_suppressed),
    outcome: r.outcome,
    errorCodes: r.error_codes,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The hashed part of a stored event. */
export function contentOf(e: StoredAuditEvent): AuditContent {
  const { seq: _seq, prevHash: _prev, hash: _hash, ...content } = e;
  return content;
}

/**
 * Every administrative action the trail records (AdminChange.action): declared here, so a
 * misspelt or undeclared action does not compile, and an auditor can read the whole list
 * in one place. `entity.verb`, lower case with underscores.
 */
export type AdminAction =
  | 'account.change_password'
  | 'account.create'
  | 'account.deactivate'
  | 'account.provision'
  | 'account.reactivate'
  | 'account.recovery_code_used'
  | 'account.require_password_change'
  | 'account.reset_password'
  | 'account.revoke_tokens'
  | 'account.second_factor_disable'
  | 'account.second_factor_enrol'
  | 'account.second_factor_remove'
  | 'account.set_roles'
  | 'account.sign_in'
  | 'account.sign_in_failed'
  | 'account.update'
  | 'agency.create'
  | 'agency.deactivate'
  | 'agency.reactivate'
  | 'agency.set_second_factor_required'
  | 'agency.update'
  | 'agreement.accept'
  | 'agreement.approve'
  | 'agreement.dpia'
  | 'agreement.draft'
  | 'agreement.expire'
  | 'agreement.resume'
  | 'agreement.review'
  | 'agreement.revoke'
  | 'agreement.suspend'
  | 'agreement.update'
  | 'api_key.create'
  | 'api_key.revoke'
  | 'dataset.create'
  | 'dataset.update'
  | 'demo.load'
  | 'demo.reload'
  | 'geography.import'
  | 'geography.set_keep'
  | 'identity.sign_in'
  | 'identity_link.create'
  | 'identity_provider.add'
  | 'identity_provider.remove'
  | 'identity_provider.update'
  | 'indicator.define'
  | 'indicator.set_target'
  | 'serious_violence.set_definition'
  | 'session.end'
  | 'session.end_all'
  | 'session.issue_cli'
  | 'session.refresh_reuse';
