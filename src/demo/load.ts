import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Logger } from 'pino';
import { hashPassword } from '../auth/password.js';
import { nativePool } from '../db/orm.js';
import { pseudonymise } from '../domain/pseudonym.js';
import { areaRows, DEMO_GEOGRAPHY } from './geography.js';
import {
  DEMO_ACCOUNTS,
  DEMO_AGENCIES,
  DEMO_DATASETS,
  DEMO_PASSWORD,
  demoAgencyId,
  demoAgreementId,
  demoAgreements,
  demoDatasetId,
  demoDatasetRefs,
  demoUserId,
} from './partnership.js';
import { generateRecords, type DemoRecord } from './records.js';
import { RECORD_COPY_COLUMNS } from '../ingest/record-copy-line.js';
import { insertDemoBoundaries } from '../geography/demo-boundaries.js';
import { londonDate } from '../domain/uk-time.js';

export interface LoadDemoOptions {
  /** Number of shared records to generate (default 300,000). */
  records?: number;
  /** Seed of the record generator (default 2026). */
  seed?: number;
  /** The hub's pseudonymisation key: source and subject references are stored only as keyed hashes. */
  pseudonymKey: string;
  /** YYYY-MM-DD the demo is built around: records end the day before, agreements are dated from it. Default: today (UK). */
  referenceDate?: string;
  logger?: Logger;
  onProgress?: (done: number, total: number) => void;
  /**
   * Runs last inside the load's transaction (e.g. to write its audit event there, so that
   * the demo and its event commit together); `removed` is what a reload cleared first.
   */
  beforeCommit?: (client: PoolClient, summary: DemoSummary, removed?: Record<string, number>) => Promise<void>;
}

/** Rows created by a demo load, and how long it took. */
export interface DemoSummary {
  agencies: number;
  users: number;
  datasets: number;
  agreements: number;
  areas: number;
  records: number;
  millis: number;
}

/** What hub_meta remembers of the loaded demo. */
export interface DemoMeta {
  seed: number;
  records: number;
  referenceDate: string;
  loadedAt: string;
}

/** Rows removed by clearDemo, per table (including rows of other tables that referenced demo rows). */
export interface ClearDemoSummary {
  removed: Record<string, number>;
  millis: number;
}

export const DEMO_META_KEY = 'demo';
const DEFAULT_RECORDS = 300_000;
const DEFAULT_SEED = 2026;
const PROGRESS_EVERY = 10_000;
const COPY_CHUNK_ROWS = 2_000;
// One key for every demo load/clear: two concurrent reloads must not interleave.
const LOCK_SQL = `select pg_advisory_xact_lock(hashtext('community-safety-hub:demo'))`;

const ANALYZED_TABLES = [
  'area',
  'agency',
  'hub_user',
  'dataset',
  'sharing_agreement',
  'agreement_dataset',
  'agreement_recipient',
  'shared_record',
];

// The same columns, in the same order, as an import writes; the demo has no import batch.
const RECORD_COLUMNS = RECORD_COPY_COLUMNS.filter((c) => c !== 'batch_id');

function checkDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === date;
  if (!valid) throw new Error(`referenceDate must be a calendar date YYYY-MM-DD, got "${date}"`);
  return date;
}

/**
 * Loads the synthetic demo partnership (areas, agencies, accounts, datasets, agreements
 * and records) in one transaction, records by COPY, and records the load in hub_meta.
 * Refuses if a demo is already loaded: use reloadDemo.
 */
export async function loadDemo(orm: MikroORM, opts: LoadDemoOptions): Promise<DemoSummary> {
  return inTransaction(orm, opts.logger, async (client) => {
    if (await readMeta(client)) throw new Error('The demo partnership is already loaded: clear or reload it instead');
    const summary = await loadWith(client, opts);
    await opts.beforeCommit?.(client, summary);
    return summary;
  });
}

/** Clears the demo and loads it again, atomically: readers see either the old demo or the new one. */
export async function reloadDemo(orm: MikroORM, opts: LoadDemoOptions): Promise<DemoSummary> {
  return inTransaction(orm, opts.logger, async (client) => {
    const cleared = await clearWith(client);
    const summary = await loadWith(client, opts);
    await opts.beforeCommit?.(client, summary, cleared.removed);
    return summary;
  });
}

/**
 * Removes everything the demo created: its records, agreements, datasets, accounts,
 * agencies and areas, and the hub_meta row. Rows that others added and that reference demo
 * rows (an API key of a demo agency, a new account in it...) go too, children first.
 * Demo rows are recognised by their deterministic ids, so a real agency that happens to
 * use a demo code is never touched.
 */
export async function clearDemo(orm: MikroORM, opts: { logger?: Logger } = {}): Promise<ClearDemoSummary> {
  const summary = await inTransaction(orm, opts.logger, (client) => clearWith(client), false);
  opts.logger?.info({ component: 'demo', ...summary }, 'demo partnership cleared');
  return summary;
}

/** Whether a demo partnership is loaded (its hub_meta row exists). */
export async function isDemoLoaded(orm: MikroORM): Promise<boolean> {
  return (await getDemoMeta(orm)) !== null;
}

/** The hub_meta record of the loaded demo, or null. */
export async function getDemoMeta(orm: MikroORM): Promise<DemoMeta | null> {
  const pool = await nativePool(orm);
  const { rows } = await pool.query<{ value: DemoMeta }>(`select value from hub_meta where key = $1`, [DEMO_META_KEY]);
  return rows[0]?.value ?? null;
}

async function readMeta(client: PoolClient): Promise<DemoMeta | null> {
  const { rows } = await client.query<{ value: DemoMeta }>(`select value from hub_meta where key = $1`, [
    DEMO_META_KEY,
  ]);
  return rows[0]?.value ?? null;
}

async function inTransaction<T>(
  orm: MikroORM,
  logger: Logger | undefined,
  work: (client: PoolClient) => Promise<T>,
  analyze = true,
): Promise<T> {
  const pool = await nativePool(orm);
  const client = await pool.connect();
  // A connection that failed mid-transaction is discarded rather than returned to the pool.
  let broken: Error | undefined;
  try {
    await client.query('begin');
    try {
      // The pool's statement timeout suits API queries, not a bulk load.
      await client.query(`set local statement_timeout = 0`);
      await client.query(LOCK_SQL);
      const result = await work(client);
      await client.query('commit');
      if (analyze) {
        // Fresh statistics: the planner would otherwise treat the 300k-row table as empty.
        await client.query(`analyze ${ANALYZED_TABLES.map((t) => `"${t}"`).join(', ')}`);
      }
      return result;
    } catch (err) {
      await client.query('rollback').catch((rollbackErr: Error) => {
        broken = rollbackErr;
        logger?.warn({ component: 'demo', err: rollbackErr }, 'rollback failed');
      });
      throw err;
    }
  } finally {
    client.release(broken);
  }
}

async function loadWith(client: PoolClient, opts: LoadDemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const total = opts.records ?? DEFAULT_RECORDS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const referenceDate = checkDate(opts.referenceDate ?? londonDate());
  if (!Number.isInteger(total) || total < 0) throw new Error('records must be a non-negative integer');
  if (!opts.pseudonymKey) throw new Error('pseudonymKey is required');

  const codes = DEMO_AGENCIES.map((a) => a.code);
  const taken = await client.query<{ code: string }>(`select code from agency where code = any($1::text[])`, [codes]);
  if (taken.rows.length)
    throw new Error(`Agency codes already in use, cannot load the demo: ${taken.rows.map((r) => r.code).join(', ')}`);

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

  const agreements = demoAgreements(referenceDate);
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

  const records = await copyRecords(client, {
    rows: generateRecords({
      count: total,
      seed,
      endDate: referenceDate,
      geography: DEMO_GEOGRAPHY,
      datasets: demoDatasetRefs(),
    }),
    total,
    pseudonymKey: opts.pseudonymKey,
    onProgress: opts.onProgress,
  });

  const meta: DemoMeta = { seed, records, referenceDate, loadedAt: new Date().toISOString() };
  await client.query(
    `insert into hub_meta (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [DEMO_META_KEY, JSON.stringify(meta)],
  );

  const summary: DemoSummary = {
    agencies: DEMO_AGENCIES.length,
    users: DEMO_ACCOUNTS.length,
    datasets: DEMO_DATASETS.length,
    agreements: agreements.length,
    areas: areas.length,
    records,
    millis: Math.round(performance.now() - started),
  };
  opts.logger?.info({ component: 'demo', seed, referenceDate, ...summary }, 'demo partnership loaded');
  return summary;
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

// COPY text format: backslash, tab and line breaks must be escaped; \N is NULL.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const s = String(value);
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

// bytea in hex input form; the backslash itself is escaped for the COPY text format.
const copyBytea = (value: Buffer | null) => (value ? `\\\\x${value.toString('hex')}` : '\\N');

function copyLine(r: DemoRecord, pseudonymKey: string): string {
  return [
    r.datasetId,
    r.agencyId,
    r.kind,
    copyText(r.category),
    copyText(r.subcategory),
    r.occurredAt.toISOString(),
    r.timePrecision,
    copyText(r.lsoaCode),
    copyText(r.wardCode),
    copyText(r.localAuthorityCode),
    copyText(r.outwardPostcode),
    copyText(r.gridEasting),
    copyText(r.gridNorthing),
    copyText(r.ageBand),
    copyText(r.sex),
    copyText(r.details ? JSON.stringify(r.details) : null),
    copyBytea(pseudonymise(pseudonymKey, r.datasetKey, r.sourceRef)),
    copyBytea(r.subjectRef === null ? null : pseudonymise(pseudonymKey, r.datasetKey, r.subjectRef)),
  ].join('\t');
}

async function copyRecords(
  client: PoolClient,
  input: {
    rows: Iterable<DemoRecord>;
    total: number;
    pseudonymKey: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<number> {
  let done = 0;
  function* chunks(): Generator<string> {
    let lines: string[] = [];
    for (const r of input.rows) {
      lines.push(copyLine(r, input.pseudonymKey));
      done++;
      if (lines.length === COPY_CHUNK_ROWS) {
        yield lines.join('\n') + '\n';
        lines = [];
      }
      if (done % PROGRESS_EVERY === 0) input.onProgress?.(done, input.total);
    }
    if (lines.length) yield lines.join('\n') + '\n';
  }
  const copy = client.query(
    copyFrom(`copy "shared_record" (${RECORD_COLUMNS.map((c) => `"${c}"`).join(', ')}) from stdin`),
  );
  await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
  if (done % PROGRESS_EVERY !== 0 || done === 0) input.onProgress?.(done, input.total);
  return done;
}

interface ForeignKey {
  table: string;
  column: string;
  refColumn: string;
}

const MAX_CASCADE_DEPTH = 8;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

// Single-column foreign keys into a table whose delete rule would block (or cascade from) a delete.
async function referencingKeys(client: PoolClient, table: string): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `select c.conrelid::regclass::text as "table", a.attname as "column", af.attname as "refColumn"
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.contype = 'f' and c.confrelid = $1::regclass and cardinality(c.conkey) = 1
        and c.confdeltype in ('a', 'r', 'c')
      order by 1, 2`,
    [table],
  );
  return rows;
}

// Deletes rows of `table` whose `column` is in `keys` (an SQL subquery over the shared
// params), children first. The schema is read, not assumed, because other parts of the hub
// add tables that reference agencies, users and records.
async function deleteCascading(
  client: PoolClient,
  // A table name as regclass prints it (already quoted where needed).
  table: string,
  column: string,
  keys: string,
  params: unknown[],
  removed: Record<string, number>,
  path: readonly string[] = [],
): Promise<void> {
  if (path.length > MAX_CASCADE_DEPTH)
    throw new Error(`clearDemo: foreign keys nest too deeply at ${[...path, table].join(' -> ')}`);
  for (const fk of await referencingKeys(client, table)) {
    // A self-reference or a cycle is left to the database's own delete rules.
    if (fk.table === table || path.includes(fk.table)) continue;
    const childKeys = `select ${quoteIdent(fk.refColumn)} from ${table} where ${quoteIdent(column)} in (${keys})`;
    await deleteCascading(client, fk.table, fk.column, childKeys, params, removed, [...path, table]);
  }
  const res = await client.query(`delete from ${table} where ${quoteIdent(column)} in (${keys})`, params);
  removed[table] = (removed[table] ?? 0) + (res.rowCount ?? 0);
}

async function clearWith(client: PoolClient): Promise<ClearDemoSummary> {
  const started = performance.now();
  const removed: Record<string, number> = {};
  const agencyIds = DEMO_AGENCIES.map((a) => demoAgencyId(a.code));
  const ids = `select unnest($1::uuid[])`;

  // Records first, the bulk of the work. TRUNCATE is instant but only safe when every row is the demo's and nothing points at the table.
  const { rows: probe } = await client.query<{ other: boolean; referenced: boolean }>(
    `select exists (select 1 from shared_record where agency_id <> all($1::uuid[])) as other,
            exists (select 1 from pg_constraint where contype = 'f' and confrelid = 'shared_record'::regclass) as referenced`,
    [agencyIds],
  );
  if (!probe[0].other && !probe[0].referenced) {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from shared_record`);
    await client.query(`truncate table shared_record restart identity`);
    removed.shared_record = Number(rows[0].n);
  } else {
    await deleteCascading(client, 'shared_record', 'agency_id', ids, [agencyIds], removed);
  }

  // Everything hanging off the demo agencies: datasets, accounts, agreements, pivots, keys, and whatever others add.
  await deleteCascading(client, 'agency', 'id', ids, [agencyIds], removed);
  await deleteCascading(
    client,
    'area',
    'code',
    `select unnest($1::text[])`,
    [areaRows(DEMO_GEOGRAPHY).map((a) => a.code)],
    removed,
  );
  const meta = await client.query(`delete from hub_meta where key = $1`, [DEMO_META_KEY]);
  removed.hub_meta = meta.rowCount ?? 0;
  return { removed, millis: Math.round(performance.now() - started) };
}
