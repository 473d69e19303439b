/**
 * The hub's shared vocabulary: plain enums used by storage, the policy engine and the
 * GraphQL schema alike. Nothing here depends on a framework.
 */

export enum AgencyKind {
  POLICE = 'POLICE',
  HEALTH = 'HEALTH',
  AMBULANCE = 'AMBULANCE',
  FIRE = 'FIRE',
  COUNCIL = 'COUNCIL',
  PROBATION = 'PROBATION',
  OTHER = 'OTHER',
}

export enum Role {
  /** Partnership administrator: agencies, accounts, keys, agreements. Reads no partner data. */
  ADMIN = 'ADMIN',
  /** Designated liaison officer (SI 2007/1830): approves agreements for the agency, reviews access to its data. */
  LIAISON_OFFICER = 'LIAISON_OFFICER',
  ANALYST = 'ANALYST',
  OFFICER = 'OFFICER',
  /** Supplies the agency's datasets; reads only its own imports. */
  PROVIDER = 'PROVIDER',
  AUDITOR = 'AUDITOR',
  /**
   * Agency administrator: manages its own agency's accounts (the roles the partnership lets an
   * agency hand out, never ADMIN or AUDITOR), API keys and agency settings; nothing of any other
   * agency. Reads no partner data.
   */
  AGENCY_ADMIN = 'AGENCY_ADMIN',
}

/** Why a request reads shared data. Agreements grant access per purpose. */
export enum Purpose {
  STRATEGIC_ASSESSMENT = 'STRATEGIC_ASSESSMENT',
  PARTNERSHIP_PLAN = 'PARTNERSHIP_PLAN',
  PERFORMANCE_MONITORING = 'PERFORMANCE_MONITORING',
  TACTICAL_TASKING = 'TACTICAL_TASKING',
  PROBLEM_SOLVING = 'PROBLEM_SOLVING',
}

/** The prescribed kinds of data (SI 2007/1831 and local practice). */
export enum DatasetKind {
  POLICE_CRIME = 'POLICE_CRIME',
  POLICE_INCIDENT = 'POLICE_INCIDENT',
  FIRE_INCIDENT = 'FIRE_INCIDENT',
  HEALTH_ADMISSION = 'HEALTH_ADMISSION',
  AE_ASSAULT = 'AE_ASSAULT',
  AMBULANCE_CALLOUT = 'AMBULANCE_CALLOUT',
  COUNCIL_REPORT = 'COUNCIL_REPORT',
}

/**
 * The prescribed datasets each kind of responsible authority supplies (DOMAIN.md): a
 * dataset's kind decides its template and how analyses read it (crossAgency compares
 * police-recorded crime with A&E assaults), so an agency registers only its own kinds.
 */
export const DATASET_KINDS_BY_AGENCY: Readonly<Record<AgencyKind, readonly DatasetKind[]>> = {
  [AgencyKind.POLICE]: [DatasetKind.POLICE_CRIME, DatasetKind.POLICE_INCIDENT],
  [AgencyKind.HEALTH]: [DatasetKind.HEALTH_ADMISSION, DatasetKind.AE_ASSAULT],
  [AgencyKind.AMBULANCE]: [DatasetKind.AMBULANCE_CALLOUT],
  [AgencyKind.FIRE]: [DatasetKind.FIRE_INCIDENT],
  [AgencyKind.COUNCIL]: [DatasetKind.COUNCIL_REPORT],
  [AgencyKind.PROBATION]: [],
  [AgencyKind.OTHER]: [],
};

export enum Cadence {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
}

/** How much of a field a recipient may see. Ordered: NONE < AGGREGATE < RECORD. */
export enum Access {
  NONE = 'NONE',
  AGGREGATE = 'AGGREGATE',
  RECORD = 'RECORD',
}
export const ACCESS_ORDER: readonly Access[] = [Access.NONE, Access.AGGREGATE, Access.RECORD];

/** Location grains, finest first. */
export enum LocationPrecision {
  GRID_100M = 'GRID_100M',
  LSOA = 'LSOA',
  OUTWARD_POSTCODE = 'OUTWARD_POSTCODE',
  WARD = 'WARD',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
}
export const LOCATION_ORDER: readonly LocationPrecision[] = [
  LocationPrecision.GRID_100M,
  LocationPrecision.LSOA,
  LocationPrecision.OUTWARD_POSTCODE,
  LocationPrecision.WARD,
  LocationPrecision.LOCAL_AUTHORITY,
];

/** Time grains, finest first. */
export enum TimePrecision {
  MINUTE = 'MINUTE',
  HOUR = 'HOUR',
  DAY = 'DAY',
  MONTH = 'MONTH',
}
export const TIME_ORDER: readonly TimePrecision[] = [
  TimePrecision.MINUTE,
  TimePrecision.HOUR,
  TimePrecision.DAY,
  TimePrecision.MONTH,
];

/**
 * The governed fields of a shared record. Agreements grant each one separately;
 * LOCATION and TIME also carry a finest precision.
 */
export enum RecordField {
  CATEGORY = 'CATEGORY',
  TIME = 'TIME',
  LOCATION = 'LOCATION',
  AGE_BAND = 'AGE_BAND',
  SEX = 'SEX',
  DETAILS = 'DETAILS',
}

export enum AgreementStatus {
  DRAFT = 'DRAFT',
  /** Approved by the provider's liaison officer, awaiting the recipients'. */
  PROVIDER_APPROVED = 'PROVIDER_APPROVED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

/** What a data protection impact assessment concluded (UK GDPR article 35). */
export enum DpiaOutcome {
  /** No high risk remains to the people the data is about. */
  NO_HIGH_RISK = 'NO_HIGH_RISK',
  /** High risks were found and reduced by the measures recorded. */
  RISKS_MITIGATED = 'RISKS_MITIGATED',
  /** A high risk remains: the ICO must be consulted before sharing (article 36). */
  HIGH_RISK_CONSULT_ICO = 'HIGH_RISK_CONSULT_ICO',
}

export enum LegalBasis {
  S17A_DUTY = 'S17A_DUTY',
  S115_POWER = 'S115_POWER',
  OTHER = 'OTHER',
}
