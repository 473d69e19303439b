/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How much of a field a recipient may see: NONE < AGGREGATE < RECORD. */
export type Access =
  | 'AGGREGATE'
  | 'NONE'
  | 'RECORD';

/** The kind of responsible authority (or, for YOUTH_OFFENDING_TEAM and INTEGRATED_CARE_BOARD, specified authority of the Serious Violence Duty). */
export type AgencyKind =
  | 'AMBULANCE'
  | 'COUNCIL'
  | 'FIRE'
  | 'HEALTH'
  | 'INTEGRATED_CARE_BOARD'
  | 'OTHER'
  | 'POLICE'
  | 'PROBATION'
  | 'YOUTH_OFFENDING_TEAM';

/** The prescribed kinds of data partners supply. */
export type DatasetKind =
  | 'AE_ASSAULT'
  | 'AMBULANCE_CALLOUT'
  | 'COUNCIL_REPORT'
  | 'FIRE_INCIDENT'
  | 'HEALTH_ADMISSION'
  | 'POLICE_CRIME'
  | 'POLICE_INCIDENT';

/** Location grains, finest first. */
export type LocationPrecision =
  | 'GRID_100M'
  | 'LOCAL_AUTHORITY'
  | 'LSOA'
  | 'OUTWARD_POSTCODE'
  | 'WARD';

/** Why a request reads shared data. Declare it on the operation: `query Q @purpose(name: STRATEGIC_ASSESSMENT) { ... }`. */
export type Purpose =
  | 'PARTNERSHIP_PLAN'
  | 'PERFORMANCE_MONITORING'
  | 'PROBLEM_SOLVING'
  | 'STRATEGIC_ASSESSMENT'
  | 'TACTICAL_TASKING';

/** The governed fields of a shared record. */
export type RecordField =
  | 'AGE_BAND'
  | 'CATEGORY'
  | 'DETAILS'
  | 'LOCATION'
  | 'SEX'
  | 'TIME';

export type RecordFilter = {
  /** Area codes: LSOA, ward or local authority. Matching is done at the finest grain granted. */
  areas?: Array<string> | null | undefined;
  /** Category codes. */
  categories?: Array<string> | null | undefined;
  /** Dataset keys. */
  datasets?: Array<string> | null | undefined;
  /** Inclusive start. */
  from?: string | null | undefined;
  kinds?: Array<DatasetKind> | null | undefined;
  /** Exclusive end. */
  to?: string | null | undefined;
};

/** What an account may do in the hub. */
export type Role =
  | 'ADMIN'
  | 'AGENCY_ADMIN'
  | 'ANALYST'
  | 'AUDITOR'
  | 'LIAISON_OFFICER'
  | 'OFFICER'
  | 'PROVIDER';

/** Time grains, finest first. */
export type TimePrecision =
  | 'DAY'
  | 'HOUR'
  | 'MINUTE'
  | 'MONTH';

export type RecordsQueryVariables = Exact<{
  purpose: Purpose;
  filter?: RecordFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RecordsQuery = { records: { nodes: Array<{ id: string, dataset: string, provider: string, kind: DatasetKind, category: string | null, subcategory: string | null, occurredAt: string | null, timePrecision: TimePrecision | null, locationPrecision: LocationPrecision | null, gridEasting: number | null, gridNorthing: number | null, lsoa: string | null, outwardPostcode: string | null, ward: string | null, localAuthority: string | null, ageBand: string | null, sex: string | null, details: Record<string, unknown> | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type MyAccessQueryVariables = Exact<{
  purpose: Purpose;
}>;


export type MyAccessQuery = { myAccess: { purpose: Purpose | null, denial: string | null, datasets: Array<{ own: boolean, level: Access, minCellSize: number, reasons: Array<string>, dataset: { key: string, agency: { code: string } }, fields: Array<{ field: RecordField, access: Access, recordPrecision: string | null, aggregatePrecision: string | null, agreements: Array<string> }> }> } };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, account: { username: string, roles: Array<Role>, agency: { code: string } } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, displayName: string, roles: Array<Role>, agency: { code: string, name: string, kind: AgencyKind } } };


export const RecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Records"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Purpose"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"purpose"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"records"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"subcategory"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"timePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"locationPrecision"}},{"kind":"Field","name":{"kind":"Name","value":"gridEasting"}},{"kind":"Field","name":{"kind":"Name","value":"gridNorthing"}},{"kind":"Field","name":{"kind":"Name","value":"lsoa"}},{"kind":"Field","name":{"kind":"Name","value":"outwardPostcode"}},{"kind":"Field","name":{"kind":"Name","value":"ward"}},{"kind":"Field","name":{"kind":"Name","value":"localAuthority"}},{"kind":"Field","name":{"kind":"Name","value":"ageBand"}},{"kind":"Field","name":{"kind":"Name","value":"sex"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<RecordsQuery, RecordsQueryVariables>;
export const MyAccessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Purpose"}}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"purpose"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myAccess"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"denial"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"own"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"minCellSize"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"recordPrecision"}},{"kind":"Field","name":{"kind":"Name","value":"aggregatePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"agreements"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]}}]} as unknown as DocumentNode<MyAccessQuery, MyAccessQueryVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;