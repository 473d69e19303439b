import type { Feature, Geometry } from 'geojson';

/**
 * The console's maps are drawn on the British National Grid, as the hub serves its
 * layers. Under a Web Mercator base map (HUB_MAP_TILE_CRS=EPSG:3857) the boundaries are
 * converted to Web Mercator metres first, with proj4, loaded only then.
 */

export type Point = [number, number];
export type Reproject = (p: Point) => Point;

/** The British National Grid, as the hub's layers are drawn on it. */
const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

/** National Grid to Web Mercator metres, for a Web Mercator base map (proj4 loads only then). */
export async function toWebMercator(): Promise<Reproject> {
  const { default: proj4 } = await import('proj4');
  const convert = proj4(BNG, 'EPSG:3857');
  return (p) => convert.forward(p) as Point;
}

function reprojectGeometry(g: Geometry, f: Reproject): Geometry {
  switch (g.type) {
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((ring) => ring.map((p) => f(p as Point))) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => f(p as Point)))) };
    default:
      return g;
  }
}

export function reproject<F extends Feature>(feature: F, f: Reproject | null): F {
  return f && feature.geometry ? { ...feature, geometry: reprojectGeometry(feature.geometry, f) } : feature;
}
