import type { GraphQLSchema } from 'graphql';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createApollo } from '../../src/server/apollo.js';
import { createHttpServer } from '../../src/server/http.js';
import { buildHubSchema } from '../../src/server/schema.js';
import { openLimiters, type HubLimiters } from '../../src/server/shared-limits.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../../test/support/hub.js';
import { Seed } from '../../test/support/seed.js';

/*
 * bench/limits: the rate limits kept in PostgreSQL (shared by every hub process) against
 * the in-memory ones (per process), on a cheap authenticated query (`me`), through the
 * whole stack (HTTP, Apollo, the audit trail, PostgreSQL). Two HTTP servers in one
 * process on one database, differing only in their limiters; requests alternate between
 * them so that machine noise falls on both alike. Limits are set high enough never to
 * refuse: this measures what asking costs, not refusals.
 *
 *   npx vitest run -c bench/vitest.bench.config.ts bench/limits
 *   (BENCH_ITERATIONS, default 400; BENCH_CLIENTS, default 8, for the throughput phase)
 */

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 400);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const QUERY = '{ me { username } }';

interface Served {
  url: string;
  stop(): Promise<void>;
}

async function serve(runtime: Runtime, schema: GraphQLSchema, limits: HubLimiters): Promise<Served> {
  const { config } = runtime;
  const apollo = createApollo({
    schema,
    logger: runtime.logger,
    introspection: false,
    limits: config.limits,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  await apollo.start();
  const services = { ...runtime.services, limits };
  const server = createHttpServer({ apollo, schema, services, readiness: async () => true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

async function one(url: string, token: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (res.status !== 200 || body.errors) throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(body)}`);
  return performance.now() - started;
}

/** Requests per second with CLIENTS clients, each with its own principal (its own bucket row). */
async function throughput(url: string, tokens: string[], perClient: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      for (let i = 0; i < perClient; i++) await one(url, token);
    }),
  );
  return (tokens.length * perClient * 1000) / (performance.now() - started);
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('bench/limits: shared (PostgreSQL) against in-memory rate limits', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let memory: HubLimiters;
  let shared: Served;
  let local: Served;
  const tokens: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: '.hub-test',
      LOG_LEVEL: 'silent',
      HUB_RATE_LIMIT_PER_MINUTE: '1000000',
      HUB_RATE_LIMIT_BURST: '1000000',
    };
    runtime = await openRuntime(loadConfig(env), createLogger('silent'));
    memory = openLimiters(loadConfig({ ...env, HUB_LIMITS_STORE: 'memory' }).limits, runtime.pool, '', runtime.logger);
    const seed = new Seed(runtime.orm, runtime.services.tokens);
    const police = await seed.agency('BPOL', AgencyKind.POLICE);
    for (let i = 0; i < CLIENTS; i++) tokens.push((await seed.user(police, [Role.ANALYST])).token);
    const schema = await buildHubSchema();
    shared = await serve(runtime, schema, runtime.services.limits);
    local = await serve(runtime, schema, memory);
  });

  afterAll(async () => {
    await shared?.stop();
    await local?.stop();
    await memory?.close();
    await runtime?.close();
    await db?.drop();
  });

  it('measures the cost of asking PostgreSQL on every request', async () => {
    const sides = { shared, local };
    for (let i = 0; i < 40; i++) for (const s of Object.values(sides)) await one(s.url, tokens[0]);
    const ms: Record<keyof typeof sides, number[]> = { shared: [], local: [] };
    for (let i = 0; i < ITERATIONS; i++) {
      const order: (keyof typeof sides)[] = i % 2 ? ['shared', 'local'] : ['local', 'shared'];
      for (const k of order) ms[k].push(await one(sides[k].url, tokens[0]));
    }
    const rps = { shared: [] as number[], local: [] as number[] };
    for (let round = 0; round < 4; round++) {
      const order: (keyof typeof sides)[] = round % 2 ? ['shared', 'local'] : ['local', 'shared'];
      for (const k of order) rps[k].push(await throughput(sides[k].url, tokens, Math.ceil(ITERATIONS / CLIENTS)));
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // The limiter alone, in-process: one take per call.
    const micro = { shared: 0, local: 0 };
    for (const [k, limiter] of [
      ['shared', runtime.services.limits.perPrincipal],
      ['local', memory.perPrincipal],
    ] as const) {
      const started = performance.now();
      for (let i = 0; i < ITERATIONS; i++) await limiter.take(`bench:${i % 50}`);
      micro[k] = ((performance.now() - started) * 1000) / ITERATIONS;
    }
    const result = {
      machine: `${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}, Node ${process.version}`,
      iterations: ITERATIONS,
      clients: CLIENTS,
      p50Ms: { shared: p50(ms.shared), local: p50(ms.local), ratio: p50(ms.shared) / p50(ms.local) },
      requestsPerSecond: {
        shared: sum(rps.shared) / rps.shared.length,
        local: sum(rps.local) / rps.local.length,
        ratio: sum(rps.shared) / sum(rps.local),
      },
      takeMicroseconds: micro,
    };
    console.log(JSON.stringify(result, null, 2));
    const rows = await runtime.pool.query<{ n: number }>(`select count(*)::int as n from rate_limit_bucket`);
    expect(rows.rows[0].n).toBeGreaterThan(0);
  });
});
