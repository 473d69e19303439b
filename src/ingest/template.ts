import type { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { ColumnTreatment, ColumnType } from '../domain/api-enums.js';

/**
 * The shape of a dataset template: what a partner's file may contain, column by column,
 * and what the hub does with each value. Published as is (GraphQL `datasetTemplates`,
 * `npx hub datasets --json`), and compiled into the row mapper that enforces it.
 */

/** Where a column's value goes in the stored record (internal; not published). */
export type ColumnTarget =
  | 'sourceRef'
  | 'subjectRef'
  | 'category'
  | 'subcategory'
  | 'occurredAt'
  | 'easting'
  | 'northing'
  | 'lsoa'
  | 'postcode'
  | 'outwardPostcode'
  | 'age'
  | 'ageBand'
  | 'sex'
  | 'icd10'
  | 'lengthOfStayDays'
  | 'detailCode'
  | 'detailFlag'
  | 'siteCode'
  | 'freeTextLocation'
  | 'freeTextCategory';

export interface TemplateColumn {
  /** Column name as it must appear in the header (matching ignores case, spaces and hyphens). */
  name: string;
  type: ColumnType;
  required: boolean;
  description: string;
  /** For CODE, AGE_BAND: the accepted values. */
  allowedValues?: readonly string[];
  treatment: ColumnTreatment;
  /** What the hub does with the value, in words. */
  note: string;
  /** Longest accepted value, in characters. */
  maxLength: number;
  target: ColumnTarget;
  /** For detail targets: the key in the record's coded details. */
  detailKey?: string;
}

export interface TemplatePrecision {
  /** Finest location kept; null when the template carries no location. */
  location: LocationPrecision | null;
  /** Finest time kept: finer input is truncated to it. */
  time: TimePrecision;
  /** Whether the template keeps an age band (ages are never stored, only their band). */
  ageBand: boolean;
}

export interface DatasetTemplate {
  kind: DatasetKind;
  title: string;
  description: string;
  /** How often the data is due under the regulations or local agreement. */
  cadence: Cadence;
  precision: TemplatePrecision;
  /** Whether every row must carry some location (an LSOA, grid reference or postcode). */
  locationRequired: boolean;
  columns: readonly TemplateColumn[];
  /** Rules across columns, in words. */
  rules: readonly string[];
}
