import proj4 from 'proj4';

/**
 * Coordinate reference systems of the files the hub loads: the British National Grid
 * (EPSG:27700, metres) and WGS84 (EPSG:4326, longitude and latitude in degrees).
 *
 * EPSG:27700 is defined with its seven-parameter Helmert transformation to WGS84
 * (`towgs84`), as the EPSG registry gives it: accurate to a few metres, ample for maps
 * and 100 m grid squares (OSTN15 would give centimetres, and is not needed here).
 */
export const BNG = 'EPSG:27700';
export const WGS84 = 'EPSG:4326';

proj4.defs(
  BNG,
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
    '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs +type=crs',
);

const converter = proj4(BNG, WGS84);

export type Crs = 'BNG' | 'WGS84';
export type Position = [number, number];
export type PolygonCoords = Position[][];
export type MultiPolygonCoords = Position[][][];
export interface PolygonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: PolygonCoords | MultiPolygonCoords;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A British National Grid easting and northing as WGS84 [longitude, latitude], 6 decimal places. */
export function bngToWgs84(easting: number, northing: number): Position {
  const [lon, lat] = converter.forward([easting, northing]);
  return [round6(lon), round6(lat)];
}

/** WGS84 [longitude, latitude] as a British National Grid [easting, northing] in metres. */
export function wgs84ToBng(lon: number, lat: number): Position {
  const [e, n] = converter.inverse([lon, lat]);
  return [e, n];
}

/**
 * The CRS named by a GeoJSON `crs` member (the 2008 GeoJSON form that the ONS files
 * carry, e.g. `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}`),
 * or null when there is none or it names neither system.
 */
export function crsFromMember(crs: unknown): Crs | null {
  if (!crs || typeof crs !== 'object') return null;
  const name = (crs as { properties?: { name?: unknown } }).properties?.name;
  if (typeof name !== 'string') return null;
  if (/(^|[^0-9])27700$/.test(name)) return 'BNG';
  if (/(^|[^0-9])4326$/.test(name) || /CRS84$/i.test(name)) return 'WGS84';
  return null;
}

/**
 * The CRS of coordinates by their magnitude: longitudes and latitudes lie within
 * [-180, 180] x [-90, 90]; grid eastings and northings in Great Britain run from 0 to
 * 700,000 and 1,300,000 metres, and no British area has every vertex within 180 m of the
 * false origin (south-west of the Scilly Isles, at sea).
 */
export function crsFromCoordinates(position: readonly number[]): Crs | null {
  const [x, y] = position;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return 'WGS84';
  if (x >= 0 && x <= 800_000 && y >= 0 && y <= 1_400_000) return 'BNG';
  return null;
}

/** The first position of a Polygon or MultiPolygon, or undefined. */
export function firstPosition(geometry: PolygonGeometry): number[] | undefined {
  const c = geometry.coordinates as unknown[];
  return geometry.type === 'Polygon' ? (c as PolygonCoords)[0]?.[0] : (c as MultiPolygonCoords)[0]?.[0]?.[0];
}

const mapRings = (rings: PolygonCoords, f: (p: Position) => Position): PolygonCoords =>
  rings.map((ring) => ring.map(f));

/** The geometry in WGS84 at 6 decimal places (about 0.1 m), from either CRS. */
export function toWgs84(geometry: PolygonGeometry, crs: Crs): PolygonGeometry {
  const f: (p: Position) => Position =
    crs === 'BNG' ? ([e, n]) => bngToWgs84(e, n) : ([lon, lat]) => [round6(lon), round6(lat)];
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: mapRings(geometry.coordinates as PolygonCoords, f) }
    : {
        type: 'MultiPolygon',
        coordinates: (geometry.coordinates as MultiPolygonCoords).map((p) => mapRings(p, f)),
      };
}

/** [minLon, minLat, maxLon, maxLat] of a WGS84 geometry. */
export function bbox(geometry: PolygonGeometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** The polygons of a Polygon or MultiPolygon. */
export function polygonsOf(geometry: PolygonGeometry): PolygonCoords[] {
  return geometry.type === 'Polygon'
    ? [geometry.coordinates as PolygonCoords]
    : (geometry.coordinates as MultiPolygonCoords);
}

/**
 * The area-weighted centroid of a geometry's outer rings, less its holes (shoelace
 * formula, in the geometry's own plane coordinates). Falls back to the mean vertex when
 * the area is zero.
 */
export function planarCentroid(geometry: PolygonGeometry): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, i) => {
      // Holes subtract whatever their winding: signs are taken relative to the outer ring.
      let ra = 0;
      let rx = 0;
      let ry = 0;
      for (let k = 0; k < ring.length - 1; k++) {
        const [x0, y0] = ring[k];
        const [x1, y1] = ring[k + 1];
        const cross = x0 * y1 - x1 * y0;
        ra += cross;
        rx += (x0 + x1) * cross;
        ry += (y0 + y1) * cross;
        sx += x0;
        sy += y0;
        count++;
      }
      const sign = (i === 0 ? 1 : -1) * Math.sign(ra || 1);
      a += sign * ra;
      cx += sign * rx;
      cy += sign * ry;
    });
  }
  if (Math.abs(a) < 1e-12) return count ? [sx / count, sy / count] : [0, 0];
  return [cx / (3 * a), cy / (3 * a)];
}
