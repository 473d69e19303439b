import { describe, expect, it } from 'vitest';
import {
  bbox,
  bngToWgs84,
  crsFromCoordinates,
  crsFromMember,
  planarCentroid,
  toWgs84,
  wgs84ToBng,
} from '../../src/geography/crs.js';

describe('coordinate reference systems of boundary files', () => {
  it('reads the crs member of a GeoJSON file, in the forms the portal and GDAL write', () => {
    expect(crsFromMember({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } })).toBe('BNG');
    expect(crsFromMember({ type: 'name', properties: { name: 'EPSG:27700' } })).toBe('BNG');
    expect(crsFromMember({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } })).toBe('WGS84');
    expect(crsFromMember({ type: 'name', properties: { name: 'EPSG:4326' } })).toBe('WGS84');
    expect(crsFromMember({ type: 'name', properties: { name: 'EPSG:3857' } })).toBeNull();
    expect(crsFromMember({ type: 'name', properties: { name: 'EPSG:127700' } })).toBeNull();
    expect(crsFromMember(undefined)).toBeNull();
    expect(crsFromMember('EPSG:27700')).toBeNull();
  });

  it('tells grid metres from degrees by their magnitude', () => {
    expect(crsFromCoordinates([430000, 130000])).toBe('BNG');
    expect(crsFromCoordinates([651409.9, 313177.3])).toBe('BNG');
    expect(crsFromCoordinates([-1.573221, 51.068553])).toBe('WGS84');
    expect(crsFromCoordinates([1.716052, 52.657979])).toBe('WGS84');
    // Neither: Web Mercator metres west of Greenwich, or nonsense.
    expect(crsFromCoordinates([-175000, 6630000])).toBeNull();
    expect(crsFromCoordinates([Number.NaN, 1])).toBeNull();
  });

  it('converts British National Grid to WGS84 with the datum shift, to 6 decimal places', () => {
    // The Ordnance Survey's worked example (Caister water tower): E 651409.903, N 313177.270 is
    // 52 39 27.2531 N, 1 43 4.5177 E on OSGB36 (52.657570, 1.717922). WGS84 differs by the
    // datum shift, tens to a hundred-odd metres in East Anglia.
    const [lon, lat] = bngToWgs84(651409.903, 313177.27);
    expect(Math.abs(lat - 52.65757)).toBeLessThan(0.001);
    expect(Math.abs(lon - 1.717922)).toBeLessThan(0.003);
    expect(Math.abs(lon - 1.717922)).toBeGreaterThan(0.0005);
    expect(lon.toString().split('.')[1].length).toBeLessThanOrEqual(6);
    // And back again, to within a metre.
    const [e, n] = wgs84ToBng(lon, lat);
    expect(Math.abs(e - 651409.903)).toBeLessThan(1);
    expect(Math.abs(n - 313177.27)).toBeLessThan(1);
  });

  it('converts whole polygons and multipolygons, and measures them', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [430000, 130000],
          [431000, 130000],
          [431000, 131000],
          [430000, 131000],
          [430000, 130000],
        ],
        // A hole in the south-west quarter.
        [
          [430000, 130000],
          [430000, 130500],
          [430500, 130500],
          [430500, 130000],
          [430000, 130000],
        ].map(([x, y]) => [x + 100, y + 100]),
      ] as [number, number][][],
    };
    // The square's centroid moved away from the hole: (1e6 * 500 - 250000 * 350) / 750000.
    const [cx, cy] = planarCentroid(polygon);
    expect(cx).toBeCloseTo((1e6 * 430500 - 250000 * 430350) / 750000, 6);
    expect(cy).toBeCloseTo((1e6 * 130500 - 250000 * 130350) / 750000, 6);
    const wgs = toWgs84(polygon, 'BNG');
    expect(wgs.type).toBe('Polygon');
    const [minLon, minLat, maxLon, maxLat] = bbox(wgs);
    expect(minLon).toBeLessThan(maxLon);
    expect(minLat).toBeLessThan(maxLat);
    expect(maxLon - minLon).toBeGreaterThan(0.0135);
    expect(maxLon - minLon).toBeLessThan(0.015);
    const multi = toWgs84({ type: 'MultiPolygon', coordinates: [[[[-1.1234567, 50.1234567]]]] }, 'WGS84');
    expect(multi).toEqual({ type: 'MultiPolygon', coordinates: [[[[-1.123457, 50.123457]]]] });
  });
});
