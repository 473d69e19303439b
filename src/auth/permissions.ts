import {
  defaultFieldResolver,
  GraphQLError,
  isIntrospectionType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { applyMiddleware, type IMiddlewareFieldMap } from 'graphql-middleware';
import { shield, type IRules } from 'graphql-shield';
import { Role } from '../domain/vocabulary.js';
import { RECORD_FIELD_NEEDS, type RecordGraphField } from './record-fields.js';
import { forbidden } from './errors.js';
import { importsData, readsImportBatches } from './import-rules.js';
import {
  allow,
  declaresPurpose,
  denyAll,
  fieldCheck,
  hasAnyRole,
  isAuthenticated,
  isAuthenticatedOrOwnSession,
  isFieldCheck,
  isPerson,
  readsSharedData,
  recordField,
  type FieldCheck,
} from './rules.js';

/** A rule for a whole type, or a rule per field; shield rules and synchronous FieldChecks alike. */
type ShieldRule = Exclude<IRules, Record<string, unknown>>;
export type PermissionMap = Record<string, ShieldRule | FieldCheck | Record<string, ShieldRule | FieldCheck>>;

/** The audit trail: auditors read all of it, liaison officers what concerns their agency (scoped in the service). */
const readsAuditTrail = hasAnyRole(Role.AUDITOR, Role.LIAISON_OFFICER);

export const adminOnly = hasAnyRole(Role.ADMIN);

/** Agencies: administrators. Accounts and keys: administrators, and liaison officers for their own agency (scoped in AdminService). */
const administersAgencies = hasAnyRole(Role.ADMIN);
const administersAccounts = hasAnyRole(Role.ADMIN, Role.LIAISON_OFFICER, Role.AGENCY_ADMIN);
/** Agency settings: administrators, and agency administrators for their own agency (scoped in AdminService). */
const administersAgencySettings = hasAnyRole(Role.ADMIN, Role.AGENCY_ADMIN);
/** Datasets: administrators, and liaison officers for their own agency (scoped, with the cadence rule, in DatasetAdminService). */
const registersDatasets = hasAnyRole(Role.ADMIN, Role.LIAISON_OFFICER);
/** Agreements: read by their parties' liaison officers and analysts, administrators and auditors (scoped in AgreementsService). */
const readsAgreements = hasAnyRole(Role.ADMIN, Role.AUDITOR, Role.LIAISON_OFFICER, Role.ANALYST);
/** Lifecycle steps: liaison officers and administrators; which of them may take which step is in agreement-lifecycle.ts. */
const actsOnAgreements = hasAnyRole(Role.ADMIN, Role.LIAISON_OFFICER);
/** Data-quality scorecards: a dataset's own agency's providers and liaison officers, administrators and auditors (scoped in quality.ts). */
const readsDataQuality = hasAnyRole(Role.PROVIDER, Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR);
/** Identity providers: partnership administrators for every agency, agency administrators for their own (decided in src/identity/providers.service.ts). */
const managesIdentityProviders = hasAnyRole(Role.ADMIN, Role.AGENCY_ADMIN);

/**
 * Shapes inside an analysis answer: reached only through a query guarded by
 * readsSharedData, so a synchronous check that the plan was granted keeps large tables
 * (a 7 x 24 peak-time matrix) free of shield's per-field promises.
 */
const analysisResult = fieldCheck('analysisResult', (_p, _a, ctx) =>
  ctx.plan && !ctx.plan.denial && ctx.purpose
    ? true
    : forbidden('Not authorised: analysis results need a granted access plan.'),
);
const ANALYSIS_RESULT_TYPES = [
  'AggregateResult',
  'AggregateCell',
  'AggregateMargin',
  'PublishedCount',
  'AnalysisSource',
  'AnalysisExclusion',
  'Change',
  'CategoryTrend',
  'Trend',
  'PeakCell',
  'PeakSlot',
  'PeakTimes',
  'Hotspot',
  'Hotspots',
  'RepeatLocation',
  'RepeatLocations',
  'RepeatVictimCounts',
  'RepeatVictims',
  'CrossAgencyRow',
  'CrossAgency',
  'IndicatorQuarter',
  'IndicatorPerformance',
  'ReportSection',
  'KeyFinding',
  'AssessmentReport',
] as const;

/**
 * The one permission map. It mirrors the schema: every object type and field has an
 * entry (the hub refuses to start otherwise), and anything not listed is denied.
 */
export const permissionMap = {
  Query: {
    me: isAuthenticated,
    mySecurity: isPerson,
    mySessions: isPerson,
    agencies: isAuthenticated,
    datasets: isAuthenticated,
    areas: isAuthenticated,
    myAccess: declaresPurpose,
    records: readsSharedData,
    auditEvents: readsAuditTrail,
    auditEventsCsv: readsAuditTrail,
    dataUsage: hasAnyRole(Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR),
    verifyAuditTrail: hasAnyRole(Role.AUDITOR),
    accounts: administersAccounts,
    apiKeys: administersAccounts,
    agreements: readsAgreements,
    agreement: readsAgreements,
    // Analysis and reports (src/analytics): counts of partner data, scoped and disclosure-controlled in AggregateService.
    aggregate: readsSharedData,
    trend: readsSharedData,
    peakTimes: readsSharedData,
    hotspots: readsSharedData,
    repeatLocations: readsSharedData,
    repeatVictims: readsSharedData,
    crossAgency: readsSharedData,
    indicators: readsSharedData,
    assessmentReport: readsSharedData,
    needsAssessmentReport: readsSharedData,
    // Maps (src/geography): a layer only at a level the plan lets the caller group shared data by (checked in the resolver).
    mapLayer: readsSharedData,
    // The configured base map (public imagery the partnership licenses): anyone signed in.
    mapBaseLayer: isAuthenticated,
    // Geography releases loaded (src/geography): administrators.
    geographyReleases: adminOnly,
    indicatorDefinitions: isAuthenticated,
    // The serious violence definition (src/analytics/serious-violence.ts) holds no partner data: anyone signed in reads it.
    seriousViolenceDefinition: isAuthenticated,
    // Ingest (src/ingest): templates are public to the partnership; batches are scoped in BatchesService.
    datasetTemplates: isAuthenticated,
    importBatches: readsImportBatches,
    importBatch: readsImportBatches,
    dataQuality: readsDataQuality,
    submissions: isAuthenticated,
    // Saved queries (src/saved-queries): visibility scoped in SavedQueriesService; opening one re-runs it under the reader's own plan.
    savedQueries: isAuthenticated,
    savedQuery: isAuthenticated,
    // Identity providers (src/identity): the sign-in page's options are public (display names only); the rest is for those who may manage the agency's providers (mayManageAgencyProviders).
    signInOptions: allow,
    identityProviders: managesIdentityProviders,
  },
  Mutation: {
    defineIndicator: adminOnly,
    setIndicatorTarget: adminOnly,
    setSeriousViolenceDefinition: adminOnly,
    login: allow,
    signIn: allow,
    signOut: allow,
    // Local accounts (src/accounts): the second sign-in step and refresh carry their own proof.
    completeSignIn: allow,
    completeLogin: allow,
    refreshSession: allow,
    // A person's own account; while sign-in steps are owed, only these are open (sign-in-steps.ts).
    changePassword: isPerson,
    beginSecondFactorEnrolment: isPerson,
    confirmSecondFactorEnrolment: isPerson,
    disableSecondFactor: isPerson,
    endSession: isPerson,
    signOutEverywhere: isPerson,
    requirePasswordChange: administersAccounts,
    removeSecondFactor: administersAccounts,
    setAgencySecondFactorRequired: administersAgencySettings,
    saveQuery: isPerson,
    updateSavedQuery: isPerson,
    deleteSavedQuery: isPerson,
    createAgency: administersAgencies,
    updateAgency: administersAgencies,
    deactivateAgency: administersAgencies,
    reactivateAgency: administersAgencies,
    createDataset: registersDatasets,
    updateDataset: registersDatasets,
    createAccount: administersAccounts,
    updateAccount: administersAccounts,
    setAccountRoles: administersAccounts,
    deactivateAccount: administersAccounts,
    reactivateAccount: administersAccounts,
    resetPassword: administersAccounts,
    revokeTokens: administersAccounts,
    createApiKey: administersAccounts,
    revokeApiKey: administersAccounts,
    draftAgreement: actsOnAgreements,
    updateAgreement: actsOnAgreements,
    approveAgreement: actsOnAgreements,
    acceptAgreement: actsOnAgreements,
    suspendAgreement: actsOnAgreements,
    resumeAgreement: actsOnAgreements,
    revokeAgreement: actsOnAgreements,
    expireAgreement: actsOnAgreements,
    reviewAgreement: actsOnAgreements,
    recordAgreementDpia: actsOnAgreements,
    importRows: importsData,
    addIdentityProvider: managesIdentityProviders,
    updateIdentityProvider: managesIdentityProviders,
    removeIdentityProvider: managesIdentityProviders,
    // Loading the ONS geography (src/geography, docs/geography.md).
    importGeography: adminOnly,
    setGeographyKeep: adminOnly,
  },
  // Public shapes returned only by rules above.
  Session: allow,
  ConsoleSession: allow,
  AccountSecurity: isPerson,
  ActiveSession: isPerson,
  SecondFactorEnrolment: isPerson,
  SavedQuery: isAuthenticated,
  SignInOption: allow,
  IdentityProvider: managesIdentityProviders,
  RoleMapping: managesIdentityProviders,
  RequiredClaim: managesIdentityProviders,
  Account: isAuthenticatedOrOwnSession,
  Agency: isAuthenticatedOrOwnSession,
  Dataset: isAuthenticated,
  Area: isAuthenticated,
  AccessExplanation: isAuthenticated,
  DatasetAccess: isAuthenticated,
  FieldAccess: isAuthenticated,
  RecordConnection: readsSharedData,
  PageInfo: isAuthenticated,
  AuditEvent: readsAuditTrail,
  AuditEventConnection: readsAuditTrail,
  ApiKey: administersAccounts,
  IssuedApiKey: administersAccounts,
  AccountCredentials: administersAccounts,
  DataUsage: hasAnyRole(Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR),
  DataUsageByRecipient: hasAnyRole(Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR),
  DataUsageByDataset: hasAnyRole(Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR),
  DataUsagePeriod: hasAnyRole(Role.LIAISON_OFFICER, Role.ADMIN, Role.AUDITOR),
  AuditVerification: hasAnyRole(Role.AUDITOR),
  AuditChainProblem: hasAnyRole(Role.AUDITOR),
  Agreement: readsAgreements,
  AgreementDpia: readsAgreements,
  FieldGrant: readsAgreements,
  RecipientAcceptance: readsAgreements,
  ...Object.fromEntries(ANALYSIS_RESULT_TYPES.map((t) => [t, analysisResult])),
  // Returned only by mapLayer; the answers' `geojson` fields are covered by analysisResult above.
  MapLayer: readsSharedData,
  MapBaseLayer: isAuthenticated,
  // Returned only by importGeography and geographyReleases.
  GeographyRelease: adminOnly,
  GeographyChange: adminOnly,
  Indicator: isAuthenticated,
  IndicatorTarget: isAuthenticated,
  SeriousViolenceDefinition: isAuthenticated,
  SeriousViolenceEntry: isAuthenticated,
  SeriousViolenceCategoryChoice: isAuthenticated,
  SeriousViolenceSubcategoryChoice: isAuthenticated,
  DatasetTemplate: isAuthenticated,
  TemplateColumn: isAuthenticated,
  TemplatePrecision: isAuthenticated,
  ImportBatch: readsImportBatches,
  ImportRejection: readsImportBatches,
  ImportNote: readsImportBatches,
  ImportCount: readsImportBatches,
  DatasetQuality: readsDataQuality,
  QualityMonth: readsDataQuality,
  QualityCount: readsDataQuality,
  ColumnCompleteness: readsDataQuality,
  DatasetSubmissions: isAuthenticated,
  SubmissionPeriod: isAuthenticated,
  SharedRecord: Object.fromEntries(
    (Object.keys(RECORD_FIELD_NEEDS) as RecordGraphField[]).map((f) => [f, recordField(f)]),
  ),
} satisfies PermissionMap;

/** Lists "Type.field" entries of the schema that the map does not cover. */
export function uncoveredFields(schema: GraphQLSchema, map: PermissionMap = permissionMap): string[] {
  const missing: string[] = [];
  const rules = map as Record<string, unknown>;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const entry = rules[type.name];
    if (entry === undefined) {
      missing.push(...Object.keys(type.getFields()).map((f) => `${type.name}.${f}`));
      continue;
    }
    // A rule for the whole type covers every field; a field map must name each one.
    if (typeof entry === 'object' && entry !== null && !('resolve' in entry) && !isFieldCheck(entry)) {
      const fields = type.getFields();
      for (const f of Object.keys(fields)) if (!(f in entry)) missing.push(`${type.name}.${f}`);
      // A rule for a field the type does not have is a typo or a leftover: it guards nothing.
      for (const f of Object.keys(entry)) {
        if (!(f in fields)) missing.push(`${type.name}.${f} (in the permission map but not in the schema)`);
      }
    }
  }
  for (const typeName of Object.keys(rules)) {
    if (!schema.getType(typeName)) missing.push(`${typeName} (in the permission map but not in the schema)`);
  }
  return missing;
}

export function buildShield(map: IRules) {
  return shield(map, {
    // Deny by default, and say so with a stable code rather than shield's shared Error.
    fallbackRule: denyAll,
    fallbackError: (err: unknown) =>
      err instanceof GraphQLError ? err : new GraphQLError('Not authorised.', { extensions: { code: 'FORBIDDEN' } }),
    // Resolver errors (bad input, database down) reach the caller as themselves; the
    // error formatter masks anything unexpected.
    allowExternalErrors: true,
    debug: false,
  });
}

/**
 * Applies the permission map to a schema: FieldChecks run synchronously inside their
 * field's resolver, every other rule through graphql-shield (deny by default). Both come
 * from the one map, and `uncoveredFields` checks that map for completeness.
 */
export function applyPermissions(schema: GraphQLSchema, map: PermissionMap = permissionMap): GraphQLSchema {
  const shieldRules: Record<string, unknown> = {};
  const checks: { type: string; field: string; check: FieldCheck }[] = [];
  for (const [typeName, entry] of Object.entries(map)) {
    const type = schema.getType(typeName);
    const fields = type && isObjectType(type) ? Object.keys(type.getFields()) : [];
    if (isFieldCheck(entry)) {
      for (const field of fields) checks.push({ type: typeName, field, check: entry });
    } else if (typeof entry === 'object' && entry !== null && !('resolve' in entry)) {
      const rest: Record<string, unknown> = {};
      for (const [field, rule] of Object.entries(entry)) {
        if (isFieldCheck(rule)) checks.push({ type: typeName, field, check: rule });
        else rest[field] = rule;
      }
      shieldRules[typeName] = rest;
    } else {
      shieldRules[typeName] = entry;
    }
  }
  // Shield generates middleware for every field of the schema (the fallback denies what
  // the map leaves out); the fields that have a FieldCheck are taken out of its hands.
  const generated = (buildShield(shieldRules as IRules).generate(schema) ?? {}) as IMiddlewareFieldMap;
  for (const { type, field } of checks) {
    const forType = generated[type];
    if (typeof forType === 'object' && forType !== null) delete (forType as Record<string, unknown>)[field];
  }
  const secured = applyMiddleware(schema, generated);
  for (const { type: typeName, field, check } of checks) {
    const type = secured.getType(typeName);
    if (!type || !isObjectType(type)) continue;
    const def = type.getFields()[field];
    if (!def) continue;
    const resolve: GraphQLFieldResolver<unknown, unknown> = def.resolve ?? defaultFieldResolver;
    def.resolve = (parent, args, ctx, info) => {
      const verdict = check.check(parent, args, ctx as never, info);
      if (verdict !== true) throw verdict;
      return resolve(parent, args, ctx, info);
    };
  }
  return secured;
}
