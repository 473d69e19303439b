import { describe, expect, it } from 'vitest';
import { areaRows, DEMO_GEOGRAPHY } from '../../src/demo/geography.js';
import { bngToWgs84, polygonsOf, type PolygonGeometry } from '../../src/geography/crs.js';
import { buildDemoBoundaries, demoBoundaries } from '../../src/geography/demo-boundaries.js';

/** Planar area of a WGS84 geometry in square degrees (outer rings less holes). */
function area(g: PolygonGeometry): number {
  let total = 0;
  for (const polygon of polygonsOf(g)) {
    polygon.forEach((ring, i) => {
      let a = 0;
      for (let k = 0; k < ring.length - 1; k++) a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
      total += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  }
  return total;
}

/** Whether a point lies inside a geometry (even-odd rule). */
function contains(g: PolygonGeometry, [x, y]: [number, number]): boolean {
  let inside = false;
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

describe("the demo borough's synthetic boundaries", () => {
  const rows = demoBoundaries();
  const byCode = new Map(rows.map((r) => [r.areaCode, r]));

  it('has a boundary for every demo area, and the same one on every build', () => {
    expect(rows.map((r) => r.areaCode).sort()).toEqual(
      areaRows(DEMO_GEOGRAPHY)
        .map((a) => a.code)
        .sort(),
    );
    expect(buildDemoBoundaries()).toEqual(rows);
  });

  it('stores WGS84 at 6 decimal places, with a bounding box and a grid centroid inside the borough', () => {
    for (const r of rows) {
      expect(['Polygon', 'MultiPolygon']).toContain(r.geometry.type);
      const [minLon, minLat, maxLon, maxLat] = r.bbox;
      expect(minLon).toBeLessThan(maxLon);
      expect(minLat).toBeLessThan(maxLat);
      // The borough lies around 1.3 W, 52.6 N (grid 440000-452000, 290000-302000).
      expect(minLon).toBeGreaterThan(-1.45);
      expect(maxLon).toBeLessThan(-1.2);
      for (const ring of polygonsOf(r.geometry)[0]) {
        for (const [lon, lat] of ring) {
          expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
          expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
        }
      }
      expect(r.centroidEasting).toBeGreaterThan(439000);
      expect(r.centroidEasting).toBeLessThan(453000);
      expect(r.centroidNorthing).toBeGreaterThan(289000);
      expect(r.centroidNorthing).toBeLessThan(303000);
    }
  });

  it('wards and districts are exactly the unions of their LSOAs, which do not overlap', () => {
    for (const w of DEMO_GEOGRAPHY.wards) {
      const lsoas = DEMO_GEOGRAPHY.lsoas.filter((l) => l.wardCode === w.code);
      const sum = lsoas.reduce((s, l) => s + area(byCode.get(l.code)!.geometry), 0);
      expect(sum / area(byCode.get(w.code)!.geometry)).toBeCloseTo(1, 9);
    }
    for (const la of DEMO_GEOGRAPHY.localAuthorities) {
      const wards = DEMO_GEOGRAPHY.wards.filter((w) => w.localAuthorityCode === la.code);
      const sum = wards.reduce((s, w) => s + area(byCode.get(w.code)!.geometry), 0);
      expect(sum / area(byCode.get(la.code)!.geometry)).toBeCloseTo(1, 9);
    }
  });

  it("draws each LSOA around its own repeat-incident squares and its rectangle's centre", () => {
    for (const l of DEMO_GEOGRAPHY.lsoas) {
      const shape = byCode.get(l.code)!.geometry;
      for (const [e, n] of l.repeatSquares) expect(contains(shape, bngToWgs84(e + 50, n + 50))).toBe(true);
      const centre = bngToWgs84((l.box.minEasting + l.box.maxEasting) / 2, (l.box.minNorthing + l.box.maxNorthing) / 2);
      const holders = DEMO_GEOGRAPHY.lsoas.filter((o) => contains(byCode.get(o.code)!.geometry, centre));
      expect(holders.map((o) => o.code)).toEqual([l.code]);
    }
  });
});
