import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import type { Agency } from '../../src/entities/index.js';
import { auditEvents, rawTrail } from '../support/audit.js';
import { runHubIn } from '../support/cli.js';
import { startTestHub, TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { HttpBrowser, startOidcProvider, type SyntheticPerson, type TestProvider } from '../support/oidc-provider.js';
import { Seed } from '../support/seed.js';

/*
 * Sign-in through agencies' own identity providers, against a real OpenID Connect
 * provider (oidc-provider) on loopback and real PostgreSQL, driven over HTTP as a
 * browser would: the hub's start address, the provider's login form, the callback.
 */

const POL_SECRET = 'pol-client-secret-for-tests-only-0123456789';
const SECRET_ENV = 'HUB_OIDC_TEST_POL_SECRET';

const PEOPLE: SyntheticPerson[] = [
  { sub: 'p-analyst', preferred_username: 'analyst@pol', name: 'Alex Analyst', groups: ['analysts', 'staff'] },
  { sub: 'p-demoted', preferred_username: 'auditor@pol', name: 'Dee Demoted', groups: ['analysts'] },
  { sub: 'p-new', preferred_username: 'new.person@pol', name: 'Nia New', groups: ['analysts'] },
  { sub: 'p-canteen', preferred_username: 'canteen@pol', groups: ['canteen'] },
  { sub: 'p-expired', preferred_username: 'expired@pol', groups: ['analysts'], idToken: 'expired' },
  { sub: 'p-audience', preferred_username: 'audience@pol', groups: ['analysts'], idToken: 'wrong-audience' },
  { sub: 'p-overage', preferred_username: 'overage@pol', overage: true },
  { sub: 'p-token', preferred_username: 'api.user@pol', groups: ['analysts'] },
  { sub: 'p-replay', preferred_username: 'replay@pol', groups: ['analysts'] },
  { sub: 'p-nhs', preferred_username: 'nurse@nhs', groups: ['anything'] },
  { sub: 'p-hd-ok', preferred_username: 'analyst@pol', groups: ['analysts'], hd: 'pol.example' },
  { sub: 'p-hd-other', preferred_username: 'analyst@pol', groups: ['analysts'], hd: 'elsewhere.example' },
  { sub: 'p-admin', preferred_username: 'admin@pol', groups: ['analysts'] },
];

const ADD = `mutation Add($name: String!, $input: IdentityProviderInput!) {
  addIdentityProvider(name: $name, input: $input) { id name displayName clientSecretRef roleMappings { value roles } linkedAccounts redirectUri agency { code } }
}`;

describe('sign-in through an agency identity provider (OpenID Connect)', () => {
  let t: TestHub;
  let idp: TestProvider;
  let base: string;
  let pol: Agency;
  let nhs: Agency;
  let adminToken: string;
  let analystToken: string;
  const saved = process.env[SECRET_ENV];

  /** Starts a sign-in and posts the provider's login form; answers the callback address the provider sent the browser to (not yet opened). */
  async function toCallback(browser: HttpBrowser, provider: string, login: string, query = '') {
    const hubHost = new URL(base).host;
    const atHub = (u: URL) => u.host === hubHost;
    const started = await browser.follow(`${base}/auth/oidc/${provider}/start${query}`, atHub);
    // Already signed in at the provider: it answers at once, without its login form.
    if (atHub(started.url) && started.url.pathname === '/auth/oidc/callback') return { callback: started.url };
    if (atHub(started.url)) return { refused: started.url };
    const page = await started.res.text();
    const done = await browser.submitLogin(started.url, page, login, atHub);
    return { callback: done.url };
  }

  /** A whole console sign-in: the address the hub sends the browser to at the end. */
  async function signIn(browser: HttpBrowser, provider: string, login: string): Promise<URL> {
    const r = await toCallback(browser, provider, login);
    if (r.refused) return r.refused;
    const res = await browser.request(r.callback!);
    return new URL(res.headers.get('location')!, base);
  }

  async function me(browser: HttpBrowser) {
    const jar = browser.cookies(new URL(base).host);
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `hub_session=${jar.get('hub_session')}`,
        'x-csrf-token': jar.get('hub_csrf') ?? '',
      },
      body: JSON.stringify({ query: '{ me { username roles agency { code } } }' }),
    });
    return (await res.json()) as { data?: { me: { username: string; roles: string[]; agency: { code: string } } } };
  }

  async function refusals(reason: string) {
    const events = await auditEvents(
      t.runtime.pool,
      `e.action = 'identity.sign_in' and e.outcome = 'REFUSED' and e.details->'after'->>'reason' = $1`,
      [reason],
    );
    return events;
  }

  beforeAll(async () => {
    process.env[SECRET_ENV] = POL_SECRET;
    t = await startTestHub();
    base = `http://127.0.0.1:${t.hub.port}`;
    const seed = new Seed(t.db.orm, t.runtime.services.tokens);
    pol = await seed.agency('POL', AgencyKind.POLICE);
    nhs = await seed.agency('NHS', AgencyKind.HEALTH);
    adminToken = (await seed.user(pol, [Role.ADMIN], 'admin@pol')).token;
    analystToken = (await seed.user(pol, [Role.ANALYST], 'analyst@pol')).token;
    await seed.user(pol, [Role.ANALYST, Role.AUDITOR], 'auditor@pol');
    await seed.user(pol, [Role.ANALYST], 'api.user@pol');
    await seed.user(pol, [Role.ANALYST], 'replay@pol');
    const local = await seed.user(nhs, [Role.ANALYST], 'local@nhs');
    await t.db.orm.em
      .fork()
      .getConnection()
      .execute('update hub_user set password_hash = ? where id = ?', [
        await hashPassword('correct-horse-battery-staple'),
        local.id,
      ]);
    idp = await startOidcProvider({
      clients: [
        { clientId: 'hub-pol', clientSecret: POL_SECRET, redirectUris: [`${base}/auth/oidc/callback`] },
        { clientId: 'hub-nhs', redirectUris: [`${base}/auth/oidc/callback`] },
      ],
      people: PEOPLE,
    });
    const polAdded = await t.gql(
      ADD,
      {
        name: 'pol-idp',
        input: {
          agency: 'POL',
          displayName: 'Test Police',
          issuer: idp.issuer,
          clientId: 'hub-pol',
          clientSecretRef: `env:${SECRET_ENV}`,
          roleMappings: [
            { value: 'analysts', roles: ['ANALYST'] },
            { value: 'officers', roles: ['OFFICER'] },
          ],
          autoProvision: true,
          linkByUsername: true,
        },
      },
      { token: adminToken },
    );
    expect(polAdded.errors).toBeUndefined();
    // The other agency's provider: the same directory, a public client, roles managed in the hub alone.
    const nhsAdded = await t.gql(
      ADD,
      {
        name: 'nhs-idp',
        input: {
          agency: 'NHS',
          displayName: 'Test Health',
          issuer: idp.issuer,
          clientId: 'hub-nhs',
          linkByUsername: true,
        },
      },
      { token: adminToken },
    );
    expect(nhsAdded.errors).toBeUndefined();
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env[SECRET_ENV];
    else process.env[SECRET_ENV] = saved;
    await idp?.close();
    await t?.close();
  });

  it('registers providers through the API, audited, never storing the secret', async () => {
    const list = await t.gql(
      '{ identityProviders { name displayName clientSecretRef roleMappings { value roles } autoProvision agency { code } } }',
      {},
      { token: adminToken },
    );
    expect(list.data).toEqual({
      identityProviders: [
        expect.objectContaining({ name: 'nhs-idp', clientSecretRef: null, agency: { code: 'NHS' } }),
        expect.objectContaining({
          name: 'pol-idp',
          clientSecretRef: `env:${SECRET_ENV}`,
          autoProvision: true,
          roleMappings: [
            { value: 'analysts', roles: ['ANALYST'] },
            { value: 'officers', roles: ['OFFICER'] },
          ],
        }),
      ],
    });
    const events = await auditEvents(t.runtime.pool, `e.action = 'identity_provider.add'`);
    expect(events).toHaveLength(2);
    expect(await rawTrail(t.runtime.pool)).not.toContain(POL_SECRET);
    const { rows } = await t.runtime.pool.query('select * from identity_provider');
    expect(JSON.stringify(rows)).not.toContain(POL_SECRET);
  });

  it('refuses a pasted secret, a multi-tenant Entra issuer and unknown roles, with clear errors', async () => {
    const bad = async (input: Record<string, unknown>) =>
      (
        await t.gql(
          ADD,
          { name: 'bad-idp', input: { agency: 'POL', issuer: idp.issuer, clientId: 'x', ...input } },
          { token: adminToken },
        )
      ).errors?.[0];
    expect(await bad({ clientSecretRef: 'Xy8~realLookingSecretValue' })).toMatchObject({
      message: expect.stringContaining('never the secret itself'),
      extensions: { code: 'BAD_USER_INPUT', field: 'clientSecretRef' },
    });
    expect(await bad({ issuer: 'https://login.microsoftonline.com/common/v2.0' })).toMatchObject({
      message: expect.stringContaining("tenant's own issuer"),
    });
    expect(await bad({ issuer: 'http://idp.example.org' })).toMatchObject({
      message: 'The issuer must be an https:// URL.',
    });
    expect(await bad({ roleMappings: [{ value: 'g', roles: [] }] })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'roleMappings' },
    });
  });

  it('lets only administrators manage providers, and shows anyone the sign-in options by display name only', async () => {
    const denied = await t.gql('{ identityProviders { name } }', {}, { token: analystToken });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql('{ signInOptions { name displayName startPath } }');
    expect(anonymous.data).toEqual({
      signInOptions: [
        { name: 'nhs-idp', displayName: 'Test Health', startPath: '/auth/oidc/nhs-idp/start' },
        { name: 'pol-idp', displayName: 'Test Police', startPath: '/auth/oidc/pol-idp/start' },
      ],
    });
    const probing = await t.gql('{ signInOptions { name issuer } }');
    expect(probing.errors?.[0].message).toMatch(/Cannot query field "issuer"/);
  });

  it('signs a linked person in to a console session, with PKCE, state and nonce; links by username the first time', async () => {
    const browser = new HttpBrowser();
    const r = await toCallback(browser, 'pol-idp', 'p-analyst');
    const authorize = browser.visited.find((u) => u.startsWith(`${idp.issuer}/auth?`))!;
    const params = new URL(authorize).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('redirect_uri')).toBe(`${base}/auth/oidc/callback`);
    const res = await browser.request(r.callback!);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect((await me(browser)).data?.me).toEqual({
      username: 'analyst@pol',
      roles: ['ANALYST'],
      agency: { code: 'POL' },
    });
    const links = await t.runtime.pool.query(
      `select l.subject, u.username from identity_link l join hub_user u on u.id = l.user_id`,
    );
    expect(links.rows).toContainEqual({ subject: 'p-analyst', username: 'analyst@pol' });
    const signIns = await auditEvents(t.runtime.pool, `e.action = 'identity.sign_in' and e.outcome = 'SUCCEEDED'`);
    expect(signIns.at(-1)).toMatchObject({
      principalLabel: 'analyst@pol',
      details: { after: { identityProvider: 'pol-idp', mode: 'console', linkCreated: true, accountCreated: false } },
    });
    expect(await auditEvents(t.runtime.pool, `e.action = 'identity_link.create'`)).toHaveLength(1);
    // A second sign-in uses the link, and creates none.
    const again = new HttpBrowser();
    expect((await signIn(again, 'pol-idp', 'p-analyst')).pathname).toBe('/');
    expect(await auditEvents(t.runtime.pool, `e.action = 'identity_link.create'`)).toHaveLength(1);
  });

  it('withdraws roles the provider does not vouch for, audited', async () => {
    const browser = new HttpBrowser();
    expect((await signIn(browser, 'pol-idp', 'p-demoted')).pathname).toBe('/');
    expect((await me(browser)).data?.me.roles).toEqual(['ANALYST']);
    const [change] = await auditEvents(t.runtime.pool, `e.action = 'account.set_roles'`);
    expect(change).toMatchObject({
      principalLabel: 'identity-provider:pol-idp',
      details: { before: { roles: ['ANALYST', 'AUDITOR'] }, after: { roles: ['ANALYST'] } },
    });
  });

  it('creates an account with no roles on first sign-in when the agency allows it', async () => {
    const browser = new HttpBrowser();
    expect((await signIn(browser, 'pol-idp', 'p-new')).pathname).toBe('/');
    expect((await me(browser)).data?.me).toEqual({ username: 'new.person@pol', roles: [], agency: { code: 'POL' } });
    const { rows } = await t.runtime.pool.query(
      `select u.display_name, u.roles::text[] as roles, a.code from hub_user u join agency a on a.id = u.agency_id where username = 'new.person@pol'`,
    );
    expect(rows).toEqual([{ display_name: 'Nia New', roles: [], code: 'POL' }]);
    // It has no password: the local sign-in refuses it whatever is tried.
    const local = await t.gql(
      'mutation { login(username: "new.person@pol", password: "!identity-provider:pol-idp") { token } }',
    );
    expect(local.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await auditEvents(t.runtime.pool, `e.action = 'account.provision'`)).toHaveLength(1);
  });

  it('refuses a person whose groups map to no hub role', async () => {
    const to = await signIn(new HttpBrowser(), 'pol-idp', 'p-canteen');
    expect(to.pathname + to.search).toBe('/sign-in?oidc_error=NO_MAPPED_ROLE');
    expect(await refusals('NO_MAPPED_ROLE')).toHaveLength(1);
    const { rowCount } = await t.runtime.pool.query(`select 1 from hub_user where username = 'canteen@pol'`);
    expect(rowCount).toBe(0);
  });

  it('refuses an expired ID token', async () => {
    const to = await signIn(new HttpBrowser(), 'pol-idp', 'p-expired');
    expect(to.search).toBe('?oidc_error=TOKEN_INVALID');
    const [event] = await refusals('TOKEN_INVALID');
    expect(event.details).toMatchObject({ after: { detail: expect.stringMatching(/exp/) } });
  });

  it('refuses an ID token issued for another client (wrong audience)', async () => {
    const to = await signIn(new HttpBrowser(), 'pol-idp', 'p-audience');
    expect(to.search).toBe('?oidc_error=TOKEN_INVALID');
    const [, event] = await refusals('TOKEN_INVALID');
    expect(event.details).toMatchObject({ after: { detail: expect.stringMatching(/"aud"/) } });
  });

  it('refuses Entra ID group overage with a message that tells the partner what to change', async () => {
    const to = await signIn(new HttpBrowser(), 'pol-idp', 'p-overage');
    expect(to.search).toBe('?oidc_error=GROUP_OVERAGE');
    expect(await refusals('GROUP_OVERAGE')).toHaveLength(1);
  });

  it('refuses a state that does not match, and an answer reaching another browser', async () => {
    const browser = new HttpBrowser();
    const r = await toCallback(browser, 'pol-idp', 'p-replay');
    const tampered = new URL(r.callback!);
    tampered.searchParams.set('state', 'forged-state-value');
    let res = await browser.request(tampered);
    expect(res.headers.get('location')).toBe('/sign-in?oidc_error=STATE_MISMATCH');
    // The genuine answer, opened by a browser that did not start the sign-in.
    res = await new HttpBrowser().request(r.callback!);
    expect(res.headers.get('location')).toBe('/sign-in?oidc_error=STATE_MISMATCH');
    // A sign-in answered after its ten minutes.
    const late = await toCallback(browser, 'pol-idp', 'p-replay');
    await t.runtime.pool.query(`update identity_sign_in set expires_at = now() - interval '1 second'`);
    res = await browser.request(late.callback!);
    expect(res.headers.get('location')).toBe('/sign-in?oidc_error=STATE_MISMATCH');
    const details = (await refusals('STATE_MISMATCH')).map(
      (e) => (e.details as { after: { detail: string } }).after.detail,
    );
    expect(details).toEqual([
      'unknown or already used state',
      'answer reached a different browser',
      'the pending sign-in expired',
    ]);
  });

  it('refuses a replayed code: the same answer twice, and a code carried into another sign-in', async () => {
    const browser = new HttpBrowser();
    const first = await toCallback(browser, 'pol-idp', 'p-replay');
    const ok = await browser.request(first.callback!);
    expect(ok.headers.get('location')).toBe('/');
    // The same answer again: the pending sign-in was used.
    const replay = await browser.request(first.callback!);
    expect(replay.headers.get('location')).toBe('/sign-in?oidc_error=STATE_MISMATCH');
    // The used code inside a fresh sign-in of the same browser: the provider refuses it at its token endpoint.
    const second = await toCallback(browser, 'pol-idp', 'p-replay');
    const injected = new URL(second.callback!);
    injected.searchParams.set('code', new URL(first.callback!).searchParams.get('code')!);
    const res = await browser.request(injected);
    expect(res.headers.get('location')).toBe('/sign-in?oidc_error=PROVIDER_REFUSED');
    const [event] = await refusals('PROVIDER_REFUSED');
    expect(event.details).toMatchObject({ after: { detail: 'token endpoint error invalid_grant' } });
  });

  it("never lands a person of one agency's provider in another agency's account", async () => {
    // The provider of NHS names a person "analyst@pol": that account is POL's, so no link.
    const to = await signIn(new HttpBrowser(), 'nhs-idp', 'p-analyst');
    expect(to.search).toBe('?oidc_error=OTHER_AGENCY');
    const { rows } = await t.runtime.pool.query(
      `select count(*)::int as n from identity_link l join identity_provider p on p.id = l.provider_id where p.name = 'nhs-idp'`,
    );
    expect(rows[0].n).toBe(0);
    // And the database itself refuses such a link, whatever code tried to write it.
    const insert = t.runtime.pool.query(
      `insert into identity_link (id, provider_id, agency_id, user_id, subject)
       select gen_random_uuid(), p.id, p.agency_id, u.id, 'x' from identity_provider p, hub_user u
        where p.name = 'nhs-idp' and u.username = 'analyst@pol'`,
    );
    await expect(insert).rejects.toThrow(/identity_link_user_agency_foreign/);
    // A person of NHS without an account, on a provider that creates none.
    const none = await signIn(new HttpBrowser(), 'nhs-idp', 'p-nhs');
    expect(none.search).toBe('?oidc_error=NO_ACCOUNT');
  });

  it('refuses ID tokens without the claim values the provider requires (a shared issuer such as Google)', async () => {
    const added = await t.gql(
      ADD,
      {
        name: 'hd-idp',
        input: {
          agency: 'POL',
          displayName: 'Test Police Workspace',
          issuer: idp.issuer,
          clientId: 'hub-pol',
          clientSecretRef: `env:${SECRET_ENV}`,
          requiredClaims: [{ claim: 'hd', value: 'pol.example' }],
          roleMappings: [{ value: 'analysts', roles: ['ANALYST'] }],
          linkByUsername: true,
        },
      },
      { token: adminToken },
    );
    expect(added.errors).toBeUndefined();
    const other = await signIn(new HttpBrowser(), 'hd-idp', 'p-hd-other');
    expect(other.search).toBe('?oidc_error=CLAIM_MISMATCH');
    const browser = new HttpBrowser();
    expect((await signIn(browser, 'hd-idp', 'p-hd-ok')).pathname).toBe('/');
    expect((await me(browser)).data?.me.username).toBe('analyst@pol');
    const removed = await t.gql('mutation { removeIdentityProvider(name: "hd-idp") }', {}, { token: adminToken });
    expect(removed.data).toEqual({ removeIdentityProvider: true });
  });

  it('gives an API client a bearer token through the provider (mode=token)', async () => {
    const browser = new HttpBrowser();
    const r = await toCallback(browser, 'pol-idp', 'p-token', '?mode=token');
    const res = await browser.request(r.callback!, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; username: string };
    expect(body.username).toBe('api.user@pol');
    const asApi = await t.gql('{ me { username } }', {}, { token: body.token });
    expect(asApi.data).toEqual({ me: { username: 'api.user@pol' } });
    expect(await rawTrail(t.runtime.pool)).not.toContain(body.token);
    // A refusal in this mode answers the API client in JSON, with the reason code.
    const other = new HttpBrowser();
    const refused = await toCallback(other, 'pol-idp', 'p-canteen', '?mode=token');
    const no = await other.request(refused.callback!, { headers: { accept: 'application/json' } });
    expect(no.status).toBe(401);
    expect(await no.json()).toEqual({
      reason: 'NO_MAPPED_ROLE',
      error: expect.stringContaining('does not give you a role in the hub'),
    });
  });

  it('makes at most one request to the token endpoint per sign-in, and fetches the keys once', async () => {
    const count = (path: string) => idp.requests.get(path) ?? 0;
    const before = {
      token: count('/token'),
      discovery: count('/.well-known/openid-configuration'),
      jwks: count('/jwks'),
    };
    for (const who of ['p-analyst', 'p-new', 'p-analyst']) await signIn(new HttpBrowser(), 'pol-idp', who);
    expect(count('/token') - before.token).toBe(3);
    // Discovery and the keys were fetched by the first sign-in of the run, and are not fetched again.
    expect(count('/.well-known/openid-configuration') - before.discovery).toBe(0);
    expect(count('/jwks') - before.jwks).toBe(0);
    expect(before.jwks).toBeGreaterThan(0);
  });

  it("picks up the provider's rotated signing key", async () => {
    const person = { sub: 'p-rotate', preferred_username: 'rotate@pol', groups: ['analysts'] };
    const clients = [{ clientId: 'hub-rotate', redirectUris: [`${base}/auth/oidc/callback`] }];
    const before = await startOidcProvider({ clients, people: [person] });
    const added = await t.gql(
      ADD,
      {
        name: 'rotate-idp',
        input: {
          agency: 'POL',
          displayName: 'Rotating',
          issuer: before.issuer,
          clientId: 'hub-rotate',
          autoProvision: true,
          roleMappings: [{ value: 'analysts', roles: ['ANALYST'] }],
        },
      },
      { token: adminToken },
    );
    expect(added.errors).toBeUndefined();
    expect((await signIn(new HttpBrowser(), 'rotate-idp', 'p-rotate')).pathname).toBe('/');
    // The same issuer comes back signing with a new key (and publishing only that one).
    await before.close();
    const after = await startOidcProvider({ clients, people: [person], port: before.port });
    try {
      // Keys fetched less than a minute ago are not fetched again for an unknown key id:
      // that sign-in is refused, and the provider's configuration is discovered afresh.
      const first = await signIn(new HttpBrowser(), 'rotate-idp', 'p-rotate');
      if (first.pathname !== '/') expect(first.search).toBe('?oidc_error=TOKEN_INVALID');
      const second = first.pathname === '/' ? first : await signIn(new HttpBrowser(), 'rotate-idp', 'p-rotate');
      expect(second.pathname).toBe('/');
      expect(after.requests.get('/jwks')).toBe(1);
    } finally {
      await after.close();
    }
  });

  it("lets an agency administrator run its own agency's providers, never reaching an oversight account", async () => {
    const seed = new Seed(t.db.orm, t.runtime.services.tokens);
    const { token: agencyAdmin } = await seed.user(pol, [Role.AGENCY_ADMIN], 'agency.admin@pol');
    const own = {
      agency: 'POL',
      displayName: 'Police (agency-run)',
      issuer: idp.issuer,
      clientId: 'hub-nhs',
      linkByUsername: true,
    };
    const added = await t.gql(ADD, { name: 'pol-own', input: own }, { token: agencyAdmin });
    expect(added.errors).toBeUndefined();
    // Another agency's providers are out of sight: as if they did not exist.
    const other = await t.gql(ADD, { name: 'nhs-own', input: { ...own, agency: 'NHS' } }, { token: agencyAdmin });
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const listed = await t.gql('{ identityProviders { name agency { code } } }', {}, { token: agencyAdmin });
    const names = (listed.data?.identityProviders ?? []) as { name: string; agency: { code: string } }[];
    expect(names.map((p) => p.name)).toContain('pol-own');
    expect(names.every((p) => p.agency.code === 'POL')).toBe(true);

    // Its provider, linking by username, does not open the partnership administrator's account.
    const refused = await signIn(new HttpBrowser(), 'pol-own', 'p-admin');
    expect(refused.search).toBe('?oidc_error=OVERSIGHT_UNCHECKED');
    expect(await refusals('OVERSIGHT_UNCHECKED')).toHaveLength(1);
    const { rows } = await t.runtime.pool.query(
      `select count(*)::int as n from identity_link l join identity_provider p on p.id = l.provider_id where p.name = 'pol-own'`,
    );
    expect(rows[0].n).toBe(0);

    // Once a partnership administrator has checked (saved) it, it may.
    const checked = await t.gql(
      'mutation U($name: String!, $input: IdentityProviderInput!) { updateIdentityProvider(name: $name, input: $input) { name } }',
      { name: 'pol-own', input: { displayName: 'Police (checked)' } },
      { token: adminToken },
    );
    expect(checked.errors).toBeUndefined();
    const browser = new HttpBrowser();
    expect((await signIn(browser, 'pol-own', 'p-admin')).pathname).toBe('/');
    expect((await me(browser)).data?.me.username).toBe('admin@pol');
    await t.gql('mutation { removeIdentityProvider(name: "pol-own") { name } }', {}, { token: adminToken });
  });

  it('says clearly when a provider is down, and local sign-in still works', async () => {
    // A provider that cannot be reached at all.
    const gone = await startOidcProvider({ clients: [], people: [] });
    const issuer = gone.issuer;
    await gone.close();
    const added = await t.gql(
      ADD,
      { name: 'down-idp', input: { agency: 'NHS', displayName: 'Down', issuer, clientId: 'c' } },
      { token: adminToken },
    );
    expect(added.errors).toBeUndefined();
    const to = await signIn(new HttpBrowser(), 'down-idp', 'anyone');
    expect(to.pathname + to.search).toBe('/sign-in?oidc_error=PROVIDER_UNAVAILABLE');
    // A provider that goes down between the person's login and the hub's token request.
    const flaky = await startOidcProvider({
      clients: [{ clientId: 'hub-flaky', redirectUris: [`${base}/auth/oidc/callback`] }],
      people: [{ sub: 'p-flaky', preferred_username: 'local@nhs' }],
    });
    await t.gql(
      ADD,
      {
        name: 'flaky-idp',
        input: {
          agency: 'NHS',
          displayName: 'Flaky',
          issuer: flaky.issuer,
          clientId: 'hub-flaky',
          linkByUsername: true,
        },
      },
      { token: adminToken },
    );
    const browser = new HttpBrowser();
    const r = await toCallback(browser, 'flaky-idp', 'p-flaky');
    await flaky.close();
    const res = await browser.request(r.callback!);
    expect(res.headers.get('location')).toBe('/sign-in?oidc_error=PROVIDER_UNAVAILABLE');
    expect((await refusals('PROVIDER_UNAVAILABLE')).length).toBe(2);
    const local = await t.gql(
      'mutation { login(username: "local@nhs", password: "correct-horse-battery-staple") { account { username } } }',
    );
    expect(local.data).toEqual({ login: { account: { username: 'local@nhs' } } });
  });

  it('is managed from the command line: add, list, update, remove, each audited', async () => {
    const env = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    let r = await runHubIn(
      env,
      'identity-providers',
      'add',
      'nhs-entra',
      '--agency',
      'NHS',
      '--display-name',
      'Test Health Entra',
      '--issuer',
      'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0',
      '--client-id',
      '11111111-2222-3333-4444-555555555555',
      '--client-secret-ref',
      'file:/run/secrets/nhs-entra',
      '--groups-claim',
      'roles',
      '--map',
      'Hub.Analyst=ANALYST',
      '--map',
      'Hub.Liaison=LIAISON_OFFICER,ANALYST',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Registered nhs-entra');
    expect(r.out).toContain('/auth/oidc/callback');
    r = await runHubIn(env, 'identity-providers', 'update', 'nhs-entra', '--disabled', '--auto-provision');
    expect(r.code).toBe(0);
    r = await runHubIn(env, 'identity-providers', 'list', '--agency', 'NHS', '--json');
    const listed = (JSON.parse(r.out) as { name: string }[]).find((p) => p.name === 'nhs-entra');
    expect(listed).toMatchObject({
      enabled: false,
      autoProvision: true,
      groupsClaim: 'roles',
      clientSecretRef: 'file:/run/secrets/nhs-entra',
      roleMappings: [
        { value: 'Hub.Analyst', roles: ['ANALYST'] },
        { value: 'Hub.Liaison', roles: ['LIAISON_OFFICER', 'ANALYST'] },
      ],
    });
    r = await runHubIn(
      env,
      'identity-providers',
      'add',
      'x-idp',
      '--agency',
      'NHS',
      '--issuer',
      'https://idp.example.org',
      '--client-id',
      'c',
      '--client-secret-ref',
      'hunter2',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('never the secret itself');
    r = await runHubIn(env, 'identity-providers', 'remove', 'nhs-entra');
    expect(r.code).toBe(0);
    const actions = (
      await auditEvents(t.runtime.pool, `e.details->>'entityType' = 'IdentityProvider' and e.principal_kind = 'system'`)
    ).map((e) => e.action);
    expect(actions).toEqual(['identity_provider.add', 'identity_provider.update', 'identity_provider.remove']);
  });
});
