import type pg from 'pg';
import { nativePool } from '../../src/db/orm.js';
import { demoAgencyId, demoUserId, loadDemo } from '../../src/demo/index.js';
import type { Role } from '../../src/domain/vocabulary.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from './hub.js';

/** A test hub with the demo partnership loaded, and the helpers the analytics tests share. */
export interface DemoHub {
  t: TestHub;
  pool: pg.Pool;
  /** A bearer token for a demo account, with the roles given. */
  token(username: string, agency: string, roles: Role[]): Promise<string>;
  sql<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export async function startDemoHub(opts: {
  records: number;
  seed: number;
  referenceDate: string;
  /** Settings of the hub (as environment variables), e.g. a base map's tile service. */
  env?: Record<string, string>;
}): Promise<DemoHub> {
  const t = await startTestHub(opts.env);
  await loadDemo(t.runtime.orm, {
    records: opts.records,
    seed: opts.seed,
    pseudonymKey: TEST_PSEUDONYM_KEY,
    referenceDate: opts.referenceDate,
  });
  const pool = await nativePool(t.runtime.orm);
  return {
    t,
    pool,
    token: async (username, agency, roles) =>
      (await t.runtime.services.tokens.issue({ id: demoUserId(username), agencyId: demoAgencyId(agency), roles }))
        .token,
    sql: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      (await pool.query<T>(text, params)).rows,
  };
}
