import { badInput, conflict } from '../auth/errors.js';
import type { LegalBasis } from '../domain/vocabulary.js';
import type { Dataset } from '../entities/dataset.entity.js';
import type { SharingAgreement } from '../entities/sharing-agreement.entity.js';
import { agreementTermsDigest, legalBasesProblem } from './agreement-terms.js';

/* Checks the lifecycle's steps make of an agreement's terms before they are written or signed. */

/**
 * Refuses a signature given to other terms than the agreement's current ones: the signer
 * passes the termsDigest they read, and anything changed since (by another party's edit)
 * must be read again before it can be signed. Called under the agreement's row lock.
 */
export function requireTermsRead(a: SharingAgreement, termsDigest: string, step: 'approve' | 'accept'): void {
  const given = termsDigest.trim().toLowerCase();
  if (given === agreementTermsDigest(a)) return;
  throw conflict(
    `The terms of ${a.reference} are not the ones you read: its terms digest does not match (they have changed since, or the digest is not this agreement's). ` +
      `Nothing was changed. Read the agreement again (its terms and termsDigest; from the command line, \`hub agreements show ${a.reference}\`), check the terms, and ${step} with the digest you read.`,
    { reason: 'TERMS_CHANGED' },
  );
}

/** Refuses legal bases that cannot cover the datasets (section 16 alone on health data: legalBasesProblem). */
export function requireBasesCover(
  terms: { legalBasis: LegalBasis; additionalLegalBases?: readonly LegalBasis[] },
  datasets: readonly Dataset[],
): void {
  const problem = legalBasesProblem(
    [terms.legalBasis, ...(terms.additionalLegalBases ?? [])],
    datasets.map((d) => ({ key: d.key, kind: d.kind, agencyKind: d.agency.kind })),
  );
  if (problem) throw badInput(problem, { field: 'legalBasis', reason: 'S16_HEALTH_DATA' });
}
