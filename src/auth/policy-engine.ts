import { ALL_RECORD_FIELDS, FULL_GRANTS, type FieldGrant } from '../domain/grants.js';
import {
  Access,
  ACCESS_ORDER,
  AgreementStatus,
  LOCATION_ORDER,
  Purpose,
  RecordField,
  Role,
  TIME_ORDER,
} from '../domain/vocabulary.js';
import type {
  AccessPlan,
  AgreementSnapshot,
  DatasetAccess,
  DatasetSnapshot,
  FieldAccess,
  PlanDenial,
  PolicyInput,
  Precision,
  PrincipalSnapshot,
} from './access-plan.js';

/*
 * The policy engine: a pure function of (principal, purpose, agreements, dataset
 * registry, today) to an access plan. No clock, no I/O, no randomness, so that a plan
 * can be cached by its inputs and every rule below can be table-tested.
 */

const ALL_PURPOSES: readonly Purpose[] = Object.values(Purpose);

/**
 * Purposes each role may declare when reading shared data. Roles that read no record
 * data map to no purpose at all.
 */
export const PURPOSES_BY_ROLE: Readonly<Record<Role, readonly Purpose[]>> = {
  // Analysts and liaison officers produce the assessments, plans and reports, and the
  // liaison officer answers for the agency's sharing, so neither is limited by purpose.
  [Role.ANALYST]: ALL_PURPOSES,
  [Role.LIAISON_OFFICER]: ALL_PURPOSES,
  // Officers work on tasking and problems; the strategic and performance work is not
  // theirs, so data shared for it must not reach them.
  [Role.OFFICER]: [Purpose.TACTICAL_TASKING, Purpose.PROBLEM_SOLVING],
  // Administrators, providers and auditors run the hub, supply data or check its use:
  // none of that needs another agency's (or even their own) records through the API.
  [Role.ADMIN]: [],
  [Role.PROVIDER]: [],
  [Role.AUDITOR]: [],
  // An agency administrator manages its own agency's people and keys, never data.
  [Role.AGENCY_ADMIN]: [],
};

/** The roles that may read record data (for some purpose), derived from PURPOSES_BY_ROLE. */
export const DATA_READ_ROLES: readonly Role[] = Object.values(Role).filter((role) => PURPOSES_BY_ROLE[role].length > 0);

/**
 * The union of the purposes the given roles may read data for, in Purpose declaration
 * order. Unknown role strings contribute nothing.
 */
export function purposesForRoles(roles: readonly Role[]): Purpose[] {
  // A user holding several roles gets the union: roles only ever add purposes.
  return ALL_PURPOSES.filter((purpose) => roles.some((role) => (PURPOSES_BY_ROLE[role] ?? []).includes(purpose)));
}

/**
 * The data-reading roles a principal acts with. An API key acts as an ANALYST when it
 * holds the READ scope and reads nothing otherwise; its stored roles are ignored.
 */
export function dataRolesOf(principal: PrincipalSnapshot): Role[] {
  if (principal.kind === 'apiKey') {
    // Keys are issued for machines by scope; honouring roles on a key would let a
    // mis-set role turn an IMPORT key into a reader.
    return principal.scopes.includes('READ') ? [Role.ANALYST] : [];
  }
  return DATA_READ_ROLES.filter((role) => principal.roles.includes(role));
}

/**
 * Why this request may read no shared data at all, or undefined when it may read
 * (subject to the agreements). Checked before anything else: a denial here wins over
 * every agreement.
 */
export function requestDenial(principal: PrincipalSnapshot, purpose: Purpose | undefined): PlanDenial | undefined {
  const outcome = authorise(principal, purpose);
  return 'denial' in outcome ? outcome.denial : undefined;
}

function authorise(
  principal: PrincipalSnapshot,
  purpose: Purpose | undefined,
): { denial: PlanDenial } | { purpose: Purpose } {
  const roles = dataRolesOf(principal);
  if (roles.length === 0) {
    return { denial: { code: 'NO_DATA_ROLE', message: noDataRoleMessage(principal) } };
  }
  // The purpose is what the agreements are written against and what the audit records,
  // so a read without one cannot be matched to any agreement.
  if (purpose === undefined) {
    return {
      denial: {
        code: 'PURPOSE_REQUIRED',
        message: `Declare the purpose of this request; it must be one of: ${ALL_PURPOSES.join(', ')}.`,
      },
    };
  }
  const allowed = purposesForRoles(roles);
  if (!allowed.includes(purpose)) {
    return {
      denial: {
        code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE',
        message: `Your roles (${roles.join(', ')}) may not read data for the purpose ${String(purpose)}; allowed purposes: ${allowed.join(', ')}.`,
      },
    };
  }
  return { purpose };
}

function noDataRoleMessage(principal: PrincipalSnapshot): string {
  if (principal.kind === 'apiKey') {
    return 'This API key does not have the READ scope, so it reads no shared data.';
  }
  const held =
    principal.roles.length > 0 ? `Your roles (${principal.roles.join(', ')}) do not` : 'You have no role that does';
  return `${held} allow reading shared data; that needs one of: ${DATA_READ_ROLES.join(', ')}.`;
}

// ---------------------------------------------------------------------------
// Precision

const PRECISION_ORDER: Partial<Record<RecordField, readonly Precision[]>> = {
  [RecordField.LOCATION]: LOCATION_ORDER,
  [RecordField.TIME]: TIME_ORDER,
};

function orderOf(precision: Precision): readonly Precision[] {
  if ((LOCATION_ORDER as readonly Precision[]).includes(precision)) return LOCATION_ORDER;
  if ((TIME_ORDER as readonly Precision[]).includes(precision)) return TIME_ORDER;
  throw new Error(`Unknown precision: ${String(precision)}`);
}

function compareOrder(a: Precision, b: Precision): number {
  const order = orderOf(a);
  if (order !== orderOf(b)) {
    // A location grain is not comparable with a time grain; mixing them is a bug.
    throw new Error(`Cannot compare precisions of different kinds: ${a} and ${b}`);
  }
  return order.indexOf(a) - order.indexOf(b);
}

/**
 * The finer (more detailed) of two precisions of the same kind; an undefined side
 * yields the other. Throws when a location grain is compared with a time grain.
 */
export function finer<P extends Precision>(a: P, b: P): P;
export function finer<P extends Precision>(a: P | undefined, b: P | undefined): P | undefined;
export function finer(a: Precision | undefined, b: Precision | undefined): Precision | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareOrder(a, b) <= 0 ? a : b;
}

/**
 * The coarser (less detailed) of two precisions of the same kind; an undefined side
 * yields the other. Throws when a location grain is compared with a time grain.
 */
export function coarser<P extends Precision>(a: P, b: P): P;
export function coarser<P extends Precision>(a: P | undefined, b: P | undefined): P | undefined;
export function coarser(a: Precision | undefined, b: Precision | undefined): Precision | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareOrder(a, b) >= 0 ? a : b;
}

/** The finest grain a field has (undefined for fields without grains). */
export function finestPrecision(field: RecordField): Precision | undefined {
  return PRECISION_ORDER[field]?.[0];
}

/** The coarsest grain a field has (undefined for fields without grains). */
export function coarsestPrecision(field: RecordField): Precision | undefined {
  return PRECISION_ORDER[field]?.at(-1);
}

function accessRank(access: Access): number {
  // An unrecognised access value ranks as NONE: unknown never means more.
  return Math.max(0, ACCESS_ORDER.indexOf(access));
}

function atLeast(access: Access, floor: Access): boolean {
  return accessRank(access) >= accessRank(floor);
}

/**
 * One grant made safe to combine: NONE carries no precision; a granted field with
 * grains always carries one.
 */
function normaliseGrant(field: RecordField, grant: FieldGrant | undefined): FieldGrant {
  // A field the agreement does not mention is not shared.
  if (grant === undefined || accessRank(grant.access) === 0) return { access: Access.NONE };
  const access = ACCESS_ORDER[accessRank(grant.access)];
  const order = PRECISION_ORDER[field];
  if (order === undefined) return { access };
  // A grant that states no grain (or one that is not a grain of this field) gets the
  // coarsest: an omission in an agreement must never widen what is disclosed.
  const precision =
    grant.precision !== undefined && order.includes(grant.precision) ? grant.precision : order[order.length - 1];
  return { access, precision: precision as FieldGrant['precision'] };
}

const NO_GRANTS: Readonly<Record<RecordField, FieldGrant>> = Object.fromEntries(
  ALL_RECORD_FIELDS.map((field) => [field, { access: Access.NONE }]),
) as Record<RecordField, FieldGrant>;

// ---------------------------------------------------------------------------
// Agreements

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertIsoDate(today: string): void {
  // ISO dates compare correctly as strings only in exactly this shape; a timestamp
  // here would silently shift every boundary by a day.
  if (!ISO_DATE.test(today)) throw new Error(`today must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(today)}`);
}

/**
 * Whether an agreement grants anything on `today` (ISO YYYY-MM-DD), and if not, why.
 * It is in force only when ACTIVE, within validFrom..validTo (both inclusive) and not
 * past its review date.
 */
export function isAgreementInForce(agreement: AgreementSnapshot, today: string): { inForce: boolean; reason?: string } {
  assertIsoDate(today);
  switch (agreement.status) {
    case AgreementStatus.ACTIVE:
      break;
    // Only an ACTIVE agreement grants: until both sides approve there is no agreement,
    // and a suspended, revoked or expired one has stopped being one.
    case AgreementStatus.DRAFT:
      return { inForce: false, reason: 'is a draft, not yet approved' };
    case AgreementStatus.PROVIDER_APPROVED:
      return { inForce: false, reason: "is approved by the provider but still awaits the recipients' acceptance" };
    case AgreementStatus.SUSPENDED:
      return { inForce: false, reason: 'is suspended' };
    case AgreementStatus.REVOKED:
      return { inForce: false, reason: 'has been revoked' };
    case AgreementStatus.EXPIRED:
      return { inForce: false, reason: 'has expired' };
    default:
      return { inForce: false, reason: `has an unrecognised status (${String(agreement.status)})` };
  }
  const { validFrom, validTo, reviewDate } = agreement;
  if (![validFrom, validTo, reviewDate].every((date) => ISO_DATE.test(date))) {
    return { inForce: false, reason: 'has a malformed validity or review date' };
  }
  // Dates are ISO YYYY-MM-DD, so string order is date order; both ends are inclusive.
  if (today < validFrom) return { inForce: false, reason: `is not in force until ${validFrom}` };
  if (today > validTo) return { inForce: false, reason: `expired on ${validTo}` };
  // Partnerships must review agreements; one left unreviewed stops granting rather than
  // carrying on by default.
  if (today > reviewDate) {
    return { inForce: false, reason: `is past its review date (${reviewDate}) and grants nothing until reviewed` };
  }
  return { inForce: true };
}

/**
 * What an agreement grants on every governed field on `today`: all NONE when it is not
 * in force; otherwise its grants with missing fields as NONE and missing grains as the
 * coarsest grain.
 */
export function agreementGrants(
  agreement: AgreementSnapshot,
  today: string,
): Readonly<Record<RecordField, FieldGrant>> {
  // An agreement that is not in force never adds anything.
  if (!isAgreementInForce(agreement, today).inForce) return NO_GRANTS;
  return Object.fromEntries(
    ALL_RECORD_FIELDS.map((field) => [field, normaliseGrant(field, agreement.grants[field])]),
  ) as Record<RecordField, FieldGrant>;
}

/** The request an agreement is matched against. */
export interface AgreementContext {
  /** The caller's agency. */
  agencyId: string;
  dataset: DatasetSnapshot;
  purpose: Purpose;
  today: string;
}

/**
 * Whether an agreement applies to one dataset for one caller and purpose, with every
 * reason it does not (each phrased to follow "the agreement ...").
 */
export function agreementApplies(
  agreement: AgreementSnapshot,
  context: AgreementContext,
): { applies: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const inForce = isAgreementInForce(agreement, context.today);
  if (!inForce.inForce && inForce.reason !== undefined) reasons.push(inForce.reason);
  if (!agreement.datasetIds.includes(context.dataset.id)) {
    reasons.push(`does not cover the dataset ${context.dataset.key}`);
  }
  // The provider must hold the dataset: an agency cannot agree to share another
  // agency's data, whatever dataset ids the agreement lists.
  if (agreement.providerAgencyId !== context.dataset.agencyId) {
    reasons.push(
      `is an agreement of another provider agency (${agreement.providerAgencyId}), not of ${context.dataset.agencyId} which holds this dataset`,
    );
  }
  if (!agreement.recipientAgencyIds.includes(context.agencyId)) {
    reasons.push(`does not list your agency (${context.agencyId}) as a recipient`);
  }
  // Purposes never leak into each other: data shared for one purpose is not available
  // for another, however similar.
  if (!agreement.purposes.includes(context.purpose)) {
    reasons.push(
      `does not cover the purpose ${context.purpose} (it covers ${agreement.purposes.join(', ') || 'no purpose'})`,
    );
  }
  return { applies: reasons.length === 0, reasons };
}

// ---------------------------------------------------------------------------
// Compiling

interface AgreementVerdict {
  agreement: AgreementSnapshot;
  applies: boolean;
  reasons: string[];
  /** Normalised grants; all NONE when the agreement does not apply. */
  grants: Readonly<Record<RecordField, FieldGrant>>;
  /** Grants at least AGGREGATE on some field of this dataset. */
  contributes: boolean;
}

interface DatasetEvaluation {
  /** Level NONE when nothing may be read. */
  access: DatasetAccess;
  verdicts: AgreementVerdict[];
  /** Fields whose RECORD access was capped to AGGREGATE by the dataset level. */
  capped: RecordField[];
}

function ownDatasetAccess(dataset: DatasetSnapshot): DatasetAccess {
  // An agency already holds its own data: the hub shows it in full, at the finest grain
  // and without disclosure control, and no agreement is involved.
  const fields = Object.fromEntries(
    ALL_RECORD_FIELDS.map((field) => {
      const grant = FULL_GRANTS[field];
      const fieldAccess: FieldAccess = { access: grant.access, agreementIds: [] };
      if (grant.precision !== undefined) {
        fieldAccess.recordPrecision = grant.precision;
        fieldAccess.aggregatePrecision = grant.precision;
      }
      return [field, fieldAccess];
    }),
  ) as Record<RecordField, FieldAccess>;
  return {
    datasetId: dataset.id,
    datasetKey: dataset.key,
    providerAgencyId: dataset.agencyId,
    own: true,
    level: Access.RECORD,
    fields,
    minCellSize: 0,
    agreementIds: [],
  };
}

function evaluateDataset(
  principal: PrincipalSnapshot,
  purpose: Purpose,
  dataset: DatasetSnapshot,
  agreements: readonly AgreementSnapshot[],
  today: string,
): DatasetEvaluation {
  if (dataset.agencyId === principal.agencyId) {
    return { access: ownDatasetAccess(dataset), verdicts: [], capped: [] };
  }
  const context: AgreementContext = { agencyId: principal.agencyId, dataset, purpose, today };
  const verdicts: AgreementVerdict[] = agreements.map((agreement) => {
    const { applies, reasons } = agreementApplies(agreement, context);
    const grants = applies ? agreementGrants(agreement, today) : NO_GRANTS;
    const contributes = ALL_RECORD_FIELDS.some((field) => atLeast(grants[field].access, Access.AGGREGATE));
    return { agreement, applies, reasons, grants, contributes };
  });
  const contributing = verdicts.filter((verdict) => verdict.contributes);

  // Overlapping agreements combine per field to the most permissive of them: each was
  // approved on its own, so together they allow whatever any one allows.
  const fields = {} as Record<RecordField, FieldAccess>;
  for (const field of ALL_RECORD_FIELDS) {
    let access = Access.NONE;
    let recordPrecision: Precision | undefined;
    let aggregatePrecision: Precision | undefined;
    const agreementIds: string[] = [];
    for (const { agreement, grants } of contributing) {
      const grant = grants[field];
      if (accessRank(grant.access) > accessRank(access)) access = grant.access;
      // The record grain comes only from grants that allow records; a fine grain granted
      // for aggregates must not leak into listed records.
      if (grant.access === Access.RECORD) recordPrecision = finer(recordPrecision, grant.precision);
      if (atLeast(grant.access, Access.AGGREGATE)) {
        aggregatePrecision = finer(aggregatePrecision, grant.precision);
        agreementIds.push(agreement.id);
      }
    }
    const fieldAccess: FieldAccess = { access, agreementIds };
    if (recordPrecision !== undefined) fieldAccess.recordPrecision = recordPrecision;
    if (aggregatePrecision !== undefined) fieldAccess.aggregatePrecision = aggregatePrecision;
    fields[field] = fieldAccess;
  }

  // A record is meaningless without what it records, so records may be listed only
  // when the category itself is shared at record level.
  const level =
    fields[RecordField.CATEGORY].access === Access.RECORD
      ? Access.RECORD
      : ALL_RECORD_FIELDS.some((field) => atLeast(fields[field].access, Access.AGGREGATE))
        ? Access.AGGREGATE
        : Access.NONE;

  // Record access to a field is worthless (and misleading to shield) where records
  // cannot be listed: cap it to the dataset's level.
  const capped: RecordField[] = [];
  if (level !== Access.RECORD) {
    for (const field of ALL_RECORD_FIELDS) {
      const fieldAccess = fields[field];
      if (fieldAccess.access === Access.RECORD) {
        capped.push(field);
        fields[field] = {
          access: Access.AGGREGATE,
          agreementIds: fieldAccess.agreementIds,
          ...(fieldAccess.aggregatePrecision !== undefined && { aggregatePrecision: fieldAccess.aggregatePrecision }),
        };
      }
    }
  }

  // The strictest threshold among the agreements that grant something here. Fields
  // combine across agreements, so a count may draw on the grants of several; taking the
  // smallest would let an agreement that grants little (say SEX alone, threshold 1) lift
  // the suppression another agreement set on its fine-grained counts. Agreements that
  // grant nothing here do not count.
  const minCellSize =
    contributing.length > 0 ? Math.max(...contributing.map(({ agreement }) => agreement.minCellSize)) : 0;

  return {
    access: {
      datasetId: dataset.id,
      datasetKey: dataset.key,
      providerAgencyId: dataset.agencyId,
      own: false,
      level,
      fields,
      minCellSize,
      agreementIds: contributing.map(({ agreement }) => agreement.id),
    },
    verdicts,
    capped,
  };
}

/**
 * Compiles what the principal may read, per dataset and field, for the declared
 * purpose on `input.today`. Pure and deterministic: the same input always yields an
 * equal plan. Datasets that grant nothing are left out; a role, scope or purpose
 * denial leaves out every dataset and sets `denial`. Throws when `today` is not an
 * ISO date.
 */
export function compileAccessPlan(input: PolicyInput): AccessPlan {
  assertIsoDate(input.today);
  const base: AccessPlan = {
    principal: input.principal,
    today: input.today,
    datasets: new Map(),
    ...(input.purpose !== undefined && { purpose: input.purpose }),
  };
  // Deny wins: a role, scope or purpose denial removes everything, own data included,
  // whatever the agreements say.
  const outcome = authorise(input.principal, input.purpose);
  if ('denial' in outcome) return { ...base, denial: outcome.denial };

  const datasets = new Map<string, DatasetAccess>();
  for (const dataset of input.datasets) {
    const { access } = evaluateDataset(input.principal, outcome.purpose, dataset, input.agreements, input.today);
    // A dataset with nothing to show is never read, so it is not in the plan at all.
    if (access.level !== Access.NONE) datasets.set(dataset.id, access);
  }
  return { ...base, datasets };
}

// ---------------------------------------------------------------------------
// Explaining

/** How one governed field of a dataset is shared with the caller, and why. */
export interface FieldExplanation {
  field: RecordField;
  access: Access;
  recordPrecision?: Precision;
  aggregatePrecision?: Precision;
  agreementIds: readonly string[];
  /** A RECORD grant was capped to AGGREGATE because the dataset's records cannot be listed. */
  capped: boolean;
  text: string;
}

/** One field an applicable agreement grants. */
export interface GrantExplanation {
  field: RecordField;
  access: Access;
  precision?: Precision;
  /** The agreement stated no grain, so the coarsest was assumed. */
  precisionDefaulted: boolean;
}

/** Whether one agreement contributes to a dataset for the caller, and why (not). */
export interface AgreementExplanation {
  agreementId: string;
  reference: string;
  applies: boolean;
  /** Why it does not apply; empty when it does. */
  reasons: readonly string[];
  /** The fields it grants (at least AGGREGATE); empty when it does not apply. */
  grants: readonly GrantExplanation[];
  text: string;
}

/** The "explain my access" answer for one dataset. */
export interface DatasetExplanation {
  datasetId: string;
  datasetKey: string;
  providerAgencyId: string;
  own: boolean;
  level: Access;
  minCellSize: number;
  purpose?: Purpose;
  denial?: PlanDenial;
  fields: readonly FieldExplanation[];
  /** Agreements for this dataset or from its provider, in input order. */
  agreements: readonly AgreementExplanation[];
  /** The whole explanation as sentences, for display. */
  summary: readonly string[];
}

function describeGrain(access: Access, precision: Precision | undefined): string {
  const what = access === Access.RECORD ? 'record level' : 'aggregates only';
  return precision === undefined ? what : `${what} at ${precision}`;
}

function explainAgreement(verdict: AgreementVerdict): AgreementExplanation {
  const { agreement } = verdict;
  const name = `Agreement ${agreement.reference}`;
  if (!verdict.applies) {
    return {
      agreementId: agreement.id,
      reference: agreement.reference,
      applies: false,
      reasons: verdict.reasons,
      grants: [],
      text: `${name} does not apply: it ${verdict.reasons.join('; it ')}.`,
    };
  }
  const grants: GrantExplanation[] = ALL_RECORD_FIELDS.filter((field) =>
    atLeast(verdict.grants[field].access, Access.AGGREGATE),
  ).map((field) => {
    const grant = verdict.grants[field];
    const stated = agreement.grants[field]?.precision;
    const explained: GrantExplanation = {
      field,
      access: grant.access,
      precisionDefaulted: grant.precision !== undefined && grant.precision !== stated,
    };
    if (grant.precision !== undefined) explained.precision = grant.precision;
    return explained;
  });
  const text =
    grants.length === 0
      ? `${name} applies but grants no field of this dataset.`
      : `${name} applies and grants ${grants
          .map(
            (grant) =>
              `${grant.field} (${describeGrain(grant.access, grant.precision)}${grant.precisionDefaulted ? ', the coarsest grain, as none is stated' : ''})`,
          )
          .join(', ')}.`;
  return { agreementId: agreement.id, reference: agreement.reference, applies: true, reasons: [], grants, text };
}

function explainField(
  field: RecordField,
  fieldAccess: FieldAccess,
  capped: boolean,
  own: boolean,
  references: ReadonlyMap<string, string>,
): FieldExplanation {
  const explained: FieldExplanation = {
    field,
    access: fieldAccess.access,
    agreementIds: fieldAccess.agreementIds,
    capped,
    text: '',
  };
  if (fieldAccess.recordPrecision !== undefined) explained.recordPrecision = fieldAccess.recordPrecision;
  if (fieldAccess.aggregatePrecision !== undefined) explained.aggregatePrecision = fieldAccess.aggregatePrecision;

  let text: string;
  if (fieldAccess.access === Access.NONE) {
    text = `${field}: not shared with you.`;
  } else if (fieldAccess.access === Access.RECORD) {
    text = `${field}: record level${fieldAccess.recordPrecision ? ` at ${fieldAccess.recordPrecision}` : ''}`;
    if (
      fieldAccess.aggregatePrecision !== undefined &&
      fieldAccess.aggregatePrecision !== fieldAccess.recordPrecision
    ) {
      text += `; aggregates down to ${fieldAccess.aggregatePrecision}`;
    }
  } else {
    text = `${field}: aggregates only${fieldAccess.aggregatePrecision ? `, down to ${fieldAccess.aggregatePrecision}` : ''}`;
    if (capped)
      text += ` (an agreement allows records, but records of this dataset cannot be listed because ${RecordField.CATEGORY} is not shared at record level)`;
  }
  if (fieldAccess.access !== Access.NONE) {
    text += own
      ? " (your own agency's data)."
      : ` (granted by ${fieldAccess.agreementIds.map((id) => references.get(id) ?? id).join(', ')}).`;
  }
  explained.text = text;
  return explained;
}

/**
 * Explains, in human-readable terms, what the caller may read of one dataset and why:
 * which agreements granted which fields, and why every other agreement for the dataset
 * or its provider did not apply. Agrees with compileAccessPlan on the same input.
 * Undefined when the dataset is not in `input.datasets`.
 */
export function explainDataset(input: PolicyInput, datasetId: string): DatasetExplanation | undefined {
  assertIsoDate(input.today);
  const dataset = input.datasets.find((candidate) => candidate.id === datasetId);
  if (dataset === undefined) return undefined;
  const header = {
    datasetId: dataset.id,
    datasetKey: dataset.key,
    providerAgencyId: dataset.agencyId,
    own: dataset.agencyId === input.principal.agencyId,
    ...(input.purpose !== undefined && { purpose: input.purpose }),
  };

  const outcome = authorise(input.principal, input.purpose);
  if ('denial' in outcome) {
    const noFields = ALL_RECORD_FIELDS.map((field) => ({
      field,
      access: Access.NONE,
      agreementIds: [],
      capped: false,
      text: `${field}: not shared with you.`,
    }));
    return {
      ...header,
      level: Access.NONE,
      minCellSize: 0,
      denial: outcome.denial,
      fields: noFields,
      agreements: [],
      summary: [outcome.denial.message],
    };
  }

  const { purpose } = outcome;
  const evaluation = evaluateDataset(input.principal, purpose, dataset, input.agreements, input.today);
  const { access } = evaluation;
  const references = new Map(input.agreements.map((agreement) => [agreement.id, agreement.reference]));
  // Only agreements the caller's agency is party to: others' agreements (their references,
  // purposes, dates, parties) are not the caller's business, and agreements of unrelated
  // providers would only bury the ones the caller can act on.
  const party = (agreement: AgreementSnapshot) =>
    agreement.providerAgencyId === input.principal.agencyId ||
    agreement.recipientAgencyIds.includes(input.principal.agencyId);
  const agreements = evaluation.verdicts
    .filter(
      ({ agreement }) =>
        party(agreement) &&
        (agreement.datasetIds.includes(dataset.id) || agreement.providerAgencyId === dataset.agencyId),
    )
    .map(explainAgreement);
  const fields = ALL_RECORD_FIELDS.map((field) =>
    explainField(field, access.fields[field], evaluation.capped.includes(field), access.own, references),
  );

  const summary: string[] = [];
  if (access.own) {
    summary.push(
      `${dataset.key} is your own agency's dataset: you see every field in full, at the finest grain, without disclosure control.`,
    );
  } else if (access.level === Access.RECORD) {
    summary.push(
      `You may list records of ${dataset.key} for ${purpose}; aggregate cells below ${access.minCellSize} are suppressed.`,
    );
  } else if (access.level === Access.AGGREGATE) {
    summary.push(
      `You may see only aggregates of ${dataset.key} for ${purpose}, because ${RecordField.CATEGORY} is not shared at record level; cells below ${access.minCellSize} are suppressed.`,
    );
  } else {
    summary.push(
      agreements.length === 0
        ? `No agreement shares ${dataset.key} with your agency.`
        : `No agreement in force shares ${dataset.key} with your agency for ${purpose}.`,
    );
  }
  if (access.level !== Access.NONE) summary.push(...fields.map((field) => field.text));
  summary.push(...agreements.map((agreement) => agreement.text));

  return { ...header, level: access.level, minCellSize: access.minCellSize, fields, agreements, summary };
}

/** explainDataset for every dataset in the registry, in registry order. */
export function explainAccess(input: PolicyInput): DatasetExplanation[] {
  return input.datasets
    .map((dataset) => explainDataset(input, dataset.id))
    .filter((explained) => explained !== undefined);
}
