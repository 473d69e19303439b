import { Access, LocationPrecision, RecordField, TimePrecision } from './vocabulary.js';

/** What an agreement grants on one field of the provider's records. */
export interface FieldGrant {
  access: Access;
  /** Finest grain allowed, for LOCATION (LocationPrecision) and TIME (TimePrecision). */
  precision?: LocationPrecision | TimePrecision;
}

/** Grants per governed field; a field missing from the map is not granted (NONE). */
export type FieldGrants = Partial<Record<RecordField, FieldGrant>>;

export const ALL_RECORD_FIELDS: readonly RecordField[] = Object.values(RecordField);

/** A grant of everything at the finest grain: what an agency has on its own data. */
export const FULL_GRANTS: Readonly<Record<RecordField, FieldGrant>> = {
  [RecordField.CATEGORY]: { access: Access.RECORD },
  [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.MINUTE },
  [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.GRID_100M },
  [RecordField.AGE_BAND]: { access: Access.RECORD },
  [RecordField.SEX]: { access: Access.RECORD },
  [RecordField.DETAILS]: { access: Access.RECORD },
};
