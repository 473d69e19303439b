import { lazy, Suspense } from 'react';
import type { MapValue } from '../lib/mapScale';
import type { PurposeName } from '../lib/purpose';

/** The levels the hub serves boundaries for. */
export const MAP_LEVELS = new Set(['LSOA', 'WARD', 'LOCAL_AUTHORITY']);

export interface MapMeasure {
  /** The figure's name, e.g. "Records" or "Per 1,000 residents". */
  label: string;
  /** By area code (or grid reference for squares). */
  values: ReadonlyMap<string, MapValue>;
}

export interface AreaMapProps {
  /** The answer's area level; for grid squares, the level drawn beneath them. */
  level: string;
  purpose: PurposeName;
  title: string;
  description: string;
  measures: MapMeasure[];
  noDataLabel?: string;
  /** Grid references drawn as 100 m squares (their figures in `measures`). */
  squares?: readonly string[];
  /** For file names: "explore", "hotspots"... */
  what: string;
  /** The answer as GeoJSON, fetched when asked for. */
  geojson?: () => Promise<string | null | undefined>;
}

// d3-geo and topojson-client load with the first map, not with the console.
const Drawing = lazy(() => import('./AreaMapDrawing'));

/**
 * A choropleth of an answer by area (AreaMapDrawing.tsx): one path per area of the
 * answer's level, suppressed areas hatched, areas without a figure grey, 100 m grid
 * squares over the areas for repeat locations. The table beside it is its accessible
 * equivalent.
 */
export function AreaMap(props: AreaMapProps) {
  return (
    <Suspense fallback={<p className="govuk-body">Loading the map…</p>}>
      <Drawing {...props} />
    </Suspense>
  );
}
