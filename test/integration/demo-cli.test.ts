import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { auditEvents } from '../support/audit.js';
import { runHubIn } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';

/** `npx hub demo` replaces every agency, account, key and agreement: it is recorded like any administrative change. */
describe('hub demo', () => {
  let db: TestDatabase;
  const env = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
    HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
    HUB_DATA_DIR: '.hub-test',
    LOG_LEVEL: 'silent',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('records a load and a reload in the audit trail, naming the operator', async () => {
    expect((await runHubIn(env(), 'demo', '--records', '2000', '--json')).code).toBe(0);
    expect((await runHubIn(env(), 'demo', '--records', '2000', '--seed', '7', '--json')).code).toBe(0);
    const events = await auditEvents(await nativePool(db.orm), `e.kind = 'ADMIN' and e.action like 'demo.%'`);
    expect(events.map((e) => e.action)).toEqual(['demo.load', 'demo.reload']);
    expect(events[1].principalLabel).toMatch(/^cli:/);
    expect(events[1].details).toMatchObject({
      entityType: 'DemoPartnership',
      before: { loaded: true, removed: { agency: 7 } },
      after: { loaded: true, seed: 7 },
    });
  });
});
