import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../src/app.js';
import type { DatasetAccess } from '../../src/auth/access-plan.js';
import { RECORD_FIELD_NEEDS, recordFieldDenial, type RecordGraphField } from '../../src/auth/record-fields.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAgencyId, loadDemo } from '../../src/demo/index.js';
import { Purpose, Role } from '../../src/domain/vocabulary.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { apiKeyFor, CRIME_HEADER, crimeRow } from '../../test/support/ingest.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../../test/support/hub.js';

/*
 * bench/load: 50 clients on loopback against one hub with the demo partnership loaded,
 * for 60 s, issuing a realistic mix: pages of records (for a declared purpose, only the
 * datasets and fields the client's agreements grant, sometimes paging on), aggregate
 * tables (analytics under disclosure control), myAccess, me, logins, and small CSV files
 * through the import door. Bar: zero errors, p95 reported, memory flat (first versus last 10 s).
 *
 *   npx vitest run -c bench/vitest.bench.config.ts bench/load                 (60 s)
 *   BENCH_LOAD_SECONDS=1800 npx vitest run -c bench/vitest.bench.config.ts bench/load   (soak)
 *
 * The hub runs in this process, the clients in a child process, PostgreSQL in its own
 * processes: all on the same machine. BENCH_CPU_PROFILE=1 also writes a CPU profile of the
 * hub (bench/out/load.cpuprofile, open it in Chrome DevTools) and prints its top functions.
 */

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
/** A first run, not measured: JIT, connection pools, plan caches and V8's heap sizing (a first major GC) settle. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const DEMO_RECORDS = Number(process.env.BENCH_DEMO_RECORDS ?? 300_000);
const WINDOW_S = Math.min(10, Math.floor(SECONDS / 3));
/** The loose bound on RSS growth from the first window to the last (V8 heap sizing; see the assertions). */
const FLAT = Number(process.env.BENCH_MEMORY_TOLERANCE ?? 1.5);
/** Per 100 operations: record pages, analytics (aggregate tables under disclosure control), access, me, logins, imports. */
const WEIGHTS = { records: 45, aggregate: 20, myAccess: 20, me: 8, login: 4, import: 3 };
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE === '1';

const MY_ACCESS = `query MyAccess($purpose: Purpose!) @purpose(name: $purpose) {
  myAccess { datasets { dataset { key } level fields { field access recordPrecision } } }
}`;

interface OpStats {
  latencies: number[];
  errors: number;
  rows: number;
}
interface LoadResult {
  stats: Record<'records' | 'aggregate' | 'myAccess' | 'me' | 'login' | 'import', OpStats>;
  errorSamples: unknown[];
  perSecond: number[];
  wallMs: number;
}

const pct = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs: number[]) => pct(xs, 0.5);
const mb = (b: number) => b / 1024 / 1024;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
}

/** Self time by function and by package, from a V8 CPU profile. */
function topFunctions(profile: CpuProfile, n = 25): string {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const id of profile.samples) {
    const f = byId.get(id)!.callFrame;
    const where = f.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '');
    const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    const pkg = f.url.includes('node_modules/')
      ? where
          .split('/')
          .slice(0, where.startsWith('@') ? 2 : 1)
          .join('/')
      : f.url
        ? f.url.includes('/src/')
          ? 'hub src/'
          : 'node:'
        : f.functionName;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const fmt = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `CPU self time by package:\n${fmt(byPackage)}\n\nCPU self time by function:\n${fmt(self)}`;
}

/** A full garbage collection, for heap readings that are not just where the sawtooth happened to be. */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

describe('bench/load: 50 clients, realistic mix, demo partnership', () => {
  let db: TestDatabase;
  let rt: Runtime;
  let hub: RunningHub;
  let demoMs = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    rt = await openRuntime(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
        HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
        HUB_DATA_DIR: '.hub-test',
        LOG_LEVEL: 'silent',
        // Fifty clients share one loopback address and a dozen accounts: the per-process
        // limits (tested in test/e2e/limits.test.ts) would otherwise be what is measured.
        HUB_RATE_LIMIT_PER_MINUTE: '0',
        HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
        HUB_DB_POOL_MAX: '10',
        // Likewise the import door's per-key and per-agency limits: one key sends every file.
        HUB_IMPORT_CONCURRENT_PER_KEY: '100',
        HUB_IMPORT_CONCURRENT_PER_AGENCY: '100',
      }),
      createLogger('silent'),
    );
    const t0 = performance.now();
    await loadDemo(rt.orm, { records: DEMO_RECORDS, pseudonymKey: rt.services.pseudonymKey });
    demoMs = performance.now() - t0;
    hub = await startHub(rt, { port: 0, host: '127.0.0.1' });
  }, 900_000);

  afterAll(async () => {
    await hub?.stop();
    await rt?.close();
    await db?.drop();
  });

  /** What each account may read: one records query per dataset it reads at record level, with the fields granted. */
  async function prepareAccounts() {
    const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });

      return (await res.json()) as { data?: any; errors?: unknown[] };
    };
    const accounts = [];
    for (const a of DEMO_ACCOUNTS.filter((x) => x.roles.includes(Role.ANALYST) || x.roles.includes(Role.OFFICER))) {
      const login = await post('mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
        u: a.username,
        p: DEMO_PASSWORD,
      });
      const token = login.data?.login?.token as string | undefined;
      if (!token) throw new Error(`demo login failed for ${a.username}: ${JSON.stringify(login.errors)}`);
      const recordQueries = [];
      const purposes: Purpose[] = [];
      for (const purpose of Object.values(Purpose)) {
        const r = await post(MY_ACCESS, { purpose }, token);
        if (r.errors) continue;
        purposes.push(purpose);
        for (const d of r.data.myAccess.datasets as {
          dataset: { key: string };
          level: string;
          fields: { field: string; access: string; recordPrecision: string | null }[];
        }[]) {
          if (d.level !== 'RECORD') continue;
          const access = {
            level: d.level,
            fields: Object.fromEntries(
              d.fields.map((f) => [f.field, { access: f.access, recordPrecision: f.recordPrecision ?? undefined }]),
            ),
          } as unknown as DatasetAccess;
          const fields = (Object.keys(RECORD_FIELD_NEEDS) as RecordGraphField[]).filter(
            (f) => recordFieldDenial(access, RECORD_FIELD_NEEDS[f]) === null,
          );
          const query = `query Records($purpose: Purpose!, $filter: RecordFilter, $first: Int, $after: String) @purpose(name: $purpose) {
  records(filter: $filter, first: $first, after: $after) { nodes { ${fields.join(' ')} } pageInfo { endCursor hasNextPage } }
}`;
          const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString();
          recordQueries.push({ query, variables: { purpose, filter: { datasets: [d.dataset.key] } } });
          recordQueries.push({ query, variables: { purpose, filter: { datasets: [d.dataset.key], from: lastYear } } });
        }
      }
      // The purposes the account's roles may run analytics for.
      const aggregatePurposes: Purpose[] = [];
      for (const purpose of purposes) {
        const r = await post(
          'query A($p: Purpose!) @purpose(name: $p) { aggregate(groupBy: [CATEGORY]) { total { value } } }',
          { p: purpose },
          token,
        );
        if (!r.errors) aggregatePurposes.push(purpose);
      }
      if (recordQueries.length && purposes.length)
        accounts.push({ username: a.username, purposes, aggregatePurposes, recordQueries });
    }
    return accounts;
  }

  it(`runs ${CLIENTS} clients for ${SECONDS} s with zero errors and flat memory`, async () => {
    const accounts = await prepareAccounts();
    expect(accounts.length).toBeGreaterThan(0);
    // Partner systems sending small files through the import door, with their own keys.
    const imports = {
      dataset: 'bpol-crime',
      apiKey: await apiKeyFor(rt.orm, demoAgencyId('BPOL'), ['IMPORT']),
      header: [...CRIME_HEADER],
      row: crimeRow('x').map(String),
    };
    const runLoad = (seconds: number) =>
      new Promise<LoadResult>((resolve, reject) => {
        const child = fork(fileURLToPath(new URL('./load-client.mjs', import.meta.url)), [], {
          execArgv: [],
          stdio: 'inherit',
        });
        child.once('message', (m) => resolve(m as LoadResult));
        child.once('error', reject);
        child.once('exit', (code) => code && reject(new Error(`the load generator exited with ${code}`)));
        child.send({
          url: hub.url,
          accounts,
          password: DEMO_PASSWORD,
          clients: CLIENTS,
          seconds,
          weights: WEIGHTS,
          imports,
        });
      });
    const warmup = WARMUP_SECONDS > 0 ? await runLoad(WARMUP_SECONDS) : undefined;
    const warmupErrors = warmup ? Object.values(warmup.stats).reduce((n, s) => n + s.errors, 0) : 0;
    const loadBefore = os.loadavg();
    const gc = gcFunction();
    gc();

    const samples: { t: number; rss: number; heapUsed: number }[] = [];
    const heapAfterGc: { t: number; heapUsed: number }[] = [];
    const started = performance.now();
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      samples.push({ t: (performance.now() - started) / 1000, rss: m.rss, heapUsed: m.heapUsed });
    }, 1_000);
    const gcAt = (s: number) =>
      setTimeout(() => {
        gc();
        heapAfterGc.push({ t: (performance.now() - started) / 1000, heapUsed: process.memoryUsage().heapUsed });
      }, s * 1_000);
    const early = gcAt(WINDOW_S);

    const profiler = CPU_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const result = await runLoad(SECONDS);
    const cpu = process.cpuUsage(cpuBefore);
    const profile = profiler ? (await profiler.post('Profiler.stop')).profile : undefined;
    const loadAfter = os.loadavg();
    clearInterval(sample);
    clearTimeout(early);
    gc();
    heapAfterGc.push({ t: (performance.now() - started) / 1000, heapUsed: process.memoryUsage().heapUsed });

    const ops = Object.entries(result.stats) as [keyof LoadResult['stats'], OpStats][];
    const all = ops.flatMap(([, s]) => s.latencies);
    const errors = ops.reduce((n, [, s]) => n + s.errors, 0);
    const first = samples.filter((s) => s.t <= WINDOW_S);
    const last = samples.filter((s) => s.t > SECONDS - WINDOW_S);
    const mid = samples.filter((s) => Math.abs(s.t - SECONDS / 2) <= WINDOW_S / 2);
    const memory = {
      rssFirstMb: mb(median(first.map((s) => s.rss))),
      rssMidMb: mb(median(mid.map((s) => s.rss))),
      rssLastMb: mb(median(last.map((s) => s.rss))),
      heapFirstMb: mb(median(first.map((s) => s.heapUsed))),
      heapLastMb: mb(median(last.map((s) => s.heapUsed))),
      heapAfterGcEarlyMb: mb(heapAfterGc[0].heapUsed),
      heapAfterGcEndMb: mb(heapAfterGc[heapAfterGc.length - 1].heapUsed),
    };
    const report = {
      clients: CLIENTS,
      seconds: SECONDS,
      demoRecords: DEMO_RECORDS,
      demoLoadSeconds: demoMs / 1000,
      accounts: accounts.length,
      warmupSeconds: WARMUP_SECONDS,
      warmupErrors,
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadAverage1mBefore: loadBefore[0],
        loadAverage1mAfter: loadAfter[0],
      },
      requests: all.length,
      requestsPerSecond: all.length / (result.wallMs / 1000),
      /** The hub process's own CPU (user + system) per request: what the machine's contention does not change much. */
      hubCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / all.length,
      hubCpuShare: (cpu.user + cpu.system) / 1000 / result.wallMs,
      errors,
      errorSamples: result.errorSamples,
      latencyMs: Object.fromEntries([
        ['all', { n: all.length, p50: pct(all, 0.5), p95: pct(all, 0.95), p99: pct(all, 0.99), max: Math.max(...all) }],
        ...ops.map(([k, s]) => [
          k,
          {
            n: s.latencies.length,
            errors: s.errors,
            p50: pct(s.latencies, 0.5),
            p95: pct(s.latencies, 0.95),
            p99: pct(s.latencies, 0.99),
            rows: s.rows || undefined,
          },
        ]),
      ]),
      memory,
      throughputPerSecond: {
        first: median(result.perSecond.slice(0, WINDOW_S)),
        last: median(result.perSecond.slice(-WINDOW_S - 1, -1)),
      },
      auditEvents: (rt.services as { audit?: { stats(): { events: number } } }).audit?.stats().events,
    };

    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
    const lines = [
      `${CLIENTS} clients, ${SECONDS} s, demo partnership of ${DEMO_RECORDS} records (${accounts.length} accounts): ${all.length} requests, ${report.requestsPerSecond.toFixed(0)} req/s, ${errors} errors`,
      `| operation | requests | errors | p50 ms | p95 ms | p99 ms |`,
      `|---|---|---|---|---|---|`,
      ...(['all', 'records', 'aggregate', 'myAccess', 'me', 'login', 'import'] as const).map((k) => {
        const l = report.latencyMs[k] as { n: number; errors?: number; p50: number; p95: number; p99: number };
        return `| ${k} | ${l.n} | ${k === 'all' ? errors : l.errors} | ${f(l.p50)} | ${f(l.p95)} | ${f(l.p99)} |`;
      }),
      '',
      `Memory of the hub process, first ${WINDOW_S} s -> last ${WINDOW_S} s (medians of 1 s samples): RSS ${f(memory.rssFirstMb)} -> ${f(memory.rssLastMb)} MB (${f(memory.rssMidMb)} MB half-way), heap used ${f(memory.heapFirstMb)} -> ${f(memory.heapLastMb)} MB; heap after a full GC at ${WINDOW_S} s -> at the end: ${f(memory.heapAfterGcEarlyMb)} -> ${f(memory.heapAfterGcEndMb)} MB.`,
      `Throughput per second, first -> last window (median): ${report.throughputPerSecond.first} -> ${report.throughputPerSecond.last}.`,
      `Hub CPU: ${report.hubCpuMsPerRequest.toFixed(1)} ms per request; it got ${(report.hubCpuShare * 100).toFixed(0)}% of one CPU on average.`,
      `Machine: ${report.machine.cpus} CPUs, load average (1 min) ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after; warm-up ${WARMUP_SECONDS} s first (${warmupErrors} errors).`,
    ];
    console.log(lines.join('\n'));
    if (errors) console.log('error samples:', JSON.stringify(result.errorSamples, null, 2));
    const out = path.resolve('bench/out');
    await mkdir(out, { recursive: true });
    if (profile) {
      await writeFile(path.join(out, 'load.cpuprofile'), JSON.stringify(profile));
      console.log(topFunctions(profile as unknown as CpuProfile));
    }
    await writeFile(
      path.join(out, SECONDS > 60 ? 'soak.json' : 'load.json'),
      JSON.stringify({ ...report, samples }, null, 2),
    );

    expect(errors + warmupErrors).toBe(0);
    // The live heap (after a full GC) is the leak signal: it must not grow. RSS follows V8's
    // heap sizing (old space is allowed to grow between major GCs as throughput rises, and
    // its pages stay committed), so early on it climbs to a plateau: it must not grow in the
    // second half of the run, and must stay within a loose bound of the first window.
    expect(memory.heapAfterGcEndMb).toBeLessThan(memory.heapAfterGcEarlyMb * 1.1 + 5);
    expect(memory.rssLastMb).toBeLessThan(memory.rssMidMb * 1.1);
    expect(memory.rssLastMb).toBeLessThan(memory.rssFirstMb * FLAT);
  });
});
