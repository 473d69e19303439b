import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

describe("the console's door: the built single-page application at /", () => {
  let t: TestHub;
  let origin: string;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-web-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>console</title><div id="root"></div>');
    await writeFile(path.join(dir, 'explorer.html'), '<!doctype html><title>explorer</title>');
    await writeFile(path.join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
    t = await startTestHub({ HUB_WEB_DIR: dir });
    origin = new URL(t.hub.url).origin;
  });

  afterAll(async () => {
    await t?.close();
  });

  it("serves the console at / and at every page's address, never cached, under a strict Content-Security-Policy", async () => {
    for (const p of ['/', '/explore', '/analyses/trend?purpose=STRATEGIC_ASSESSMENT', '/saved/123']) {
      const res = await fetch(origin + p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('loads images from nowhere but itself, and offers no base map, unless one is configured', async () => {
    const csp = (await fetch(origin + '/')).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: blob:;");
    const seed = new Seed(t.db.orm, t.runtime.services.tokens);
    const { token } = await seed.user(await seed.agency('POL', AgencyKind.POLICE), [Role.ANALYST], 'analyst@pol');
    expect((await t.gql('{ mapBaseLayer { urlTemplate } }', {}, { token })).data).toEqual({ mapBaseLayer: null });
  });

  it('serves hashed assets for a year, and a missing asset as 404, not as the page', async () => {
    const asset = await fetch(`${origin}/assets/main-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  });

  it("never serves a file from outside the console's folder", async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/%E0%A4%A']) {
      const res = await fetch(origin + p);
      expect(await res.text()).not.toContain('"dependencies"');
    }
  });

  it('serves the GraphQL explorer at /explorer, and sends a browser opening /graphql there', async () => {
    expect(await (await fetch(`${origin}/explorer`)).text()).toContain('<title>explorer</title>');
    const res = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/explorer');
  });

  it('says so, rather than failing, when the console has not been built', async () => {
    const bare = await startTestHub({ HUB_WEB_DIR: path.join(tmpdir(), 'no-such-console-build') });
    try {
      const res = await fetch(new URL('/', bare.hub.url));
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});

describe("a base map under the console's maps (HUB_MAP_TILE_URL)", () => {
  let t: TestHub;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-web-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    t = await startTestHub({
      HUB_WEB_DIR: dir,
      HUB_MAP_TILE_URL: 'https://tiles.example.org/Light_27700/{z}/{x}/{y}.png?key=partnership-key',
      HUB_MAP_TILE_ATTRIBUTION: 'Contains OS data © Crown copyright and database right',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("lets the console's pages load the tile service's images, and no other origin", async () => {
    const csp = (await fetch(new URL(t.hub.url).origin + '/explore')).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.org;");
    expect(csp).toContain("connect-src 'self'");
  });

  it('tells a signed-in person where the tiles are, and nobody else', async () => {
    const query = '{ mapBaseLayer { urlTemplate crs maxZoom attribution } }';
    expect((await t.gql(query)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const seed = new Seed(t.db.orm, t.runtime.services.tokens);
    const { token } = await seed.user(await seed.agency('FIRE', AgencyKind.FIRE), [Role.OFFICER], 'officer@fire');
    expect((await t.gql(query, {}, { token })).data).toEqual({
      mapBaseLayer: {
        urlTemplate: 'https://tiles.example.org/Light_27700/{z}/{x}/{y}.png?key=partnership-key',
        crs: 'EPSG:27700',
        maxZoom: 13,
        attribution: 'Contains OS data © Crown copyright and database right',
      },
    });
  });
});
