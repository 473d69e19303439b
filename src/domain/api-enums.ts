/**
 * The API's enumerations (GraphQL enums, registered in src/schema/), in the domain layer so
 * that the schema imports only downward. Each is used by its feature's service too.
 */

/** What counts can be grouped by. */
export enum GroupBy {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  FINANCIAL_YEAR = 'FINANCIAL_YEAR',
  DAY_OF_WEEK = 'DAY_OF_WEEK',
  HOUR_OF_DAY = 'HOUR_OF_DAY',
  LSOA = 'LSOA',
  WARD = 'WARD',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  OUTWARD_POSTCODE = 'OUTWARD_POSTCODE',
  GRID_100M = 'GRID_100M',
  CATEGORY = 'CATEGORY',
  SUBCATEGORY = 'SUBCATEGORY',
  DATASET = 'DATASET',
  AGENCY = 'AGENCY',
  /** The person fields the templates keep (never a date of birth: bands only). */
  AGE_BAND = 'AGE_BAND',
  SEX = 'SEX',
  /** The coded detail fields of the templates (src/analytics/breakdowns.ts maps each to its detail key). */
  WEAPON = 'WEAPON',
  LOCATION_TYPE = 'LOCATION_TYPE',
  PROPERTY_TYPE = 'PROPERTY_TYPE',
  OUTCOME = 'OUTCOME',
  CHANNEL = 'CHANNEL',
  DOMESTIC_ABUSE = 'DOMESTIC_ABUSE',
  ALCOHOL_RELATED = 'ALCOHOL_RELATED',
  LENGTH_OF_STAY = 'LENGTH_OF_STAY',
}

/** How finely a layer is drawn: the scale of the map it is for. */
export enum MapDetail {
  /** A thumbnail or a printed page: rings simplified to about 200 m. */
  LOW = 'LOW',
  /** The console's maps: about 50 m. */
  MEDIUM = 'MEDIUM',
  /** Full detail, quantised to about a metre. */
  HIGH = 'HIGH',
}

export enum ImportDoor {
  CLI = 'CLI',
  HTTP = 'HTTP',
  GRAPHQL = 'GRAPHQL',
}

export enum SubmissionStatus {
  /** The period has not ended yet. */
  IN_PROGRESS = 'IN_PROGRESS',
  /** Ended, nothing received, and the deadline has not passed. */
  DUE = 'DUE',
  /** Ended, nothing received, and the deadline has passed. */
  OVERDUE = 'OVERDUE',
  RECEIVED = 'RECEIVED',
  RECEIVED_LATE = 'RECEIVED_LATE',
}

export enum SignInStep {
  /** An administrator required a new password: nothing else until it is changed. */
  CHANGE_PASSWORD = 'CHANGE_PASSWORD',
  /** The role or the agency requires an authenticator and the account has none yet. */
  ENROL_SECOND_FACTOR = 'ENROL_SECOND_FACTOR',
}

export enum SavedQuerySharing {
  PRIVATE = 'PRIVATE',
  AGENCY = 'AGENCY',
  PARTNERSHIP = 'PARTNERSHIP',
}

/** The views a saved query can hold: each is one analysis query of the API. */
export enum SavedQueryView {
  EXPLORE = 'EXPLORE',
  TREND = 'TREND',
  PEAK_TIMES = 'PEAK_TIMES',
  HOTSPOTS = 'HOTSPOTS',
  REPEAT_LOCATIONS = 'REPEAT_LOCATIONS',
  REPEAT_VICTIMS = 'REPEAT_VICTIMS',
  CROSS_AGENCY = 'CROSS_AGENCY',
  INDICATORS = 'INDICATORS',
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

/** The forms a report can be had in. */
export enum ReportFormat {
  /** One print-ready HTML document (charts and maps as inline SVG). */
  HTML = 'HTML',
  MARKDOWN = 'MARKDOWN',
  /** A Word document, base64-encoded in the API's `document`. */
  DOCX = 'DOCX',
}

/** What a hotspot's count is compared with. */
export enum HotspotComparison {
  /** The period of the same length just before (the default). */
  PREVIOUS_PERIOD = 'PREVIOUS_PERIOD',
  /** The same dates a year earlier: seasonal patterns cancel out, and whole months stay whole months. */
  YEAR_EARLIER = 'YEAR_EARLIER',
}

/** The order of an aggregate's cells. */
export enum CellOrder {
  /** By their keys, as the groupings order them (the default). */
  KEYS = 'KEYS',
  /** Largest published count first; suppressed cells last. */
  COUNT_DESC = 'COUNT_DESC',
  COUNT_ASC = 'COUNT_ASC',
}
