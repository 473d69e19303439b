/**
 * bench/identity: signing in through an agency's identity provider against signing in
 * with a local password, in the same run.
 *   npm run bench:identity          (BENCH_SIGN_INS, default 30)
 * A real OpenID Connect provider (oidc-provider) on loopback and a real hub on real
 * PostgreSQL. Each provider sign-in is the whole browser journey over HTTP (the hub's
 * start, the provider's login form, the hub's callback); each local one is the console's
 * `signIn` mutation. Alongside the timings it counts the requests the provider answered:
 * at most one to its token endpoint per sign-in, its keys (JWKS) and its discovery
 * document once for the whole run. The test fails if those counts are exceeded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { IdentityProvidersService } from '../../src/identity/providers.service.js';
import { oidcSignIn } from '../../src/identity/services.js';
import { startTestHub, type TestHub } from '../../test/support/hub.js';
import { HttpBrowser, startOidcProvider, type TestProvider } from '../../test/support/oidc-provider.js';
import { Seed } from '../../test/support/seed.js';

const N = Number(process.env.BENCH_SIGN_INS ?? 30);
const PASSWORD = 'bench-password-not-a-secret-0123';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

describe('bench/identity: provider sign-in vs local password sign-in', () => {
  let t: TestHub;
  let idp: TestProvider;
  let base: string;

  beforeAll(async () => {
    t = await startTestHub();
    base = `http://127.0.0.1:${t.hub.port}`;
    const seed = new Seed(t.db.orm);
    const pol = await seed.agency('POL', AgencyKind.POLICE);
    const u = await seed.user(pol, [Role.ANALYST], 'analyst@pol');
    await t.runtime.pool.query('update hub_user set password_hash = $1 where id = $2', [
      await hashPassword(PASSWORD),
      u.id,
    ]);
    idp = await startOidcProvider({
      clients: [
        {
          clientId: 'hub-bench',
          clientSecret: 'bench-client-secret-0123456789',
          redirectUris: [`${base}/auth/oidc/callback`],
        },
      ],
      people: [{ sub: 'bench-1', preferred_username: 'analyst@pol', groups: ['analysts'] }],
    });
    process.env.HUB_OIDC_BENCH_SECRET = 'bench-client-secret-0123456789';
    await new IdentityProvidersService().add(
      t.runtime.orm.em.fork(),
      { kind: 'system', label: 'bench' },
      {
        name: 'bench-idp',
        agency: 'POL',
        displayName: 'Bench',
        issuer: idp.issuer,
        clientId: 'hub-bench',
        clientSecretRef: 'env:HUB_OIDC_BENCH_SECRET',
        roleMappings: [{ value: 'analysts', roles: [Role.ANALYST] }],
        linkByUsername: true,
      },
    );
  });

  afterAll(async () => {
    await idp?.close();
    await t?.close();
  });

  it('measures both, and counts the provider requests', async () => {
    const hubHost = new URL(base).host;
    const atHub = (u: URL) => u.host === hubHost;
    const journey: number[] = [];
    const callback: number[] = [];
    const local: number[] = [];
    for (let i = 0; i < N; i++) {
      // A fresh browser each time: a full login at the provider, as a person at a new desk.
      const browser = new HttpBrowser();
      const t0 = performance.now();
      const started = await browser.follow(`${base}/auth/oidc/bench-idp/start`, atHub);
      const done = await browser.submitLogin(started.url, await started.res.text(), 'bench-1', atHub);
      const t1 = performance.now();
      const res = await browser.request(done.url);
      const t2 = performance.now();
      expect(res.headers.get('location')).toBe('/');
      journey.push(t2 - t0);
      callback.push(t2 - t1);

      const l0 = performance.now();
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { signIn(username: "analyst@pol", password: "${PASSWORD}") { expiresAt } }`,
        }),
      });
      const body = (await r.json()) as { errors?: unknown };
      local.push(performance.now() - l0);
      expect(body.errors).toBeUndefined();
    }
    const token = idp.requests.get('/token') ?? 0;
    const jwks = idp.requests.get('/jwks') ?? 0;
    const discovery = idp.requests.get('/.well-known/openid-configuration') ?? 0;
    const traffic = oidcSignIn(t.runtime.services).traffic;
    const row = {
      signIns: N,
      providerJourneyMedianMs: +median(journey).toFixed(1),
      providerJourneyP90Ms: +p90(journey).toFixed(1),
      hubCallbackMedianMs: +median(callback).toFixed(1),
      hubCallbackP90Ms: +p90(callback).toFixed(1),
      localSignInMedianMs: +median(local).toFixed(1),
      localSignInP90Ms: +p90(local).toFixed(1),
      tokenRequests: token,
      tokenRequestsPerSignIn: token / N,
      jwksRequests: jwks,
      discoveryRequests: discovery,
      hubCounted: traffic,
    };
    console.log(JSON.stringify(row, null, 2));
    expect(token).toBe(N);
    expect(jwks).toBe(1);
    expect(discovery).toBe(1);
    expect(traffic).toMatchObject({ token: N, jwks: 1, discovery: 1 });
  });
});
