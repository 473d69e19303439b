import { pipeline, type Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { parserStream } from 'stream-json';
import pick from 'stream-json/filters/pick.js';
import streamValues from 'stream-json/streamers/stream-values.js';
import {
  bbox,
  crsFromCoordinates,
  crsFromMember,
  firstPosition,
  planarCentroid,
  toWgs84,
  wgs84ToBng,
  type Crs,
  type PolygonGeometry,
} from './crs.js';
import { GeographyFileError } from './ons-columns.js';
import { keptFeatures, type StreamStats } from './geojson-stream.js';
import { ChangeTally, type ReleaseSummary } from './release.js';

/**
 * Boundaries as GeoJSON, as the ONS Open Geography Portal publishes them (e.g. "Lower
 * layer Super Output Areas (December 2021) Boundaries EW BGC", "Wards (May 2024)
 * Boundaries UK BGC"): a FeatureCollection whose features carry the area's code in a
 * property such as `LSOA21CD`, `WD24CD` or `LAD24CD`, in British National Grid
 * (EPSG:27700) or WGS84. The file is streamed (stream-json): one feature is in memory at
 * a time, and only the partnership's areas (those in the hub's `area` table) are
 * converted and written, in batches.
 */

/** Boundary code properties the hub can store, by the area level they belong to. */
const CODE_PROPERTY = /^(LSOA|WD|LAD)(\d{2})CD$/i;
const OTHER_CODE_PROPERTY = /^(OA|MSOA|CTY|CTYUA|CSP|PFA|RGN|CTRY|UTLA|LTLA)(\d{2})CD$/i;
const LEVEL = { LSOA: 'LSOA', WD: 'WARD', LAD: 'LOCAL_AUTHORITY' } as const;
const BATCH = 250;

interface Feature {
  type?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

/**
 * GeoJSON values of a FeatureCollection, streamed the plain stream-json way (pick and
 * streamValues): its `crs` member, then every feature built as an object. The importer
 * does not use it (it builds only the features it keeps: geojson-stream.ts); the
 * benchmark measures it as a baseline.
 */
export function geojsonValues(source: Readable): AsyncIterable<{ key: number; value: unknown }> {
  const values = streamValues.asStream();
  pipeline(source, parserStream(), pick.asStream({ filter: /^(crs|features\.\d+)$/ }), values, () => {
    // Errors surface through the iteration below.
  });
  return values as AsyncIterable<{ key: number; value: unknown }>;
}

type Level = (typeof LEVEL)[keyof typeof LEVEL];

/** What the import has read so far. */
interface ReadState {
  /** The coordinate reference system the file names, if it does. */
  crsMember: Crs | null;
  /** The property the codes are read from (the first feature's), and its level. */
  codeProperty?: string;
  level?: Level;
  release: string;
  seen: Set<string>;
  crsSeen: Set<Crs>;
  tally: ChangeTally;
}

interface BoundaryRow {
  code: string;
  geometry: PolygonGeometry;
  e: number;
  n: number;
  bbox: number[];
}

const levelOf = (property: string): Level =>
  LEVEL[CODE_PROPERTY.exec(property)![1].toUpperCase() as keyof typeof LEVEL];

export async function importBoundaries(
  client: PoolClient,
  source: Readable,
  opts: { release?: string | null },
): Promise<Omit<ReleaseSummary, 'kind' | 'fileName'>> {
  const state: ReadState = {
    crsMember: null,
    release: '',
    seen: new Set(),
    crsSeen: new Set(),
    tally: new ChangeTally(),
  };
  const { known, hadBoundary } = await hubAreas(client);
  const stats: StreamStats = { features: 0, dropped: 0 };
  const keep = (property: string, code: string) => known.get(levelOf(property))?.has(code) ?? false;
  const batch = new BoundaryBatch(client);
  try {
    for await (const item of keptFeatures(source, (k) => CODE_PROPERTY.test(k), keep, stats)) {
      if ('crs' in item) {
        if (item.crs === null) continue;
        state.crsMember = crsFromMember(item.crs);
        if (!state.crsMember)
          throw new GeographyFileError(
            'The file names a coordinate reference system the hub does not read: use British National Grid (EPSG:27700) or WGS84 (EPSG:4326).',
          );
        continue;
      }
      const row = boundaryRow(item.feature as Feature, state, opts, hadBoundary);
      if (row) await batch.add(row, state.release);
    }
  } catch (err) {
    throw readError(err);
  }
  await batch.flush(state.release);
  return finishRelease(client, state, stats, known);
}

/** The hub's areas, by level, and those that already have a boundary: a feature of any other area is dropped unread. */
async function hubAreas(client: PoolClient): Promise<{ known: Map<string, Set<string>>; hadBoundary: Set<string> }> {
  const { rows: areas } = await client.query<{ code: string; level: string; has: boolean }>(
    `select a.code, a.level, b.area_code is not null as has from area a left join area_boundary b on b.area_code = a.code`,
  );
  const known = new Map<string, Set<string>>();
  const hadBoundary = new Set<string>();
  for (const r of areas) {
    let set = known.get(r.level);
    if (!set) known.set(r.level, (set = new Set()));
    set.add(r.code);
    if (r.has) hadBoundary.add(r.code);
  }
  return { known, hadBoundary };
}

/** Boundaries written in batches of BATCH, each replacing the area's previous one. */
class BoundaryBatch {
  private rows: BoundaryRow[] = [];

  constructor(private readonly client: PoolClient) {}

  async add(row: BoundaryRow, release: string): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH) await this.flush(release);
  }

  async flush(release: string): Promise<void> {
    if (!this.rows.length) return;
    await this.client.query(
      `insert into area_boundary (area_code, release, geometry, centroid_easting, centroid_northing, bbox)
       select r.code, $2, r.geometry, r.e, r.n, r.bbox
         from jsonb_to_recordset($1::jsonb) as r(code text, geometry jsonb, e int, n int, bbox jsonb)
       on conflict (area_code) do update set release = excluded.release, geometry = excluded.geometry,
         centroid_easting = excluded.centroid_easting, centroid_northing = excluded.centroid_northing,
         bbox = excluded.bbox, loaded_at = now()`,
      [JSON.stringify(this.rows), release],
    );
    this.rows = [];
  }
}

/**
 * The row to store for one kept feature, in WGS84 with its British National Grid centroid;
 * undefined for a feature that is not a polygon (tallied). The first feature fixes the
 * code property, its level and the release's name; a file that mixes levels, repeats an
 * area or has coordinates in neither system is refused.
 */
function boundaryRow(
  feature: Feature,
  state: ReadState,
  opts: { release?: string | null },
  hadBoundary: ReadonlySet<string>,
): BoundaryRow | undefined {
  const props = feature?.properties ?? {};
  const property = codePropertyOf(props);
  if (!state.codeProperty) {
    state.codeProperty = property;
    state.level = levelOf(property);
    state.release = opts.release?.trim() || `${property.replace(/CD$/i, '').toUpperCase()} boundaries`;
  } else if (property !== state.codeProperty) {
    throw new GeographyFileError(
      `The file mixes areas named by ${state.codeProperty} and by ${property}: load one level per file. Nothing was loaded.`,
    );
  }
  const code = String(props[state.codeProperty] ?? '')
    .trim()
    .toUpperCase();
  const geometry = feature.geometry;
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    state.tally.add('notPolygon', code);
    return undefined;
  }
  if (state.seen.has(code)) throw new GeographyFileError(`The file has two features for ${code}. Nothing was loaded.`);
  const g = geometry as PolygonGeometry;
  const first = firstPosition(g);
  const crs = state.crsMember ?? (first ? crsFromCoordinates(first) : null);
  if (!crs)
    throw new GeographyFileError(
      `The coordinates of ${code} are neither British National Grid metres nor WGS84 degrees. Nothing was loaded.`,
    );
  state.crsSeen.add(crs);
  const wgs = toWgs84(g, crs);
  const [e, n] = centroidBng(g, crs, props);
  state.seen.add(code);
  const level = levelName(state.level!);
  state.tally.add(hadBoundary.has(code) ? `${level}.replaced` : `${level}.added`, code);
  return { code, geometry: wgs, e, n, bbox: bbox(wgs) };
}

/** The property a feature's code is in, or the reason the file cannot be read as boundaries the hub keeps. */
function codePropertyOf(props: Record<string, unknown>): string {
  const property = Object.keys(props).find((k) => CODE_PROPERTY.test(k));
  if (property) return property;
  const other = Object.keys(props).find((k) => OTHER_CODE_PROPERTY.test(k));
  throw new GeographyFileError(
    other
      ? `These are boundaries of ${other.replace(/\d{2}CD$/i, '')} areas (${other}): the hub keeps boundaries of LSOAs, wards and local authority districts only (LSOAyyCD, WDyyCD, LADyyCD).`
      : `The file is not in the layout of ONS boundaries: its features have no property LSOAyyCD, WDyyCD or LADyyCD (yy stands for the two digits of a year). Their properties are: ${Object.keys(props).slice(0, 20).join(', ') || 'none'}.`,
  );
}

/** An error met while reading: the file's fault (unreadable GeoJSON) unless it came from the database. */
function readError(err: unknown): unknown {
  if (err instanceof GeographyFileError) return err;
  if (
    err instanceof Error &&
    !(
      'code' in err &&
      typeof (err as { code?: unknown }).code === 'string' &&
      /^[0-9A-Z]{5}$/.test(String((err as { code?: unknown }).code))
    )
  )
    return new GeographyFileError(`The file is not readable GeoJSON: ${err.message.slice(0, 200)}`);
  return err;
}

/**
 * Ends the release once every kept feature is written: refuses a file with nothing the
 * hub keeps, removes the level's boundaries the release does not have, and sums it up.
 */
async function finishRelease(
  client: PoolClient,
  state: ReadState,
  stats: StreamStats,
  known: ReadonlyMap<string, Set<string>>,
): Promise<Omit<ReleaseSummary, 'kind' | 'fileName'>> {
  const { seen, tally, level, crsMember, crsSeen, codeProperty, release } = state;
  const read = stats.features;
  if (!read)
    throw new GeographyFileError('The file has no features: expected a GeoJSON FeatureCollection of ONS boundaries.');
  if (!seen.size || !level)
    throw new GeographyFileError(
      `None of the file's ${read} boundaries is of an area the hub keeps: load the LSOA (2021) best-fit lookup first, or check that the file covers the partnership. Nothing was loaded.`,
    );
  if (stats.dropped) tally.counts.outside = (tally.counts.outside ?? 0) + stats.dropped;
  // The release replaces the previous one: boundaries of this level it does not have go.
  const { rows: dropped } = await client.query<{ area_code: string }>(
    `delete from area_boundary b using area a where a.code = b.area_code and a.level = $1 and b.area_code <> all($2::text[]) returning b.area_code`,
    [level, [...seen]],
  );
  for (const r of dropped) tally.add(`${levelName(level)}.removed`, r.area_code);
  const missing = [...(known.get(level) ?? [])].filter((c) => !seen.has(c));
  const notes = [
    `Coordinates read as ${[...crsSeen].map((c) => (c === 'BNG' ? 'British National Grid (EPSG:27700)' : 'WGS84')).join(' and ')}${crsMember ? ' (named by the file)' : ' (from their magnitudes)'}; stored in WGS84.`,
  ];
  if (missing.length) {
    notes.push(`${missing.length} of the hub's areas of this level have no boundary in this file.`);
    for (const c of missing) tally.add(`${levelName(level)}.noBoundary`, c);
  }
  notes.push(`Codes read from ${codeProperty}.`);
  return { release, read, kept: seen.size, outside: read - seen.size, counts: tally.counts, codes: tally.codes, notes };
}

const levelName = (level: string) => (level === 'LSOA' ? 'lsoa' : level === 'WARD' ? 'ward' : 'localAuthority');

/**
 * The centroid in British National Grid metres: the file's own `BNG_E`/`BNG_N` when it
 * gives them (the ONS files do), else the area-weighted centroid of the polygon.
 */
function centroidBng(g: PolygonGeometry, crs: Crs, props: Record<string, unknown>): [number, number] {
  const e = Number(props.BNG_E ?? props.bng_e);
  const n = Number(props.BNG_N ?? props.bng_n);
  if (Number.isFinite(e) && Number.isFinite(n) && e > 0 && n > 0 && props.BNG_E !== null && props.BNG_N !== null)
    return [Math.round(e), Math.round(n)];
  const [x, y] = planarCentroid(g);
  const [be, bn] = crs === 'BNG' ? [x, y] : wgs84ToBng(x, y);
  return [Math.round(be), Math.round(bn)];
}
