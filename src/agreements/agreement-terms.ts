import { createHash } from 'node:crypto';
import { ALL_RECORD_FIELDS, type FieldGrants } from '../domain/grants.js';
import { Access, type LegalBasis, type Purpose } from '../domain/vocabulary.js';
import type { SharingAgreement } from '../entities/sharing-agreement.entity.js';

/*
 * The terms digest: a fingerprint of everything in an agreement that decides what is
 * shared, so that a signature (the provider's approval, each recipient's acceptance) is
 * bound to the exact terms the signer read. approveAgreement and acceptAgreement take the
 * digest the signer read and are refused when the agreement no longer matches it.
 *
 * What it covers: the provider, datasets, recipients, purposes, legal basis, every
 * field's grant (access and finest grain), the minimum cell size, and the valid-from,
 * valid-to and review dates. Not the title, the status or who signed: they decide
 * nothing about what is shared.
 *
 * Canonical form (version 1), so that anyone can recompute it from the Agreement type's
 * own fields: a JSON array, with no whitespace, of
 *   ["hub-agreement-terms/1", provider, [datasets], [recipients], [purposes], legalBasis,
 *    [[field, access, precision|null] for each governed field], minCellSize,
 *    validFrom, validTo, reviewDate]
 * where provider and recipients are agency codes, datasets are dataset keys, every list
 * is sorted by code unit (so the order of lists never matters), a field not granted is
 * [field, "NONE", null], and dates are YYYY-MM-DD. The digest is the SHA-256 of its UTF-8
 * bytes, in lower-case hex.
 */

export const TERMS_DIGEST_VERSION = 'hub-agreement-terms/1';

/** The terms of an agreement that decide what is shared, in plain values. */
export interface AgreementTerms {
  /** Provider agency code. */
  provider: string;
  /** Dataset keys. */
  datasets: readonly string[];
  /** Recipient agency codes. */
  recipients: readonly string[];
  purposes: readonly Purpose[];
  legalBasis: LegalBasis;
  grants: FieldGrants;
  minCellSize: number;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (xs: readonly string[]) => [...new Set(xs)].sort(byCodeUnit);

/** The canonical serialisation the digest is taken of (see above). */
export function canonicalTerms(t: AgreementTerms): string {
  const fields = [...new Set([...ALL_RECORD_FIELDS, ...(Object.keys(t.grants) as (keyof FieldGrants)[])])].sort(
    byCodeUnit,
  );
  const grants = fields.map((field) => {
    const g = t.grants[field];
    // A field left out and a field granted NONE share the same thing: nothing.
    if (!g || g.access === Access.NONE) return [field, Access.NONE, null];
    return [field, g.access, g.precision ?? null];
  });
  return JSON.stringify([
    TERMS_DIGEST_VERSION,
    t.provider,
    sorted(t.datasets),
    sorted(t.recipients),
    sorted(t.purposes),
    t.legalBasis,
    grants,
    t.minCellSize,
    t.validFrom,
    t.validTo,
    t.reviewDate,
  ]);
}

/** SHA-256 (lower-case hex) of the canonical terms. Pure. */
export function termsDigest(t: AgreementTerms): string {
  return createHash('sha256').update(canonicalTerms(t), 'utf8').digest('hex');
}

/** The terms of a loaded agreement (provider, datasets and recipients populated). */
export function agreementTerms(a: SharingAgreement): AgreementTerms {
  return {
    provider: a.provider.code,
    datasets: a.datasets.getItems().map((d) => d.key),
    recipients: a.recipients.getItems().map((r) => r.code),
    purposes: a.purposes,
    legalBasis: a.legalBasis,
    grants: a.grants,
    minCellSize: a.minCellSize,
    validFrom: a.validFrom,
    validTo: a.validTo,
    reviewDate: a.reviewDate,
  };
}

/** The digest of a loaded agreement's current terms. */
export function agreementTermsDigest(a: SharingAgreement): string {
  return termsDigest(agreementTerms(a));
}
