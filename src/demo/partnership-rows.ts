import type { PoolClient } from 'pg';
import { hashPassword } from '../auth/password.js';
import { insertDemoBoundaries } from '../geography/demo-boundaries.js';
import { areaRows, DEMO_GEOGRAPHY } from './geography.js';
import {
  DEMO_ACCOUNTS,
  DEMO_AGENCIES,
  DEMO_DATASETS,
  DEMO_PASSWORD,
  demoAgencyId,
  demoAgreementId,
  demoDatasetId,
  demoUserId,
} from './partnership.js';
import type { DemoAgreement } from './demo-agreements.js';

/* The demo partnership's rows other than its records: areas, agencies, accounts, datasets, agreements. */

/** Inserts the areas (with their boundaries), agencies, accounts and datasets; returns how many areas. */
export async function insertPartnership(client: PoolClient): Promise<number> {
  const areas = areaRows(DEMO_GEOGRAPHY);
  await insertRows(
    client,
    'area',
    ['code', 'name', 'level', 'ward_code', 'local_authority_code', 'outward_postcode', 'population'],
    areas.map((a) => [a.code, a.name, a.level, a.wardCode, a.localAuthorityCode, a.outwardPostcode, a.population]),
  );
  // Synthetic boundaries of every demo area, so that the maps work out of the box.
  await insertDemoBoundaries(client);
  await insertRows(
    client,
    'agency',
    ['id', 'code', 'name', 'kind'],
    DEMO_AGENCIES.map((a) => [demoAgencyId(a.code), a.code, a.name, a.kind]),
  );

  // Argon2 is deliberately slow: hash the shared demo password once for all accounts.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await insertRows(
    client,
    'hub_user',
    ['id', 'agency_id', 'username', 'display_name', 'password_hash', 'roles'],
    DEMO_ACCOUNTS.map((u) => [
      demoUserId(u.username),
      demoAgencyId(u.agencyCode),
      u.username,
      u.displayName,
      passwordHash,
      u.roles,
    ]),
  );
  await insertRows(
    client,
    'dataset',
    ['id', 'key', 'agency_id', 'kind', 'name', 'cadence'],
    DEMO_DATASETS.map((d) => [demoDatasetId(d.key), d.key, demoAgencyId(d.agencyCode), d.kind, d.name, d.cadence]),
  );

  return areas.length;
}

/** Inserts the agreements, their datasets and their recipients' acceptances. */
export async function insertAgreements(client: PoolClient, agreements: readonly DemoAgreement[]): Promise<void> {
  const userId = (username: string | null) => (username ? demoUserId(username) : null);
  await insertRows(
    client,
    'sharing_agreement',
    [
      'id',
      'reference',
      'title',
      'provider_id',
      'purposes',
      'legal_basis',
      'additional_legal_bases',
      'grants',
      'min_cell_size',
      'valid_from',
      'valid_to',
      'review_date',
      'status',
      'drafted_by_id',
      'provider_approved_by_id',
      'provider_approved_at',
      'recipient_accepted_by_id',
      'recipient_accepted_at',
      'last_reviewed_at',
    ],
    agreements.map((a) => [
      demoAgreementId(a.reference),
      a.reference,
      a.title,
      demoAgencyId(a.providerCode),
      a.purposes,
      a.legalBasis,
      a.additionalLegalBases ?? [],
      JSON.stringify(a.grants),
      a.minCellSize,
      a.validFrom,
      a.validTo,
      a.reviewDate,
      a.status,
      userId(a.draftedBy),
      userId(a.providerApprovedBy),
      a.providerApprovedAt,
      userId(a.recipientAcceptedBy),
      a.recipientAcceptedAt,
      a.lastReviewedAt,
    ]),
  );
  await insertRows(
    client,
    'agreement_dataset',
    ['agreement_id', 'dataset_id'],
    agreements.flatMap((a) => a.datasetKeys.map((k) => [demoAgreementId(a.reference), demoDatasetId(k)])),
  );
  // Each recipient's liaison officer accepted (the agreement is ACTIVE only once all have).
  await insertRows(
    client,
    'agreement_recipient',
    ['agreement_id', 'agency_id', 'accepted_by_id', 'accepted_at'],
    agreements.flatMap((a) =>
      a.recipientCodes.map((c) => [
        demoAgreementId(a.reference),
        demoAgencyId(c),
        a.recipientAcceptedAt ? userId(`dlo@${c.toLowerCase()}`) : null,
        a.recipientAcceptedAt,
      ]),
    ),
  );
}

async function insertRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(', ')})`);
  await client.query(
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`,
    params,
  );
}
