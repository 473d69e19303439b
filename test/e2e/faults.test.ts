import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../src/app.js';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { expectNoLeak, logCapture, raw, setPassword } from '../support/hardening.js';
import { apiKeyFor, CRIME_HEADER, crimeRow, csv, seedAreas } from '../support/ingest.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const root = path.resolve(import.meta.dirname, '../..');
const PG_PASSWORD = 'faults-test-only-password-8d1c';
const RECORDS = 'query @purpose(name: STRATEGIC_ASSESSMENT) { records(first: 10) { nodes { id category } } }';

function hubConfig(databaseUrl: string, extra: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
    HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
    HUB_DATA_DIR: '.hub-test',
    ...extra,
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL unavailable at start', () => {
  it('says clearly that PostgreSQL is not reachable, retries with back-off, then gives up, without printing the password', async () => {
    const port = await freePort();
    const logs = logCapture();
    const url = `postgres://hub:${PG_PASSWORD}@127.0.0.1:${port}/hub`;
    const started = performance.now();
    const err = await openRuntime(hubConfig(url), createLogger('info', logs.stream), { connectAttempts: 3 }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `PostgreSQL is not reachable after 3 attempts: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    // Two waits between three attempts: 500 ms then 1 s.
    expect(performance.now() - started).toBeGreaterThan(1_400);
    const warnings = logs
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'PostgreSQL is not reachable yet; retrying');
    expect(warnings.map((w) => [w.attempt, w.retryInMs])).toEqual([
      [1, 500],
      [2, 1000],
    ]);
    expect(warnings[0].reason).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(logs.text() + (err as Error).message).not.toContain(PG_PASSWORD);
  });

  it('connects by itself once PostgreSQL comes up during the retries', async () => {
    const port = await freePort();
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-faults-late-'));
    const url = `postgres://hub:${PG_PASSWORD}@127.0.0.1:${port}/hub`;
    const logs = logCapture();
    let embedded: EmbeddedDatabase | undefined;
    let runtime: Runtime | undefined;
    try {
      const opening = openRuntime(hubConfig(url), createLogger('info', logs.stream), { connectAttempts: 8 });
      // PostgreSQL starts a little after the hub does (as under systemd or compose).
      await new Promise((r) => setTimeout(r, 700));
      embedded = await startEmbeddedPostgres({
        dir: path.join(dir, 'data'),
        password: PG_PASSWORD,
        port,
        persistent: false,
      });
      runtime = await opening;
      expect(logs.text()).toContain('PostgreSQL is not reachable yet; retrying');
      expect((await runtime.pool.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
      expect(runtime.migrated.length).toBeGreaterThan(0);
    } finally {
      await runtime?.close();
      await embedded?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL lost while running', () => {
  let dir: string;
  let port: number;
  let embedded: EmbeddedDatabase | undefined;
  let runtime: Runtime;
  let hub: RunningHub;
  let token: string;

  const start = () =>
    startEmbeddedPostgres({ dir: path.join(dir, 'data'), password: PG_PASSWORD, port, persistent: true });
  const post = (query: string, variables: Record<string, unknown> = {}, auth = true) =>
    raw(hub.url, {
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    });
  const ready = () => fetch(`http://127.0.0.1:${hub.port}/readyz`);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hub-faults-lost-'));
    port = await freePort();
    embedded = await start();
    runtime = await openRuntime(
      hubConfig(embedded.url, { HUB_RATE_LIMIT_PER_MINUTE: '0', HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' }),
      createLogger('silent'),
    );
    hub = await startHub(runtime, { port: 0, host: '127.0.0.1' });
    const seed = new Seed(runtime.orm, runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.records(await seed.dataset(police, DatasetKind.POLICE_CRIME), 3);
    const u = await seed.user(police, [Role.ANALYST], 'analyst@pol');
    await setPassword(runtime.orm, u.id, 'a-perfectly-good-passphrase');
    token = u.token;
  });

  afterAll(async () => {
    await hub?.stop();
    await runtime?.close();
    await embedded?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails requests fast with SERVICE_UNAVAILABLE (503), reports /readyz 503, and resumes by itself when the database returns', async () => {
    expect((await post(RECORDS)).json?.data?.records.nodes).toHaveLength(3);
    expect((await ready()).status).toBe(200);

    await embedded!.stop();
    embedded = undefined;

    for (const [label, query, vars, auth] of [
      ['an authenticated query', RECORDS, {}, true],
      [
        'a login',
        'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        { u: 'analyst@pol', p: 'a-perfectly-good-passphrase' },
        false,
      ],
    ] as const) {
      const started = performance.now();
      const r = await post(query, vars, auth);
      const ms = performance.now() - started;
      expect(ms, `${label} took ${Math.round(ms)} ms`).toBeLessThan(2_000);
      expect(r.status, label).toBe(503);
      // The audit trail (which cannot be written either) may withhold the answer in its own words.
      expect(r.json?.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(r.json?.errors?.[0].message).toMatch(
        /^The database is unavailable; the hub is retrying\. Try again shortly\.$|audit event could not be written/,
      );
      expectNoLeak(r.text);
      expect(r.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat/i);
    }
    const readyz = await ready();
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'database unavailable' });
    // The process itself is alive: do not restart it.
    expect((await fetch(`http://127.0.0.1:${hub.port}/healthz`)).status).toBe(200);
    // Even an operation that reads nothing is refused: its audit event cannot be written.
    const typename = await post('{ __typename }', {}, false);
    expect(typename.status).toBe(503);
    expect(typename.json?.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');

    embedded = await start();
    await waitFor('readiness', async () => ((await ready()).status === 200 ? true : undefined));
    const again = await post(RECORDS);
    expect(again.status).toBe(200);
    expect(again.json?.data?.records.nodes).toHaveLength(3);
    const login = await post(
      'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'analyst@pol', p: 'a-perfectly-good-passphrase' },
      false,
    );
    expect(login.json?.data?.login.token).toBeTruthy();
  });

  // Regression: the audit writer's connection, lost mid-write, was an uncaught 'error' that
  // ended the process (vitest reports it as an unhandled error and fails the run).
  it('answers a query whose connection is cut mid-flight with SERVICE_UNAVAILABLE, does not crash, and recovers', async () => {
    // Hold the table so the query is in flight when the database goes away.
    const blocker = new pg.Client({ connectionString: embedded!.url });
    await blocker.connect();
    blocker.on('error', () => undefined);
    await blocker.query('begin');
    await blocker.query('lock table shared_record in access exclusive mode');
    const inflight = post(RECORDS);
    await new Promise((r) => setTimeout(r, 300));
    await embedded!.stop();
    embedded = undefined;
    const r = await inflight;
    expect(r.status).toBe(503);
    expect(r.json?.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expectNoLeak(r.text);
    await blocker.end().catch(() => undefined);
    embedded = await start();
    await waitFor('readiness', async () => ((await ready()).status === 200 ? true : undefined));
    expect((await post(RECORDS)).json?.data?.records.nodes).toHaveLength(3);
  });
});

const outDir = path.join(root, '.hub-test', 'dist-faults');

interface HubProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output(): string;
}

/** Runs the compiled hub (`node dist/main.js`, as `npm start` does) on a database, in production mode. */
async function startHubProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, [path.join(outDir, 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_LOAD_DEMO: 'false',
      HUB_RATE_LIMIT_PER_MINUTE: '0',
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = await waitFor(
    'the banner',
    async () => {
      if (child.exitCode !== null) throw new Error(`the hub exited:\n${out}`);
      const m = /running at http:\/\/localhost:(\d+)\/graphql/.exec(out);
      return m ? Number(m[1]) : undefined;
    },
    60_000,
  );
  return { child, port, exited, output: () => out };
}

describe('the compiled hub process: shutdown under load, and a kill mid-import', () => {
  let db: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // Its own build folder, so that it never races other tests building dist/.
    spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        path.join(root, 'tsconfig.build.json'),
        '--outDir',
        outDir,
        '--tsBuildInfoFile',
        path.join(outDir, '.tsbuildinfo'),
      ],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
    if (!existsSync(path.join(outDir, 'main.js'))) throw new Error('the hub did not build');
    db = await createTestDatabase();
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db?.drop();
  });

  it('on SIGTERM stops accepting, completes every in-flight request and its audit event, then exits 0', async () => {
    const seed = new Seed(db.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const u = await seed.user(police, [Role.ANALYST], 'analyst@pol');
    await setPassword(db.orm, u.id, 'a-perfectly-good-passphrase');
    const { token } = await new TokenService(TEST_TOKEN_SECRET, 60).issue({
      id: u.id,
      agencyId: police.id,
      roles: [Role.ANALYST],
    });

    // Production mode: where Apollo would otherwise install its own SIGTERM handler.
    const hubProcess = await startHubProcess(db.url, {
      // Eight parallel logins for one account would otherwise trip the login throttle.
      HUB_LOGIN_MAX_FAILURES_PER_USER: '0',
    });
    child = hubProcess.child;
    const { port, exited } = hubProcess;
    const out = () => hubProcess.output();
    const url = `http://127.0.0.1:${port}/graphql`;

    // Make requests slow: another session holds the accounts table until we let go.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table hub_user in access exclusive mode');
    const send = (body: object, auth?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        requestId: r.headers.get('x-request-id'),

        body: (await r.json()) as { data?: any; errors?: unknown[] },
      }));
    const inflight = [
      ...Array.from({ length: 8 }, () =>
        send({
          query: 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
          variables: { u: 'analyst@pol', p: 'a-perfectly-good-passphrase' },
        }),
      ),
      ...Array.from({ length: 8 }, () => send({ query: '{ me { username } }' }, token)),
    ];
    // Every request has reached the hub and waits on the lock.
    await waitFor('requests to wait on the lock', async () => {
      const { rows } = await blocker.query(
        `select count(*)::int as n from pg_locks where relation = 'hub_user'::regclass and not granted`,
      );
      return rows[0].n >= 1 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));

    child.kill('SIGTERM');
    await waitFor('shutdown to begin', async () => (out().includes('finishing in-flight requests') ? true : undefined));
    // New connections are refused while the in-flight requests are still running.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(child.exitCode).toBeNull();

    await blocker.query('rollback');
    await blocker.end();
    const settled = await Promise.allSettled(inflight);
    const failed = settled.filter((s) => s.status === 'rejected');
    expect(
      failed.length,
      `${failed.length} in-flight requests failed: ${String((failed[0] as PromiseRejectedResult | undefined)?.reason?.cause ?? '')}\n${out()}`,
    ).toBe(0);
    const results = settled.map((s) => (s as PromiseFulfilledResult<Awaited<(typeof inflight)[number]>>).value);
    for (const r of results) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.errors).toBeUndefined();
    }
    expect(results.slice(0, 8).every((r) => typeof r.body.data.login.token === 'string')).toBe(true);
    expect(results.slice(8).every((r) => r.body.data.me.username === 'analyst@pol')).toBe(true);
    const started = Date.now();
    expect(await exited).toBe(0);
    // It does not sit out keep-alive timeouts or the 20 s safety net.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(out()).toContain('"msg":"stopped"');
    // No audit event was lost: each answered request left one, committed before its answer.
    const audited = await db.orm.em
      .getConnection()
      .execute<{ request_id: string }[]>(`select request_id from audit_event where kind = 'GRAPHQL'`);
    expect(audited.map((a) => a.request_id).sort()).toEqual(results.map((r) => r.requestId).sort());
  });
  it('loses nothing and doubles nothing when killed (SIGKILL) in the middle of an import', async () => {
    const importDb = await createTestDatabase();
    let hubProcess: HubProcess | undefined;
    try {
      await seedAreas(importDb.orm);
      const seed = new Seed(importDb.orm);
      const police = await seed.agency('POL', AgencyKind.POLICE);
      const dataset = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
      const key = await apiKeyFor(importDb.orm, police.id, ['IMPORT']);
      const rows = 60_000;
      const file = Buffer.from(csv([CRIME_HEADER, ...Array.from({ length: rows }, (_, i) => crimeRow(`CR/${i}/25`))]));
      const count = async () =>
        (
          await importDb.orm.em
            .getConnection()
            .execute<{ n: number }[]>('select count(*)::int as n from shared_record where dataset_id = ?', [dataset.id])
        )[0].n;
      const importing = async () =>
        (
          await importDb.orm.em
            .getConnection()
            .execute<{ n: number }[]>(
              `select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
            )
        )[0].n;

      /** Uploads the file; with `stopAfter`, sends only that many bytes and leaves the request open. */
      const upload = (port: number, stopAfter?: number) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              path: '/import/pol-crime',
              method: 'POST',
              headers: { 'content-type': 'text/csv', 'x-api-key': key },
            },
            (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve({ status: res.statusCode!, body }));
            },
          );
          req.on('error', reject);
          if (stopAfter === undefined) req.end(file);
          else req.write(file.subarray(0, stopAfter));
        });

      hubProcess = await startHubProcess(importDb.url);
      // The whole file is sent (an upload is received in full before it is imported).
      const cut = upload(hubProcess.port).catch((e: unknown) => e);
      // The import is under way: its transaction holds the dataset's advisory lock.
      await waitFor('the import to start', async () => ((await importing()) > 0 ? true : undefined));
      hubProcess.child.kill('SIGKILL');
      expect(await hubProcess.exited).toBeNull();
      expect(await cut).toBeInstanceOf(Error);
      // PostgreSQL sees the connection drop and rolls the batch back.
      await waitFor('the dead import to be rolled back', async () => ((await importing()) === 0 ? true : undefined));
      expect(await count()).toBe(0);
      const batches = await importDb.orm.em
        .getConnection()
        .execute<{ status: string }[]>('select status from import_batch where dataset_id = ?', [dataset.id]);
      expect(batches.filter((b) => b.status === 'COMMITTED')).toEqual([]);

      // Restarted, the same file lands whole; sent again, it doubles nothing.
      hubProcess = await startHubProcess(importDb.url);
      // The start recorded the killed import's batch as failed, with its reason.
      const swept = await importDb.orm.em
        .getConnection()
        .execute<{ status: string; error_code: string }[]>(
          'select status, error_code from import_batch where dataset_id = ?',
          [dataset.id],
        );
      expect(swept).toEqual([{ status: 'FAILED', error_code: 'ABANDONED' }]);
      const first = await upload(hubProcess.port);
      expect(first.status, first.body).toBe(200);
      expect(JSON.parse(first.body)).toMatchObject({
        status: 'COMMITTED',
        rowsRead: rows,
        inserted: rows,
        duplicates: 0,
        rejected: 0,
      });
      const again = await upload(hubProcess.port);
      expect(JSON.parse(again.body)).toMatchObject({
        status: 'COMMITTED',
        rowsRead: rows,
        inserted: 0,
        duplicates: rows,
      });
      expect(await count()).toBe(rows);
    } finally {
      if (hubProcess && hubProcess.child.exitCode === null) hubProcess.child.kill('SIGKILL');
      await hubProcess?.exited;
      await importDb.drop();
    }
  });
});
