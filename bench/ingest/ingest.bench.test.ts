import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { pseudonymise } from '../../src/domain/pseudonym.js';
import { AgencyKind, DatasetKind } from '../../src/domain/vocabulary.js';
import { resolveHeader } from '../../src/ingest/header.js';
import { ImportDoor } from '../../src/ingest/import.service.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { compileRowMapper, RECORD_COPY_COLUMNS, type LsoaParents } from '../../src/ingest/row-mapper.js';
import { templateFor } from '../../src/ingest/templates.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { INGEST_KEY, ingestService, OPERATOR, seedAreas } from '../../test/support/ingest.js';
import { Seed } from '../../test/support/seed.js';
import { generateCrimeCsv } from './generate.js';

/**
 * bench/ingest: a 1,000,000-row police crime CSV imported end to end (parse, validate,
 * guard, generalise, hash, write, commit), against PostgreSQL's own COPY of the same rows
 * already clean, in the same run, on the same table and indexes.
 *
 *   npx vitest run --config bench/vitest.bench.config.ts bench/ingest
 *
 * BENCH_ROWS changes the size. Results are printed and written to bench/ingest/last-run.md.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.join(tmpdir(), `hub-bench-ingest-${process.pid}`);
const csvFile = path.join(dir, 'crime.csv');
const copyFile = path.join(dir, 'clean.copy');

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms);

/** Peak RSS and heap while `work` runs, sampled every 10 ms. */
async function peakMemory<T>(work: () => Promise<T>): Promise<{ result: T; rssBefore: number; rssPeak: number; heapPeak: number }> {
  const before = process.memoryUsage();
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 10);
  try {
    const result = await work();
    return { result, rssBefore: before.rss, rssPeak, heapPeak };
  } finally {
    clearInterval(timer);
  }
}

describe('bench/ingest', () => {
  let db: TestDatabase;

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`imports ${ROWS.toLocaleString('en-GB')} CSV rows end to end and compares with COPY of the same clean rows`, async () => {
    await mkdir(dir, { recursive: true });
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

    // Where Node's time goes, without a database: parsing alone, then parsing with the whole row pipeline.
    let t = performance.now();
    let n = 0;
    for await (const _ of csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })).records()) n++;
    const parseMs = performance.now() - t;

    // The clean rows, exactly as the pipeline stores them, written as a COPY file for the baseline.
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
    expect(clean).toBe(ROWS - gen.bad);

    // Baseline: PostgreSQL's COPY of the clean rows into the same table, one transaction.
    await pool.query('checkpoint');
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

    // Same starting point for the import: an empty table, a fresh checkpoint.
    await pool.query('truncate shared_record');
    await pool.query('checkpoint');
    const service = ingestService(pool);
    const run = () => service.run({ datasetKey: importDs.key, actor: OPERATOR, door: ImportDoor.CLI, source: csvSource(createReadStream(csvFile, { highWaterMark: 1 << 20 })) });
    const first = await peakMemory(run);
    const s = first.result;
    expect(s).toMatchObject({ rowsRead: ROWS, inserted: clean, rejected: gen.bad, updated: 0, duplicates: 0 });

    // Idempotent re-run: every row already stored, nothing written.
    const again = await peakMemory(run);
    expect(again.result).toMatchObject({ rowsRead: ROWS, inserted: 0, updated: 0, duplicates: clean, rejected: gen.bad });

    const importRate = rate(ROWS, s.millis);
    const copyRate = rate(clean, copyMs);
    const lines = [
      `### ${new Date().toISOString().slice(0, 16)}Z, ${ROWS.toLocaleString('en-GB')} rows (${mb(gen.bytes)} MB CSV, ${gen.bad} bad rows), PostgreSQL ${(await pool.query('show server_version')).rows[0].server_version}`,
      '',
      '| measure | value |',
      '|---|---|',
      `| import end to end (parse, validate, guard, generalise, hash, write, commit) | ${(s.millis / 1000).toFixed(1)} s, **${importRate.toLocaleString('en-GB')} rows/s** |`,
      `| COPY of the same clean rows, same table and indexes | ${(copyMs / 1000).toFixed(1)} s, ${copyRate.toLocaleString('en-GB')} rows/s |`,
      `| import speed / COPY speed | **${(importRate / copyRate).toFixed(2)}** (target >= 0.33) |`,
      `| peak RSS during the import (process, incl. the test runner) | **${mb(first.rssPeak)} MB** (${mb(first.rssBefore)} MB before; +${mb(first.rssPeak - first.rssBefore)} MB) |`,
      `| peak JS heap during the import | ${mb(first.heapPeak)} MB |`,
      `| re-import of the same file (all duplicates) | ${(again.result.millis / 1000).toFixed(1)} s, ${rate(ROWS, again.result.millis).toLocaleString('en-GB')} rows/s |`,
      `| Node alone: CSV parsing | ${(parseMs / 1000).toFixed(1)} s, ${rate(n, parseMs).toLocaleString('en-GB')} rows/s |`,
      `| Node alone: parsing + validate/guard/generalise/hash + COPY line | ${(mapMs / 1000).toFixed(1)} s, ${rate(ROWS, mapMs).toLocaleString('en-GB')} rows/s |`,
      `| import: time Node waited for PostgreSQL | ${(s.timings.waitingForDatabase / 1000).toFixed(1)} s |`,
      `| import: PostgreSQL time in existence checks / COPY / updates / rejections | ${[s.timings.check, s.timings.copy, s.timings.update, s.timings.rejections].map((v) => (v / 1000).toFixed(1)).join(' / ')} s |`,
      `| re-import: existence checks / staged updates | ${[again.result.timings.check, again.result.timings.update].map((v) => (v / 1000).toFixed(1)).join(' / ')} s |`,
      '',
    ];
    const report = lines.join('\n');
    console.log(report);
    await writeFile(path.join(import.meta.dirname, 'last-run.md'), report + '\n');
  });
});
