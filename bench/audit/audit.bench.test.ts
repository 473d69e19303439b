import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../../src/audit/audit.service.js';
import { startHub, type RunningHub } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import {
  Access,
  AgencyKind,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../../test/support/hub.js';
import { Seed } from '../../test/support/seed.js';

/*
 * bench/audit: the same typical query (a partner analyst reading 100 records under an
 * agreement) served by hubs on one database in one process: one with the audit trail as
 * the hub runs it, one started with `startHub(runtime, { audit: false })`, and, for
 * comparison only, one whose audit writer commits without waiting for the disk
 * (synchronous_commit off), to show how much of the cost is the WAL flush. The load
 * comes from a worker thread over loopback HTTP with keep-alive: first one client at a
 * time (sequential), then 20 clients at once. Rounds rotate which hub goes first, so
 * that machine noise and warm-up hit all alike.
 *
 *   npx vitest run -c bench/vitest.bench.config.ts bench/audit
 */

const RECORDS = Number(process.env.BENCH_RECORDS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Requests per hub per round, one client, the hubs taking turns request by request. */
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
/** Blocks of BLOCK requests per hub with 20 clients, the hubs taking turns block by block. */
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 200);
const CLIENTS = 20;
/** BENCH_CPU_PROFILE=1: profiles the hubs' thread during the one-client rounds and prints where the audit code spends. */
const PROFILE = process.env.BENCH_CPU_PROFILE === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time (ms) per function of the hub's audit code, and in total, from a V8 CPU profile. */
function auditSelfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  // Inclusive time of everything called under the plugin's willSendResponse hook.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const under = (id: number, name: string) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === name && f.url.includes('/src/audit/')) return true;
    }
    return false;
  };
  const rows = new Map<string, number>();
  let plugin = 0;
  let total = 0;
  for (const [id, ms] of self) {
    total += ms;
    if (under(id, 'willSendResponse')) plugin += ms;
    const f = byId.get(id)!.callFrame;
    if (f.url.includes('/src/audit/')) {
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/src/')[1]}:${f.lineNumber + 1}`;
      rows.set(key, (rows.get(key) ?? 0) + ms);
    }
  }
  return {
    totalMs: total,
    underWillSendResponseMs: plugin,
    auditSelf: [...rows].sort((a, b) => b[1] - a[1]).slice(0, 15),
  };
}

const QUERY = `query Typical($first: Int!) @purpose(name: STRATEGIC_ASSESSMENT) {
  records(first: $first) { nodes { id dataset provider category subcategory occurredAt timePrecision locationPrecision lsoa ward localAuthority } pageInfo { endCursor hasNextPage } }
}`;

interface Run {
  latencies: number[];
  wallMs: number;
}

function load(targets: { url: string; token: string }[], requests: number, concurrency: number): Promise<Run[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-client.mjs', import.meta.url), {
      workerData: { targets, body: JSON.stringify({ query: QUERY, variables: { first: 100 } }), requests, concurrency },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function partnership(db: TestDatabase): Promise<{ rt: Runtime; token: string }> {
  const rt = await openRuntime(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: '.hub-test',
      LOG_LEVEL: 'silent',
      // One account sends every request: keep the rate limiter out of the measurement.
      HUB_RATE_LIMIT_PER_MINUTE: '10000000',
      HUB_RATE_LIMIT_BURST: '1000000',
    }),
    createLogger('silent'),
  );
  const seed = new Seed(rt.orm, rt.services.tokens);
  const police = await seed.agency('POL', AgencyKind.POLICE);
  const council = await seed.agency('CNL', AgencyKind.COUNCIL);
  const crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
  await seed.records(crime, RECORDS);
  await seed.agreement({
    provider: police,
    datasets: [crime],
    recipients: [council],
    purposes: [Purpose.STRATEGIC_ASSESSMENT],
    grants: {
      [RecordField.CATEGORY]: { access: Access.RECORD },
      [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.HOUR },
      [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.LSOA },
    },
  });
  return { rt, token: (await seed.user(council, [Role.ANALYST])).token };
}

describe('bench/audit: auditing on versus off', () => {
  let db: TestDatabase;
  let db2: TestDatabase;
  let rt: Runtime;
  let rt2: Runtime;
  let on: RunningHub;
  let off: RunningHub;
  let lazy: RunningHub;
  let lazyAudit: AuditService;
  let token: string;
  let token2: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ rt, token } = await partnership(db));
    on = await startHub(rt, { port: 0, host: '127.0.0.1' });
    off = await startHub(rt, { port: 0, host: '127.0.0.1', audit: false });
    // For comparison only: the same trail, committed without waiting for the disk, in a
    // database of its own (two writers on one chain would keep moving each other's head).
    db2 = await createTestDatabase();
    ({ rt: rt2, token: token2 } = await partnership(db2));
    lazyAudit = new AuditService(rt2.pool, TEST_PSEUDONYM_KEY, createLogger('silent'), { durability: 'async' });
    lazy = await startHub({ ...rt2, services: { ...rt2.services, audit: lazyAudit } }, { port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await on?.stop();
    await off?.stop();
    await lazy?.stop();
    await lazyAudit?.close();
    await rt?.close();
    await rt2?.close();
    await db?.drop();
    await db2?.drop();
  });

  it('measures p50 latency and throughput, sequential and with 20 clients', async () => {
    // The floor under the sequential overhead: one durable commit (a WAL flush) per request.
    const probe = async () => {
      const client = await rt.pool.connect();
      try {
        await client.query('create table if not exists bench_commit_probe (x int)');
        const xs: number[] = [];
        for (let i = 0; i < 200; i++) {
          const t0 = performance.now();
          await client.query('begin; insert into bench_commit_probe values (1); commit;');
          xs.push(performance.now() - t0);
        }
        return pct(xs, 0.5);
      } finally {
        client.release();
      }
    };
    type Mode = 'off' | 'on' | 'async';
    const hubs: Record<Mode, { url: string; token: string }> = {
      off: { url: off.url, token },
      on: { url: on.url, token },
      async: { url: lazy.url, token: token2 },
    };
    const modes: Mode[] = ['off', 'on', 'async'];
    const rotate = (r: number) => modes.map((_, i) => modes[(i + r) % modes.length]);
    // Warm all up (JIT, connection pools, plan cache).
    await load(
      modes.map((m) => hubs[m]),
      100,
      4,
    );
    const eventsBefore = rt.services.audit.stats().events;

    const seq: Record<Mode, Run[]> = { on: [], off: [], async: [] };
    const conc: Record<Mode, Run[]> = { on: [], off: [], async: [] };
    // The writer's timings per phase: one client (no batching) and 20 clients.
    const writerStats = rt.services.audit.writer.stats;
    const resetWriterTimings = () => {
      writerStats.writeMs.length = 0;
      writerStats.appendMs.length = 0;
    };
    resetWriterTimings();
    const session = PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    for (let r = 0; r < ROUNDS; r++) {
      const order = rotate(r);
      const runs = await load(
        order.map((m) => hubs[m]),
        SEQUENTIAL,
        1,
      );
      order.forEach((m, i) => seq[m].push(runs[i]));
    }
    const sequentialWriter = rt.services.audit.stats();
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const t = auditSelfTimes(profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] });
      const perRequest = (ms: number) => ((ms / (ROUNDS * SEQUENTIAL)) * 1000).toFixed(0);
      console.log(
        [
          `CPU profile of the one-client rounds (${ROUNDS * SEQUENTIAL} requests per hub): under the audit plugin's willSendResponse ${perRequest(t.underWillSendResponseMs / 2)} µs of CPU per audited request (mean of the on and async hubs); the thread's whole CPU ${perRequest(t.totalMs / 3)} µs per request (all three hubs).`,
          'Self time in src/audit, µs per audited request:',
          ...t.auditSelf.map(([k, ms]) => `  ${perRequest(ms / 2)}  ${k}`),
        ].join('\n'),
      );
    }
    resetWriterTimings();
    for (let b = 0; b < BLOCKS; b++) {
      const order = rotate(b);
      const runs = await load(
        order.map((m) => hubs[m]),
        BLOCK,
        CLIENTS,
      );
      order.forEach((m, i) => conc[m].push(runs[i]));
    }
    // Throughput ratio per block: neighbouring blocks share the machine's mood.
    const median = (xs: number[]) => pct(xs, 0.5);
    const blockLoss = (m: Mode) =>
      median(
        conc[m].map(
          (run, i) => 1 - run.latencies.length / run.wallMs / (conc.off[i].latencies.length / conc.off[i].wallMs),
        ),
      );

    const summarise = (runs: Run[]) => {
      const lat = runs.flatMap((x) => x.latencies);
      const wall = runs.reduce((s, x) => s + x.wallMs, 0);
      return { p50: pct(lat, 0.5), p95: pct(lat, 0.95), rps: (lat.length / wall) * 1000, n: lat.length };
    };
    const result = {
      sequential: { off: summarise(seq.off), on: summarise(seq.on), async: summarise(seq.async) },
      concurrent: { off: summarise(conc.off), on: summarise(conc.on), async: summarise(conc.async) },
      writer: rt.services.audit.stats(),
      sequentialWriter,
      durableCommitP50Ms: await probe(),
    };
    const overhead = (k: 'sequential' | 'concurrent', m: 'on' | 'async' = 'on') => ({
      p50: result[k][m].p50 / result[k].off.p50 - 1,
      throughputLoss: 1 - result[k][m].rps / result[k].off.rps,
    });
    const report = {
      ...result,
      overhead: { sequential: overhead('sequential'), concurrent: overhead('concurrent') },
      asyncCommitOverhead: { sequential: overhead('sequential', 'async'), concurrent: overhead('concurrent', 'async') },
      medianBlockThroughputLoss: { on: blockLoss('on'), async: blockLoss('async') },
      rounds: ROUNDS,
      records: RECORDS,
    };

    const f = (x: number) => x.toFixed(2);
    const p = (x: number) => `${(x * 100).toFixed(1)}%`;
    const lines = [
      `| load | audit | requests | p50 ms | p95 ms | req/s |`,
      `|---|---|---|---|---|---|`,
      ...(['sequential', 'concurrent'] as const).flatMap((k) =>
        (['off', 'on', 'async'] as const).map(
          (m) =>
            `| ${k === 'sequential' ? '1 client' : `${CLIENTS} clients`} | ${m === 'async' ? 'on, async commit (comparison only)' : m} | ${result[k][m].n} | ${f(result[k][m].p50)} | ${f(result[k][m].p95)} | ${result[k][m].rps.toFixed(0)} |`,
        ),
      ),
      '',
      `Overhead, 1 client: p50 ${p(report.overhead.sequential.p50)}, throughput loss ${p(report.overhead.sequential.throughputLoss)}.`,
      `Overhead, ${CLIENTS} clients: p50 ${p(report.overhead.concurrent.p50)}, throughput loss ${p(report.overhead.concurrent.throughputLoss)} (median over ${BLOCKS} neighbouring blocks: ${p(report.medianBlockThroughputLoss.on)}).`,
      `For comparison, async commit: 1 client p50 ${p(report.asyncCommitOverhead.sequential.p50)}, throughput loss ${p(report.asyncCommitOverhead.sequential.throughputLoss)}; ${CLIENTS} clients p50 ${p(report.asyncCommitOverhead.concurrent.p50)}, throughput loss ${p(report.asyncCommitOverhead.concurrent.throughputLoss)}.`,
      `Audit writer: ${result.writer.events - eventsBefore} events in ${result.writer.batches} commits (mean batch ${result.writer.meanBatch.toFixed(1)}, max ${result.writer.maxBatch}); one write under ${CLIENTS} clients (lock, insert, move the head, commit: an upper bound on the time the head is held) p50 ${f(result.writer.writeMsP50 ?? 0)} ms, p99 ${f(result.writer.writeMsP99 ?? 0)} ms; ${result.writer.misses} stale-head retries, ${result.writer.lockedFallbacks} locked fallbacks.`,
      `One client: one write p50 ${f(sequentialWriter.writeMsP50 ?? 0)} ms; from the plugin's append to the commit p50 ${f(sequentialWriter.appendMsP50 ?? 0)} ms. ${CLIENTS} clients: from append to commit p50 ${f(result.writer.appendMsP50 ?? 0)} ms.`,
      `A bare durable commit on this database (one-row insert, round trip included): p50 ${f(result.durableCommitP50Ms)} ms.`,
    ];
    console.log(lines.join('\n'));
    const out = path.resolve('bench/out');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'audit.json'), JSON.stringify(report, null, 2));

    // Every audited request left an event, and the chain is intact after the run.
    const verify = await rt.services.audit.verify();
    expect(verify.problem).toBeNull();
    expect(BigInt(verify.head.seq)).toBeGreaterThanOrEqual(BigInt(ROUNDS * SEQUENTIAL + BLOCKS * BLOCK + 100));
  });
});
