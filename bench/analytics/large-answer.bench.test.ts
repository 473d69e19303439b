import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrate, openOrm } from '../../src/db/orm.js';
import { demoAgencyId, demoUserId, getDemoMeta, loadDemo, reloadDemo } from '../../src/demo/index.js';
import { Role } from '../../src/domain/vocabulary.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { admin, withDatabase } from '../../test/support/global-setup.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../../test/support/hub.js';

/*
 * The large answer of issue "large answers fast and memory-bounded": what a new user
 * tries first, `aggregate(groupBy: [GRID_100M, MONTH])` over one year (and three), as
 * analyst@bpol and analyst@rdc through the whole hub (HTTP, Apollo, permissions,
 * disclosure control, audit), timed, with the hub's memory before the first query and
 * after the last. The hub runs as a process of its own (dist/main.js, compiled first),
 * as deployed, so its resident memory (VmRSS in /proc) is the hub's alone; "after" is
 * read after the hub has been idle 1, 5 and 40 s (BENCH_IDLE_SECONDS): V8 collects an idle
 * process's garbage only after some seconds (its memory reducer). Run with:
 *
 *   BENCH_RECORDS=300000 npx vitest run -c bench/vitest.bench.config.ts bench/analytics/large-answer
 *
 * BENCH_DATABASE_URL keeps the loaded database between runs (as bench/analytics), so a
 * run on the commit before a change and one after it read the same data.
 * BENCH_LARGE_RUNS (default 3) runs of each query. Writes bench/analytics/large-answer.md.
 */

const RECORDS = Number(process.env.BENCH_RECORDS ?? 300_000);
const RUNS = Number(process.env.BENCH_LARGE_RUNS ?? 3);
const REFERENCE_DATE = '2026-11-22';

/** When to read the hub's memory after the last answer (seconds idle). */
const IDLE_SECONDS = (process.env.BENCH_IDLE_SECONDS ?? '1,5,40').split(',').map(Number);
const root = path.resolve(import.meta.dirname, '../..');

let db: TestDatabase;
let rt: Runtime;
let hub: { url: string; child: ChildProcess };
const tokens: Record<string, string> = {};
/** Who asks: the analyst of the README's examples (council: partners' data in aggregate) and a police analyst (mostly own data). */
const USERS = (process.env.BENCH_USERS ?? 'analyst@rdc:RDC,analyst@bpol:BPOL')
  .split(',')
  .map((u) => u.split(':') as [string, string]);

async function keptDatabase(url: string): Promise<TestDatabase> {
  const name = new URL(url).pathname.slice(1);
  await admin(withDatabase(url, 'postgres'), async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await c.query(`create database "${name}"`);
  });
  const orm = await openOrm({ url, poolMax: 5 });
  await migrate(orm);
  return { url, name, orm, drop: () => orm.close(true) };
}

const MB = 1024;
/** The hub process's resident memory and its anonymous part, in MB. */
async function memory(): Promise<{ rss: number; anon: number }> {
  const status = await readFile(`/proc/${hub.child.pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / MB, anon: kb('RssAnon') / MB };
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

let metricsPort = 0;
/** The hub's own account of its heap (prom-client's Node metrics), in MB. */
async function heap(): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const of = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return `heap used ${of('nodejs_heap_size_used_bytes').toFixed(0)} MB of ${of('nodejs_heap_size_total_bytes').toFixed(0)} MB, external ${of('nodejs_external_memory_bytes').toFixed(0)} MB`;
}

async function startHubProcess(url: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  metricsPort = await freePort();
  // BENCH_HUB_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the hub.
  const nodeArgs = process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      HUB_LOAD_DEMO: 'false',
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: '.hub-bench',
      // A limit set above the one-year answer by default, so that the same query is measured before and after.
      HUB_AGGREGATE_MAX_CELLS: process.env.HUB_AGGREGATE_MAX_CELLS ?? '200000',
      PORT: String(port),
      HUB_METRICS_PORT: String(metricsPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('is running at')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}/graphql`, child };
}

const query = (from: string, to: string) =>
  `query @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(groupBy: [GRID_100M, MONTH], filter: { from: "${from}", to: "${to}" }) { cells { keys labels value suppressed } margins { dimension key value suppressed } total { value suppressed } suppressedCells } }`;

async function post(
  q: string,
  token: string,
): Promise<{ ms: number; bytes: number; cells: number; suppressed: number; error?: string }> {
  const t0 = performance.now();
  const res = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: q }),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  const body = JSON.parse(text) as {
    data?: { aggregate: { cells: unknown[]; suppressedCells: number } };
    errors?: { message: string }[];
  };
  return {
    ms,
    bytes: text.length,
    cells: body.data?.aggregate.cells.length ?? 0,
    suppressed: body.data?.aggregate.suppressedCells ?? 0,
    error: body.errors?.[0]?.message,
  };
}

beforeAll(async () => {
  const kept = process.env.BENCH_DATABASE_URL;
  db = kept ? await keptDatabase(kept) : await createTestDatabase();
  const meta = kept ? await getDemoMeta(db.orm) : null;
  const demo = { records: RECORDS, seed: 11, pseudonymKey: TEST_PSEUDONYM_KEY, referenceDate: REFERENCE_DATE };
  if (!(meta && meta.records === RECORDS && meta.seed === 11 && meta.referenceDate === REFERENCE_DATE))
    await (meta ? reloadDemo(db.orm, demo) : loadDemo(db.orm, demo));
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  hub = await startHubProcess(db.url);
  // Tokens are signed here with the hub's secret; the hub reads each principal from the database.
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
    HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
    HUB_DATA_DIR: '.hub-bench',
    LOG_LEVEL: 'silent',
  });
  rt = await openRuntime(config, createLogger('silent'));
  for (const [user, agency] of USERS)
    tokens[user] = (
      await rt.services.tokens.issue({ id: demoUserId(user), agencyId: demoAgencyId(agency), roles: [Role.ANALYST] })
    ).token;
});

afterAll(async () => {
  if (hub) {
    const exited = new Promise((r) => hub.child.once('exit', r));
    hub.child.kill('SIGTERM');
    await exited;
  }
  await rt?.close();
  if (!process.env.BENCH_DATABASE_URL) await db?.drop();
});

describe(`a large aggregate answer on ${RECORDS.toLocaleString('en-GB')} records`, () => {
  it('measures GRID_100M x MONTH over one and three years: time, size and the hub memory', async () => {
    // Warm the caches (plans, datasets, areas) on a small answer first.
    for (const [user] of USERS) await post(query('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'), tokens[user]);
    const start = await memory();
    const heapBefore = await heap();
    const lines: string[] = [];
    let peakRss = start.rss;
    const peakOf = async () => (peakRss = Math.max(peakRss, (await memory()).rss));
    for (const [user] of USERS)
      for (const [label, from, to] of [
        ['1 year', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
        ['3 years', '2023-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ] as const) {
        const times: number[] = [];
        let last: Awaited<ReturnType<typeof post>> | undefined;
        for (let i = 0; i < RUNS; i++) {
          last = await post(query(from, to), tokens[user]);
          times.push(last.ms);
          await peakOf();
        }
        times.sort((a, b) => a - b);
        lines.push(
          `| ${user} | ${label} | ${last!.error ? `refused: ${last!.error.slice(0, 80)}` : last!.cells.toLocaleString('en-GB')} | ${last!.suppressed} | ${Math.round(last!.bytes / 1024)} | ${times.map((t) => t.toFixed(0)).join(', ')} | ${times[Math.floor(times.length / 2)].toFixed(0)} |`,
        );
      }
    const after: string[] = [];
    let waited = 0;
    for (const idle of IDLE_SECONDS) {
      await new Promise((r) => setTimeout(r, (idle - waited) * 1000));
      waited = idle;
      const m = await memory();
      after.push(
        `after ${idle} s idle ${m.rss.toFixed(0)} MB (${m.rss - start.rss >= 0 ? '+' : ''}${(m.rss - start.rss).toFixed(0)} MB; ${await heap()})`,
      );
    }
    const report = [
      `Large aggregate answer, ${RECORDS.toLocaleString('en-GB')} records, ${new Date().toISOString()}, load ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
      '',
      '| user | period | cells | suppressed | KB | runs (ms) | p50 (ms) |',
      '| --- | --- | ---: | ---: | ---: | --- | ---: |',
      ...lines,
      '',
      `Hub process memory (VmRSS): before ${start.rss.toFixed(0)} MB (${heapBefore}); highest seen ${peakRss.toFixed(0)} MB; ${after.join('; ')}.`,
    ].join('\n');
    console.log(report);
    await writeFile(path.join(import.meta.dirname, 'large-answer.md'), report + '\n');
    expect(lines.length).toBe(2 * USERS.length);
  });
});
