import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import { nativePool } from '../db/orm.js';
import { londonDate } from '../domain/uk-time.js';
import { clearWith, type ClearDemoSummary } from './clear.js';
import { DEMO_META_KEY, readMeta, writeMeta, type DemoMeta } from './demo-meta.js';
import { DEMO_GEOGRAPHY } from './geography.js';
import { demoAgreements } from './demo-agreements.js';
import { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_DATASETS, demoDatasetRefs } from './partnership.js';
import { insertAgreements, insertPartnership } from './partnership-rows.js';
import { copyRecords } from './record-copy.js';
import { generateRecords } from './records.js';

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

const DEFAULT_RECORDS = 300_000;
const DEFAULT_SEED = 2026;
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

  const areas = await insertPartnership(client);
  const agreements = demoAgreements(referenceDate);
  await insertAgreements(client, agreements);

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
  await writeMeta(client, meta);

  const summary: DemoSummary = {
    agencies: DEMO_AGENCIES.length,
    users: DEMO_ACCOUNTS.length,
    datasets: DEMO_DATASETS.length,
    agreements: agreements.length,
    areas,
    records,
    millis: Math.round(performance.now() - started),
  };
  opts.logger?.info({ component: 'demo', seed, referenceDate, ...summary }, 'demo partnership loaded');
  return summary;
}
