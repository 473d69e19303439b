import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/domain/vocabulary.js';
import { gridToLonLat } from '../../src/geography/layers.js';
import { startDemoHub, type DemoHub } from '../../test/support/demo-hub.js';

/*
 * bench/geography (serving): a partnership's LSOA layer from the layer door, warm (built
 * and cached), against a trivial authenticated GraphQL query in the same run (the
 * door's floor: authentication, the permission layer and an audit event per answer).
 * Target: under 100 ms warm. The layer is generated: BENCH_GEO_LSOAS LSOAs (default
 * 1,000, a large county partnership) on a lattice with wandering shared edges of
 * BENCH_GEO_EDGE_POINTS points each (default 25, about 100 points an LSOA, like the ONS
 * generalised clipped boundaries). Results go to bench/geography/last-run-serve.md.
 */

const LSOAS = Number(process.env.BENCH_GEO_LSOAS ?? 1_000);
const EDGE_POINTS = Number(process.env.BENCH_GEO_EDGE_POINTS ?? 25);
const RUNS = Number(process.env.BENCH_GEO_RUNS ?? 50);
const CELL = 500;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A deterministic wobble in [-1, 1] for a point of an edge, the same for both cells that share it. */
const wobble = (a: number, b: number, c: number) => {
  const x = Math.sin(a * 12.9898 + b * 78.233 + c * 37.719) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
};

/** The points of the edge from lattice node (i, j) along x (dir 0) or y (dir 1), without its end. */
function edge(i: number, j: number, dir: 0 | 1): [number, number][] {
  const x0 = 400000 + i * CELL;
  const y0 = 200000 + j * CELL;
  const pts: [number, number][] = [];
  for (let k = 0; k < EDGE_POINTS; k++) {
    const t = (k / EDGE_POINTS) * CELL;
    const off = k === 0 ? 0 : wobble(i, j, k * 2 + dir) * CELL * 0.08;
    pts.push(dir === 0 ? [x0 + t, y0 + off] : [x0 + off, y0 + t]);
  }
  return pts;
}

/** Cell (i, j) as a closed ring (anticlockwise) from four shared edges. */
function cellRing(i: number, j: number): [number, number][] {
  const bottom = edge(i, j, 0);
  const right = edge(i + 1, j, 1);
  const top = [...edge(i, j + 1, 0), [400000 + (i + 1) * CELL, 200000 + (j + 1) * CELL] as [number, number]]
    .slice(1)
    .reverse();
  const left = [...edge(i, j, 1), [400000 + i * CELL, 200000 + (j + 1) * CELL] as [number, number]].slice(1).reverse();
  const ring = [...bottom, ...right, ...top, ...left];
  return [...ring, ring[0]];
}

describe('bench/geography: serving a layer', () => {
  let hub: DemoHub;
  let token: string;

  beforeAll(async () => {
    hub = await startDemoHub({ records: 2_000, seed: 3, referenceDate: '2026-11-22' });
    token = await hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
    // The demo's own areas are replaced by the generated partnership's LSOAs.
    await hub.pool.query(`delete from area_boundary`);
    const cols = Math.ceil(Math.sqrt(LSOAS * 1.5));
    for (let n = 0; n < LSOAS; n += 200) {
      const codes: string[] = [];
      const geoms: string[] = [];
      for (let k = n; k < Math.min(LSOAS, n + 200); k++) {
        const ring = cellRing(k % cols, Math.floor(k / cols)).map(gridToLonLat);
        codes.push(`E01${String(900000 + k).padStart(6, '0')}`);
        geoms.push(JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
      }
      await hub.pool.query(
        `insert into area (code, name, level) select c, 'Bench ' || c, 'LSOA' from unnest($1::text[]) c`,
        [codes],
      );
      await hub.pool.query(
        `insert into area_boundary (area_code, release, geometry, centroid_easting, centroid_northing, bbox)
         select c, 'bench', g::jsonb, 0, 0, '[0,0,0,0]'::jsonb from unnest($1::text[], $2::text[]) as t(c, g)`,
        [codes, geoms],
      );
    }
  });

  afterAll(async () => {
    await hub?.t.close();
  });

  it('serves the LSOA layer warm under 100 ms', async () => {
    const url = new URL('/geography/layers/LSOA.topojson?purpose=STRATEGIC_ASSESSMENT&detail=MEDIUM', hub.t.hub.url);
    const headers = { authorization: `Bearer ${token}` };
    const get = async (extra: Record<string, string> = {}) => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { ...headers, ...extra } });
      const body = await res.arrayBuffer();
      return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength, etag: res.headers.get('etag') };
    };
    const cold = await get();
    expect(cold.status).toBe(200);
    const warm: number[] = [];
    const revalidated: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const w = await get();
      expect(w.status).toBe(200);
      warm.push(w.ms);
      const r = await get({ 'if-none-match': cold.etag! });
      expect(r.status).toBe(304);
      revalidated.push(r.ms);
      const t0 = performance.now();
      const b = await hub.t.gql('query { me { username } }', {}, { token });
      baseline.push(performance.now() - t0);
      expect(b.errors).toBeUndefined();
    }
    const vertices = (
      await hub.sql<{ n: number }>(
        `select sum(jsonb_array_length(geometry->'coordinates'->0))::int as n from area_boundary`,
      )
    )[0].n;
    const lines = [
      '# bench/geography: serving a layer',
      '',
      `Command: \`npx vitest run --config bench/vitest.bench.config.ts bench/geography/serve\` (BENCH_GEO_LSOAS=${LSOAS}, BENCH_GEO_EDGE_POINTS=${EDGE_POINTS}, BENCH_GEO_RUNS=${RUNS})`,
      `Run: ${new Date().toISOString()}, ${LSOAS.toLocaleString('en-GB')} LSOAs, ${vertices.toLocaleString('en-GB')} points stored.`,
      '',
      '| What | Median | p95 |',
      '| --- | ---: | ---: |',
      `| Baseline: \`{ me { username } }\` with a bearer token | ${ms(median(baseline))} | ${ms(p95(baseline))} |`,
      `| LSOA layer, cold (read, project, build, simplify, quantise) | ${ms(cold.ms)} | |`,
      `| LSOA layer, warm, 200 (${(cold.bytes / 1024).toFixed(0)} KB) | ${ms(median(warm))} | ${ms(p95(warm))} |`,
      `| LSOA layer, warm, 304 (If-None-Match) | ${ms(median(revalidated))} | ${ms(p95(revalidated))} |`,
      '',
      `Target: warm under 100 ms. ${median(warm) < 100 ? 'Met' : 'NOT met'}.`,
      '',
    ];
    const out = lines.join('\n');
    writeFileSync(path.join(import.meta.dirname, 'last-run-serve.md'), out);
    console.log(out);
    expect(median(warm)).toBeLessThan(100);
  });
});
