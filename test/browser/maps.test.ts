import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

/*
 * The console's maps, in Debian's Chromium against a real hub with the demo partnership
 * and its synthetic boundaries: a path per area of the answer's level, suppressed areas
 * hatched, downloads as SVG and GeoJSON; every page scanned by axe-core and saved as a
 * screenshot (test-results/console/5x-*.png).
 */

let h: ConsoleHarness;
/** Areas with boundaries in the demo, by level. */
const areas: Record<string, number> = {};

async function mapOf(page: Page) {
  const map = page.locator('main svg.hub-map__svg').first();
  await map.waitFor({ state: 'visible', timeout: 30_000 });
  return map;
}

async function checkPage(page: Page, name: string) {
  expect(await accessibilityProblems(page), `accessibility of ${name}`).toEqual([]);
  await screenshot(page, name);
}

/** A licensed tile service, played by a server on loopback: every tile the same synthetic 8 x 8 pattern. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAGElEQVR4nGN48uYhVsRw49EVrIhhUOoAAM+np+ENIOcMAAAAAElFTkSuQmCC',
  'base64',
);
const tileRequests: string[] = [];
let tiles: Server;

beforeAll(async () => {
  tiles = createServer((req, res) => {
    tileRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=3600' });
    res.end(TILE);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
  const tilePort = (tiles.address() as AddressInfo).port;
  h = await startConsoleHarness({
    records: 12_000,
    env: {
      HUB_MAP_TILE_URL: `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png`,
      HUB_MAP_TILE_ATTRIBUTION: 'Synthetic base map for tests',
    },
  });
  for (const r of await h.hub.sql<{ level: string; n: number }>(
    `select a.level::text as level, count(*)::int as n from area_boundary b join area a on a.code = b.area_code group by 1`,
  ))
    areas[r.level] = r.n;
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => tiles?.close(r));
});

describe('console maps', () => {
  it('maps Explore by ward: a path per ward, the legend with suppressed and no data, SVG and GeoJSON downloads', async () => {
    expect(areas.WARD).toBeGreaterThan(0);
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/explore?purpose=STRATEGIC_ASSESSMENT&groupBy=WARD');
    const map = await mapOf(page);
    expect(await map.locator('path[data-area]').count()).toBe(areas.WARD);
    expect(await map.getAttribute('role')).toBe('img');
    // The configured base map lies under the areas, fetched by the browser from the tile service, with its credit.
    await expect.poll(() => map.locator('image[data-tile]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const tileKeys = await map
      .locator('image[data-tile]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-tile')));
    await expect
      .poll(() => tileKeys.filter((k) => !tileRequests.includes(`/tiles/${k}.png`)).length, { timeout: 10_000 })
      .toBe(0);
    expect(await map.locator('text.hub-map__base').textContent()).toBe('Synthetic base map for tests');
    expect(await map.locator('title').first().textContent()).toMatch(/^Map: records by ward/);
    const legend = await map.locator('.hub-map__legend').textContent();
    expect(legend).toContain('Suppressed');
    expect(legend).toContain('No data');
    // Every ward the table lists is coloured, not drawn as "no data".
    const rows = await page.locator('main table tbody tr').count();
    expect(await map.locator('path[data-state="value"], path[data-state="suppressed"]').count()).toBe(
      Math.min(rows, areas.WARD),
    );
    await checkPage(page, '50-map-explore-ward');

    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download map as SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toMatch(/^hub-explore-map-strategic-assessment-.*\.svg$/);
    const svgText = await readFile((await svg.path())!, 'utf8');
    expect(svgText.match(/<path [^>]*data-area=/g)).toHaveLength(areas.WARD);
    expect(svgText).not.toContain('data-tile');

    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download map as PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toMatch(/^hub-explore-map-strategic-assessment-.*\.png$/);
    // A PNG file: its signature, and more than an empty canvas.
    const pngBytes = await readFile((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(10_000);

    const [geo] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as GeoJSON' }).click(),
    ]);
    expect(geo.suggestedFilename()).toMatch(/strategic-assessment.*\.geojson$/);
    const fc = JSON.parse(await readFile((await geo.path())!, 'utf8')) as {
      type: string;
      features: { geometry: unknown; properties: { code: string; count: number | null; suppressed: boolean } }[];
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(rows);
    expect(fc.features.every((f) => (f.properties.suppressed ? f.properties.count === null : true))).toBe(true);
  });

  it('hatches suppressed areas of partner data under disclosure control', async () => {
    const { page } = await h.person();
    await h.signIn(
      page,
      'analyst@bpol',
      '/explore?purpose=STRATEGIC_ASSESSMENT&groupBy=LSOA&datasets=rht-ae-assaults&from=2026-01-01&to=2026-04-01',
    );
    const map = await mapOf(page);
    expect(await map.locator('path[data-area]').count()).toBe(areas.LSOA);
    const hatched = map.locator('path[data-state="suppressed"]');
    expect(await hatched.count()).toBeGreaterThan(0);
    expect(await hatched.first().getAttribute('fill')).toMatch(/^url\(#.*-hatch\)$/);
    await checkPage(page, '51-map-explore-suppressed');
  });

  it('maps hotspots: every LSOA drawn, the top ones coloured, the rest grey', async () => {
    expect(areas.LSOA).toBeGreaterThan(0);
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/hotspots?purpose=STRATEGIC_ASSESSMENT&top=10');
    const map = await mapOf(page);
    expect(await map.locator('path[data-area]').count()).toBe(areas.LSOA);
    const ranked = await page.locator('main table tbody tr').count();
    expect(ranked).toBeGreaterThan(0);
    expect(await map.locator('path[data-state="value"], path[data-state="suppressed"]').count()).toBe(ranked);
    expect(await map.locator('path[data-state="none"]').count()).toBe(areas.LSOA - ranked);
    expect(await map.locator('.hub-map__legend').textContent()).toContain(`Not in the top ${ranked}`);
    await checkPage(page, '52-map-hotspots');
  });

  it('maps repeat locations as 100 m squares over the wards', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/repeat-locations?purpose=STRATEGIC_ASSESSMENT');
    const map = await mapOf(page);
    const places = new Set(
      await page.locator('main table tbody tr th').evaluateAll((cells) => cells.map((c) => c.textContent ?? '')),
    );
    expect(places.size).toBeGreaterThan(0);
    expect(await map.locator('path[data-square]').count()).toBe(places.size);
    await checkPage(page, '53-map-repeat-locations');
  });

  it('prints maps in the assessment report, drawn on the server: one path per area', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/report?purpose=STRATEGIC_ASSESSMENT');
    await page.getByRole('button', { name: /Generate/ }).click();
    const frame = page.frameLocator('main iframe');
    const hotspots = frame.locator('#hotspots svg.hub-map').first();
    await hotspots.waitFor({ timeout: 60_000 });
    expect(await hotspots.locator('path').count()).toBe(areas.LSOA);
    const wards = frame.locator('#cross-agency svg.hub-map');
    expect(await wards.locator('path').count()).toBe(areas.WARD);
    expect(await accessibilityProblems(page), 'accessibility of the report').toEqual([]);
    // The report's frame runs no script (sandboxed): its maps are looked at on a page of their own.
    const svgs = [await hotspots.evaluate((e) => e.outerHTML), await wards.evaluate((e) => e.outerHTML)];
    const { page: view } = await h.person();
    await view.setContent(`<!doctype html><html lang="en"><body>${svgs.join('')}</body></html>`);
    await screenshot(view, '55-report-maps');
  });

  it('maps A&E against police violence by ward, with a choice of figure', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/cross-agency?purpose=STRATEGIC_ASSESSMENT&level=WARD');
    const map = await mapOf(page);
    expect(await map.locator('path[data-area]').count()).toBe(areas.WARD);
    await page.getByLabel('Police: violence with injury').check();
    await expect
      .poll(() => map.locator('.hub-map__legend text').first().textContent())
      .toBe('Police: violence with injury');
    await checkPage(page, '54-map-cross-agency');
  });
});
