import { ALL_RECORD_FIELDS, type FieldGrant } from '../domain/grants.js';
import { AgreementStatus, Purpose, RecordField } from '../domain/vocabulary.js';
import type { AgreementSnapshot, DatasetSnapshot } from './access-plan.js';
import { NO_GRANTS, normaliseGrant } from './policy-grains.js';

/*
 * The policy engine's agreement matching: whether an agreement is in force on a day,
 * whether it applies to a dataset for a caller and purpose, and what it grants.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws unless `today` is an ISO date (YYYY-MM-DD). */
export function assertIsoDate(today: string): void {
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
