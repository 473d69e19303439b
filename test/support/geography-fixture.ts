import type pg from 'pg';
import polygonClipping, { type MultiPolygon as ClipMultiPolygon } from 'polygon-clipping';
import { buildGeography, type GridBox } from '../../src/demo/geography.js';
import { gridToLonLat } from '../../src/geography/layers.js';

/** The release name of the boundaries the tests insert. */
export const FIXTURE_RELEASE = 'test-fixture-boundaries';

const ring = (b: GridBox): [number, number][] => [
  [b.minEasting, b.minNorthing],
  [b.maxEasting, b.minNorthing],
  [b.maxEasting, b.maxNorthing],
  [b.minEasting, b.maxNorthing],
  [b.minEasting, b.minNorthing],
];

/**
 * Boundaries for the demo borough's areas, as the storage contract holds them (WGS84
 * GeoJSON, grid centroid, bounding box): each LSOA and ward its rectangle of grid
 * squares, each local authority the union of its wards. Replaces whatever is stored.
 */
export async function insertFixtureBoundaries(pool: pg.Pool): Promise<{ lsoas: number; wards: number; las: number }> {
  const g = buildGeography();
  const rows: { code: string; grid: ClipMultiPolygon }[] = [
    ...g.lsoas.map((l) => ({ code: l.code, grid: [[ring(l.box)]] as ClipMultiPolygon })),
    ...g.wards.map((w) => ({ code: w.code, grid: [[ring(w.box)]] as ClipMultiPolygon })),
    ...g.localAuthorities.map((la) => {
      const own = g.wards
        .filter((w) => w.localAuthorityCode === la.code)
        .map((w) => [[ring(w.box)]] as ClipMultiPolygon);
      return { code: la.code, grid: polygonClipping.union(own[0], ...own.slice(1)) };
    }),
  ];
  await pool.query('delete from area_boundary');
  for (const r of rows) {
    const coords = r.grid.map((poly) => poly.map((rg) => rg.map((p) => gridToLonLat(p))));
    const geometry =
      coords.length === 1 ? { type: 'Polygon', coordinates: coords[0] } : { type: 'MultiPolygon', coordinates: coords };
    const all = r.grid.flat(2);
    const lonlat = coords.flat(2);
    const e = all.map((p) => p[0]);
    const n = all.map((p) => p[1]);
    await pool.query(
      `insert into area_boundary (area_code, release, geometry, centroid_easting, centroid_northing, bbox)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        r.code,
        FIXTURE_RELEASE,
        JSON.stringify(geometry),
        Math.round((Math.min(...e) + Math.max(...e)) / 2),
        Math.round((Math.min(...n) + Math.max(...n)) / 2),
        JSON.stringify([
          Math.min(...lonlat.map((p) => p[0])),
          Math.min(...lonlat.map((p) => p[1])),
          Math.max(...lonlat.map((p) => p[0])),
          Math.max(...lonlat.map((p) => p[1])),
        ]),
      ],
    );
  }
  return { lsoas: g.lsoas.length, wards: g.wards.length, las: g.localAuthorities.length };
}
