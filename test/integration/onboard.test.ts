import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHubIn } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '../..');

describe('hub onboard: a partner from one file', () => {
  let db: TestDatabase;
  let dir: string;
  let pool: pg.Pool;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    dir = await mkdtemp(path.join(tmpdir(), 'hub-onboard-'));
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

  it('creates the agency, its datasets, accounts and keys from docs/examples/partner.json, audited, secrets printed once', async () => {
    const auditBefore = await count('select count(*) n from audit_event');
    const r = await runHubIn(env, 'onboard', path.join(root, 'docs/examples/partner.json'), '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as {
      agency: string;
      datasets: string[];
      accounts: { username: string; password: string }[];
      apiKeys: { prefix: string; key: string }[];
    };
    expect(out.agency).toBe('WFRS');
    expect(out.datasets).toEqual(['wfrs-fires']);
    expect(out.accounts.map((a) => a.username)).toEqual(['dlo@wfrs', 'analyst@wfrs']);
    for (const a of out.accounts) expect(a.password.length).toBeGreaterThanOrEqual(12);
    expect(out.apiKeys).toHaveLength(1);
    expect(out.apiKeys[0].key.startsWith(out.apiKeys[0].prefix)).toBe(true);

    expect(await count(`select count(*) n from agency where code = 'WFRS'`)).toBe(1);
    expect(await count(`select count(*) n from dataset where key = 'wfrs-fires'`)).toBe(1);
    expect(await count(`select count(*) n from hub_user where username in ('dlo@wfrs', 'analyst@wfrs')`)).toBe(2);
    // Only hashes are kept: neither the key nor a password is in the database or the trail.
    const stored = JSON.stringify((await pool.query('select * from api_key')).rows);
    expect(stored).not.toContain(out.apiKeys[0].key);
    const trail = JSON.stringify((await pool.query('select * from audit_event')).rows);
    expect(trail).not.toContain(out.apiKeys[0].key);
    for (const a of out.accounts) expect(trail).not.toContain(a.password);

    // Audited like the single commands: one event per step, by the operator.
    const events = (
      await pool.query<{ action: string; principal_label: string }>(
        'select action, principal_label from audit_event order by seq desc limit 5',
      )
    ).rows.reverse();
    expect(events.map((e) => e.action)).toEqual([
      'agency.create',
      'dataset.create',
      'account.create',
      'account.create',
      'api_key.create',
    ]);
    for (const e of events) expect(e.principal_label).toMatch(/^cli:/);
    expect(await count('select count(*) n from audit_event')).toBe(auditBefore + 5);
  });

  it('is all or nothing: a step that fails leaves nothing behind and no audit event', async () => {
    const file = path.join(dir, 'clash.json');
    await writeFile(
      file,
      JSON.stringify({
        agency: { code: 'NCC', name: 'Northshire County Council', kind: 'council' },
        datasets: [{ key: 'ncc-reports', kind: 'COUNCIL_REPORT', name: 'ASB reports' }],
        // Taken by the first test's partner: the last step fails.
        accounts: [{ username: 'dlo@wfrs', displayName: 'Someone', roles: ['ANALYST'] }],
      }),
    );
    const auditBefore = await count('select count(*) n from audit_event');
    const r = await runHubIn(env, 'onboard', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CONFLICT');
    expect(await count(`select count(*) n from agency where code = 'NCC'`)).toBe(0);
    expect(await count(`select count(*) n from dataset where key = 'ncc-reports'`)).toBe(0);
    expect(await count('select count(*) n from audit_event')).toBe(auditBefore);
  });

  it('refuses a file that is not a partner file, naming what is wrong', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ agency: { code: 'X1', name: 'X', kind: 'BAKERY' }, accounts: [{}] }));
    const r = await runHubIn(env, 'onboard', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('agency');
    expect(r.err).toContain('accounts.0.username');
    const missing = await runHubIn(env, 'onboard', path.join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
  });
});
