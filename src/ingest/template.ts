import type { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';

/**
 * The shape of a dataset template: what a partner's file may contain, column by column,
 * and what the hub does with each value. Published as is (GraphQL `datasetTemplates`,
 * `npx hub datasets --json`), and compiled into the row mapper that enforces it.
 */

/** How a column's text is read. */
export enum ColumnType {
  /** An opaque reference (record number, person identifier): only its keyed hash is kept. */
  REFERENCE = 'REFERENCE',
  /** One of a fixed list of codes (`allowedValues`). */
  CODE = 'CODE',
  /** Date, or date and time, in UK local time: `YYYY-MM-DD[ HH:MM[:SS]]` or `DD/MM/YYYY[ HH:MM[:SS]]`; ISO 8601 with an offset also accepted. */
  DATE_TIME = 'DATE_TIME',
  /** true/false, yes/no, y/n, 1/0. */
  BOOLEAN = 'BOOLEAN',
  /** A whole number. */
  INTEGER = 'INTEGER',
  /** GSS code of a Lower layer Super Output Area (E01/W01 and six digits) known to the hub. */
  LSOA_CODE = 'LSOA_CODE',
  /** A full UK postcode, or its outward part. */
  POSTCODE = 'POSTCODE',
  /** The outward part of a postcode only (e.g. "RV1"): the regulations' "general postcode address". */
  OUTWARD_POSTCODE = 'OUTWARD_POSTCODE',
  /** Ordnance Survey National Grid easting in metres (0 to 700000). */
  EASTING = 'EASTING',
  /** Ordnance Survey National Grid northing in metres (0 to 1300000). */
  NORTHING = 'NORTHING',
  /** Age in whole years (0 to 120). */
  AGE = 'AGE',
  /** One of the hub's age bands. */
  AGE_BAND = 'AGE_BAND',
  /** F, M (or female, male); unknown or not stated is left empty. */
  SEX = 'SEX',
  /** Free text: scanned for a coded value, never stored. */
  FREE_TEXT = 'FREE_TEXT',
  /** An ICD-10 diagnosis code such as X99.1 or F10. */
  ICD10_CODE = 'ICD10_CODE',
  /** An NHS organisation site code (ODS), e.g. RXK01. */
  SITE_CODE = 'SITE_CODE',
}

/** What the hub does with a column's value. */
export enum ColumnTreatment {
  /** Replaced by a keyed hash (HMAC-SHA256 with the hub's secret); the value itself is never stored. */
  HASHED = 'HASHED',
  /** Stored as given (a coded value, checked against the template). */
  STORED = 'STORED',
  /** Stored only at the template's precision (e.g. a 100 m grid square, an outward postcode, an age band). */
  GENERALISED = 'GENERALISED',
  /** Reduced to a coded value where one can be recognised, then dropped; never stored as given. */
  CODED_OR_DROPPED = 'CODED_OR_DROPPED',
  /** Used to derive another stored value (e.g. an ICD-10 code gives the category), then dropped. */
  DERIVED = 'DERIVED',
}

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
