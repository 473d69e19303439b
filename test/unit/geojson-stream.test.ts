import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keptFeatures, type StreamItem, type StreamStats } from '../../src/geography/geojson-stream.js';

const isCode = (k: string) => /^(LSOA|WD|LAD)\d{2}CD$/i.test(k);

/** The file in chunks of `size` bytes, so that tokens and multi-byte characters straddle them. */
const chunked = (text: string, size: number) => {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
};

async function collect(text: string, keep: (p: string, c: string) => boolean, size = 7) {
  const stats: StreamStats = { features: 0, dropped: 0 };
  const items: StreamItem[] = [];
  for await (const item of keptFeatures(chunked(text, size), isCode, keep, stats)) items.push(item);
  return { items, stats };
}

const square = [
  [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
  ],
];

describe('streaming the features of a GeoJSON file that a filter keeps', () => {
  const file =
    '\uFEFF' +
    JSON.stringify({
      type: 'FeatureCollection',
      name: 'Wards (May 2024) Boundaries UK BGC',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: [
        {
          type: 'Feature',
          properties: { FID: 1, WD24CD: 'E05000001', WD24NM: 'Ynys Môn' },
          geometry: { type: 'Polygon', coordinates: square },
        },
        {
          type: 'Feature',
          properties: { FID: 2, WD24CD: 'E05000002', WD24NM: 'Dropped' },
          geometry: { type: 'Polygon', coordinates: square },
        },
        // Geometry before properties: held until the code is read.
        {
          type: 'Feature',
          geometry: { type: 'MultiPolygon', coordinates: [square, square] },
          properties: { WD24CD: ' e05000003 ', nested: { a: [1, { b: 2 }] } },
        },
      ],
    });

  it('yields the crs member and the kept features whole, and drops the others unbuilt', async () => {
    for (const size of [1, 7, 64, 1 << 16]) {
      const asked: string[] = [];
      const { items, stats } = await collect(file, (p, c) => (asked.push(`${p}=${c}`), c !== 'E05000002'), size);
      expect(asked).toEqual(['WD24CD=E05000001', 'WD24CD=E05000002', 'WD24CD=E05000003']);
      expect(stats).toEqual({ features: 3, dropped: 1 });
      expect(items).toEqual([
        { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } } },
        {
          feature: {
            type: 'Feature',
            properties: { FID: 1, WD24CD: 'E05000001', WD24NM: 'Ynys Môn' },
            geometry: { type: 'Polygon', coordinates: square },
          },
        },
        {
          feature: {
            type: 'Feature',
            geometry: { type: 'MultiPolygon', coordinates: [square, square] },
            properties: { WD24CD: ' e05000003 ', nested: { a: [1, { b: 2 }] } },
          },
        },
      ]);
    }
  });

  it('yields a feature with no code property whole, for the importer to refuse', async () => {
    const other = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { MSOA21CD: 'E02000001' }, geometry: null }],
    });
    const { items, stats } = await collect(other, () => false);
    expect(stats).toEqual({ features: 1, dropped: 0 });
    expect(items).toEqual([{ feature: { type: 'Feature', properties: { MSOA21CD: 'E02000001' }, geometry: null } }]);
  });

  it('fails on a file that is not JSON', async () => {
    await expect(collect('{"type": "FeatureCollection", "features": [ {"type": }', () => true)).rejects.toThrow();
  });
});
