import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { pseudonymise } from '../../src/domain/pseudonym.js';
import { AgencyKind, DatasetKind } from '../../src/domain/vocabulary.js';
import { resolveHeader } from '../../src/ingest/header.js';
import { type ImportSummary } from '../../src/ingest/import-summary.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { RECORD_COPY_COLUMNS } from '../../src/ingest/record-copy-line.js';
import { compileRowMapper, type LsoaParents } from '../../src/ingest/row-mapper.js';
import { templateFor } from '../../src/ingest/templates.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_TOKEN_SECRET } from '../../test/support/hub.js';
import { INGEST_KEY, ingestService, OPERATOR, seedAreas } from '../../test/support/ingest.js';
import { Seed } from '../../test/support/seed.js';
import { generateCrimeCsv } from './generate.js';
import { ImportDoor } from '../../src/domain/api-enums.js';

/**
 * bench/ingest: a 1,000,000-row police crime CSV imported end to end (parse, validate,
 * guard, generalise, hash, write, commit) by `hub import` in its own process, against
 * PostgreSQL's own COPY of the same rows already clean, in the same run: into a plain table
 * with the same columns, a primary key and the indexes an analyst would add (the target's
 * baseline), and into shared_record itself with its indexes, constraints and triggers.
 *
 *   npx vitest run --config bench/vitest.bench.config.ts bench/ingest
 *
 * BENCH_ROWS changes the size. The report is printed and written to bench/ingest/last-run.md.
 *
 * Besides the totals it says where the time goes: Node's stages (parsing, mapping with and
 * without the keyed hashes), PostgreSQL's share of the import (COPY, closing, commit) and
 * inside it the trigger functions (track_functions), and the price of each index,
 * constraint and foreign key of shared_record: the same clean rows COPYed into a copy of
 * the table with nothing (logged and unlogged), then with each one alone.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(tmpdir(), `hub-bench-ingest-${process.pid}`);
const csvFile = path.join(dir, 'crime.csv');
const copyFile = path.join(dir, 'clean.copy');
// Inside the project, so that the compiled CLI finds node_modules.
const cliDist = path.join(root, 'bench/out/ingest-dist');

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The hub compiled as `npm run build` does, into a scratch folder (dist/ is left alone). */
function buildCli(): string {
  const res = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      cliDist,
      '--tsBuildInfoFile',
      path.join(cliDist, '.tsbuildinfo'),
      '--sourceMap',
      'false',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const main = path.join(cliDist, 'cli/main.js');
  // tsc still emits when files elsewhere in the tree have type errors; only a missing CLI stops the benchmark.
  if (!existsSync(main)) throw new Error(`could not build the CLI:\n${res.stdout}\n${res.stderr}`);
  return main;
}

/** Runs `hub import --json` in a child process; returns its summary, wall time and peak RSS. */
async function cliImport(
  main: string,
  env: Record<string, string>,
  args: string[],
  parse = true,
): Promise<{ summary: ImportSummary; wallMs: number; maxRssKb: number }> {
  const script = `const { run } = await import(${JSON.stringify(pathToFileURL(main).href)});
    const code = await run(JSON.parse(process.env.BENCH_ARGS));
    process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n');
    process.exit(code);`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env, BENCH_ARGS: JSON.stringify(args) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    const lsoas = new Map<string, LsoaParents>(
      areaRows.map((a) => [a.code, { ward: a.ward, localAuthority: a.la, outward: a.outward }]),
    );

    // Node alone, no database: parsing; parsing and the whole row pipeline (which also
    // writes the clean rows, exactly as the pipeline stores them, for the COPY baseline);
    // and the same without the keyed hashes (a constant instead), to price them.
    const t = performance.now();
    let n = 0;
    for await (const _ of csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })).records()) n++;
    const parseMs = performance.now() - t;
    const mapPass = async (hash: (v: string) => Buffer, file: string) => {
      const started = performance.now();
      const out = createWriteStream(file);
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
            hash,
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
      return { ms: performance.now() - started, clean };
    };
    const mapped = await mapPass((v) => pseudonymise(INGEST_KEY, copyDs.key, v), copyFile);
    const constant = Buffer.alloc(32, 7);
    // Writing the same lines out too, so that the two passes differ only by the hashes.
    const unhashed = await mapPass(() => constant, `${copyFile}.unhashed`);
    await rm(`${copyFile}.unhashed`);
    const clean = mapped.clean;
    const mapMs = mapped.ms;
    console.log(`parse ${secs(parseMs)}, parse+map ${secs(mapMs)}, parse+map without hashing ${secs(unhashed.ms)}`);
    expect(clean).toBe(ROWS - gen.bad);
    expect(unhashed.clean).toBe(clean);

    // Checkpoints, truncations and COPYs of a million rows outlast the pool's statement timeout.
    const admin = async <T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string) => {
      const c = await pool.connect();
      try {
        await c.query('set statement_timeout = 0');
        return (await c.query<T>(sql)).rows;
      } finally {
        await c.query('reset statement_timeout').catch(() => undefined);
        c.release();
      }
    };
    /** COPYs the clean rows into `table` in one transaction, from a checkpointed start; milliseconds. */
    const copyInto = async (table: string): Promise<number> => {
      await admin('checkpoint');
      const client = await pool.connect();
      const started = performance.now();
      try {
        await client.query('begin');
        await client.query(`set local statement_timeout = 0`);
        // This pooled session predates the database-wide setting below.
        await client.query(`set local track_functions = 'pl'`);
        await pipeline(
          createReadStream(copyFile, { highWaterMark: 1 << 20 }),
          client.query(copyFrom(`copy ${table} (${RECORD_COPY_COLUMNS.join(', ')}) from stdin`)),
        );
        await client.query('commit');
      } finally {
        client.release();
      }
      return performance.now() - started;
    };
    // Time inside each trigger function (PL/pgSQL; the foreign keys' checks are built-in and not counted here: priced below).
    await admin(`alter database "${db.name}" set track_functions = 'pl'`);
    const triggerTimes = async (): Promise<{ name: string; ms: number; calls: number }[]> => {
      await new Promise((r) => setTimeout(r, 1500)); // sessions flush their counters within a second of going idle
      return (
        await admin<{ name: string; ms: number; calls: number }>(
          `select pg_stat_clear_snapshot(), f.funcname as name, f.self_time as ms, f.calls::int as calls
             from pg_stat_user_functions f where f.funcid in (select tgfoid from pg_trigger where tgrelid = 'shared_record'::regclass) order by f.self_time desc`,
        )
      ).map(({ name, ms, calls }) => ({ name, ms: Number(ms), calls }));
    };

    // What each part of shared_record costs a COPY of these rows: a copy of the table with
    // nothing (logged, then unlogged: the WAL's share), then with each index, the checks and
    // the foreign key(s) alone. Read from the catalogue, so that it prices the table as migrated.
    const parts: { name: string; sql: string[] }[] = [];
    const indexes = await admin<{ name: string; def: string }>(
      `select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'shared_record'::regclass order by indexrelid`,
    );
    for (const ix of indexes)
      parts.push({
        name: `index ${ix.name}`,
        sql: [ix.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, 'CREATE $1INDEX ON bench_price')],
      });
    const constraints = await admin<{ name: string; type: string; def: string }>(
      `select conname as name, contype as type, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'shared_record'::regclass and contype in ('f', 'c') order by contype, conname`,
    );
    const fks = constraints.filter((c) => c.type === 'f');
    const checks = constraints.filter((c) => c.type === 'c');
    parts.push({
      name: `foreign key${fks.length > 1 ? 's' : ''} ${fks.map((c) => c.name).join(', ')}`,
      sql: fks.map((c) => `alter table bench_price add ${c.def}`),
    });
    parts.push({
      name: `checks ${checks.map((c) => c.name).join(', ')}`,
      sql: checks.map((c) => `alter table bench_price add ${c.def}`),
    });
    const priced: { name: string; ms: number }[] = [];
    for (const v of [
      { name: 'bare table, unlogged (no WAL)', unlogged: true, sql: [] as string[] },
      { name: 'bare table (heap, WAL, COPY parsing)', unlogged: false, sql: [] as string[] },
      ...parts.map((p) => ({ ...p, unlogged: false })),
    ]) {
      await admin('drop table if exists bench_price');
      await admin(`create ${v.unlogged ? 'unlogged ' : ''}table bench_price (like shared_record including defaults)`);
      for (const q of v.sql) await admin(q);
      priced.push({ name: v.name, ms: await copyInto('bench_price') });
      console.log(`COPY into ${v.name}: ${secs(priced.at(-1)!.ms)}`);
    }
    await admin('drop table if exists bench_price');
    const bare = priced[1].ms;

    // The target's baseline (issue 18): the same rows COPYed into a plain table with the same
    // columns, a primary key and the indexes an analyst would add (time, area, category).
    await admin('drop table if exists bench_plain');
    await admin(`create table bench_plain (like shared_record including defaults)`);
    await admin(`alter table bench_plain add primary key (id)`);
    for (const col of ['occurred_at', 'lsoa_code', 'category']) await admin(`create index on bench_plain (${col})`);
    const plainMs = await copyInto('bench_plain');
    await admin('drop table bench_plain');
    console.log(`COPY into a plain table with a primary key and analyst indexes: ${secs(plainMs)}`);

    // Baseline: PostgreSQL's COPY of the clean rows into shared_record itself, one transaction.
    await admin('truncate shared_record');
    await admin('select pg_stat_reset()');
    const copyMs = await copyInto('shared_record');
    const copyTriggers = await triggerTimes();

    // The import, through the CLI door in its own process, from the same starting point.
    await admin('truncate shared_record');
    await admin('checkpoint');
    await admin('select pg_stat_reset()');
    const env = {
      DATABASE_URL: db.url,
      HUB_PSEUDONYM_KEY: INGEST_KEY,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_DATA_DIR: path.join(dir, 'hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    };
    const cli = await cliImport(main, env, ['import', '--dataset', importDs.key, csvFile, '--json']);
    const importTriggers = await triggerTimes();
    const s = cli.summary;
    console.log(
      `COPY ${secs(copyMs)}; hub import ${secs(s.millis)} (wall ${secs(cli.wallMs)}), peak RSS ${Math.round(cli.maxRssKb / 1024)} MB, timings ${JSON.stringify(s.timings)}`,
    );
    expect(s).toMatchObject({ rowsRead: ROWS, inserted: clean, rejected: gen.bad, updated: 0, duplicates: 0 });
    const datasetsRssKb = (await cliImport(main, env, ['datasets', '--json'], false)).maxRssKb;
    const helpRssKb = (await cliImport(main, env, ['--help'], false)).maxRssKb;

    // Idempotent re-run, in this process: every row already stored, nothing written.
    const service = ingestService(pool);
    const again = await service.run({
      datasetKey: importDs.key,
      actor: OPERATOR,
      door: ImportDoor.CLI,
      source: csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })),
    });
    expect(again).toMatchObject({
      rowsRead: ROWS,
      inserted: 0,
      updated: 0,
      duplicates: clean,
      rejected: gen.bad,
      sameFileAs: s.batchId,
    });

    const importRate = rate(ROWS, s.millis);
    const copyRate = rate(clean, copyMs);
    const plainRate = rate(clean, plainMs);
    const load = (await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const tm = s.timings;
    const sumMs = (list: { ms: number }[]) => list.reduce((a, b) => a + b.ms, 0);
    const triggerList = (list: { name: string; ms: number; calls: number }[]) =>
      list.length ? list.map((f) => `${f.name} ${secs(f.ms)} (${f.calls} calls)`).join(', ') : 'none';
    const dbMs = tm.stage + (tm.rollups ?? 0) + tm.insert + tm.merge + tm.rejections + tm.finish + tm.commit;
    const report = [
      `### ${new Date().toISOString().slice(0, 16)}Z: ${ROWS.toLocaleString('en-GB')} rows (${mb(gen.bytes)} MB CSV, ${gen.bad} bad rows), PostgreSQL ${(await pool.query('show server_version')).rows[0].server_version}, load average ${load}`,
      '',
      '| measure | value |',
      '|---|---|',
      `| import end to end, \`hub import\` (parse, validate, guard, generalise, hash, write, commit) | ${secs(s.millis)}, **${importRate.toLocaleString('en-GB')} rows/s** (process start to exit: ${secs(cli.wallMs)}) |`,
      `| COPY of the same clean rows into shared_record (one statement) | ${secs(copyMs)}, ${copyRate.toLocaleString('en-GB')} rows/s |`,
      `| COPY of the same clean rows into a plain table (same columns, primary key, indexes on occurred_at, lsoa_code, category) | ${secs(plainMs)}, ${plainRate.toLocaleString('en-GB')} rows/s |`,
      `| import speed / plain-table COPY speed | **${(importRate / plainRate).toFixed(2)}** (target >= 0.5) |`,
      `| import speed / COPY into shared_record speed | **${(importRate / copyRate).toFixed(2)}** |`,
      `| peak RSS of the \`hub import\` process (no heap flag) | **${Math.round(cli.maxRssKb / 1024)} MB** (target < 300 MB) |`,
      `| peak RSS of \`hub datasets --json\` (connected, no import) / \`hub --help\` | ${Math.round(datasetsRssKb / 1024)} MB / ${Math.round(helpRssKb / 1024)} MB |`,
      `| **import, Node's main loop:** waiting for the next parsed row (read + CSV parse) / mapping rows (validate, guard, generalise, 2 HMACs, COPY line) / waiting for PostgreSQL | ${secs(tm.read)} / ${secs(tm.map)} / ${secs(tm.waitingForDatabase)} |`,
      `| **import, PostgreSQL:** COPY of chunks into the staging table (overlapping Node's work) / the batch's rollups from the stage / applying them to shared_record (one INSERT ... SELECT) / merges / rejections / closing the batch / commit | ${[tm.stage, tm.rollups ?? 0, tm.insert, tm.merge, tm.rejections, tm.finish, tm.commit].map(secs).join(' / ')} (${secs(dbMs)} in all) |`,
      `| import: inside trigger functions (PL/pgSQL, self time) | ${secs(sumMs(importTriggers))}: ${triggerList(importTriggers)} |`,
      `| COPY baseline: inside trigger functions | ${secs(sumMs(copyTriggers))}: ${triggerList(copyTriggers)} |`,
      `| Node alone: CSV parsing | ${secs(parseMs)}, ${rate(n, parseMs).toLocaleString('en-GB')} rows/s |`,
      `| Node alone: parsing + validate/guard/generalise/hash + COPY line | ${secs(mapMs)}, ${rate(ROWS, mapMs).toLocaleString('en-GB')} rows/s; without the two HMACs: ${secs(unhashed.ms)} (hashing ${secs(mapMs - unhashed.ms)}) |`,
      `| re-import of the same file (all duplicates, nothing written; in-process) | ${secs(again.millis)}, ${rate(ROWS, again.millis).toLocaleString('en-GB')} rows/s (merges ${secs(again.timings.merge)}) |`,
      '',
      `COPY of the same ${clean.toLocaleString('en-GB')} clean rows, one statement each, into a copy of shared_record (no triggers) with nothing, then with one part alone; "+" is the part's price over the bare table:`,
      '',
      '| table | COPY | rows/s | + over bare |',
      '|---|---|---|---|',
      ...priced.map(
        (p, i) =>
          `| ${p.name} | ${secs(p.ms)} | ${rate(clean, p.ms).toLocaleString('en-GB')} | ${i === 1 ? '' : `${p.ms - bare >= 0 ? '+' : ''}${secs(p.ms - bare)}`} |`,
      ),
      `| sum: bare + every part's price + the triggers' time in the baseline | ${secs(bare + sumMs(priced.slice(2)) - bare * (priced.length - 2) + sumMs(copyTriggers))} | | against the measured ${secs(copyMs)} |`,
      '',
    ].join('\n');
    console.log(report);
    await writeFile(path.join(import.meta.dirname, 'last-run.md'), report + '\n');
  });
});
