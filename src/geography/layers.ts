import { createHash } from 'node:crypto';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type pg from 'pg';
import proj4 from 'proj4';
import { topology } from 'topojson-server';
import { planarTriangleArea, presimplify, simplify } from 'topojson-simplify';
import { quantize } from 'topojson-client';
import type { Objects, Topology } from 'topojson-specification';
import type { AccessPlan } from '../auth/access-plan.js';
import { atLeastAsFine } from '../auth/record-fields.js';
import { Access, LocationPrecision, RecordField } from '../domain/vocabulary.js';
import { BNG } from './crs.js';
import { MapDetail, GroupBy } from '../domain/api-enums.js';

/**
 * Area geometry for maps: the boundaries in `area_boundary` (WGS84, as loaded), served
 * per area level as TopoJSON on the British National Grid, simplified for the scale
 * asked and quantised, built once per (level, detail, release) and kept in memory.
 *
 * Geometry is public, but a layer is served only at a level the caller may group
 * shared data by for the declared purpose (`levelsAllowed`): a map is drawn at the
 * level of the answer the caller received, never finer.
 */

/** The area levels that have boundaries. */
export const LAYER_LEVELS = [GroupBy.LSOA, GroupBy.WARD, GroupBy.LOCAL_AUTHORITY] as const;
export type LayerLevel = (typeof LAYER_LEVELS)[number];

const LEVEL_PRECISION: Record<LayerLevel, LocationPrecision> = {
  [GroupBy.LSOA]: LocationPrecision.LSOA,
  [GroupBy.WARD]: LocationPrecision.WARD,
  [GroupBy.LOCAL_AUTHORITY]: LocationPrecision.LOCAL_AUTHORITY,
};

/**
 * Simplification (the least triangle area, in square metres, a point must carry to be
 * kept) and quantisation (grid positions across the layer's extent) for each detail.
 */
const DETAIL: Record<MapDetail, { minArea: number; quantization: number }> = {
  [MapDetail.LOW]: { minArea: 40_000, quantization: 1e4 },
  [MapDetail.MEDIUM]: { minArea: 2_500, quantization: 1e5 },
  [MapDetail.HIGH]: { minArea: 0, quantization: 1e6 },
};

/** Bumped when the layer's format changes, so that browsers' copies are refetched. */
const FORMAT_VERSION = 1;

// The National Grid as src/geography/crs.ts defines it (importing it registers it with proj4).
export { BNG };
const toGrid = proj4('WGS84', BNG);

/** WGS84 [longitude, latitude] to British National Grid [easting, northing] in metres (to the centimetre). */
export function lonLatToGrid(p: Position): [number, number] {
  const [x, y] = toGrid.forward([p[0], p[1]]);
  return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
}

/** British National Grid [easting, northing] to WGS84 [longitude, latitude], 6 decimal places (about 10 cm). */
export function gridToLonLat(p: readonly [number, number]): [number, number] {
  const [lon, lat] = toGrid.inverse([p[0], p[1]]);
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

export type AreaGeometry = Polygon | MultiPolygon;

/** One area's boundary as loaded (WGS84). */
export interface AreaShape {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

/** The boundaries of one level as loaded: what the layers, the GeoJSON export and the report's maps draw. */
export interface LevelShapes {
  level: LayerLevel;
  /** The boundary release(s), e.g. "2021-generalised-clipped" (several joined by "+"). */
  release: string;
  /** Changes whenever the stored boundaries of the level change. */
  version: string;
  shapes: AreaShape[];
  byCode: ReadonlyMap<string, AreaShape>;
  /** The same boundaries on the British National Grid, for planar drawing. */
  grid: FeatureCollection<AreaGeometry, { code: string; name: string }>;
}

/** A built layer, ready to send. */
export interface BuiltLayer {
  level: LayerLevel;
  detail: MapDetail;
  release: string;
  /** A strong ETag (quoted), from the release, the level and the detail. */
  etag: string;
  areas: number;
  /** TopoJSON, one object `areas` with a feature per area (`id` its code, `properties.name`). */
  body: string;
}

interface ReleaseInfo {
  release: string;
  version: string;
  areas: number;
}

const mapRings = (g: AreaGeometry, f: (p: Position) => Position): AreaGeometry =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(f)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((r) => r.map(f))) };

/** The finest area level of shared data the plan lets its caller group by, if any. */
export function levelsAllowed(plan: AccessPlan): LayerLevel[] {
  if (plan.denial) return [];
  return LAYER_LEVELS.filter((level) =>
    [...plan.datasets.values()].some(
      (d) =>
        d.level !== Access.NONE &&
        d.fields[RecordField.LOCATION].access !== Access.NONE &&
        atLeastAsFine(d.fields[RecordField.LOCATION].aggregatePrecision, LEVEL_PRECISION[level]),
    ),
  );
}

export function isLayerLevel(level: string): level is LayerLevel {
  return (LAYER_LEVELS as readonly string[]).includes(level);
}

/**
 * The layers of one database: boundaries read with SQL, built layers cached in memory per
 * (level, detail, release). Asking costs one small query (the release); building happens
 * once per release.
 */
export class GeographyLayers {
  private readonly shapesCache = new Map<LayerLevel, Promise<LevelShapes>>();
  private readonly layerCache = new Map<string, Promise<BuiltLayer>>();

  constructor(private readonly pool: pg.Pool) {}

  /** The stored release of a level's boundaries, or null when none is loaded. */
  async release(level: LayerLevel): Promise<ReleaseInfo | null> {
    const { rows } = await this.pool.query<{ releases: string | null; loaded: string | null; areas: number }>(
      `select string_agg(distinct b.release, '+' order by b.release) as releases,
              max(b.loaded_at)::text as loaded, count(*)::int as areas
         from area_boundary b join area a on a.code = b.area_code
        where a.level = $1 and a.retired_at is null`,
      [level],
    );
    const r = rows[0];
    if (!r || r.areas === 0 || !r.releases) return null;
    const version = createHash('sha256')
      .update(`${FORMAT_VERSION}|${level}|${r.releases}|${r.loaded}|${r.areas}`)
      .digest('base64url')
      .slice(0, 22);
    return { release: r.releases, version, areas: r.areas };
  }

  /** A level's boundaries as loaded, or null when none are. */
  async shapes(level: LayerLevel): Promise<LevelShapes | null> {
    const info = await this.release(level);
    if (!info) return null;
    const cached = this.shapesCache.get(level);
    if (cached) {
      const shapes = await cached;
      if (shapes.version === info.version) return shapes;
    }
    const building = this.readShapes(level, info);
    this.shapesCache.set(level, building);
    building.catch(() => this.shapesCache.delete(level));
    return building;
  }

  private async readShapes(level: LayerLevel, info: ReleaseInfo): Promise<LevelShapes> {
    const { rows } = await this.pool.query<{ code: string; name: string; geometry: AreaGeometry }>(
      `select a.code, a.name, b.geometry
         from area_boundary b join area a on a.code = b.area_code
        where a.level = $1 and a.retired_at is null
        order by a.code`,
      [level],
    );
    const shapes = rows.map((r) => ({ code: r.code, name: r.name, geometry: r.geometry }));
    return {
      level,
      release: info.release,
      version: info.version,
      shapes,
      byCode: new Map(shapes.map((s) => [s.code, s])),
      grid: {
        type: 'FeatureCollection',
        features: shapes.map((s): Feature<AreaGeometry, { code: string; name: string }> => ({
          type: 'Feature',
          id: s.code,
          properties: { code: s.code, name: s.name },
          geometry: mapRings(s.geometry, lonLatToGrid),
        })),
      },
    };
  }

  /** The ETag a layer would carry, without building it (null when the level has no boundaries). */
  async etag(level: LayerLevel, detail: MapDetail): Promise<{ etag: string; release: string; areas: number } | null> {
    const info = await this.release(level);
    return info ? { etag: `"${info.version}-${detail}"`, release: info.release, areas: info.areas } : null;
  }

  /** A level's layer at a detail, built once per release (null when the level has no boundaries). */
  async layer(level: LayerLevel, detail: MapDetail): Promise<BuiltLayer | null> {
    const info = await this.release(level);
    if (!info) return null;
    const key = `${level}|${detail}|${info.version}`;
    let built = this.layerCache.get(key);
    if (!built) {
      // Layers of an older release of this level are not asked for again.
      for (const k of this.layerCache.keys()) if (k.startsWith(`${level}|`)) this.layerCache.delete(k);
      built = this.build(level, detail, info);
      this.layerCache.set(key, built);
      built.catch(() => this.layerCache.delete(key));
    }
    return built;
  }

  private async build(level: LayerLevel, detail: MapDetail, info: ReleaseInfo): Promise<BuiltLayer> {
    const shapes = await this.shapes(level);
    if (!shapes) throw new Error(`the ${level} boundaries disappeared while their layer was built`);
    const { minArea, quantization } = DETAIL[detail];
    let topo = topology({ areas: shapes.grid as never }) as unknown as Topology<Objects<object>>;
    if (minArea > 0) topo = simplify(presimplify(topo, planarTriangleArea), minArea);
    topo = quantize(topo, quantization);
    // Features keep their code as id and their name; the CRS is named for GIS readers.
    const body = JSON.stringify({
      ...topo,
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      release: shapes.release,
      level,
      detail,
    });
    return {
      level,
      detail,
      release: info.release,
      etag: `"${info.version}-${detail}"`,
      areas: info.areas,
      body,
    };
  }
}

const byPool = new WeakMap<pg.Pool, GeographyLayers>();

/** The layers of a database pool, built once per process. */
export function layersFor(pool: pg.Pool): GeographyLayers {
  let l = byPool.get(pool);
  if (!l) byPool.set(pool, (l = new GeographyLayers(pool)));
  return l;
}

/** A 100 m grid square from its reference (`E448300N291300`), as a BNG ring, or null if it is not one. */
export function gridSquare(ref: string): [number, number][] | null {
  const m = /^E(\d{1,7})N(\d{1,7})$/.exec(ref);
  if (!m) return null;
  const e = Number(m[1]);
  const n = Number(m[2]);
  if (e % 100 !== 0 || n % 100 !== 0) return null;
  return [
    [e, n],
    [e + 100, n],
    [e + 100, n + 100],
    [e, n + 100],
    [e, n],
  ];
}
