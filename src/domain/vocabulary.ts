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
  /** Youth offending team (youth justice service): a specified authority of the Serious Violence Duty. */
  YOUTH_OFFENDING_TEAM = 'YOUTH_OFFENDING_TEAM',
  /** Integrated care board: the NHS body that replaced clinical commissioning groups (Health and Care Act 2022). */
  INTEGRATED_CARE_BOARD = 'INTEGRATED_CARE_BOARD',
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
  // No prescribed dataset yet: a youth offending team takes part in agreements as a recipient.
  [AgencyKind.YOUTH_OFFENDING_TEAM]: [],
  // An ICB holds the area's hospital activity (admissions, A&E attendances) as a commissioner.
  [AgencyKind.INTEGRATED_CARE_BOARD]: [DatasetKind.HEALTH_ADMISSION, DatasetKind.AE_ASSAULT],
  [AgencyKind.OTHER]: [],
};

/**
 * Agencies that are health bodies (NHS trusts, ambulance trusts, integrated care boards).
 * What they hold about people is "personal information held by a health or social care
 * body", which section 16 of the Police, Crime, Sentencing and Courts Act 2022 does not cover.
 */
export const HEALTH_AGENCY_KINDS: readonly AgencyKind[] = [
  AgencyKind.HEALTH,
  AgencyKind.AMBULANCE,
  AgencyKind.INTEGRATED_CARE_BOARD,
];

/**
 * Dataset kinds that are health data: drawn from patients' care (hospital admissions, A&E
 * attendances, ambulance call-outs), whoever supplies them. Section 16 of the 2022 Act does
 * not authorise disclosing patient information, so an agreement sharing any of these needs
 * section 115 or 17A as well (agreement-terms.ts, legalBasesProblem).
 */
export const HEALTH_DATASET_KINDS: readonly DatasetKind[] = [
  DatasetKind.HEALTH_ADMISSION,
  DatasetKind.AE_ASSAULT,
  DatasetKind.AMBULANCE_CALLOUT,
];

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
  /** Crime and Disorder Act 1998 s17A: the duty to share prescribed information. */
  S17A_DUTY = 'S17A_DUTY',
  /** Crime and Disorder Act 1998 s115: the power to disclose. */
  S115_POWER = 'S115_POWER',
  /**
   * Police, Crime, Sentencing and Courts Act 2022 s16: disclosure for the Serious Violence
   * Duty. Not for patient information or personal information held by a health or social
   * care body.
   */
  PCSC_S16_SVD = 'PCSC_S16_SVD',
  OTHER = 'OTHER',
}

/** Each legal basis in words, as agreements and the command line print it. */
export const LEGAL_BASIS_TEXT: Readonly<Record<LegalBasis, string>> = {
  [LegalBasis.S17A_DUTY]: 'section 17A of the Crime and Disorder Act 1998 (the duty to share)',
  [LegalBasis.S115_POWER]: 'section 115 of the Crime and Disorder Act 1998 (the power to disclose)',
  [LegalBasis.PCSC_S16_SVD]:
    'section 16 of the Police, Crime, Sentencing and Courts Act 2022 (disclosure for the Serious Violence Duty)',
  [LegalBasis.OTHER]: 'another basis, named in the agreement',
};
