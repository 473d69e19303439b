import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind } from '../../src/domain/vocabulary.js';
import type { ImportSummary } from '../../src/ingest/import-summary.js';
import { fileSource } from '../../src/ingest/record-source.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_TOKEN_SECRET } from '../../test/support/hub.js';
import { INGEST_KEY, seedAreas } from '../../test/support/ingest.js';
import { Seed } from '../../test/support/seed.js';
import { generateCrimeCsv, generateCrimeXlsx } from './generate.js';

/**
 * bench/ingest, spreadsheets: the same police crime rows as a CSV file and as an .xlsx
 * workbook (dates as date cells, numbers as numbers, text in shared strings, the sheet
 * before the strings as Excel writes it), each imported end to end by `hub import` in its
 * own process into its own empty dataset, in the same run. Target: the workbook at no
 * less than half the CSV's speed, within the same memory bound (300 MB).
 *
 *   BENCH_ROWS=200000 npx vitest run --config bench/vitest.bench.config.ts bench/ingest/xlsx.bench.test.ts
 *
 * BENCH_ROWS (default 200,000) sets the size. The report is printed and written to
 * bench/ingest/last-run-xlsx.md.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(tmpdir(), `hub-bench-xlsx-${process.pid}`);
const csvFile = path.join(dir, 'crime.csv');
const xlsxFile = path.join(dir, 'crime.xlsx');
const cliDist = path.join(root, 'bench/out/ingest-dist');

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

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
  if (!existsSync(main)) throw new Error(`could not build the CLI:\n${res.stdout}\n${res.stderr}`);
  return main;
}

async function cliImport(
  main: string,
  env: Record<string, string>,
  args: string[],
): Promise<{ summary: ImportSummary; wallMs: number; maxRssKb: number }> {
  // The peak of this process's own memory (VmHWM, kB): getrusage's maxRSS survives exec on
  // Linux, so a child reports at least what the benchmark process held when it spawned it.
  const script = `const { run } = await import(${JSON.stringify(pathToFileURL(main).href)});
    const code = await run(JSON.parse(process.env.BENCH_ARGS));
    const hwm = /VmHWM:\\s+(\\d+)/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'))?.[1];
    process.stderr.write('\\nMAXRSS ' + (hwm ?? process.resourceUsage().maxRSS) + '\\n');
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
  return {
    summary: JSON.parse(out.trim().split('\n').pop()!),
    wallMs,
    maxRssKb: Number(/MAXRSS (\d+)/.exec(err)?.[1] ?? NaN),
  };
}

/** Rows per second of reading alone (no database): the file's records, header included. */
async function readOnly(file: string): Promise<{ ms: number; records: number }> {
  const t = performance.now();
  let records = 0;
  for await (const _ of fileSource(createReadStream(file, { highWaterMark: 256 * 1024 })).records()) records++;
  return { ms: performance.now() - t, records };
}

describe('bench/ingest: .xlsx against CSV', () => {
  let db: TestDatabase;

  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`imports the same ${ROWS.toLocaleString('en-GB')} rows as CSV and as .xlsx`, async () => {
    await mkdir(dir, { recursive: true });
    const main = buildCli();
    db = await createTestDatabase();
    await seedAreas(db.orm);
    const seed = new Seed(db.orm);
    const police = await seed.agency('XBENCH', AgencyKind.POLICE);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'xbench-csv');
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'xbench-xlsx');

    const genFrom = performance.now();
    const gen = await generateCrimeCsv(csvFile, ROWS);
    const genX = await generateCrimeXlsx(xlsxFile, ROWS);
    console.log(`generated in ${secs(performance.now() - genFrom)}`);
    expect(genX.bad).toBe(gen.bad);

    const csvRead = await readOnly(csvFile);
    const xlsxRead = await readOnly(xlsxFile);
    expect(xlsxRead.records).toBe(csvRead.records);

    const env = {
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: INGEST_KEY,
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    };
    const csvRun = await cliImport(main, env, ['import', '--dataset', 'xbench-csv', csvFile, '--json']);
    const xlsxRun = await cliImport(main, env, ['import', '--dataset', 'xbench-xlsx', xlsxFile, '--json']);
    for (const r of [csvRun, xlsxRun])
      expect(r.summary).toMatchObject({ rowsRead: ROWS, inserted: ROWS - gen.bad, rejected: gen.bad, blank: 0 });

    const ratio = csvRun.summary.millis / xlsxRun.summary.millis;
    const load = (await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const report = [
      `### ${new Date().toISOString().slice(0, 16)}Z: ${ROWS.toLocaleString('en-GB')} rows, CSV ${mb(gen.bytes)} MB vs .xlsx ${mb(statSync(xlsxFile).size)} MB (${gen.bad} bad rows each), load average ${load}`,
      '',
      '| measure | CSV | .xlsx |',
      '|---|---|---|',
      `| import end to end, \`hub import --json\` (millis in its summary) | ${secs(csvRun.summary.millis)}, **${rate(ROWS, csvRun.summary.millis).toLocaleString('en-GB')} rows/s** | ${secs(xlsxRun.summary.millis)}, **${rate(ROWS, xlsxRun.summary.millis).toLocaleString('en-GB')} rows/s** |`,
      `| process start to exit | ${secs(csvRun.wallMs)} | ${secs(xlsxRun.wallMs)} |`,
      `| peak RSS of the \`hub import\` process (VmHWM, no heap flag) | **${Math.round(csvRun.maxRssKb / 1024)} MB** | **${Math.round(xlsxRun.maxRssKb / 1024)} MB** |`,
      `| Node's main loop: waiting for the next row (read + parse) / mapping rows | ${secs(csvRun.summary.timings.read)} / ${secs(csvRun.summary.timings.map)} | ${secs(xlsxRun.summary.timings.read)} / ${secs(xlsxRun.summary.timings.map)} |`,
      `| PostgreSQL: staging / applying (insert) | ${secs(csvRun.summary.timings.stage)} / ${secs(csvRun.summary.timings.insert)} | ${secs(xlsxRun.summary.timings.stage)} / ${secs(xlsxRun.summary.timings.insert)} |`,
      `| reading alone, no database (records/s) | ${secs(csvRead.ms)}, ${rate(csvRead.records, csvRead.ms).toLocaleString('en-GB')} | ${secs(xlsxRead.ms)}, ${rate(xlsxRead.records, xlsxRead.ms).toLocaleString('en-GB')} |`,
      '',
      `.xlsx speed / CSV speed: **${ratio.toFixed(2)}** (target >= 0.5); peak RSS target < 300 MB.`,
      '',
    ].join('\n');
    console.log(report);
    await writeFile(path.join(root, 'bench/ingest/last-run-xlsx.md'), report);
    expect(ratio).toBeGreaterThanOrEqual(0.5);
    expect(xlsxRun.maxRssKb / 1024).toBeLessThan(300);
  });
});
