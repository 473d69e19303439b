import { dpiaView } from './dpia.js';
import type { AgreementSnapshot } from '../auth/access-plan.js';
import { isAgreementInForce } from '../auth/policy-agreements.js';
import { londonDate } from '../domain/uk-time.js';
import type { SharingAgreement } from '../entities/sharing-agreement.entity.js';
import { agreementTermsDigest } from './agreement-terms.js';

/* Plain views of a loaded agreement: for the audit trail, for the policy engine, and whether it is in force. */

/** A plain image of an agreement for the audit trail. */
export function agreementSnapshot(a: SharingAgreement) {
  return {
    reference: a.reference,
    title: a.title,
    providerId: a.provider.id,
    providerCode: a.provider.code,
    datasets: a.datasets.isInitialized()
      ? a.datasets
          .getItems()
          .map((d) => d.key)
          .sort()
      : null,
    recipientIds: a.recipients.isInitialized()
      ? a.recipients
          .getItems()
          .map((r) => r.id)
          .sort()
      : null,
    recipientCodes: a.recipients.isInitialized()
      ? a.recipients
          .getItems()
          .map((r) => r.code)
          .sort()
      : null,
    acceptedBy: a.acceptances ? a.acceptances.filter((x) => x.acceptedAt).map((x) => x.agencyCode) : null,
    purposes: [...a.purposes].sort(),
    legalBasis: a.legalBasis,
    additionalLegalBases: [...(a.additionalLegalBases ?? [])].sort(),
    grants: a.grants,
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
    termsDigest: a.datasets.isInitialized() && a.recipients.isInitialized() ? agreementTermsDigest(a) : null,
    status: a.status,
    lastReviewedAt: a.lastReviewedAt?.toISOString() ?? null,
    dpia: dpiaView(a),
  };
}

/** The engine's view of an agreement, to say whether it is in force today and why not. */
export function toPolicySnapshot(a: SharingAgreement): AgreementSnapshot {
  return {
    id: a.id,
    reference: a.reference,
    providerAgencyId: a.provider.id,
    datasetIds: a.datasets.isInitialized() ? a.datasets.getItems().map((d) => d.id) : [],
    recipientAgencyIds: a.recipients.isInitialized() ? a.recipients.getItems().map((r) => r.id) : [],
    purposes: a.purposes,
    grants: a.grants,
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
    status: a.status,
  };
}

export function standing(a: SharingAgreement, today = londonDate()): { inForce: boolean; reason: string } {
  const s = isAgreementInForce(toPolicySnapshot(a), today);
  return { inForce: s.inForce, reason: s.inForce ? 'in force' : `The agreement ${s.reason ?? 'is not in force'}.` };
}
