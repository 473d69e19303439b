import { createHash } from 'node:crypto';
import { ALL_RECORD_FIELDS, type FieldGrants } from '../domain/grants.js';
import {
  Access,
  type AgencyKind,
  type DatasetKind,
  HEALTH_AGENCY_KINDS,
  HEALTH_DATASET_KINDS,
  LegalBasis,
  type Purpose,
} from '../domain/vocabulary.js';
import type { SharingAgreement } from '../entities/sharing-agreement.entity.js';

/*
 * The terms digest: a fingerprint of everything in an agreement that decides what is
 * shared, so that a signature (the provider's approval, each recipient's acceptance) is
 * bound to the exact terms the signer read. approveAgreement and acceptAgreement take the
 * digest the signer read and are refused when the agreement no longer matches it.
 *
 * What it covers: the provider, datasets, recipients, purposes, legal bases, every
 * field's grant (access and finest grain), the minimum cell size, and the valid-from,
 * valid-to and review dates. Not the title, the status or who signed: they decide
 * nothing about what is shared.
 *
 * Canonical form (version 1), so that anyone can recompute it from the Agreement type's
 * own fields: a JSON array, with no whitespace, of
 *   ["hub-agreement-terms/1", provider, [datasets], [recipients], [purposes], legalBases,
 *    [[field, access, precision|null] for each governed field], minCellSize,
 *    validFrom, validTo, reviewDate]
 * where provider and recipients are agency codes, datasets are dataset keys, every list
 * is sorted by code unit (so the order of lists never matters), a field not granted is
 * [field, "NONE", null], and dates are YYYY-MM-DD. legalBases is the legal basis itself
 * (a string) when the agreement cites one, and the sorted list of every basis it cites
 * (legalBasis and additionalLegalBases) when it cites more than one: so the digest of an
 * agreement citing one basis is what it was before agreements could cite several. The digest is the SHA-256 of its UTF-8
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
  /** Further bases the agreement cites beside legalBasis (none for most agreements). */
  additionalLegalBases?: readonly LegalBasis[];
  grants: FieldGrants;
  minCellSize: number;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (xs: readonly string[]) => [...new Set(xs)].sort(byCodeUnit);

/** Every legal basis the terms cite, once each, sorted by code unit. */
export function citedBases(t: Pick<AgreementTerms, 'legalBasis' | 'additionalLegalBases'>): LegalBasis[] {
  return sorted([t.legalBasis, ...(t.additionalLegalBases ?? [])]) as LegalBasis[];
}

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
  const bases = citedBases(t);
  return JSON.stringify([
    TERMS_DIGEST_VERSION,
    t.provider,
    sorted(t.datasets),
    sorted(t.recipients),
    sorted(t.purposes),
    bases.length === 1 ? bases[0] : bases,
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
    additionalLegalBases: a.additionalLegalBases,
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

/** What the section 16 rule needs to know of each dataset an agreement covers. */
export interface DatasetBasisFacts {
  key: string;
  kind: DatasetKind;
  /** The kind of the agency that holds it (the agreement's provider). */
  agencyKind: AgencyKind;
}

/** Bases that, cited beside section 16, cover health data shared depersonalised (DOMAIN.md). */
const HEALTH_DATA_BASES: readonly LegalBasis[] = [LegalBasis.S115_POWER, LegalBasis.S17A_DUTY, LegalBasis.OTHER];

/**
 * Why these legal bases cannot cover these datasets, or null when they can. Pure.
 *
 * Section 16 of the Police, Crime, Sentencing and Courts Act 2022 lets a specified
 * authority disclose for the Serious Violence Duty, but does not authorise disclosing
 * patient information or personal information held by a health or social care body. So
 * an agreement sharing health data (a dataset of a health kind, or any dataset of a health
 * body) may cite section 16 only beside another basis: section 115 or 17A of the 1998 Act,
 * or another basis the agreement names (OTHER). The health data itself stays
 * depersonalised as under every agreement.
 */
export function legalBasesProblem(bases: readonly LegalBasis[], datasets: readonly DatasetBasisFacts[]): string | null {
  const cited = new Set(bases);
  if (!cited.has(LegalBasis.PCSC_S16_SVD)) return null;
  if (HEALTH_DATA_BASES.some((b) => cited.has(b))) return null;
  const health = datasets.filter(
    (d) => HEALTH_DATASET_KINDS.includes(d.kind) || HEALTH_AGENCY_KINDS.includes(d.agencyKind),
  );
  if (!health.length) return null;
  return (
    `Section 16 of the Police, Crime, Sentencing and Courts Act 2022 does not cover patient information or personal information held by a health or social care body, ` +
    `and this agreement shares health data (${health.map((d) => d.key).join(', ')}): cite s115 or s17A of the Crime and Disorder Act 1998 as well (legal bases S115_POWER or S17A_DUTY).`
  );
}
