import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { pseudonymise } from '../../src/domain/pseudonym.js';
import { AgencyKind, DatasetKind } from '../../src/domain/vocabulary.js';
import { resolveHeader } from '../../src/ingest/header.js';
import { ImportDoor, type ImportSummary } from '../../src/ingest/import.service.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { compileRowMapper, RECORD_COPY_COLUMNS, type LsoaParents } from '../../src/ingest/row-mapper.js';
import { templateFor } from '../../src/ingest/templates.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_TOKEN_SECRET } from '../../test/support/hub.js';
import { INGEST_KEY, ingestService, OPERATOR, seedAreas } from '../../test/support/ingest.js';
import { Seed } from '../../test/support/seed.js';
import { generateCrimeCsv } from './generate.js';

/**
 * bench/ingest: a 1,000,000-row police crime CSV imported end to end (parse, validate,
 * guard, generalise, hash, write, commit) by `hub import` in its own process, against
 * PostgreSQL's own COPY of the same rows already clean, into the same table with the same
 * indexes, in the same run.
 *
 *   npx vitest run --config bench/vitest.bench.config.ts bench/ingest
 *
 * BENCH_ROWS changes the size. The report is printed and written to bench/ingest/last-run.md.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(tmpdir(), `hub-bench-ingest-${process.pid}`);
const csvFile = path.join(dir, 'crime.csv');
const copyFile = path.join(dir, 'clean.copy');
// Inside the project, so that the compiled CLI finds node_modules.
const cliDist = path.join(root, 'bench/out/ingest-dist');

/** Old-generation cap for the second run: the import's working set is far below it. */
const CAPPED_HEAP_MB = 160;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The hub compiled as `npm run build` does, into a scratch folder (dist/ is left alone). */
function buildCli(): string {
  const res = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', cliDist, '--tsBuildInfoFile', path.join(cliDist, '.tsbuildinfo'), '--sourceMap', 'false'],
    { cwd: root, encoding: 'utf8' },
  );
  const main = path.join(cliDist, 'cli/main.js');
  // tsc still emits when files elsewhere in the tree have type errors; only a missing CLI stops the benchmark.
  if (!existsSync(main)) throw new Error(`could not build the CLI:\n${res.stdout}\n${res.stderr}`);
  return main;
}

/** Runs `hub import --json` in a child process; returns its summary, wall time and peak RSS. */
async function cliImport(main: string, env: Record<string, string>, args: string[], parse = true): Promise<{ summary: ImportSummary; wallMs: number; maxRssKb: number }> {
  const script = `const { run } = await import(${JSON.stringify(pathToFileURL(main).href)});
    const code = await run(JSON.parse(process.env.BENCH_ARGS));
    process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n');
    process.exit(code);`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { ...process.env, ...env, BENCH_ARGS: JSON.stringify(args) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const [code] = (await once(child, 'exit')) as [number];
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`hub import exited ${code}:\n${err}\n${out}`);
  const maxRssKb = Number(/MAXRSS (\d+)/.exec(err)?.[1] ?? NaN);
  return { summary: parse ? JSON.parse(out.trim().split('\n').pop()!) : (undefined as never), wallMs, maxRssKb };
}

describe('bench/ingest', () => {
  let db: TestDatabase;

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`imports ${ROWS.toLocaleString('en-GB')} CSV rows end to end and compares with COPY of the same clean rows`, async () => {
    await mkdir(dir, { recursive: true });
    const main = buildCli();
    db = await createTestDatabase();
    const pool = await nativePool(db.orm);
    await seedAreas(db.orm);
    const seed = new Seed(db.orm);
    const police = await seed.agency('BENCH', AgencyKind.POLICE);
    const copyDs = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'bench-copy');
    const importDs = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'bench-import');

    const gen = await generateCrimeCsv(csvFile, ROWS);
    const template = templateFor(DatasetKind.POLICE_CRIME);
    const { rows: areaRows } = await pool.query<{ code: string; ward: string; la: string; outward: string }>(
      `select code, ward_code as ward, local_authority_code as la, outward_postcode as outward from area where level = 'LSOA'`,
    );
    const lsoas = new Map<string, LsoaParents>(areaRows.map((a) => [a.code, { ward: a.ward, localAuthority: a.la, outward: a.outward }]));

    // Node alone, no database: parsing, then parsing and the whole row pipeline. The second
    // pass also writes the clean rows, exactly as the pipeline stores them, for the COPY baseline.
    let t = performance.now();
    let n = 0;
    for await (const _ of csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })).records()) n++;
    const parseMs = performance.now() - t;
    t = performance.now();
    const out = createWriteStream(copyFile);
    let mapper: ReturnType<typeof compileRowMapper> | undefined;
    let clean = 0;
    let buf: string[] = [];
    for await (const rec of csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })).records()) {
      if (!mapper) {
        mapper = compileRowMapper({
          template,
          header: resolveHeader(template, rec),
          datasetId: copyDs.id,
          agencyId: police.id,
          batchId: randomUUID(),
          hash: (v) => pseudonymise(INGEST_KEY, copyDs.key, v),
          lsoas,
          notAfterMs: Date.now(),
        });
        continue;
      }
      const r = mapper(rec);
      if (Array.isArray(r)) continue;
      clean++;
      buf.push(r.line);
      if (buf.length === 10_000) {
        if (!out.write(buf.join('\n') + '\n')) await once(out, 'drain');
        buf = [];
      }
    }
    out.end(buf.length ? buf.join('\n') + '\n' : '');
    await once(out, 'finish');
    const mapMs = performance.now() - t;
    console.log(`parse ${secs(parseMs)}, parse+map ${secs(mapMs)}`);
    expect(clean).toBe(ROWS - gen.bad);

    // Checkpoints and truncations of a million rows outlast the pool's statement timeout.
    const admin = async (sql: string) => {
      const c = await pool.connect();
      try {
        await c.query('set statement_timeout = 0');
        await c.query(sql);
        await c.query('reset statement_timeout');
      } finally {
        c.release();
      }
    };

    // Baseline: PostgreSQL's COPY of the clean rows into shared_record, one transaction.
    await admin('checkpoint');
    const client = await pool.connect();
    t = performance.now();
    try {
      await client.query('begin');
      await client.query(`set local statement_timeout = 0`);
      await pipeline(createReadStream(copyFile, { highWaterMark: 1 << 20 }), client.query(copyFrom(`copy shared_record (${RECORD_COPY_COLUMNS.join(', ')}) from stdin`)));
      await client.query('commit');
    } finally {
      client.release();
    }
    const copyMs = performance.now() - t;

    // The import, through the CLI door in its own process, from the same starting point.
    await admin('truncate shared_record');
    await admin('checkpoint');
    const env = { DATABASE_URL: db.url, HUB_PSEUDONYM_KEY: INGEST_KEY, HUB_TOKEN_SECRET: TEST_TOKEN_SECRET, HUB_DATA_DIR: path.join(dir, 'hub'), NODE_ENV: 'test', LOG_LEVEL: 'warn' };
    const helpRssKb = (await cliImport(main, env, ['datasets', '--json'], false)).maxRssKb;
    const cli = await cliImport(main, env, ['import', '--dataset', importDs.key, csvFile, '--json']);
    const s = cli.summary;
    console.log(`COPY ${secs(copyMs)}; hub import ${secs(s.millis)} (wall ${secs(cli.wallMs)}), peak RSS ${Math.round(cli.maxRssKb / 1024)} MB, timings ${JSON.stringify(s.timings)}`);
    expect(s).toMatchObject({ rowsRead: ROWS, inserted: clean, rejected: gen.bad, updated: 0, duplicates: 0 });

    // Peak RSS is mostly V8's garbage-collection pacing: the same import with the old
    // generation capped shows the working set (run on an emptied table, like the first).
    await admin('truncate shared_record');
    await admin('checkpoint');
    const capped = await cliImport(main, { ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${CAPPED_HEAP_MB}` }, ['import', '--dataset', importDs.key, csvFile, '--json']);
    expect(capped.summary).toMatchObject({ inserted: clean });
    console.log(`capped: ${secs(capped.summary.millis)}, peak RSS ${Math.round(capped.maxRssKb / 1024)} MB`);

    // Idempotent re-run, in this process: every row already stored, nothing written.
    const service = ingestService(pool);
    const again = await service.run({ datasetKey: importDs.key, actor: OPERATOR, door: ImportDoor.CLI, source: csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })) });
    expect(again).toMatchObject({ rowsRead: ROWS, inserted: 0, updated: 0, duplicates: clean, rejected: gen.bad, sameFileAs: capped.summary.batchId });

    const importRate = rate(ROWS, s.millis);
    const copyRate = rate(clean, copyMs);
    const load = (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');
    const report = [
      `### ${new Date().toISOString().slice(0, 16)}Z: ${ROWS.toLocaleString('en-GB')} rows (${mb(gen.bytes)} MB CSV, ${gen.bad} bad rows), PostgreSQL ${(await pool.query('show server_version')).rows[0].server_version}, load average ${load}`,
      '',
      '| measure | value |',
      '|---|---|',
      `| import end to end, \`hub import\` (parse, validate, guard, generalise, hash, write, commit) | ${secs(s.millis)}, **${importRate.toLocaleString('en-GB')} rows/s** (process start to exit: ${secs(cli.wallMs)}) |`,
      `| COPY of the same clean rows, same table and indexes | ${secs(copyMs)}, ${copyRate.toLocaleString('en-GB')} rows/s |`,
      `| import speed / COPY speed | **${(importRate / copyRate).toFixed(2)}** (target >= 0.33) |`,
      `| peak RSS of the \`hub import\` process | **${Math.round(cli.maxRssKb / 1024)} MB** (target < 300 MB); with \`NODE_OPTIONS=--max-old-space-size=${CAPPED_HEAP_MB}\`: **${Math.round(capped.maxRssKb / 1024)} MB**, ${rate(ROWS, capped.summary.millis).toLocaleString('en-GB')} rows/s |`,
      `| peak RSS of \`hub datasets --json\` (the CLI loaded and connected, no import) | ${Math.round(helpRssKb / 1024)} MB |`,
      `| where the import's time went: Node waiting for PostgreSQL | ${secs(s.timings.waitingForDatabase)} of ${secs(s.millis)} |`,
      `| PostgreSQL: COPY of new rows / merges of chunks with existing references / rejections | ${[s.timings.copy, s.timings.merge, s.timings.rejections].map(secs).join(' / ')} |`,
      `| Node alone: CSV parsing | ${secs(parseMs)}, ${rate(n, parseMs).toLocaleString('en-GB')} rows/s |`,
      `| Node alone: parsing + validate/guard/generalise/hash + COPY line | ${secs(mapMs)}, ${rate(ROWS, mapMs).toLocaleString('en-GB')} rows/s |`,
      `| re-import of the same file (all duplicates, nothing written; in-process) | ${secs(again.millis)}, ${rate(ROWS, again.millis).toLocaleString('en-GB')} rows/s (merges ${secs(again.timings.merge)}) |`,
      '',
    ].join('\n');
    console.log(report);
    await writeFile(path.join(import.meta.dirname, 'last-run.md'), report + '\n');
  });
});
