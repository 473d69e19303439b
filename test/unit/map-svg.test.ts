import { describe, expect, it } from 'vitest';
import { answerGeojson } from '../../src/geography/geojson-export.js';
import {
  gridSquare,
  gridToLonLat,
  lonLatToGrid,
  type AreaShape,
  type LevelShapes,
} from '../../src/geography/layers.js';
import {
  choroplethSvg,
  classOf,
  mapClasses,
  MAP_PALETTE,
  NO_DATA_FILL,
  type MapValue,
} from '../../src/geography/map-svg.js';
import { GroupBy } from '../../src/domain/api-enums.js';

/** Three 1 km squares side by side, as loaded (WGS84). */
function shapes(): LevelShapes {
  const list: AreaShape[] = [0, 1, 2].map((i) => {
    const e = 445000 + i * 1000;
    const ring = [
      [e, 292000],
      [e + 1000, 292000],
      [e + 1000, 293000],
      [e, 293000],
      [e, 292000],
    ].map((p) => gridToLonLat(p as [number, number]));
    return { code: `E0509900${i + 1}`, name: `Ward ${i + 1}`, geometry: { type: 'Polygon', coordinates: [ring] } };
  });
  return {
    level: GroupBy.WARD,
    release: 'unit',
    version: 'v',
    shapes: list,
    byCode: new Map(list.map((s) => [s.code, s])),
    grid: {
      type: 'FeatureCollection',
      features: list.map((s) => ({
        type: 'Feature',
        id: s.code,
        properties: { code: s.code, name: s.name },
        geometry: {
          type: 'Polygon',
          coordinates: (s.geometry.coordinates as number[][][]).map((r) => r.map((p) => lonLatToGrid(p))),
        },
      })),
    },
  };
}

describe('server-drawn maps', () => {
  it('draws one path per area: figures coloured, suppressed hatched, no figure grey', () => {
    const values = new Map<string, MapValue>([
      ['E05099001', { value: 12 }],
      ['E05099002', { suppressed: true }],
    ]);
    const svg = choroplethSvg(shapes(), values, {
      id: 'm',
      title: 'Test & map',
      description: 'A test',
      measure: 'Records',
    });
    const paths = svg.match(/<path [^>]*>/g)!;
    expect(paths).toHaveLength(3);
    expect(paths[0]).toMatch(new RegExp(`fill="(${MAP_PALETTE.join('|')})"`));
    expect(paths[1]).toContain('fill="url(#m-hatch)"');
    expect(paths[2]).toContain(`fill="${NO_DATA_FILL}"`);
    expect(svg).toContain('<title id="m-title">Test &amp; map</title>');
    expect(svg).toMatch(/role="img" aria-labelledby="m-title m-desc"/);
    expect(svg).toContain('>Suppressed<');
    expect(svg).toContain('>No data<');
  });

  it('shows no colour classes when every figure is suppressed', () => {
    const svg = choroplethSvg(shapes(), new Map<string, MapValue>([['E05099001', { suppressed: true }]]), {
      id: 'x',
      title: 't',
      description: 'd',
      measure: 'Records',
    });
    expect(svg.match(/<rect width="18"/g)).toHaveLength(2);
    expect(svg).not.toMatch(/>0</);
  });

  it('draws grid squares over the areas', () => {
    const svg = choroplethSvg(shapes(), new Map([['E445100N292100', { value: 4 }]]), {
      id: 's',
      title: 't',
      description: 'd',
      measure: 'm',
      squares: ['E445100N292100'],
    });
    expect(svg.match(/data-square="true"/g)).toHaveLength(1);
  });

  it('classes figures from 0 in at most five steps', () => {
    const c = mapClasses([0, 7, 230]);
    expect(c.length).toBeLessThanOrEqual(5);
    expect(classOf(0, c)).toBe(0);
    expect(classOf(230, c)).toBe(c.length - 1);
  });
});

describe('GeoJSON of answers', () => {
  it('keeps suppressed rows as null with their flag, and unknown places without geometry', () => {
    const geo = JSON.parse(
      answerGeojson(
        GroupBy.WARD,
        [
          { area: 'E05099001', name: 'Ward 1', properties: { count: 12, suppressed: false } },
          { area: 'E05099002', name: 'Ward 2', properties: { count: null, suppressed: true } },
          { area: null, name: 'Unknown', properties: { count: 3, suppressed: false } },
        ],
        shapes(),
        { answer: 'aggregate' },
      ),
    );
    expect(geo.features.map((f: { properties: { count: unknown } }) => f.properties.count)).toEqual([12, null, 3]);
    expect(geo.features[1].properties.suppressed).toBe(true);
    expect(geo.features[1].geometry.type).toBe('Polygon');
    expect(geo.features[2].geometry).toBeNull();
  });

  it('draws a grid reference as its 100 m square in WGS84', () => {
    expect(gridSquare('E448300N291300')).toHaveLength(5);
    const geo = JSON.parse(
      answerGeojson(GroupBy.GRID_100M, [{ area: 'E448300N291300', name: 'x', properties: {} }], null, {
        answer: 'repeatLocations',
      }),
    );
    const ring = geo.features[0].geometry.coordinates[0] as [number, number][];
    const [e, n] = lonLatToGrid(ring[0]);
    expect(Math.abs(e - 448300)).toBeLessThan(1);
    expect(Math.abs(n - 291300)).toBeLessThan(1);
  });
});
