import { ALL_RECORD_FIELDS, FULL_GRANTS, type FieldGrant } from '../domain/grants.js';
import { Access, Purpose, RecordField } from '../domain/vocabulary.js';
import type {
  AgreementSnapshot,
  DatasetAccess,
  DatasetSnapshot,
  FieldAccess,
  Precision,
  PrincipalSnapshot,
} from './access-plan.js';
import { agreementApplies, agreementGrants, type AgreementContext } from './policy-agreements.js';
import { accessRank, atLeast, finer, NO_GRANTS } from './policy-grains.js';

/*
 * The policy engine's dataset evaluation: what one dataset grants the caller for a
 * purpose, combining every agreement that applies to it.
 */

/** One agreement matched against one dataset for the caller. */
export interface AgreementVerdict {
  agreement: AgreementSnapshot;
  applies: boolean;
  reasons: string[];
  /** Normalised grants; all NONE when the agreement does not apply. */
  grants: Readonly<Record<RecordField, FieldGrant>>;
  /** Grants at least AGGREGATE on some field of this dataset. */
  contributes: boolean;
}

export interface DatasetEvaluation {
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

function verdictOf(agreement: AgreementSnapshot, context: AgreementContext): AgreementVerdict {
  const { applies, reasons } = agreementApplies(agreement, context);
  const grants = applies ? agreementGrants(agreement, context.today) : NO_GRANTS;
  const contributes = ALL_RECORD_FIELDS.some((field) => atLeast(grants[field].access, Access.AGGREGATE));
  return { agreement, applies, reasons, grants, contributes };
}

/**
 * One field's access combined over the contributing agreements. Overlapping agreements
 * combine per field to the most permissive of them: each was approved on its own, so
 * together they allow whatever any one allows.
 */
function combineField(field: RecordField, contributing: readonly AgreementVerdict[]): FieldAccess {
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
  return fieldAccess;
}

function datasetLevel(fields: Readonly<Record<RecordField, FieldAccess>>): Access {
  // A record is meaningless without what it records, so records may be listed only
  // when the category itself is shared at record level.
  return fields[RecordField.CATEGORY].access === Access.RECORD
    ? Access.RECORD
    : ALL_RECORD_FIELDS.some((field) => atLeast(fields[field].access, Access.AGGREGATE))
      ? Access.AGGREGATE
      : Access.NONE;
}

/**
 * Record access to a field is worthless (and misleading to shield) where records
 * cannot be listed: caps it to the dataset's level, in place. Answers the fields capped.
 */
function capToLevel(fields: Record<RecordField, FieldAccess>, level: Access): RecordField[] {
  const capped: RecordField[] = [];
  if (level === Access.RECORD) return capped;
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
  return capped;
}

/**
 * The strictest threshold among the agreements that grant something here. Fields
 * combine across agreements, so a count may draw on the grants of several; taking the
 * smallest would let an agreement that grants little (say SEX alone, threshold 1) lift
 * the suppression another agreement set on its fine-grained counts. Agreements that
 * grant nothing here do not count.
 */
function strictestMinCellSize(contributing: readonly AgreementVerdict[]): number {
  return contributing.length > 0 ? Math.max(...contributing.map(({ agreement }) => agreement.minCellSize)) : 0;
}

/** What one dataset grants the principal for the purpose on `today`, and each agreement's verdict. */
export function evaluateDataset(
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
  const verdicts = agreements.map((agreement) => verdictOf(agreement, context));
  const contributing = verdicts.filter((verdict) => verdict.contributes);

  const fields = {} as Record<RecordField, FieldAccess>;
  for (const field of ALL_RECORD_FIELDS) fields[field] = combineField(field, contributing);
  const level = datasetLevel(fields);
  const capped = capToLevel(fields, level);

  return {
    access: {
      datasetId: dataset.id,
      datasetKey: dataset.key,
      providerAgencyId: dataset.agencyId,
      own: false,
      level,
      fields,
      minCellSize: strictestMinCellSize(contributing),
      agreementIds: contributing.map(({ agreement }) => agreement.id),
    },
    verdicts,
    capped,
  };
}
