/**
 * Base map tiles under the console's maps (an optional, licensed tile service the
 * partnership configures; none by default). Two tile matrices, both square 256-pixel
 * tiles halving in span at each zoom level from a top-left origin:
 * - EPSG:27700, the Ordnance Survey's British National Grid matrix (OS Maps API ZXY
 *   `_27700` styles): the maps are drawn on the National Grid, so these need no
 *   reprojection;
 * - EPSG:3857, Web Mercator (OpenStreetMap's and most others'): the map is then drawn in
 *   Web Mercator metres, its National Grid coordinates converted first.
 */

export type TileCrs = 'EPSG:27700' | 'EPSG:3857';

interface TileMatrix {
  originX: number;
  originY: number;
  /** Metres one tile covers at zoom 0. */
  span0: number;
  /** Columns and rows of tiles at zoom 0 (doubling at each zoom level). */
  cols0: number;
  rows0: number;
}

const HALF_WORLD = 20037508.342789244;

export const TILE_MATRICES: Record<TileCrs, TileMatrix> = {
  // The OS matrix: 896 m a pixel at zoom 0, 5 x 7 tiles covering Great Britain and beyond.
  'EPSG:27700': { originX: -238375, originY: 1376256, span0: 256 * 896, cols0: 5, rows0: 7 },
  'EPSG:3857': { originX: -HALF_WORLD, originY: HALF_WORLD, span0: 2 * HALF_WORLD, cols0: 1, rows0: 1 },
};

export const TILE_PIXELS = 256;
/** More tiles than this for one map means something is wrong (a zoom the service lacks): draw none. */
const MAX_TILES = 256;

export interface Tile {
  key: string;
  url: string;
  /** Where the tile goes on the drawing, in its units. */
  left: number;
  top: number;
  size: number;
}

/**
 * The tiles covering `extent` ([minX, minY, maxX, maxY] in the matrix's metres) on a
 * drawing at `pixelsPerMetre`, at the coarsest zoom whose tiles are at least as sharp as
 * the drawing (capped at `maxZoom`). `place` gives a point's position on the drawing.
 */
export function tilesFor(
  crs: TileCrs,
  urlTemplate: string,
  maxZoom: number,
  extent: readonly [number, number, number, number],
  pixelsPerMetre: number,
  place: (x: number, y: number) => [number, number],
): Tile[] {
  const m = TILE_MATRICES[crs];
  if (!(pixelsPerMetre > 0) || extent.some((v) => !Number.isFinite(v))) return [];
  const z = Math.max(0, Math.min(maxZoom, Math.ceil(Math.log2((m.span0 * pixelsPerMetre) / TILE_PIXELS))));
  const span = m.span0 / 2 ** z;
  const [x0, y0, x1, y1] = extent;
  const colMin = Math.max(0, Math.floor((x0 - m.originX) / span));
  const colMax = Math.min(m.cols0 * 2 ** z - 1, Math.floor((x1 - m.originX) / span));
  const rowMin = Math.max(0, Math.floor((m.originY - y1) / span));
  const rowMax = Math.min(m.rows0 * 2 ** z - 1, Math.floor((m.originY - y0) / span));
  if (colMax < colMin || rowMax < rowMin) return [];
  if ((colMax - colMin + 1) * (rowMax - rowMin + 1) > MAX_TILES) return [];
  const tiles: Tile[] = [];
  for (let row = rowMin; row <= rowMax; row++)
    for (let col = colMin; col <= colMax; col++) {
      const [left, top] = place(m.originX + col * span, m.originY - row * span);
      tiles.push({
        key: `${z}/${col}/${row}`,
        url: urlTemplate.replace('{z}', String(z)).replace('{x}', String(col)).replace('{y}', String(row)),
        left,
        top,
        size: span * pixelsPerMetre,
      });
    }
  return tiles;
}
