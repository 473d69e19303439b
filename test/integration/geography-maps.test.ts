import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencyId, demoDatasetId } from '../../src/demo/index.js';
import { Access, LocationPrecision, Purpose, RecordField, Role, TimePrecision } from '../../src/domain/vocabulary.js';
import type { Agency, Dataset } from '../../src/entities/index.js';
import { auditEvents, eventOf } from '../support/audit.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import { insertFixtureBoundaries } from '../support/geography-fixture.js';
import type { TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/**
 * Serving area geometry and mapping answers: the layer door (ETag and 304, levels the
 * caller may not see refused, every answer audited), the GeoJSON export of answers under
 * the CSV's disclosure control, and the report's static SVG maps.
 */

let hub: DemoHub;
let t: TestHub;
let pool: pg.Pool;
let counts: { lsoas: number; wards: number; las: number };
const tokens: Record<string, string> = {};

const PURPOSE = 'STRATEGIC_ASSESSMENT';
const layer = (level: string, opts: { token?: string; query?: string; headers?: Record<string, string> } = {}) =>
  fetch(new URL(`/geography/layers/${level}.topojson${opts.query ?? `?purpose=${PURPOSE}`}`, t.hub.url), {
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
  });

const AGG = `query A($groupBy: [GroupBy!]!, $filter: AnalysisFilter) @purpose(name: STRATEGIC_ASSESSMENT) {
  aggregate(groupBy: $groupBy, filter: $filter) { dimensions cells { keys value suppressed } suppressedCells csv geojson }
}`;

interface Geo {
  type: string;
  level: string;
  features: {
    id?: string;
    geometry: { type: string; coordinates: number[][][] | number[][][][] } | null;
    properties: Record<string, unknown>;
  }[];
}

beforeAll(async () => {
  hub = await startDemoHub({ records: 6_000, seed: 11, referenceDate: '2026-11-22' });
  ({ t, pool } = hub);
  counts = await insertFixtureBoundaries(pool);
  tokens.bpol = await hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
  // A partner that is shared the police's crime data only by ward.
  const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
  const ward = await seed.agency('WARDONLY');
  tokens.ward = (await seed.user(ward, [Role.ANALYST])).token;
  await seed.agreement({
    provider: { id: demoAgencyId('BPOL') } as Agency,
    datasets: [{ id: demoDatasetId('bpol-crime') } as Dataset],
    recipients: [ward],
    purposes: [Purpose.STRATEGIC_ASSESSMENT],
    grants: {
      [RecordField.CATEGORY]: { access: Access.AGGREGATE },
      [RecordField.TIME]: { access: Access.AGGREGATE, precision: TimePrecision.MONTH },
      [RecordField.LOCATION]: { access: Access.AGGREGATE, precision: LocationPrecision.WARD },
    },
    minCellSize: 10,
  });
});

afterAll(async () => {
  await t?.close();
});

describe('the layer door', () => {
  it('serves a level as TopoJSON with a strong ETag, and 304 when the copy is current', async () => {
    const res = await layer('LSOA', { token: tokens.bpol });
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+-MEDIUM"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const topo = (await res.json()) as {
      type: string;
      transform: unknown;
      objects: { areas: { geometries: { id: string; properties: { name: string } }[] } };
    };
    expect(topo.type).toBe('Topology');
    expect(topo.transform).toBeTruthy();
    expect(topo.objects.areas.geometries).toHaveLength(counts.lsoas);
    expect(topo.objects.areas.geometries.every((g) => /^E01/.test(g.id) && g.properties.name)).toBe(true);

    const again = await layer('LSOA', { token: tokens.bpol, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    // Another detail is another layer; a stale copy gets the whole layer again.
    const low = await layer('LSOA', { token: tokens.bpol, query: `?purpose=${PURPOSE}&detail=LOW` });
    expect(low.status).toBe(200);
    expect(low.headers.get('etag')).not.toBe(etag);
    const stale = await layer('LSOA', { token: tokens.bpol, headers: { 'if-none-match': '"old-MEDIUM"' } });
    expect(stale.status).toBe(200);
    expect(((await stale.json()) as typeof topo).objects.areas.geometries).toHaveLength(counts.lsoas);
  });

  it('audits every answer, the 304s included, under the purpose declared', async () => {
    const res = await layer('WARD', { token: tokens.bpol, headers: { 'x-request-id': 'layer-audit-0001' } });
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    const ev = await eventOf(pool, 'layer-audit-0001');
    expect(ev).toMatchObject({ outcome: 'ANSWERED', purpose: PURPOSE, operationName: 'GeographyLayer' });
    expect(ev.fieldsReturned).toContain('MapLayer.topojson');
    const cached = await layer('WARD', {
      token: tokens.bpol,
      headers: { 'x-request-id': 'layer-audit-0002', 'if-none-match': etag },
    });
    expect(cached.status).toBe(304);
    const ev2 = await eventOf(pool, 'layer-audit-0002');
    expect(ev2).toMatchObject({ outcome: 'ANSWERED', purpose: PURPOSE });
    expect(ev2.fieldsReturned).not.toContain('MapLayer.topojson');
  });

  it('refuses callers without credentials or purpose, and levels or details it does not know', async () => {
    expect((await layer('LSOA')).status).toBe(401);
    expect((await layer('LSOA', { token: tokens.bpol, query: '' })).status).toBe(400);
    expect((await layer('LSOA', { token: tokens.bpol, query: `?purpose=${PURPOSE}&detail=HUGE` })).status).toBe(400);
    const grid = await layer('GRID_100M', { token: tokens.bpol });
    expect(grid.status).toBe(404);
    expect(((await grid.json()) as { error: string }).error).toMatch(/LSOA, WARD, LOCAL_AUTHORITY/);
  });

  it('never serves a ward-level grant its records at LSOA: the LSOA layer and answer are refused, wards are drawn', async () => {
    const lsoa = await layer('LSOA', { token: tokens.ward, headers: { 'x-request-id': 'layer-ward-only-01' } });
    expect(lsoa.status).toBe(403);
    const body = (await lsoa.json()) as { error: string; code: string };
    expect(body.code).toBe('FORBIDDEN');
    expect(body.error).toMatch(/WARD, LOCAL_AUTHORITY/);
    expect(await eventOf(pool, 'layer-ward-only-01')).toMatchObject({ outcome: 'REFUSED', errorCodes: ['FORBIDDEN'] });

    const byLsoa = await t.gql(
      AGG,
      { groupBy: ['LSOA'], filter: { datasets: ['bpol-crime'] } },
      { token: tokens.ward },
    );
    expect(byLsoa.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const ward = await layer('WARD', { token: tokens.ward });
    expect(ward.status).toBe(200);
    const byWard = await t.gql(
      AGG,
      { groupBy: ['WARD'], filter: { datasets: ['bpol-crime'] } },
      { token: tokens.ward },
    );
    expect(byWard.errors).toBeUndefined();
    const geo = JSON.parse((byWard.data as any).aggregate.geojson) as Geo;
    expect(geo.level).toBe('WARD');
    const located = geo.features.filter((f) => f.geometry);
    expect(located.length).toBeGreaterThan(0);
    // Every feature is a ward: nothing placed finer than the grant.
    expect(located.every((f) => /^E05/.test(String(f.properties.code)))).toBe(true);
    const q = await t.gql(
      `query M @purpose(name: STRATEGIC_ASSESSMENT) { lsoa: mapLayer(level: LSOA) { version } ward: mapLayer(level: WARD) { areas url } }`,
      {},
      { token: tokens.ward },
    );
    expect(q.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['lsoa', 'FORBIDDEN']]);
    expect((q.data as any).ward).toEqual({ areas: counts.wards, url: '/geography/layers/WARD.topojson?detail=MEDIUM' });
  });
});

describe('GeoJSON of an answer', () => {
  it('carries every row of the CSV, suppressed counts null and flagged, never 0', async () => {
    const r = await t.gql(
      AGG,
      { groupBy: ['WARD', 'YEAR'], filter: { datasets: ['rht-ae-assaults'] } },
      { token: tokens.bpol },
    );
    expect(r.errors).toBeUndefined();
    const a = (r.data as any).aggregate as {
      cells: { keys: (string | null)[]; value: number | null; suppressed: boolean }[];
      suppressedCells: number;
      csv: string;
      geojson: string;
    };
    const geo = JSON.parse(a.geojson) as Geo;
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(a.cells.length);
    expect(a.csv.trim().split('\r\n')).toHaveLength(a.cells.length + 2);
    const suppressed = geo.features.filter((f) => f.properties.suppressed === true);
    expect(suppressed.length).toBe(a.cells.filter((c) => c.suppressed).length);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed.every((f) => f.properties.count === null)).toBe(true);
    for (const [i, c] of a.cells.entries()) {
      const f = geo.features[i];
      expect(f.properties.code).toBe(c.keys[0]);
      expect(f.properties.year).toBe(c.keys[1]);
      expect(f.properties.count).toBe(c.suppressed ? null : c.value);
    }
    // Boundaries in WGS84, longitude first.
    const first = geo.features.find((f) => f.geometry)!.geometry!;
    const [lon, lat] = (first.coordinates as number[][][])[0][0];
    expect(lon).toBeGreaterThan(-3);
    expect(lon).toBeLessThan(0);
    expect(lat).toBeGreaterThan(51);
    expect(lat).toBeLessThan(54);
  });

  it('draws repeat locations as 100 m squares', async () => {
    const r = await t.gql(
      `query R @purpose(name: STRATEGIC_ASSESSMENT) { repeatLocations(level: GRID_100M, minCount: 2, withinDays: 365) { rows { area } geojson } }`,
      {},
      { token: tokens.bpol },
    );
    expect(r.errors).toBeUndefined();
    const rep = (r.data as any).repeatLocations as { rows: { area: string }[]; geojson: string };
    expect(rep.rows.length).toBeGreaterThan(0);
    const geo = JSON.parse(rep.geojson) as Geo;
    expect(geo.features).toHaveLength(rep.rows.length);
    for (const f of geo.features) {
      expect(f.geometry?.type).toBe('Polygon');
      const ring = (f.geometry!.coordinates as number[][][])[0];
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
    }
  });

  it('is null for an answer not broken down by area', async () => {
    const r = await t.gql(AGG, { groupBy: ['YEAR'] }, { token: tokens.bpol });
    expect((r.data as any).aggregate.geojson).toBeNull();
  });
});

describe('the assessment report', () => {
  it('carries static SVG maps, one path per area shown', async () => {
    const r = await t.gql(
      `query R @purpose(name: STRATEGIC_ASSESSMENT) { assessmentReport(from: "2024-04-01T00:00:00Z", to: "2026-10-01T00:00:00Z") { sections { key charts } document } }`,
      {},
      { token: tokens.bpol },
    );
    expect(r.errors).toBeUndefined();
    const report = (r.data as any).assessmentReport as {
      sections: { key: string; charts: string[] }[];
      document: string;
    };
    const mapsOf = (key: string) =>
      report.sections.find((s) => s.key === key)!.charts.filter((c) => c.includes('class="hub-map"'));
    const paths = (svg: string) => (svg.match(/<path /g) ?? []).length;
    const hotspotMaps = mapsOf('hotspots');
    expect(hotspotMaps.length).toBeGreaterThan(0);
    for (const svg of hotspotMaps) {
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      expect(paths(svg)).toBe(counts.lsoas);
      expect(new Set(svg.match(/data-area="[^"]+"/g)).size).toBe(counts.lsoas);
      expect(svg).toContain('Suppressed');
    }
    const [wardMap] = mapsOf('cross-agency');
    expect(paths(wardMap)).toBe(counts.wards);
    // The HTML document carries them, with the hatching pattern for suppressed areas.
    expect((report.document.match(/class="hub-map"/g) ?? []).length).toBe(hotspotMaps.length + 1);
    expect(report.document).toContain('<pattern id="map-cross-agency-hatch"');
  });

  it('draws no map where no boundaries are loaded', async () => {
    const before = await auditEvents(pool);
    expect(before.length).toBeGreaterThan(0);
    await pool.query("delete from area_boundary where area_code like 'E05%'");
    try {
      const r = await t.gql(
        `query R @purpose(name: STRATEGIC_ASSESSMENT) { mapLayer(level: WARD) { version } }`,
        {},
        { token: tokens.bpol },
      );
      expect(r.errors).toBeUndefined();
      expect((r.data as any).mapLayer).toBeNull();
      expect((await layer('WARD', { token: tokens.bpol })).status).toBe(404);
    } finally {
      counts = await insertFixtureBoundaries(pool);
    }
  });
});
