import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { gridSquare, gridToLonLat, type LevelShapes } from './layers.js';
import { GroupBy } from '../domain/api-enums.js';

/**
 * An answer as GeoJSON (RFC 7946, WGS84) for a GIS user: one feature per row of the
 * answer, with the area's boundary (or the 100 m grid square as a polygon) and the same
 * figures as the answer's CSV. A suppressed count is `null` with `suppressed: true`,
 * never 0; a row whose place has no boundary (an unknown area, a postcode district) is
 * kept, with a null geometry, so that nothing in the CSV is missing here.
 */

export type GeoValue = string | number | boolean | null;

/** One row of an answer at one place. */
export interface PlacedRow {
  /** The place's key in the answer: an area code or a grid reference; null when unknown. */
  area: string | null;
  name: string;
  properties: Record<string, GeoValue>;
}

/** The geometry of a place at an answer's level, or null when it has none. */
export function placeGeometry(level: GroupBy, area: string | null, shapes: LevelShapes | null): Geometry | null {
  if (area === null) return null;
  if (level === GroupBy.GRID_100M) {
    const ring = gridSquare(area);
    return ring ? { type: 'Polygon', coordinates: [ring.map(gridToLonLat)] } : null;
  }
  return shapes?.byCode.get(area)?.geometry ?? null;
}

/** The rows as a FeatureCollection (serialised). */
export function answerGeojson(
  level: GroupBy,
  rows: readonly PlacedRow[],
  shapes: LevelShapes | null,
  about: { answer: string },
): string {
  const collection: FeatureCollection<Geometry | null> & Record<string, unknown> = {
    type: 'FeatureCollection',
    // Foreign members (RFC 7946 section 6.1): what the features are, for whoever opens the file.
    answer: about.answer,
    level,
    boundaries: level === GroupBy.GRID_100M ? 'British National Grid 100 m squares' : (shapes?.release ?? null),
    suppression:
      "A suppressed count is null with suppressed = true: fewer than the sharing agreement's minimum, or withheld so that such a count cannot be worked out from the totals.",
    features: rows.map((r): Feature<Geometry | null> => ({
      type: 'Feature',
      ...(r.area !== null ? { id: r.area } : {}),
      geometry: placeGeometry(level, r.area, shapes),
      properties: { code: r.area, name: r.name, ...r.properties },
    })),
  };
  return JSON.stringify(collection);
}
