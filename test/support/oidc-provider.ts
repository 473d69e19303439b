import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (the certified `oidc-provider` package) on loopback, for
 * the tests and the benchmark: authorization code flow with PKCE, its own RSA signing
 * key and JWKS, and its development login form (any login name, any password; the login
 * name is the person's subject). Synthetic people only.
 */

export interface SyntheticPerson {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  groups?: string[];
  roles?: string[];
  /** Google Workspace's hosted domain. */
  hd?: string;
  /** Entra ID group overage: the groups claim is left out and pointed at elsewhere (`_claim_names`). */
  overage?: boolean;
  /** How the provider issues this person's ID token: `expired` (exp in the past), `wrong-audience` (for another client). */
  idToken?: 'expired' | 'wrong-audience';
}

export interface TestClient {
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
}

export interface TestProvider {
  issuer: string;
  port: number;
  /** Requests the provider answered, by path (`/token`, `/jwks`, `/.well-known/openid-configuration`...). */
  requests: Map<string, number>;
  people: Map<string, SyntheticPerson>;
  close(): Promise<void>;
}

export async function startOidcProvider(opts: {
  clients: TestClient[];
  people: SyntheticPerson[];
  port?: number;
}): Promise<TestProvider> {
  const people = new Map(opts.people.map((p) => [p.sub, p]));
  const requests = new Map<string, number>();
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };

  const provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret
        ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
        : { token_endpoint_auth_method: 'none' }),
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    // Scope claims go into the ID token (as Entra ID and most providers do).
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups', 'roles', 'hd', '_claim_names', '_claim_sources'],
      email: ['email'],
    },
    features: { devInteractions: { enabled: true } },
    // Consent is given on the person's behalf: the tests sign in, they do not consent.
    async loadExistingGrant(ctx) {
      const oidc = ctx.oidc;
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id) {
      const p = people.get(id);
      if (!p) return undefined;
      return {
        accountId: id,
        async claims() {
          const claims: Record<string, unknown> = {
            sub: p.sub,
            name: p.name,
            preferred_username: p.preferred_username,
            email: p.email,
            roles: p.roles,
            hd: p.hd,
          };
          if (p.overage) {
            claims._claim_names = { groups: 'src1' };
            claims._claim_sources = { src1: { endpoint: `${issuer}/graph/getMemberObjects` } };
          } else claims.groups = p.groups;
          return claims as { sub: string };
        },
      };
    },
  });
  // The ID token as the person's case asks: an expired one, or one for another client.
  const IdToken = provider.IdToken as unknown as {
    prototype: {
      issue(this: { available: { sub?: string }; client: object }, o?: object): Promise<string>;
    };
  };
  const issue = IdToken.prototype.issue;
  IdToken.prototype.issue = async function (o = {}) {
    const person = people.get(String(this.available.sub));
    if (person?.idToken === 'expired')
      return issue.call(this, { ...o, expiresAt: Math.floor(Date.now() / 1000) - 600 });
    if (person?.idToken === 'wrong-audience') {
      const client = this.client;
      this.client = new Proxy(client, {
        get: (t, k) => (k === 'clientId' ? 'another-client' : Reflect.get(t, k)),
      });
      try {
        return await issue.call(this, o);
      } finally {
        this.client = client;
      }
    }
    return issue.call(this, o);
  };
  const callback = provider.callback();
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    callback(req, res);
  });
  return {
    issuer,
    port,
    requests,
    people,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A minimal browser over HTTP: a cookie jar per host (paths and expiry honoured loosely:
 * extra cookies sent to a path are harmless here), redirects followed by hand so that
 * every hop is seen.
 */
export class HttpBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly visited: string[] = [];

  cookies(host: string): Map<string, string> {
    let m = this.jar.get(host);
    if (!m) this.jar.set(host, (m = new Map()));
    return m;
  }

  private store(url: URL, res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies(url.host).delete(name);
      else this.cookies(url.host).set(name, value);
    }
  }

  /** One request with this host's cookies; no redirect followed. */
  async request(
    url: string | URL,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const u = new URL(url);
    const jar = this.cookies(u.host);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    this.visited.push(u.href);
    const res = await fetch(u, {
      method: init.method ?? 'GET',
      body: init.body,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
    });
    this.store(u, res);
    return res;
  }

  /** Follows redirects from `url` until `stop(url)` says so or a non-redirect answer comes. */
  async follow(
    url: string | URL,
    stop: (next: URL) => boolean = () => false,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<{ res: Response; url: URL }> {
    let current = new URL(url);
    let res = await this.request(current, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      const next = new URL(location, current);
      if (stop(next)) return { res, url: next };
      current = next;
      res = await this.request(current);
    }
    throw new Error('too many redirects');
  }

  /** Posts the provider's login form on `page` (its development interaction) as `login`. */
  async submitLogin(pageUrl: URL, html: string, login: string, stop: (next: URL) => boolean) {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no login form on ${pageUrl.href}`);
    return this.follow(new URL(action.replaceAll('&amp;', '&'), pageUrl), stop, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any-synthetic-password' }).toString(),
    });
  }
}
