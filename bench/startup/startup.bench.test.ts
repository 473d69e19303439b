/**
 * bench/startup: how long a newcomer waits.
 *   npm run bench:startup
 * 1. Cold start (fresh data folder, no demo) and warm start of the compiled hub, each
 *    against the same run's baseline: the embedded PostgreSQL alone (initialise+start,
 *    or start), which the hub cannot be faster than.
 * 2. Loading the demo partnership, against a baseline of PostgreSQL's COPY of the same
 *    already-generated rows into a bare table (the floor for writing them).
 * 3. The `hub` command: `hub --help`, `hub help import` and `hub agencies --help`, and
 *    `npm start`'s build check on an unchanged tree, against `node -e 0` in the same run
 *    (a process that does nothing: the floor). Alone:
 *      npx vitest run -c bench/vitest.bench.config.ts bench/startup -t 'hub command'
 * Appends its results to bench/RESULTS.md.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { generateRecords, loadDemo } from '../../src/demo/index.js';
import { createTestDatabase } from '../../test/support/db.js';

const root = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DEMO_RECORDS = Number(process.env.BENCH_DEMO_RECORDS ?? 300_000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeHubStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HUB_LOAD_DEMO: 'false',
      HUB_DATA_DIR: dataDir,
      PORT: '0',
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
  const ms = performance.now() - started;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

async function timePostgresStart(dir: string): Promise<number> {
  const started = performance.now();
  const db = await startEmbeddedPostgres({ dir, password: 'bench-only-password' });
  const ms = performance.now() - started;
  await db.stop();
  return ms;
}

describe('bench/startup', () => {
  it('measures hub start-up and demo load against their baselines', async () => {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
      { stdio: 'inherit' },
    );
    const cold: number[] = [];
    const coldPg: number[] = [];
    const warm: number[] = [];
    const warmPg: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const hubDir = await mkdtemp(path.join(tmpdir(), 'bench-hub-'));
      const pgDir = await mkdtemp(path.join(tmpdir(), 'bench-pg-'));
      coldPg.push(await timePostgresStart(path.join(pgDir, 'pg')));
      cold.push(await timeHubStart(hubDir));
      warmPg.push(await timePostgresStart(path.join(pgDir, 'pg')));
      warm.push(await timeHubStart(hubDir));
      await rm(hubDir, { recursive: true, force: true });
      await rm(pgDir, { recursive: true, force: true });
    }

    // Demo load vs COPY of the same rows.
    const db = await createTestDatabase();
    const t0 = performance.now();
    const summary = await loadDemo(db.orm, {
      records: DEMO_RECORDS,
      pseudonymKey: 'bench-pseudonym-key-0123456789-abcdefghijkl',
    });
    const demoMs = performance.now() - t0;
    const pool = await nativePool(db.orm);
    const lines: string[] = [];
    for (const r of generateRecords({ count: DEMO_RECORDS, seed: 2026, endDate: '2026-11-22' })) {
      lines.push(
        `${r.datasetId}\t${r.category}\t${r.occurredAt.toISOString()}\t${r.lsoaCode ?? '\\N'}\t${r.gridEasting ?? '\\N'}\t${r.gridNorthing ?? '\\N'}\t${r.sourceRef}\n`,
      );
    }
    const client = await pool.connect();
    await client.query(
      'create unlogged table bench_copy (dataset_id uuid, category text, occurred_at timestamptz, lsoa text, e int, n int, ref text)',
    );
    const t1 = performance.now();
    await pipeline(Readable.from(lines), client.query(copyFrom('copy bench_copy from stdin')));
    const copyMs = performance.now() - t1;
    client.release();
    await db.drop();
    expect(summary.records).toBe(DEMO_RECORDS);

    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const report = [
      '',
      `## bench/startup (${new Date().toISOString().slice(0, 10)})`,
      '',
      'Command: `npm run bench:startup` (BENCH_RUNS=' + RUNS + ', BENCH_DEMO_RECORDS=' + DEMO_RECORDS + '); medians.',
      '',
      '| measure | hub | baseline (same run) | ratio |',
      '|---|---|---|---|',
      `| cold start, fresh data folder, no demo (to "running at") | ${fmt(median(cold))} | embedded PostgreSQL initialise+start ${fmt(median(coldPg))} | ${ratio(median(cold), median(coldPg))} |`,
      `| warm start, existing data folder | ${fmt(median(warm))} | embedded PostgreSQL start ${fmt(median(warmPg))} | ${ratio(median(warm), median(warmPg))} |`,
      `| demo load, ${DEMO_RECORDS.toLocaleString('en-GB')} records (generate, hash, COPY, index, ANALYZE) | ${fmt(demoMs)} | COPY of the same rows, pre-rendered, into a bare unlogged table ${fmt(copyMs)} | ${ratio(demoMs, copyMs)} |`,
      '',
    ].join('\n');
    process.stdout.write(report);
    await appendFile(path.join(root, 'bench/RESULTS.md'), report);
  });

  it('measures the hub command against node -e 0', async () => {
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
        { stdio: 'ignore' },
      );
    } catch {
      // A type error elsewhere still emits; the build is current either way.
    }
    const runs = Math.max(RUNS, 7);
    const time = (args: string[]) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, args, {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, LOG_LEVEL: 'silent' },
        });
        ms.push(performance.now() - t0);
        expect(r.status, r.stderr).toBe(0);
      }
      return median(ms);
    };
    const hub = path.join(root, 'bin/hub.js');
    const floor = time(['-e', '0']);
    const rows: [string, number][] = [
      ['`node bin/hub.js --help`', time([hub, '--help'])],
      ['`node bin/hub.js help import`', time([hub, 'help', 'import'])],
      ['`node bin/hub.js agencies --help`', time([hub, 'agencies', '--help'])],
      // What `npm start` adds to a restart with no change: the check that the build is current.
      [
        '`node bin/build.js` (nothing changed: what `npm start` adds to a restart)',
        time([path.join(root, 'bin/build.js')]),
      ],
    ];
    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    const report = [
      '',
      `## bench/startup: the hub command (${new Date().toISOString().slice(0, 10)})`,
      '',
      `Command: \`npx vitest run -c bench/vitest.bench.config.ts bench/startup -t 'hub command'\`; medians of ${runs}, build current.`,
      '',
      '| command | time | baseline `node -e 0` (same run) | over the baseline |',
      '|---|---|---|---|',
      ...rows.map(
        ([name, ms]) =>
          `| ${name} | ${fmt(ms)} | ${fmt(floor)} | ${ms >= floor ? '+' : '-'}${fmt(Math.abs(ms - floor))} |`,
      ),
      '',
    ].join('\n');
    process.stdout.write(report);
    await appendFile(path.join(root, 'bench/RESULTS.md'), report);
    expect(rows.every(([, ms]) => ms > 0)).toBe(true);
  }, 300_000);
});
