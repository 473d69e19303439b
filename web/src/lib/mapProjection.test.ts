import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { reproject, toWebMercator } from './mapProjection';

describe('boundaries under a Web Mercator base map', () => {
  it('converts National Grid metres to Web Mercator metres (a point by the Thames at Westminster)', async () => {
    const toMercator = await toWebMercator();
    // 530000 E, 180000 N is 51.504 N, 0.128 W: in Web Mercator about (-14,288, 6,710,933).
    const [x, y] = toMercator([530000, 180000]);
    expect(x).toBeCloseTo(-14288, 0);
    expect(y).toBeCloseTo(6710933, 0);
  });

  it('converts every vertex of a polygon, and leaves a feature alone when no conversion is asked', async () => {
    const square: Feature<Polygon> = {
      type: 'Feature',
      properties: { name: 'E448300N291300' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [448300, 291300],
            [448400, 291300],
            [448400, 291400],
            [448300, 291400],
            [448300, 291300],
          ],
        ],
      },
    };
    expect(reproject(square, null)).toBe(square);
    const moved = reproject(square, await toWebMercator());
    const ring = (moved.geometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    // A 100 m square stays about 100 m on the National Grid's scale, times Web Mercator's 1/cos(latitude) (about 1.6 at 52.5 N).
    const width = ring[1][0] - ring[0][0];
    expect(width).toBeGreaterThan(150);
    expect(width).toBeLessThan(175);
    expect(moved.properties).toEqual({ name: 'E448300N291300' });
  });
});
