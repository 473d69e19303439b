import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { jsonParser } from 'stream-json/parser.js';
import { geojsonValues } from '../../src/geography/boundaries-import.js';
import { GeographyImportService } from '../../src/geography/geography-import.service.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../../test/support/hub.js';

/*
 * bench/geography (loading): a national LSOA boundary file of 35,672 polygons (synthetic:
 * the size of the ONS "LSOA (December 2021) Boundaries EW BGC", in British National Grid
 * with the portal's properties), loaded filtered to one partnership, and the national
 * best-fit lookup (35,672 rows) filtered to its CSP. Targets: under a minute, memory
 * bounded (the file is streamed). The baseline in the same run reads and parses the same
 * file with stream-json's tokenizer alone (BENCH_GEOGRAPHY_NAIVE=1 adds the plain
 * pick + streamValues pipeline, which builds every feature).
 * Results go to bench/geography/last-run-load.md.
 */

const LSOAS = 35_672;
const VERTICES = Number(process.env.BENCH_GEOGRAPHY_VERTICES ?? 120);
/** The partnership: one district of 110 LSOAs in 11 wards, in CSP E22000042. */
const PARTNERSHIP_FIRST = 20_001;
const PARTNERSHIP_LSOAS = 110;
const COLS = 190;
const CELL = 2_800;

const lsoaCode = (i: number) => `E01${String(i).padStart(6, '0')}`;
const inPartnership = (i: number) => i >= PARTNERSHIP_FIRST && i < PARTNERSHIP_FIRST + PARTNERSHIP_LSOAS;

/** A deterministic pseudo-random number in [0, 1) from two integers. */
const noise = (a: number, b: number) => {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return x - Math.floor(x);
};

/** Writes the national boundary file, feature by feature (it never exists whole in memory). */
async function writeBoundaries(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    '{"type":"FeatureCollection","name":"LSOA_2021_EW_BGC_V5","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[\n',
  );
  for (let i = 1; i <= LSOAS; i++) {
    const col = (i - 1) % COLS;
    const row = Math.floor((i - 1) / COLS);
    const cx = 135_000 + col * CELL;
    const cy = 12_000 + row * CELL;
    const ring: string[] = [];
    for (let k = 0; k < VERTICES; k++) {
      const t = (2 * Math.PI * k) / VERTICES;
      const r = 1_000 + 350 * noise(i, k);
      ring.push(`[${(cx + r * Math.cos(t)).toFixed(3)},${(cy + r * Math.sin(t)).toFixed(3)}]`);
    }
    ring.push(ring[0]);
    const props = `{"FID":${i},"LSOA21CD":"${lsoaCode(i)}","LSOA21NM":"Synthetic ${String(i).padStart(5, '0')}A","LSOA21NMW":"","BNG_E":${cx},"BNG_N":${cy},"LAT":0,"LONG":0,"GlobalID":"${i.toString(16).padStart(8, '0')}-0000-0000-0000-000000000000"}`;
    await write(
      `${i > 1 ? ',\n' : ''}{"type":"Feature","properties":${props},"geometry":{"type":"Polygon","coordinates":[[${ring.join(',')}]]}}`,
    );
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
}

/** The national best-fit lookup: every LSOA with its ward, district, CSP and force. */
async function writeLookup(file: string): Promise<void> {
  const lines = ['\uFEFFLSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM,CSP24CD,CSP24NM,PFA24CD,PFA24NM,ObjectId'];
  for (let i = 1; i <= LSOAS; i++) {
    const ward = Math.ceil(i / 10);
    const lad = Math.ceil(i / 110);
    const ladCode = `E07${String(lad).padStart(6, '0')}`;
    const csp = inPartnership(i) ? 'E22000042' : `E22${String(1000 + lad).padStart(6, '0')}`;
    lines.push(
      `${lsoaCode(i)},Synthetic ${String(i).padStart(5, '0')}A,E05${String(ward).padStart(6, '0')},Ward ${ward},${ladCode},District ${lad},${csp},CSP ${csp},E23000001,Force,${i}`,
    );
  }
  await writeFile(file, lines.join('\r\n') + '\r\n');
}

/** Runs fn while sampling the process's resident set size; returns its time and the peak. */
async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; ms: number; peakRss: number; startRss: number }> {
  global.gc?.();
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  const t0 = performance.now();
  try {
    const result = await fn();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { result, ms: performance.now() - t0, peakRss, startRss };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('bench/geography: loading a national LSOA boundary file for one partnership', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let dir: string;
  let boundaries: string;
  let lookup: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bench-geography-'));
    boundaries = path.join(dir, 'LSOA_2021_EW_BGC_V5.geojson');
    lookup = path.join(dir, 'LSOA21_WD24_LAD24_CSP24_PFA24_EW_LU.csv');
    await writeBoundaries(boundaries);
    await writeLookup(lookup);
    db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      LOG_LEVEL: 'silent',
    });
    runtime = await openRuntime(config, createLogger('silent'));
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the partnership filtered from national files in under a minute, in bounded memory', async () => {
    const service = new GeographyImportService(runtime.pool, runtime.services.audit);
    const actor = { kind: 'system' as const, label: 'bench' };
    const fileBytes = (await stat(boundaries)).size;

    const lookupRun = await measured(() =>
      service.importFile({
        kind: 'LOOKUP',
        source: createReadStream(lookup),
        fileName: lookup,
        keep: ['E22000042'],
        actor,
      }),
    );
    expect(lookupRun.result.kept).toBe(PARTNERSHIP_LSOAS);

    // Baseline: the same file read and tokenized by stream-json's parser, and nothing else.
    const baseline = await measured(async () => {
      const tokenize = jsonParser({ packValues: true, streamValues: false }) as unknown as (c: string) => unknown;
      let tokens = 0;
      for await (const chunk of createReadStream(boundaries, { encoding: 'utf8' })) {
        const out = tokenize(chunk as string) as { values?: unknown[] };
        tokens += out.values?.length ?? 0;
      }
      return tokens;
    });
    expect(baseline.result).toBeGreaterThan(LSOAS * VERTICES * 4);
    // Optionally, the plain stream-json way (pick + streamValues: every feature built).
    const naive = process.env.BENCH_GEOGRAPHY_NAIVE
      ? await measured(async () => {
          let features = 0;
          for await (const { value } of geojsonValues(createReadStream(boundaries)))
            if ((value as { type?: string }).type === 'Feature') features++;
          return features;
        })
      : null;
    if (naive) expect(naive.result).toBe(LSOAS);

    const load = await measured(() =>
      service.importFile({ kind: 'BOUNDARIES', source: createReadStream(boundaries), fileName: boundaries, actor }),
    );
    expect(load.result).toMatchObject({ read: LSOAS, kept: PARTNERSHIP_LSOAS, outside: LSOAS - PARTNERSHIP_LSOAS });
    const { rows } = await runtime.pool.query<{ n: number }>(`select count(*)::int as n from area_boundary`);
    expect(rows[0].n).toBe(PARTNERSHIP_LSOAS);

    const lines = [
      `# bench/geography: loading (last run ${new Date().toISOString()})`,
      '',
      `Command: \`npx vitest run --config bench/vitest.bench.config.ts bench/geography/load.bench.test.ts\` (or \`npm run bench:geography\`, with the serving benchmark). Node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}.`,
      '',
      `National boundary file: ${LSOAS.toLocaleString('en-GB')} polygons of ${VERTICES} vertices, ${mb(fileBytes)}, British National Grid. Partnership: ${PARTNERSHIP_LSOAS} LSOAs.`,
      '',
      '| Step | Time | Peak RSS | RSS growth |',
      '|---|---|---|---|',
      `| National lookup (${LSOAS.toLocaleString('en-GB')} rows) filtered to the CSP | ${s(lookupRun.ms)} | ${mb(lookupRun.peakRss)} | ${mb(lookupRun.peakRss - lookupRun.startRss)} |`,
      `| Baseline: tokenize the boundary file with stream-json's parser alone | ${s(baseline.ms)} | ${mb(baseline.peakRss)} | ${mb(baseline.peakRss - baseline.startRss)} |`,
      ...(naive
        ? [
            `| For comparison: stream-json pick + streamValues, every feature built | ${s(naive.ms)} | ${mb(naive.peakRss)} | ${mb(naive.peakRss - naive.startRss)} |`,
          ]
        : []),
      `| Load the boundaries filtered to the partnership | ${s(load.ms)} | ${mb(load.peakRss)} | ${mb(load.peakRss - load.startRss)} |`,
      '',
      `Load / baseline: ${(load.ms / baseline.ms).toFixed(2)}x.`,
    ];
    await writeFile(path.join(import.meta.dirname, 'last-run-load.md'), lines.join('\n') + '\n');
    process.stdout.write(lines.join('\n') + '\n');

    expect(load.ms).toBeLessThan(60_000);
    // Streamed: memory grows by a small fraction of the file, not by the file.
    expect(load.peakRss - load.startRss).toBeLessThan(Math.max(150 * 1024 * 1024, fileBytes / 2));
  });
});
