import { Access } from '../domain/vocabulary.js';
import { ALL_RECORD_FIELDS } from '../domain/grants.js';
import type { AccessPlan, AgreementSnapshot, DatasetAccess, PolicyInput } from './access-plan.js';
import { assertIsoDate } from './policy-agreements.js';
import { evaluateDataset } from './policy-dataset.js';
import { datasetSummary, explainAgreement, explainField, type DatasetExplanation } from './policy-explanations.js';
import { authorise } from './policy-purposes.js';

/*
 * The policy engine: a pure function of (principal, purpose, agreements, dataset
 * registry, today) to an access plan. No clock, no I/O, no randomness, so that a plan
 * can be cached by its inputs and every rule can be table-tested. Its rules live beside
 * it: the roles and purposes (policy-purposes.ts), the field rules (policy-grains.ts),
 * the agreement matching (policy-agreements.ts), the dataset evaluation
 * (policy-dataset.ts) and the explanation's sentences (policy-explanations.ts).
 */

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

  const summary = [datasetSummary(dataset.key, access, purpose, agreements.length > 0)];
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
