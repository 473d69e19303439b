import {
  Access,
  LOCATION_ORDER,
  LocationPrecision,
  RecordField,
  TIME_ORDER,
  TimePrecision,
} from '../domain/vocabulary.js';
import type { DatasetAccess, Precision } from './access-plan.js';

/**
 * Which governed field (and at least which grain) each GraphQL field of SharedRecord
 * needs. The permission map and the SQL that fetches records both read this table, so
 * what is fetched and what is let through cannot drift apart.
 */
export interface FieldNeed {
  /** null: part of the record's envelope, visible whenever the record is. */
  field: RecordField | null;
  precision?: Precision;
}

export const RECORD_FIELD_NEEDS = {
  id: { field: null },
  dataset: { field: null },
  provider: { field: null },
  kind: { field: null },
  category: { field: RecordField.CATEGORY },
  subcategory: { field: RecordField.CATEGORY },
  occurredAt: { field: RecordField.TIME },
  timePrecision: { field: RecordField.TIME },
  locationPrecision: { field: RecordField.LOCATION },
  gridEasting: { field: RecordField.LOCATION, precision: LocationPrecision.GRID_100M },
  gridNorthing: { field: RecordField.LOCATION, precision: LocationPrecision.GRID_100M },
  lsoa: { field: RecordField.LOCATION, precision: LocationPrecision.LSOA },
  outwardPostcode: { field: RecordField.LOCATION, precision: LocationPrecision.OUTWARD_POSTCODE },
  ward: { field: RecordField.LOCATION, precision: LocationPrecision.WARD },
  localAuthority: { field: RecordField.LOCATION, precision: LocationPrecision.LOCAL_AUTHORITY },
  ageBand: { field: RecordField.AGE_BAND },
  sex: { field: RecordField.SEX },
  details: { field: RecordField.DETAILS },
} as const satisfies Record<string, FieldNeed>;

export type RecordGraphField = keyof typeof RECORD_FIELD_NEEDS;

export function precisionRank(p: Precision): number {
  const l = LOCATION_ORDER.indexOf(p as LocationPrecision);
  return l >= 0 ? l : TIME_ORDER.indexOf(p as TimePrecision);
}

/** Is `granted` at least as fine as `needed`? */
export function atLeastAsFine(granted: Precision | undefined, needed: Precision | undefined): boolean {
  if (!needed) return true;
  if (!granted) return false;
  return precisionRank(granted) <= precisionRank(needed);
}

/** Why a record field is withheld from the caller, or null when it may be shown. */
export function recordFieldDenial(access: DatasetAccess | undefined, need: FieldNeed): string | null {
  if (!access || access.level !== Access.RECORD) return 'no record-level grant for this dataset';
  if (!need.field) return null;
  const grant = access.fields[need.field];
  if (grant.access !== Access.RECORD) {
    return `needs ${need.field} at RECORD level; granted ${grant.access}`;
  }
  if (need.precision && !atLeastAsFine(grant.recordPrecision, need.precision)) {
    return `needs ${need.field} at ${need.precision}; granted no finer than ${grant.recordPrecision ?? 'none'}`;
  }
  return null;
}
