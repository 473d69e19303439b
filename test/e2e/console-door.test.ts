import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

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
