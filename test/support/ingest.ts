import type { MikroORM } from '@mikro-orm/postgresql';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { nativePool } from '../../src/db/orm.js';
import type { ImportActor } from '../../src/auth/import-access.js';
import { ImportService } from '../../src/ingest/import.service.js';
import type { ImportRequest } from '../../src/ingest/import-summary.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { createLogger } from '../../src/logger.js';
import { ImportDoor } from '../../src/domain/api-enums.js';

export const INGEST_KEY = 'ingest-test-pseudonym-key-0123456789-abcdef';
export const OPERATOR: ImportActor = { kind: 'system', label: 'cli:test' };

/** LSOAs E01099001..E01099009 in two wards of one district, as the hub's geography. */
export async function seedAreas(orm: MikroORM): Promise<void> {
  const pool = await nativePool(orm);
  const rows: unknown[][] = [
    ['E07099001', 'Test District', 'LOCAL_AUTHORITY', null, null, null],
    ['E05099001', 'North Ward', 'WARD', null, 'E07099001', null],
    ['E05099002', 'South Ward', 'WARD', null, 'E07099001', null],
  ];
  for (let i = 1; i <= 9; i++)
    rows.push([
      `E0109900${i}`,
      `Test 00${i}A`,
      'LSOA',
      i <= 5 ? 'E05099001' : 'E05099002',
      'E07099001',
      i <= 5 ? 'RV1' : 'RV2',
    ]);
  for (const r of rows) {
    await pool.query(
      `insert into area (code, name, level, ward_code, local_authority_code, outward_postcode, population) values ($1, $2, $3, $4, $5, $6, 1500) on conflict do nothing`,
      r,
    );
  }
}

export function ingestService(
  pool: pg.Pool,
  opts: { lockWaitSeconds?: number; applyRows?: number } = {},
): ImportService {
  return new ImportService(pool, INGEST_KEY, createLogger('silent'), undefined, opts.lockWaitSeconds, opts.applyRows);
}

/** CSV text from rows of cells, quoting where needed. */
export function csv(rows: readonly (readonly (string | number)[])[], eol = '\n'): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}

/** Imports CSV text or bytes through the CLI door as the operator. */
export function importText(
  service: ImportService,
  dataset: string,
  content: string | Buffer,
  opts: Partial<Omit<ImportRequest, 'source' | 'datasetKey'>> = {},
) {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return service.run({
    datasetKey: dataset,
    actor: OPERATOR,
    door: ImportDoor.CLI,
    source: csvSource(Readable.from([bytes])),
    ...opts,
  });
}

export const CRIME_HEADER = [
  'source_ref',
  'category',
  'subcategory',
  'occurred_at',
  'easting',
  'northing',
  'lsoa_code',
  'subject_ref',
  'age',
  'sex',
] as const;

/** A clean police crime row. */
export function crimeRow(
  ref: string,
  overrides: Partial<Record<(typeof CRIME_HEADER)[number], string | number>> = {},
): (string | number)[] {
  const v: Record<string, string | number> = {
    source_ref: ref,
    category: 'VIOLENCE_AGAINST_THE_PERSON',
    subcategory: 'VIOLENCE_WITH_INJURY',
    occurred_at: '2025-06-06 23:37',
    easting: '445123.4',
    northing: '296389',
    lsoa_code: 'E01099001',
    subject_ref: `person-${ref}`,
    age: 23,
    sex: 'female',
    ...overrides,
  };
  return CRIME_HEADER.map((c) => v[c]);
}

/** An API key of an agency with the given scopes; returns the secret to send as X-Api-Key. */
export async function apiKeyFor(orm: MikroORM, agencyId: string, scopes: ('IMPORT' | 'READ')[]): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  const pool = await nativePool(orm);
  await pool.query(
    `insert into api_key (id, agency_id, name, prefix, secret_hash, scopes) values (gen_random_uuid(), $1, 'test key', $2, $3, $4::api_key_scope[])`,
    [agencyId, prefix, secretHash, scopes],
  );
  return key;
}
