import type { TimePrecision } from '../domain/vocabulary.js';

/** The shared_record columns an import writes, in COPY line order. */
export const RECORD_COPY_COLUMNS = [
  'dataset_id',
  'agency_id',
  'kind',
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
  'source_ref_hash',
  'subject_hash',
  'batch_id',
] as const;

const NULL = '\\N';

// COPY text format: backslash, tab and line breaks are escaped. Coded values never contain
// them; the escape is a safety net for anything that reaches a line.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const copyText = (v: string | null): string =>
  v === null
    ? NULL
    : NEEDS_ESCAPE.test(v)
      ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
      : v;
const copyBytea = (b: Buffer | null): string => (b === null ? NULL : `\\\\x${b.toString('hex')}`);

/** One accepted row's stored values, as the row mapper leaves them (references aside: they come hashed). */
export interface RecordValues {
  category: string | null;
  subcategory: string | null;
  occurred: number;
  precision: TimePrecision;
  lsoa: string | null;
  parents: { ward: string | null; localAuthority: string | null } | undefined;
  outward: string | null;
  east: number | null;
  north: number | null;
  band: string | null;
  sex: string | null;
  detail: Record<string, string | boolean> | null;
}

/** Writes a row's COPY text-format line (no newline), in the order of RECORD_COPY_COLUMNS. */
export type RecordLineWriter = (r: RecordValues, sourceHash: Buffer, subjectHash: Buffer | null) => string;

/** The line writer of one batch: the dataset, agency, kind and batch are the same on every line. */
export function recordLineWriter(datasetId: string, agencyId: string, kind: string, batchId: string): RecordLineWriter {
  const prefix = `${datasetId}\t${agencyId}\t${kind}\t`;
  const suffix = `\t${batchId}`;
  return (r, sourceHash, subjectHash) =>
    prefix +
    copyText(r.category) +
    '\t' +
    copyText(r.subcategory) +
    '\t' +
    new Date(r.occurred).toISOString() +
    '\t' +
    r.precision +
    '\t' +
    (r.lsoa ?? NULL) +
    '\t' +
    (r.parents?.ward ?? NULL) +
    '\t' +
    (r.parents?.localAuthority ?? NULL) +
    '\t' +
    (r.outward ?? NULL) +
    '\t' +
    (r.east ?? NULL) +
    '\t' +
    (r.north ?? NULL) +
    '\t' +
    (r.band ?? NULL) +
    '\t' +
    (r.sex ?? NULL) +
    '\t' +
    (r.detail ? copyText(JSON.stringify(r.detail)) : NULL) +
    '\t' +
    copyBytea(sourceHash) +
    '\t' +
    copyBytea(subjectHash) +
    suffix;
}
