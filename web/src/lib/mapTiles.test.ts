import { describe, expect, it } from 'vitest';
import { TILE_MATRICES, tilesFor } from './mapTiles';

// A drawing of a 10 km square at 0.064 px/m (640 px): identity placement, y down from the top edge.
const extent = [430_000, 290_000, 440_000, 300_000] as const;
const k = 0.064;
const place = (x: number, y: number): [number, number] => [(x - extent[0]) * k, (extent[3] - y) * k];

describe('base map tiles', () => {
  it('picks the coarsest zoom at least as sharp as the drawing, on the National Grid matrix', () => {
    const tiles = tilesFor('EPSG:27700', 'https://t.example/{z}/{x}/{y}.png', 13, extent, k, place);
    // 896 / 2^z metres a pixel must be at most 1/0.064 = 15.6: z = 6 (14 m a pixel).
    expect(new Set(tiles.map((t) => t.key.split('/')[0]))).toEqual(new Set(['6']));
    const span = TILE_MATRICES['EPSG:27700'].span0 / 64;
    for (const t of tiles) expect(t.size).toBeCloseTo(span * k);
    // Together they cover the drawing, and each sits on the matrix.
    expect(Math.min(...tiles.map((t) => t.left))).toBeLessThanOrEqual(0);
    expect(Math.max(...tiles.map((t) => t.left + t.size))).toBeGreaterThanOrEqual(640);
    expect(Math.min(...tiles.map((t) => t.top))).toBeLessThanOrEqual(0);
    expect(Math.max(...tiles.map((t) => t.top + t.size))).toBeGreaterThanOrEqual(640);
    const [z, x, y] = tiles[0].key.split('/').map(Number);
    expect(tiles[0].url).toBe(`https://t.example/${z}/${x}/${y}.png`);
    const [left, top] = place(-238375 + x * span, 1376256 - y * span);
    expect([tiles[0].left, tiles[0].top]).toEqual([left, top]);
  });

  it('stops at the finest zoom the service has, and draws nothing rather than too many tiles', () => {
    const fine = tilesFor('EPSG:27700', '{z}/{x}/{y}', 3, extent, k, place);
    expect(fine.every((t) => t.key.startsWith('3/'))).toBe(true);
    expect(fine.length).toBeGreaterThan(0);
    expect(tilesFor('EPSG:27700', '{z}/{x}/{y}', 20, extent, 100, place)).toEqual([]);
  });

  it('numbers Web Mercator tiles as OpenStreetMap does', () => {
    // Around (0, 0): at zoom 1 the four quarters of the world.
    const world = 2 * 20037508.342789244;
    const tiles = tilesFor('EPSG:3857', '{z}/{x}/{y}', 1, [-1, -1, 1, 1], 512 / world, (x, y) => [x, y]);
    expect(tiles.map((t) => t.key).sort()).toEqual(['1/0/0', '1/0/1', '1/1/0', '1/1/1']);
  });

  it('draws nothing for an empty or broken extent', () => {
    expect(tilesFor('EPSG:3857', '{z}/{x}/{y}', 19, [NaN, 0, 1, 1], 1, place)).toEqual([]);
    expect(tilesFor('EPSG:3857', '{z}/{x}/{y}', 19, extent, 0, place)).toEqual([]);
  });
});
