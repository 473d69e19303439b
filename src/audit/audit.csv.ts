import type { ListedAuditEvent } from './audit.query.js';
import { canonicalJson } from './chain.js';
import { contentOf } from './audit-event.js';

const COLUMNS: [string, (e: ListedAuditEvent) => unknown][] = [
  ['seq', (e) => e.seq],
  ['at', (e) => e.at],
  ['kind', (e) => e.kind],
  ['action', (e) => e.action],
  ['outcome', (e) => e.outcome],
  ['request_id', (e) => e.requestId],
  ['principal_kind', (e) => e.principalKind],
  ['principal_label', (e) => e.principalLabel],
  ['principal_id', (e) => e.principalId],
  ['agency_code', (e) => e.agencyCode],
  ['roles', (e) => e.roles],
  ['purpose', (e) => e.purpose],
  ['operation_name', (e) => e.operationName],
  ['datasets', (e) => e.datasets],
  ['agreements', (e) => e.agreements],
  ['agreement_references', (e) => e.agreementReferences],
  ['concerning', (e) => e.concerning],
  ['fields_returned', (e) => e.fieldsReturned],
  ['fields_denied', (e) => e.fieldsDenied],
  ['rows', (e) => e.rows],
  ['cells', (e) => e.cells],
  ['cells_suppressed', (e) => e.cellsSuppressed],
  ['error_codes', (e) => e.errorCodes],
  ['duration_ms', (e) => e.durationMs],
  ['document_hash', (e) => e.documentHash],
  ['variables_hash', (e) => e.variablesHash],
  ['details', (e) => (e.details ? canonicalJson(e.details) : null)],
  ['prev_hash', (e) => e.prevHash],
  ['hash', (e) => e.hash],
];

export const CSV_HEADER = COLUMNS.map(([name]) => name).join(',') + '\r\n';

/** RFC 4180 quoting; lists joined with `;`; a leading = + - @ is defused so spreadsheets do not run it. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(e: ListedAuditEvent): string {
  return COLUMNS.map(([, get]) => cell(get(e))).join(',') + '\r\n';
}

/**
 * One JSON line per event: the hashed content exactly, with its place in the chain, so
 * that anyone can recompute the hashes with any SHA-256 tool (docs/audit.md).
 */
export function jsonLine(e: ListedAuditEvent): string {
  // A trimmed event would not hash to its `hash`: the re-verifiable export is of the whole trail only.
  if (e.redacted)
    throw new Error(`Event ${e.seq} is redacted for the reader: the JSON-lines export needs the whole trail.`);
  return canonicalJson({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, content: contentOf(stripListing(e)) }) + '\n';
}

function stripListing(e: ListedAuditEvent) {
  const { concerning: _c, agreementReferences: _a, redacted: _r, ...stored } = e;
  return stored;
}
