import { Delaunay } from 'd3-delaunay';
import type { PoolClient } from 'pg';
import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';
import { areaRows, DEMO_GEOGRAPHY, type DemoGeography } from '../demo/geography.js';
import { Random } from '../demo/random.js';
import { bbox, bngToWgs84, planarCentroid, type PolygonGeometry } from './crs.js';

/**
 * Synthetic boundaries for the demo borough, so that its maps work out of the box.
 *
 * The demo's LSOAs are rectangles of whole grid squares that tile the borough exactly
 * (src/demo/geography.ts), and its records' grid squares fall inside them. Drawn as
 * rectangles the borough would look like graph paper; so each LSOA becomes the union of
 * the Voronoi cells (d3-delaunay) of a jittered lattice of seed points that lie in its
 * rectangle: its edges wander by up to about a hundred metres either side of the
 * rectangle's, and neighbours still share every edge exactly. The cells are clipped to a
 * borough outline that wanders outside the square the rectangles fill. Wards and local
 * authorities are the unions of their LSOAs (polygon-clipping). Everything is computed in
 * British National Grid metres, whole metres, from a fixed seed (the same shapes on every
 * run), then converted to WGS84.
 */

/** One row of area_boundary. */
export interface BoundaryRow {
  areaCode: string;
  geometry: PolygonGeometry;
  centroidEasting: number;
  centroidNorthing: number;
  bbox: [number, number, number, number];
}

export const DEMO_BOUNDARY_RELEASE = 'Demo borough (synthetic)';

const SEED = 'riverside-northvale-boundaries';
/** Lattice spacing of the seed points, metres. */
const SPACING = 300;
/** How far a seed point may move from its lattice position, metres. */
const JITTER = 90;

interface Extent {
  minE: number;
  minN: number;
  maxE: number;
  maxN: number;
}

function extentOf(geo: DemoGeography): Extent {
  const e = { minE: Infinity, minN: Infinity, maxE: -Infinity, maxN: -Infinity };
  for (const l of geo.lsoas) {
    e.minE = Math.min(e.minE, l.box.minEasting);
    e.minN = Math.min(e.minN, l.box.minNorthing);
    e.maxE = Math.max(e.maxE, l.box.maxEasting);
    e.maxN = Math.max(e.maxN, l.box.maxNorthing);
  }
  return e;
}

/**
 * A star-shaped outline around the borough's square: in each direction from the centre,
 * the square's edge plus a smooth margin of 100 to 500 m (a sum of a few sines). Returns
 * whether a point lies inside it.
 */
function outline(ext: Extent, rng: Random): (x: number, y: number) => boolean {
  const cx = (ext.minE + ext.maxE) / 2;
  const cy = (ext.minN + ext.maxN) / 2;
  const hw = (ext.maxE - ext.minE) / 2;
  const hh = (ext.maxN - ext.minN) / 2;
  const waves = [2, 3, 5, 7].map((k) => ({ k, phase: rng.next() * 2 * Math.PI, amp: 0.5 + rng.next() }));
  const ampSum = waves.reduce((s, w) => s + w.amp, 0);
  return (x, y) => {
    const t = Math.atan2(y - cy, x - cx);
    const c = Math.abs(Math.cos(t));
    const s = Math.abs(Math.sin(t));
    const toEdge = Math.min(hw / Math.max(c, 1e-9), hh / Math.max(s, 1e-9));
    const wave = waves.reduce((sum, w) => sum + w.amp * Math.sin(w.k * t + w.phase), 0) / ampSum;
    return Math.hypot(x - cx, y - cy) < toEdge + 300 + 200 * wave;
  };
}

/** Rounds to whole metres, dropping vertices that rounding repeats. */
const roundRings = (mp: MultiPolygon): MultiPolygon =>
  mp.map((polygon) =>
    polygon.map((ring) => {
      const out: [number, number][] = [];
      for (const [x, y] of ring) {
        const p: [number, number] = [Math.round(x), Math.round(y)];
        const last = out[out.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
      }
      return out;
    }),
  );

/** A row from a BNG shape; `project` converts a vertex (memoised: neighbours share theirs). */
function row(areaCode: string, bng: MultiPolygon, project: (p: [number, number]) => [number, number]): BoundaryRow {
  const rounded = roundRings(bng);
  const geometryBng: PolygonGeometry =
    rounded.length === 1
      ? { type: 'Polygon', coordinates: rounded[0] }
      : { type: 'MultiPolygon', coordinates: rounded };
  const [e, n] = planarCentroid(geometryBng);
  const wgs = rounded.map((polygon) => polygon.map((ring) => ring.map(project)));
  const geometry: PolygonGeometry =
    wgs.length === 1 ? { type: 'Polygon', coordinates: wgs[0] } : { type: 'MultiPolygon', coordinates: wgs };
  return { areaCode, geometry, centroidEasting: Math.round(e), centroidNorthing: Math.round(n), bbox: bbox(geometry) };
}

/** Boundaries of every LSOA, ward and local authority of a demo geography (LSOAs first). */
export function buildDemoBoundaries(geo: DemoGeography = DEMO_GEOGRAPHY): BoundaryRow[] {
  const rng = new Random(SEED);
  const ext = extentOf(geo);
  const inside = outline(ext, rng);
  const MARGIN = 1000;
  const ownerOf = (x: number, y: number) => {
    if (!inside(x, y)) return -1;
    // Between the square and the outline: the LSOA at the nearest point of the square.
    const cx = Math.min(Math.max(x, ext.minE), ext.maxE - 1);
    const cy = Math.min(Math.max(y, ext.minN), ext.maxN - 1);
    return geo.lsoas.findIndex(
      (l) => cx >= l.box.minEasting && cx < l.box.maxEasting && cy >= l.box.minNorthing && cy < l.box.maxNorthing,
    );
  };

  // Seed points: a jittered lattice over the square and a margin around it, each owned by
  // the LSOA whose rectangle holds it (rectangles are half-open, so every point inside
  // has exactly one), or by nobody outside the outline: the borough's border is where
  // the cells of owned points meet those of unowned ones.
  const points: [number, number][] = [];
  const owner: number[] = [];
  for (let n = ext.minN - MARGIN + SPACING / 2; n < ext.maxN + MARGIN; n += SPACING) {
    for (let e = ext.minE - MARGIN + SPACING / 2; e < ext.maxE + MARGIN; e += SPACING) {
      const x = Math.round(e + (rng.next() * 2 - 1) * JITTER);
      const y = Math.round(n + (rng.next() * 2 - 1) * JITTER);
      points.push([x, y]);
      owner.push(ownerOf(x, y));
    }
  }
  // Every LSOA gets at least its own centre, however small its rectangle, and the centre
  // of each grid square where its repeat incidents fall, so those are drawn inside it.
  geo.lsoas.forEach((l, i) => {
    for (const [e, n] of l.repeatSquares) {
      points.push([e + 50, n + 50]);
      owner.push(i);
    }
    if (!owner.includes(i)) {
      points.push([(l.box.minEasting + l.box.maxEasting) / 2, (l.box.minNorthing + l.box.maxNorthing) / 2]);
      owner.push(i);
    }
  });

  const voronoi = Delaunay.from(points).voronoi([
    ext.minE - 2 * MARGIN,
    ext.minN - 2 * MARGIN,
    ext.maxE + 2 * MARGIN,
    ext.maxN + 2 * MARGIN,
  ]);
  const cells: [number, number][][] = points.map((_, p) => (voronoi.cellPolygon(p) ?? []) as [number, number][]);
  const byLsoa: Polygon[][] = geo.lsoas.map(() => []);
  cells.forEach((cell, p) => {
    if (owner[p] >= 0 && cell.length) byLsoa[owner[p]].push([cell]);
  });
  // LSOAs from their cells; wards and local authorities from their LSOAs, whose outlines
  // still share the cells' vertices exactly (rounding to whole metres comes last).
  const lsoaShapes = new Map(geo.lsoas.map((l, i) => [l.code, dissolve(byLsoa[i])]));
  const unionOf = (codes: string[]): MultiPolygon => dissolve(codes.flatMap((c) => lsoaShapes.get(c)!));
  const wgs = new Map<string, [number, number]>();
  const project = (p: [number, number]): [number, number] => {
    const k = `${p[0]},${p[1]}`;
    let v = wgs.get(k);
    if (!v) wgs.set(k, (v = bngToWgs84(p[0], p[1])));
    return v;
  };

  const rows: BoundaryRow[] = geo.lsoas.map((l) => row(l.code, lsoaShapes.get(l.code)!, project));
  for (const w of geo.wards) {
    rows.push(row(w.code, unionOf(geo.lsoas.filter((l) => l.wardCode === w.code).map((l) => l.code)), project));
  }
  for (const la of geo.localAuthorities) {
    const codes = geo.lsoas.filter((l) => l.localAuthorityCode === la.code).map((l) => l.code);
    rows.push(row(la.code, unionOf(codes), project));
  }
  return rows;
}

/**
 * The union of adjacent polygons (Voronoi cells, or regions dissolved from them). They
 * share their vertices exactly (d3-delaunay computes each circumcentre once) and all wind
 * the same way, so an edge inside the union appears twice, once in each direction: drop
 * those, and the edges left chain into the outline. When that is not one simple ring (a
 * region in pieces, or with a hole), polygon-clipping does the general union instead.
 */
function dissolve(polygons: Polygon[]): MultiPolygon {
  const general = (): MultiPolygon => {
    const [first, ...rest] = polygons;
    return polygonClipping.union(first, ...rest);
  };
  if (polygons.some((p) => p.length !== 1)) return general();
  const key = (p: [number, number]) => `${p[0]},${p[1]}`;
  const edges = new Map<string, { from: [number, number]; to: [number, number] }>();
  for (const [ring] of polygons) {
    for (let k = 0; k < ring.length - 1; k++) {
      const a = key(ring[k]);
      const b = key(ring[k + 1]);
      if (a === b) continue;
      if (!edges.delete(`${b}|${a}`)) edges.set(`${a}|${b}`, { from: ring[k], to: ring[k + 1] });
    }
  }
  const next = new Map<string, [number, number]>();
  for (const { from, to } of edges.values()) {
    if (next.has(key(from))) return general();
    next.set(key(from), to);
  }
  const [start] = edges.values();
  const ring: [number, number][] = [start.from];
  let at: [number, number] | undefined = start.to;
  while (at && key(at) !== key(start.from) && ring.length <= edges.size) {
    ring.push(at);
    at = next.get(key(at));
  }
  if (!at || ring.length !== edges.size) return general();
  ring.push(start.from);
  return [[ring]];
}

let cached: BoundaryRow[] | undefined;

/** The demo borough's boundaries, built once per process (they never change). */
export function demoBoundaries(): readonly BoundaryRow[] {
  cached ??= buildDemoBoundaries();
  return cached;
}

/** Writes the demo borough's boundaries into area_boundary (its areas must exist). */
export async function insertDemoBoundaries(client: Pick<PoolClient, 'query'>): Promise<number> {
  const rows = demoBoundaries();
  const result = await client.query(
    `insert into area_boundary (area_code, release, geometry, centroid_easting, centroid_northing, bbox)
     select r.code, $2, r.geometry, r.e, r.n, r.bbox
     from jsonb_to_recordset($1::jsonb) as r(code text, geometry jsonb, e int, n int, bbox jsonb)
     on conflict (area_code) do update set release = excluded.release, geometry = excluded.geometry,
       centroid_easting = excluded.centroid_easting, centroid_northing = excluded.centroid_northing,
       bbox = excluded.bbox, loaded_at = now()`,
    [
      JSON.stringify(
        rows.map((r) => ({
          code: r.areaCode,
          geometry: r.geometry,
          e: r.centroidEasting,
          n: r.centroidNorthing,
          bbox: r.bbox,
        })),
      ),
      DEMO_BOUNDARY_RELEASE,
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Gives a demo loaded before the hub drew maps its boundaries (at start-up, where the demo
 * is configured): areas of the demo that have none get theirs; nothing else changes.
 */
export async function backfillDemoBoundaries(client: Pick<PoolClient, 'query'>): Promise<number> {
  const codes = areaRows(DEMO_GEOGRAPHY).map((a) => a.code);
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from area a
      where a.code = any($1::text[]) and not exists (select 1 from area_boundary b where b.area_code = a.code)`,
    [codes],
  );
  if (!rows[0].n) return 0;
  const result = await client.query(
    `insert into area_boundary (area_code, release, geometry, centroid_easting, centroid_northing, bbox)
     select r.code, $2, r.geometry, r.e, r.n, r.bbox
       from jsonb_to_recordset($1::jsonb) as r(code text, geometry jsonb, e int, n int, bbox jsonb)
      where exists (select 1 from area a where a.code = r.code)
     on conflict (area_code) do nothing`,
    [
      JSON.stringify(
        demoBoundaries().map((r) => ({
          code: r.areaCode,
          geometry: r.geometry,
          e: r.centroidEasting,
          n: r.centroidNorthing,
          bbox: r.bbox,
        })),
      ),
      DEMO_BOUNDARY_RELEASE,
    ],
  );
  return result.rowCount ?? 0;
}
