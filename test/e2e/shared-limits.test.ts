import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../src/auth/tokens.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { JSON_HEADERS, setPassword } from '../support/hardening.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { buildHub, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { Seed } from '../support/seed.js';

/*
 * Two real hub processes on one database, as behind a load balancer: requests spread
 * over both are limited as one, and failed logins on one count on the other.
 * (HUB_LIMITS_STORE=memory, the per-process limits, fails both tests.)
 */

const PASSWORD = 'correct-horse-battery-staple';
const LOGIN = 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

describe('two hub processes on one database', () => {
  let db: TestDatabase;
  let dataDir: string;
  let hubs: HubProcess[] = [];
  let analyst: { id: string; username: string; token: string };

  beforeAll(async () => {
    buildHub();
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'hub-shared-limits-'));
    const seed = new Seed(db.orm, new TokenService(TEST_TOKEN_SECRET, 15));
    analyst = await seed.user(await seed.agency('POL', AgencyKind.POLICE), [Role.ANALYST]);
    await setPassword(db.orm, analyst.id, PASSWORD);
    const env = {
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: dataDir,
      HUB_LIMITS_STORE: process.env.SHARED_LIMITS_TEST_STORE ?? 'database',
      // One token a minute: nothing refills while the test runs.
      HUB_RATE_LIMIT_PER_MINUTE: '1',
      HUB_RATE_LIMIT_BURST: '10',
      HUB_LOGIN_MAX_FAILURES_PER_USER: '3',
    };
    // Both start together, as a deployment's replicas do.
    hubs = await Promise.all([startHubProcess(env), startHubProcess(env)]);
    expect(hubs[0].port).not.toBe(hubs[1].port);
  }, 300_000);

  afterAll(async () => {
    for (const hub of hubs) await hub.stop();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const post = (hub: HubProcess, query: string, variables: Record<string, unknown>, token?: string) =>
    fetch(hub.url, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });

  it('allows one burst in total across both processes, then answers 429 with Retry-After on either', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await post(hubs[i % 2], '{ me { username } }', {}, analyst.token);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toEqual(Array(10).fill(200));
    for (const hub of hubs) {
      const res = await post(hub, '{ me { username } }', {}, analyst.token);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    }
  });

  it('locks an account after the allowed failures in total, wherever each failure happened', async () => {
    const login = async (hub: HubProcess, password: string) =>
      (await (await post(hub, LOGIN, { u: analyst.username, p: password })).json()) as {
        errors?: { message: string; extensions: Record<string, unknown> }[];
      };
    for (const hub of [hubs[0], hubs[1], hubs[0]]) {
      const r = await login(hub, 'not-the-password');
      expect(r.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    // The third failure was on the first process: the second refuses even the right password.
    const refused = await login(hubs[1], PASSWORD);
    expect(refused.errors![0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.errors![0].message).toMatch(/^Too many failed login attempts for this account/);
    expect((await login(hubs[0], PASSWORD)).errors![0].extensions.code).toBe('RATE_LIMITED');
  });
});
