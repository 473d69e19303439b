import type { FieldGrants } from '../domain/grants.js';
import type {
  Access,
  AgreementStatus,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../domain/vocabulary.js';

/**
 * The inputs and output of the policy engine (policy-engine.ts). Plain data only, so
 * that the engine stays a pure, table-testable function.
 */

export interface PrincipalSnapshot {
  kind: 'user' | 'apiKey';
  id: string;
  agencyId: string;
  roles: readonly Role[];
  /** API key scopes ('IMPORT', 'READ'); empty for people. */
  scopes: readonly string[];
}

export interface DatasetSnapshot {
  id: string;
  key: string;
  agencyId: string;
  kind: DatasetKind;
}

export interface AgreementSnapshot {
  id: string;
  reference: string;
  providerAgencyId: string;
  datasetIds: readonly string[];
  recipientAgencyIds: readonly string[];
  purposes: readonly Purpose[];
  grants: FieldGrants;
  minCellSize: number;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  validFrom: string;
  validTo: string;
  reviewDate: string;
  status: AgreementStatus;
}

export interface PolicyInput {
  principal: PrincipalSnapshot;
  /** Declared purpose of the request; undefined when none was declared. */
  purpose?: Purpose;
  agreements: readonly AgreementSnapshot[];
  datasets: readonly DatasetSnapshot[];
  /** ISO date (YYYY-MM-DD) the plan is compiled for. */
  today: string;
}

export type Precision = LocationPrecision | TimePrecision;

/** What the caller may do with one governed field of one dataset. */
export interface FieldAccess {
  /** The most permissive access any applicable grant allows. */
  access: Access;
  /** Finest grain for record-level values (set when access is RECORD and the field has grains). */
  recordPrecision?: Precision;
  /** Finest grain for grouping aggregates (set when access is AGGREGATE or RECORD and the field has grains). */
  aggregatePrecision?: Precision;
  /** Agreements that grant this field (empty for own data). */
  agreementIds: readonly string[];
}

export interface DatasetAccess {
  datasetId: string;
  datasetKey: string;
  providerAgencyId: string;
  /** The caller's own agency's dataset: seen in full, no disclosure control. */
  own: boolean;
  /** RECORD when records may be listed at all, AGGREGATE when only counts, NONE otherwise. */
  level: Access;
  fields: Readonly<Record<RecordField, FieldAccess>>;
  /** Aggregate cells of this dataset below this count are suppressed (0 for own data). */
  minCellSize: number;
  agreementIds: readonly string[];
}

/** Why the plan grants nothing, when it grants nothing. */
export type PlanDenial =
  | { code: 'NO_DATA_ROLE'; message: string }
  | { code: 'PURPOSE_REQUIRED'; message: string }
  | { code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE'; message: string };

export interface AccessPlan {
  principal: PrincipalSnapshot;
  purpose?: Purpose;
  today: string;
  /** Only datasets the caller may see at least in aggregate appear here. */
  datasets: ReadonlyMap<string, DatasetAccess>;
  /** Set when the principal may read no shared data at all for this request. */
  denial?: PlanDenial;
}
