import { ALL_RECORD_FIELDS } from '../domain/grants.js';
import { Access, Purpose, RecordField } from '../domain/vocabulary.js';
import type { DatasetAccess, FieldAccess, PlanDenial, Precision } from './access-plan.js';
import { atLeast } from './policy-grains.js';
import type { AgreementVerdict } from './policy-dataset.js';

/*
 * The "explain my access" answer's parts: what one agreement grants (or why it does not
 * apply) and how one field is shared, each with the sentence shown to the caller.
 */

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

export function explainAgreement(verdict: AgreementVerdict): AgreementExplanation {
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

export function explainField(
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

/** The explanation's opening sentence: what the caller may read of the dataset (own, records, aggregates only, or nothing). */
export function datasetSummary(
  datasetKey: string,
  access: DatasetAccess,
  purpose: Purpose,
  anyAgreement: boolean,
): string {
  if (access.own) {
    return `${datasetKey} is your own agency's dataset: you see every field in full, at the finest grain, without disclosure control.`;
  }
  if (access.level === Access.RECORD) {
    return `You may list records of ${datasetKey} for ${purpose}; aggregate cells below ${access.minCellSize} are suppressed.`;
  }
  if (access.level === Access.AGGREGATE) {
    return `You may see only aggregates of ${datasetKey} for ${purpose}, because ${RecordField.CATEGORY} is not shared at record level; cells below ${access.minCellSize} are suppressed.`;
  }
  return !anyAgreement
    ? `No agreement shares ${datasetKey} with your agency.`
    : `No agreement in force shares ${datasetKey} with your agency for ${purpose}.`;
}
