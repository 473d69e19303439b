import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../src/app.js';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { Agency, ApiKey } from '../../src/entities/index.js';
import { ApiKeyScope } from '../../src/entities/api-key.entity.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { expectNoLeak, logCapture, raw, setPassword } from '../support/hardening.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const PASSWORD = 'Sup3r-Secret-Passphrase-4417';
const WRONG_PASSWORD = 'Wr0ng-Guess-Passphrase-9931';
const LOGIN = 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const ME = '{ me { username } }';
const AGENCIES = '{ agencies { code } }';

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

describe('authentication refusals, and secrets kept out of the logs', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let hub: RunningHub;
  const logs = logCapture();
  let seed: Seed;
  let police: Agency;
  let user: { id: string; username: string; token: string };
  let apiKey: string;

  const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const r = await raw(hub.url, {
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', ...headers },
    });
    expectNoLeak(r.text);
    return r;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const expectRefused = (r: Awaited<ReturnType<typeof post>>, message: string | RegExp) => {
    expect(r.status).toBe(401);
    expect(r.json?.data).toBeUndefined();
    expect(r.json?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    if (typeof message === 'string') expect(r.json?.errors?.[0].message).toBe(message);
    else expect(r.json?.errors?.[0].message).toMatch(message);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    });
    // Everything the hub logs, at the most verbose level, goes to memory.
    runtime = await openRuntime(config, createLogger('trace', logs.stream));
    hub = await startHub(runtime, { port: 0, host: '127.0.0.1' });
    seed = new Seed(runtime.orm, runtime.services.tokens);
    police = await seed.agency('POL', AgencyKind.POLICE);
    user = await seed.user(police, [Role.ANALYST], 'analyst@pol');
    await setPassword(runtime.orm, user.id, PASSWORD);
    const k = generateApiKey();
    apiKey = k.key;
    const em = runtime.orm.em.fork();
    em.create(ApiKey, {
      agency: em.getReference(Agency, police.id),
      name: 'RMS feed',
      prefix: k.prefix,
      secretHash: k.secretHash,
      scopes: [ApiKeyScope.READ],
      createdAt: new Date(),
    });
    await em.flush();
  });

  afterAll(async () => {
    await hub?.stop();
    await runtime?.close();
    await db?.drop();
  });

  describe('bearer tokens', () => {
    it('accepts a valid token', async () => {
      const r = await post(ME, {}, bearer(user.token));
      expect(r.json?.data).toEqual({ me: { username: 'analyst@pol' } });
    });

    it('refuses an expired token, saying it expired', async () => {
      const { token } = await runtime.services.tokens.issue(
        { id: user.id, agencyId: police.id, roles: [Role.ANALYST] },
        new Date(Date.now() - 2 * 3600_000),
      );
      expectRefused(await post(ME, {}, bearer(token)), 'The bearer token has expired; log in again.');
    });

    it('refuses a token whose claims were edited (roles raised to ADMIN)', async () => {
      const [h, p, s] = user.token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forged = [h, b64({ ...claims, roles: ['ADMIN'] }), s].join('.');
      expectRefused(await post(ME, {}, bearer(forged)), 'The bearer token is not valid.');
    });

    it('refuses a token with a damaged signature', async () => {
      const t = user.token;
      const forged = t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expectRefused(await post(ME, {}, bearer(forged)), 'The bearer token is not valid.');
    });

    it('refuses a token signed with another secret', async () => {
      const other = new TokenService('another-hubs-secret-0123456789-abcdefghijklmnop', 60);
      const { token } = await other.issue({ id: user.id, agencyId: police.id, roles: [Role.ANALYST] });
      expectRefused(await post(ME, {}, bearer(token)), 'The bearer token is not valid.');
    });

    it('refuses an unsigned token (alg "none")', async () => {
      const [, p] = user.token.split('.');
      expectRefused(
        await post(ME, {}, bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`)),
        /not valid|Bearer <token>/,
      );
    });

    it('refuses a token signed with the right secret but another algorithm (HS512)', async () => {
      const key = new TextEncoder().encode(TEST_TOKEN_SECRET);
      const token = await new SignJWT({ agency: police.id, roles: ['ANALYST'] })
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject(user.id)
        .setIssuer('community-safety-hub')
        .setAudience('community-safety-hub/graphql')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
      expectRefused(await post(ME, {}, bearer(token)), 'The bearer token is not valid.');
    });

    it('refuses a token for another audience, signed with the right secret', async () => {
      const key = new TextEncoder().encode(TEST_TOKEN_SECRET);
      const token = await new SignJWT({ agency: police.id, roles: ['ANALYST'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer('community-safety-hub')
        .setAudience('some-other-service')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
      expectRefused(await post(ME, {}, bearer(token)), 'The bearer token is not valid.');
    });

    it('refuses garbage and a non-Bearer Authorization header', async () => {
      expectRefused(await post(ME, {}, bearer('not.a.jwt')), 'The bearer token is not valid.');
      expectRefused(
        await post(ME, {}, { authorization: 'Basic YW5hbHlzdDpwdw==' }),
        'The Authorization header must be `Bearer <token>`.',
      );
    });

    it("refuses a revoked token (issued before the account's tokensValidAfter), and accepts a newer one", async () => {
      const u = await seed.user(police, [Role.ANALYST]);
      await runtime.orm.em
        .getConnection()
        .execute('update hub_user set tokens_valid_after = ? where id = ?', [new Date(Date.now() + 5_000), u.id]);
      expectRefused(await post(ME, {}, bearer(u.token)), 'This token has been revoked; log in again.');
      const { token } = await runtime.services.tokens.issue(
        { id: u.id, agencyId: police.id, roles: [Role.ANALYST] },
        new Date(Date.now() + 6_000),
      );
      expect((await post(ME, {}, bearer(token))).json?.data).toEqual({ me: { username: u.username } });
    });

    it('refuses the token of a deactivated account or agency', async () => {
      const u = await seed.user(police, [Role.ANALYST]);
      await runtime.orm.em.getConnection().execute('update hub_user set active = false where id = ?', [u.id]);
      expectRefused(await post(ME, {}, bearer(u.token)), 'The account behind this token is no longer active.');
      const fire = await seed.agency('FRS', AgencyKind.FIRE);
      const f = await seed.user(fire, [Role.ANALYST]);
      await runtime.orm.em.getConnection().execute('update agency set active = false where id = ?', [fire.id]);
      expectRefused(await post(ME, {}, bearer(f.token)), 'The account behind this token is no longer active.');
    });
  });

  describe('API keys', () => {
    it('accepts a valid key', async () => {
      const r = await post(AGENCIES, {}, { 'x-api-key': apiKey });
      expect(r.json?.errors).toBeUndefined();
    });

    it('refuses a key with the right prefix but the wrong secret', async () => {
      const forged = apiKey.slice(0, -6) + (apiKey.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
      expectRefused(await post(AGENCIES, {}, { 'x-api-key': forged }), 'The API key is not valid or has been revoked.');
    });

    it('refuses a malformed key, and an unknown one', async () => {
      expectRefused(
        await post(AGENCIES, {}, { 'x-api-key': "hubk_' or 1=1 --" }),
        'The API key is not valid or has been revoked.',
      );
      expectRefused(
        await post(AGENCIES, {}, { 'x-api-key': generateApiKey().key }),
        'The API key is not valid or has been revoked.',
      );
    });

    it('refuses a revoked key', async () => {
      const k = generateApiKey();
      const em = runtime.orm.em.fork();
      em.create(ApiKey, {
        agency: em.getReference(Agency, police.id),
        name: 'old feed',
        prefix: k.prefix,
        secretHash: k.secretHash,
        scopes: [ApiKeyScope.READ],
        revokedAt: new Date(),
        createdAt: new Date(),
      });
      await em.flush();
      expectRefused(await post(AGENCIES, {}, { 'x-api-key': k.key }), 'The API key is not valid or has been revoked.');
    });
  });

  describe('logs', () => {
    it('never contain a password, token or API key, whether the login succeeds or fails', async () => {
      const ok = await post(LOGIN, { u: 'analyst@pol', p: PASSWORD });
      const issued = ok.json?.data?.login.token as string;
      expect(issued).toBeTruthy();
      await post(LOGIN, { u: 'analyst@pol', p: WRONG_PASSWORD });
      await post(LOGIN, { u: 'nobody@pol', p: WRONG_PASSWORD });
      // Inline in the document rather than in variables.
      await post(`mutation { login(username: "analyst@pol", password: "${WRONG_PASSWORD}-inline") { token } }`);
      // A malformed document around a password.
      await post(`mutation { login(username: "analyst@pol", password: "${WRONG_PASSWORD}-broken" { token } }`);
      await post(ME, {}, bearer(issued));
      await post(ME, {}, bearer(issued + 'x'));
      await post(AGENCIES, {}, { 'x-api-key': apiKey });
      await post(AGENCIES, {}, { 'x-api-key': apiKey.slice(0, -1) + 'Z' });

      const text = logs.text();
      // The logs did record these requests (so the assertion below means something).
      expect(text).toContain('"msg":"graphql operation"');
      expect(text).toContain('analyst@pol');
      const secrets = {
        PASSWORD,
        WRONG_PASSWORD,
        token: issued,
        tokenSignature: issued.split('.')[2],
        apiKey,
        apiKeySecret: apiKey.slice(apiKey.indexOf('_', 'hubk_'.length) + 1),
        TEST_TOKEN_SECRET,
        TEST_PSEUDONYM_KEY,
      };
      // The secret part is base64url and may itself contain "_": take everything after the prefix.
      expect(secrets.apiKeySecret).toHaveLength(43);
      const leaks = Object.entries(secrets)
        .filter(([, secret]) => text.includes(secret))
        .map(
          ([name, secret]) =>
            `${name} in: ${text
              .split('\n')
              .find((l) => l.includes(secret))
              ?.replace(secret, '<SECRET>')}`,
        );
      expect(leaks).toEqual([]);
    });
  });
});
