import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { JSON_HEADERS, raw, setPassword } from '../support/hardening.js';
import { apiKeyFor } from '../support/ingest.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const PASSWORD = 'correct-horse-battery-staple';
const FULL_RECORD =
  'id dataset provider kind category subcategory occurredAt timePrecision locationPrecision gridEasting gridNorthing lsoa outwardPostcode ward localAuthority ageBand sex details';
const LOGIN = 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

describe('query limits, refused before execution', () => {
  let t: TestHub;
  let token: string;

  beforeAll(async () => {
    t = await startTestHub({ HUB_MAX_QUERY_DEPTH: '4' });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.records(await seed.dataset(police, DatasetKind.POLICE_CRIME), 2);
    token = (await seed.user(police, [Role.ANALYST])).token;
  });
  afterAll(async () => t?.close());

  it('refuses a query nested deeper than HUB_MAX_QUERY_DEPTH with the depth and the limit', async () => {
    const r = await t.gql(
      'query @purpose(name: STRATEGIC_ASSESSMENT) { myAccess { datasets { dataset { agency { code } } } } }',
      {},
      { token },
    );
    expect(r.status).toBe(400);
    expect(r.errors![0]).toMatchObject({
      message: 'The query is nested 5 levels deep; the hub allows at most 4.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'DEPTH', max: 4, actual: 5 },
    });
  });

  it('refuses an alias bomb', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: me { username }`).join(' ');
    const r = await t.gql(`{ ${aliases} }`, {}, { token });
    expect(r.status).toBe(400);
    expect(r.errors![0].message).toBe('The query uses 31 aliases; the hub allows at most 30.');
    expect(r.errors![0].extensions).toMatchObject({ limit: 'ALIASES' });
  });

  it('accepts one full page of 1,000 records but refuses two in one query, as too expensive', async () => {
    const one = await t.gql(
      `query @purpose(name: STRATEGIC_ASSESSMENT) { records(first: 1000) { nodes { ${FULL_RECORD} } } }`,
      {},
      { token },
    );
    expect(one.errors).toBeUndefined();
    const two = await t.gql(
      `query @purpose(name: STRATEGIC_ASSESSMENT) { a: records(first: 1000) { nodes { ${FULL_RECORD} } } b: records(first: 1000) { nodes { ${FULL_RECORD} } } }`,
      {},
      { token },
    );
    expect(two.status).toBe(400);
    expect(two.data).toBeUndefined();
    expect(two.errors![0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'COST',
      max: 25000,
      actual: 36004,
    });
    expect(two.errors![0].message).toContain('estimated cost is 36,004, and the hub allows at most 25,000');
  });

  it('counts a page size given by a variable', async () => {
    const q = `query Q($n: Int!) @purpose(name: STRATEGIC_ASSESSMENT) { a: records(first: $n) { nodes { ${FULL_RECORD} } } b: records(first: $n) { nodes { ${FULL_RECORD} } } }`;
    expect((await t.gql(q, { n: 10 }, { token })).errors).toBeUndefined();
    const big = await t.gql(q, { n: 1000 }, { token });
    expect(big.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a document of more than HUB_MAX_QUERY_TOKENS tokens before parsing it all', async () => {
    const r = await t.gql(`{ ${'me { username } '.repeat(600)} }`, {}, { token });
    expect(r.status).toBe(400);
    expect(r.errors![0]).toMatchObject({
      message: "The query document is too large: it has more than 2000 tokens, the hub's limit. Send a smaller query.",
      extensions: { code: 'GRAPHQL_PARSE_FAILED', limit: 'TOKENS', max: 2000 },
    });
  });

  it('refuses a fragment bomb', async () => {
    const frags = Array.from({ length: 30 }, (_, i) =>
      i === 29 ? `fragment F${i} on Account { username }` : `fragment F${i} on Account { ...F${i + 1} ...F${i + 1} }`,
    );
    const r = await t.gql(`{ me { ...F0 } } ${frags.join(' ')}`, {}, { token });
    expect(r.status).toBe(400);
    expect(r.errors![0].message).toMatch(/recursively requests too many selections/);
  });

  it('refuses batched requests (a JSON array body)', async () => {
    const body = JSON.stringify([{ query: '{ me { username } }' }, { query: '{ me { username } }' }]);
    const r = await raw(t.hub.url, { body, headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` } });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/batching/i);
  });

  it('refuses a JSON body over 1 MB with 413, declared or streamed', async () => {
    const body = JSON.stringify({ query: '{ me { username } }', variables: { pad: 'x'.repeat(1_100_000) } });
    const declared = await raw(t.hub.url, { body, headers: JSON_HEADERS });
    expect(declared.status).toBe(413);
    expect(declared.json?.error).toBe('Request body too large: at most 1000000 bytes.');
    // Without a Content-Length (chunked), the limit applies as the bytes arrive.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(body));
        c.close();
      },
    });
    const res = await fetch(t.hub.url, {
      method: 'POST',
      body: stream,
      headers: JSON_HEADERS,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('serves introspection outside production (the standard query fits the limits)', async () => {
    const r = await t.gql(getIntrospectionQuery(), {});
    expect(r.errors).toBeUndefined();
    expect((r.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name).toBe('Query');
  });
});

describe('CSRF protection', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => t?.close());

  it('refuses a simple (no preflight) GET, as a cross-site form or image could send', async () => {
    const r = await raw(`${t.hub.url}?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET' });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/CSRF/);
  });

  it('serves a GET that carries a preflight-forcing header', async () => {
    const r = await raw(`${t.hub.url}?query=${encodeURIComponent('{ __typename }')}`, {
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(r.status).toBe(200);
    expect(r.json?.data).toEqual({ __typename: 'Query' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a POST of %s (what a cross-site form can send)',
    async (type) => {
      const r = await raw(t.hub.url, {
        body: JSON.stringify({ query: '{ __typename }' }),
        headers: { 'content-type': type },
      });
      expect(r.status).toBe(415);
    },
  );

  it('never runs a mutation over GET', async () => {
    const q = encodeURIComponent('mutation { login(username: "a", password: "b") { token } }');
    const r = await raw(`${t.hub.url}?query=${q}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
    expect(r.status).toBe(405);
  });
});

describe('introspection in production', () => {
  it('is off unless HUB_INTROSPECTION is set', async () => {
    const off = await startTestHub({ NODE_ENV: 'production', HUB_LOAD_DEMO: 'false' });
    try {
      const r = await off.gql('{ __schema { queryType { name } } }', {});
      expect(r.status).toBe(400);
      expect(r.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors![0].message).toMatch(/introspection is not allowed/i);
      // __typename is not introspection of the schema, and stays available.
      expect((await off.gql('{ __typename }', {})).data).toEqual({ __typename: 'Query' });
      // Nor does a misspelt field spell out the schema by suggestion.
      const misspelt = await off.gql('{ recrods { nodes { id } } }', {});
      expect(misspelt.errors![0].message).toMatch(/Cannot query field "recrods"/);
      expect(misspelt.errors![0].message).not.toMatch(/Did you mean|records/);
    } finally {
      await off.close();
    }
    const on = await startTestHub({ NODE_ENV: 'production', HUB_INTROSPECTION: 'true' });
    try {
      const r = await on.gql('{ __schema { queryType { name } } }', {});
      expect(r.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      // With the schema open anyway, suggestions help the developer.
      expect((await on.gql('{ recrods { nodes { id } } }', {})).errors![0].message).toMatch(/Did you mean "records"/);
    } finally {
      await on.close();
    }
  });
});

describe('rate limits per principal and per address', () => {
  let t: TestHub;
  let alice: { token: string };
  let bob: { token: string };

  beforeAll(async () => {
    t = await startTestHub({
      HUB_RATE_LIMIT_PER_MINUTE: '60',
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '60',
      HUB_RATE_LIMIT_BURST: '5',
    });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    alice = await seed.user(police, [Role.ANALYST]);
    bob = await seed.user(police, [Role.ANALYST]);
  });
  afterAll(async () => t?.close());

  it('lets a principal make a burst, then answers 429 RATE_LIMITED with Retry-After, without slowing others', async () => {
    for (let i = 0; i < 5; i++)
      expect((await t.gql('{ me { username } }', {}, { token: alice.token })).status).toBe(200);
    const res = await fetch(t.hub.url, {
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(body.errors[0].message).toBe('Too many requests. Try again in 1 s.');
    expect((await t.gql('{ me { username } }', {}, { token: bob.token })).status).toBe(200);
  });

  it('limits anonymous callers and bad credentials by address', async () => {
    // Bob's and Alice's buckets are per principal; this address's anonymous bucket is separate.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await t.gql('{ __typename }', {}, { token: i % 2 ? 'not-a-token' : undefined })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 401, 200, 401, 200]);
    expect(statuses[5]).toBe(429);
  });

  it("limits a user before the database is asked: over the limit, a deactivated account's token gets 429, not the 401 a lookup would give", async () => {
    const other = await startTestHub({
      HUB_RATE_LIMIT_PER_MINUTE: '60',
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '60',
      HUB_RATE_LIMIT_BURST: '3',
    });
    try {
      const seed = new Seed(other.runtime.orm, other.runtime.services.tokens);
      const carol = await seed.user(await seed.agency('POL', AgencyKind.POLICE), [Role.ANALYST]);
      const me = async () => (await other.gql('{ me { username } }', {}, { token: carol.token })).status;
      expect([await me(), await me(), await me()]).toEqual([200, 200, 200]);
      await other.runtime.orm.em
        .fork()
        .getConnection()
        .execute(`update hub_user set active = false where id = ?`, [carol.id]);
      // Only the database knows the account is gone (401); the refusal comes first.
      expect(await me()).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('refuses API key lookups from an address that has used up its allowance, and limits each key by itself', async () => {
    const other = await startTestHub({
      HUB_RATE_LIMIT_PER_MINUTE: '60',
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '60',
      HUB_RATE_LIMIT_BURST: '3',
    });
    try {
      const seed = new Seed(other.runtime.orm, other.runtime.services.tokens);
      const police = await seed.agency('POL', AgencyKind.POLICE);
      const key = await apiKeyFor(other.runtime.orm, police.id, ['READ']);
      const withKey = (k: string) => other.gql('{ __typename }', {}, { headers: { 'x-api-key': k } });
      // A key is its own principal: three pass, the fourth waits.
      expect(
        [await withKey(key), await withKey(key), await withKey(key), await withKey(key)].map((r) => r.status),
      ).toEqual([200, 200, 200, 429]);
      // Three guesses use up the address's allowance; from then on no key is even looked up.
      const guess = key.slice(0, -4) + 'zzzz';
      expect([await withKey(guess), await withKey(guess), await withKey(guess)].map((r) => r.status)).toEqual([
        401, 401, 401,
      ]);
      const refused = await withKey(guess);
      expect(refused.status).toBe(429);
      expect(refused.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await other.close();
    }
  });

  it('limits the upload route by address before looking at credentials', async () => {
    const upload = () =>
      fetch(t.hub.url.replace('/graphql', '/import/pol-police_crime'), {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-api-key': 'not-a-key' },
        body: 'a,b\n1,2\n',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await upload()).status);
    expect(
      statuses.slice(0, 5).every((s) => s !== 429),
      String(statuses),
    ).toBe(true);
    const limited = await upload();
    expect(limited.status, `${statuses} then ${limited.status}: ${await limited.text()}`).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('login throttling', () => {
  let t: TestHub;
  const users: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestHub({ HUB_LOGIN_MAX_FAILURES_PER_USER: '3', HUB_LOGIN_MAX_FAILURES_PER_IP: '8' });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    for (const name of ['victim@pol', 'other@pol', 'third@pol']) {
      const u = await seed.user(police, [Role.ANALYST], name);
      await setPassword(t.runtime.orm, u.id, PASSWORD);
      users[name] = u.id;
    }
  });
  afterAll(async () => t?.close());

  it('refuses a username after repeated failures, even with the right password, and says to wait', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await t.gql(LOGIN, { u: 'victim@pol', p: `guess-${i}` });
      expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
    const r = await t.gql(LOGIN, { u: 'Victim@POL', p: PASSWORD });
    expect(r.status).toBe(429);
    expect(r.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(r.errors![0].message).toMatch(
      /^Too many failed login attempts for this account or from this address\. Try again in \d+ s\.$/,
    );
    // Another account is unaffected.
    expect((await t.gql(LOGIN, { u: 'other@pol', p: PASSWORD })).errors).toBeUndefined();
  });

  it('throttles unknown usernames exactly like real ones, so the refusal reveals nothing', async () => {
    for (let i = 0; i < 3; i++) await t.gql(LOGIN, { u: 'nobody@pol', p: 'x' });
    const r = await t.gql(LOGIN, { u: 'nobody@pol', p: 'x' });
    expect(r.errors![0].extensions!.code).toBe('RATE_LIMITED');
  });

  it('refuses an address that spreads its guesses over many usernames', async () => {
    // 3 (victim) + 3 (nobody) failures so far; 2 more reach the address limit of 8.
    await t.gql(LOGIN, { u: 'spray-1@pol', p: 'x' });
    await t.gql(LOGIN, { u: 'spray-2@pol', p: 'x' });
    const r = await t.gql(LOGIN, { u: 'third@pol', p: PASSWORD });
    expect(r.errors![0].extensions!.code).toBe('RATE_LIMITED');
    // Behind no trusted proxy, a forged X-Forwarded-For changes nothing.
    const forged = await t.gql(
      LOGIN,
      { u: 'third@pol', p: PASSWORD },
      { headers: { 'x-forwarded-for': '203.0.113.7' } },
    );
    expect(forged.errors![0].extensions!.code).toBe('RATE_LIMITED');
  });
});
