import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { expectNoLeak, JSON_HEADERS, raw, setPassword, type RawResponse } from '../support/hardening.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/**
 * Requests an attacker, a broken client or a fuzzer would send. Each must get a clear
 * refusal (4xx, a stable code, no stack, no SQL) and the hub must go on serving.
 */

const SAFE_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PURPOSE_REQUIRED',
  'QUERY_TOO_COMPLEX',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
]);

const RECORDS = `query R($filter: RecordFilter, $first: Int, $after: String) @purpose(name: STRATEGIC_ASSESSMENT) {
  records(filter: $filter, first: $first, after: $after) { nodes { id dataset category lsoa } pageInfo { hasNextPage } }
}`;

const INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE shared_record; --",
  "VIOLENCE_AGAINST_THE_PERSON' UNION SELECT subject_hash FROM shared_record --",
  "E01099001') OR ('a'='a",
  '" OR ""="',
  '\\',
  "\\'",
  '$1',
  '%',
  '_',
  '*',
  '1; SELECT pg_sleep(10)',
  "'||(select pg_sleep(10))||'",
  '{"$gt": ""}',
  '\u0000',
  'E01\u0000099001',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
];

const UNICODE = [
  '', // empty
  ' ',
  '\u200b', // zero-width space
  '\u202eE01099001', // right-to-left override
  'E01099001\u0301', // combining accent
  'Ｅ０１０９９００１', // full-width digits
  '𝔼𝟘𝟙𝟘𝟡𝟡𝟘𝟘𝟙', // mathematical alphanumerics
  '🚓🔥🏥',
  '\ud800', // lone surrogate
  '\udfff\ud800',
  'x'.repeat(100_000),
  'ß'.repeat(1000),
];

describe('hostile requests', () => {
  let t: TestHub;
  let token: string;
  let recordCount: number;

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    raw(t.hub.url, { body, headers: { ...JSON_HEADERS, authorization: `Bearer ${token}`, ...headers } });
  const gqlRaw = (query: string, variables?: unknown) => post(JSON.stringify({ query, variables }));

  /**
   * A safe answer: never a server error; errors carry a known code and nothing internal;
   * a refusal outside GraphQL is a 4xx with a plain message.
   */
  const expectSafe = (r: RawResponse) => {
    expect(r.status, r.text.slice(0, 500)).toBeLessThan(500);
    expectNoLeak(r.text, r.sent);
    if (r.json?.errors) {
      for (const e of r.json.errors) {
        expect(SAFE_CODES, `${e.extensions?.code}: ${e.message}`).toContain(e.extensions?.code);
        expect(e.extensions?.stacktrace).toBeUndefined();
        expect(e.message.length).toBeLessThan(2_000);
      }
    } else if (r.status >= 400) {
      expect(typeof r.json?.error, r.text.slice(0, 200)).toBe('string');
    } else {
      expect(r.json?.data, r.text.slice(0, 200)).toBeTruthy();
    }
  };
  /** As expectSafe, and the request was refused. */
  const expectSafeRefusal = (r: RawResponse) => {
    expectSafe(r);
    expect(r.status >= 400 || (r.json?.errors?.length ?? 0) > 0, r.text.slice(0, 200)).toBe(true);
  };

  const expectStillServing = async () => {
    const r = await gqlRaw(RECORDS, { first: 100 });
    expect(r.status).toBe(200);
    expect(r.json?.errors).toBeUndefined();
    expect(r.json?.data?.records.nodes).toHaveLength(recordCount);
  };

  beforeAll(async () => {
    t = await startTestHub({
      HUB_RATE_LIMIT_PER_MINUTE: '0',
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
      HUB_LOGIN_MAX_FAILURES_PER_USER: '0',
      HUB_LOGIN_MAX_FAILURES_PER_IP: '0',
    });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    await seed.records(crime, 4);
    await seed.records(crime, 2, { category: 'BURGLARY', lsoa_code: 'E01099002' });
    recordCount = 6;
    const u = await seed.user(police, [Role.ANALYST], 'analyst@pol');
    await setPassword(t.runtime.orm, u.id, 'a-perfectly-good-passphrase');
    token = u.token;
  });
  afterAll(async () => t?.close());

  describe('malformed HTTP and JSON', () => {
    it.each([
      ['truncated JSON', '{"query": "{ me { username } }"'],
      ['not JSON at all', 'query { me { username } }'],
      ['binary bytes', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81])],
      ['a JSON string', '"{ me { username } }"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['an empty object', '{}'],
      ['an empty body', ''],
      ['query as a number', '{"query": 5}'],
      ['query as an object', '{"query": {"kind": "Document"}}'],
      ['variables as a string', '{"query": "{ me { username } }", "variables": "{}"}'],
      ['variables as an array', '{"query": "{ me { username } }", "variables": []}'],
      ['operationName as a number', '{"query": "{ me { username } }", "operationName": 7}'],
      ['extensions as a string', '{"query": "{ me { username } }", "extensions": "x"}'],
      ['a persisted-query hash only', '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}'],
    ])('refuses %s safely', async (_label, body) => {
      expectSafeRefusal(await post(body));
    });

    it.each([
      [
        'duplicate keys (the last wins, as in JSON.parse)',
        '{"query": "{ me { username } }", "query": "{ __typename }"}',
      ],
      [
        '__proto__ keys',
        '{"query": "{ me { username } }", "variables": {"__proto__": {"admin": true}}, "__proto__": {"x": 1}}',
      ],
      [
        'an unused variable nested 200,000 deep',
        `{"query": "{ me { username } }", "variables": {"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}}`,
      ],
      [
        'a used variable nested 200,000 deep',
        `{"query": ${JSON.stringify(RECORDS)}, "variables": {"filter": {"areas": ${'['.repeat(200_000)}${']'.repeat(200_000)}}}}`,
      ],
    ])('answers %s safely', async (_label, body) => {
      expectSafe(await post(body));
    });

    it('does not let __proto__ in variables reach the objects the hub builds', async () => {
      const r = await post(
        '{"query": ' + JSON.stringify(RECORDS) + ', "variables": {"filter": {"__proto__": {"datasets": ["x"]}}}}',
      );
      expectSafe(r);
      if (!r.json?.errors) expect(r.json?.data?.records.nodes).toHaveLength(recordCount);
      expect(({} as Record<string, unknown>).datasets).toBeUndefined();
    });

    it('refuses a missing or wrong content type with 415', async () => {
      const r = await raw(t.hub.url, { body: JSON.stringify({ query: '{ __typename }' }), headers: {} });
      expect(r.status).toBe(415);
      expectSafeRefusal(r);
    });

    it('refuses other HTTP methods without serving them', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const r = await raw(t.hub.url, {
          method,
          body: JSON.stringify({ query: '{ __typename }' }),
          headers: JSON_HEADERS,
        });
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
    });

    it('ignores a forged request id with control characters rather than echoing it', async () => {
      const r = await raw(t.hub.url, {
        body: JSON.stringify({ query: '{ __typename }' }),
        headers: { ...JSON_HEADERS, 'x-request-id': 'abc"}; <script>injected</script>' },
      });
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('malformed and abusive GraphQL', () => {
    it.each([
      ['an unclosed selection', '{ me { username '],
      ['stray braces', '}}}}'],
      ['an unterminated string', '{ me(x: "abc) { username } }'],
      ['an invalid character', '{ me { user\u0000name } }'],
      ['a bad escape', '{ records(filter: { categories: ["\\uZZZZ"] }) { nodes { id } } }'],
      ['an unknown field', '{ password }'],
      ['an unknown argument', '{ me(id: 1) { username } }'],
      ['a missing sub-selection', '{ me }'],
      ['a selection on a scalar', '{ me { username { length } } }'],
      ['an undefined variable', 'query { records(first: $n) { nodes { id } } }'],
      ['an unused variable of an unknown type', 'query Q($x: Password) { __typename }'],
      ['two anonymous operations', '{ __typename } { __typename }'],
      ['a subscription', 'subscription { records { nodes { id } } }'],
      ['a fragment cycle', '{ me { ...A } } fragment A on Account { ...B } fragment B on Account { ...A }'],
      ['a fragment on an unknown type', '{ me { ...A } } fragment A on Secret { id }'],
      ['a repeated directive', '{ me @include(if: true) @include(if: true) { username } }'],
      ['an unknown directive', '{ me @exec(cmd: "rm -rf /") { username } }'],
      ['a directive flood', `{ me ${'@skip(if: false) '.repeat(300)} { username } }`],
      ['an alias bomb', `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: me { username }`).join(' ')} }`],
      ['an oversized document', `{ ${'me { username } '.repeat(20_000)} }`],
      ['a deeply nested selection', `{ ${'me { '.repeat(3_000)}${'} '.repeat(3_000)} }`],
      [
        'deeply nested lists in an argument',
        `{ records(filter: { areas: ${'['.repeat(900)}${']'.repeat(900)} }) { nodes { id } } }`,
      ],
      [
        'cyclic introspection',
        '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
      ],
    ])('refuses %s with a clear error', async (_label, query) => {
      const started = performance.now();
      const r = await gqlRaw(query);
      expect(performance.now() - started).toBeLessThan(3_000);
      expectSafeRefusal(r);
      expect(r.json?.errors?.length).toBeGreaterThan(0);
    });

    it('answers a selection of one field repeated a thousand times quickly (it merges), or refuses it', async () => {
      const started = performance.now();
      const r = await gqlRaw(`{ me { ${'username '.repeat(1_000)} } }`);
      expect(performance.now() - started).toBeLessThan(3_000);
      if (r.json?.errors) expectSafeRefusal(r);
      else expect(r.json?.data).toEqual({ me: { username: 'analyst@pol' } });
    });

    it('refuses to pick an operation that is not in the document', async () => {
      const r = await post(JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }));
      expectSafeRefusal(r);
    });
  });

  describe('invalid enum and scalar values', () => {
    it.each([
      ['an unknown enum literal', '{ records(filter: { kinds: [NOPE] }) { nodes { id } } }'],
      ['an enum given as a string literal', '{ records(filter: { kinds: ["POLICE_CRIME"] }) { nodes { id } } }'],
      ['a string for an Int', '{ records(first: "10") { nodes { id } } }'],
      ['a float for an Int', '{ records(first: 1.5) { nodes { id } } }'],
      ['an Int beyond 32 bits', '{ records(first: 2147483648) { nodes { id } } }'],
      ['a number for a date', '{ records(filter: { from: 12345 }) { nodes { id } } }'],
      ['an impossible date', '{ records(filter: { from: "2025-13-45T25:61:00Z" }) { nodes { id } } }'],
      [
        'a date with SQL',
        `{ records(filter: { from: "2025-01-01'; DROP TABLE shared_record; --" }) { nodes { id } } }`,
      ],
      ['an unknown filter field', '{ records(filter: { subjectHash: "x" }) { nodes { id } } }'],
      ['null for a non-null argument', '{ records(first: null) { nodes { id } } }'],
      ['an unknown purpose', 'query @purpose(name: SNOOPING) { records { nodes { id } } }'],
    ])('refuses %s', async (_label, query) => {
      const r = await gqlRaw(
        query
          .replace(/^\{/, 'query @purpose(name: STRATEGIC_ASSESSMENT) {')
          .replace('query @purpose(name: STRATEGIC_ASSESSMENT) @purpose', 'query @purpose'),
      );
      expectSafeRefusal(r);
      expect(r.json?.errors?.[0].extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
    });

    it.each([
      ['an unknown enum value', { filter: { kinds: ['NOPE'] } }],
      ['a lower-case enum value', { filter: { kinds: ['police_crime'] } }],
      ['an object for a list', { filter: { areas: { $ne: null } } }],
      ['a string for an Int', { first: '10' }],
      ['a huge Int', { first: 1e300 }],
      ['a negative page size', { first: -1 }],
      ['a zero page size', { first: 0 }],
      ['a page size over the maximum', { first: 1001 }],
      ['an invalid date', { filter: { from: 'yesterday' } }],
      ['a date without a zone', { filter: { from: '2025-01-01T00:00:00' } }],
      ['a forged cursor', { after: "cjox' OR 1=1 --" }],
      ['a cursor for a huge id', { after: Buffer.from('r:99999999999999999999999').toString('base64url') }],
      ['a cursor of another shape', { after: Buffer.from('r:-1').toString('base64url') }],
      ['a year out of range', { filter: { from: '+275760-09-13T00:00:00.000Z' } }],
    ])('refuses %s in variables', async (_label, variables) => {
      const r = await gqlRaw(RECORDS, variables);
      expectSafeRefusal(r);
      expect(r.json?.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    });
  });

  describe('injection strings in every filter argument', () => {
    const stringArgs = ['datasets', 'categories', 'areas'] as const;

    it.each(stringArgs.flatMap((arg) => INJECTIONS.map((s) => [arg, s] as const)))(
      '%s: %j matches nothing and runs no SQL',
      async (arg, value) => {
        const r = await gqlRaw(RECORDS, { filter: { [arg]: [value] } });
        if (value.includes('\u0000')) {
          // PostgreSQL text cannot hold NUL: refused up front with a clear BAD_USER_INPUT, never a 500.
          expectSafeRefusal(r);
          expect(r.status).toBe(400);
          expect(r.json?.errors?.[0]).toMatchObject({
            message: 'Text in the request must not contain NUL (\\u0000) characters.',
            extensions: { code: 'BAD_USER_INPUT' },
          });
          return;
        }
        expect(r.status).toBe(200);
        expect(r.json?.errors).toBeUndefined();
        expect(r.json?.data?.records.nodes).toEqual([]);
      },
    );

    it.each(INJECTIONS)('inline in the document, %j is a literal too', async (value) => {
      const r = await gqlRaw(
        `query @purpose(name: STRATEGIC_ASSESSMENT) { records(filter: { categories: [${JSON.stringify(value)}], areas: [${JSON.stringify(value)}] }) { nodes { id } } }`,
      );
      expectSafe(r);
      if (!r.json?.errors) expect(r.json?.data?.records.nodes).toEqual([]);
    });

    it.each(INJECTIONS)('in the cursor, %j is refused as a bad cursor', async (value) => {
      for (const after of [value, Buffer.from(`r:${value}`).toString('base64url')]) {
        const r = await gqlRaw(RECORDS, { after });
        expectSafeRefusal(r);
        expect(r.json?.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it.each(INJECTIONS)('in login, %j is just a wrong username or password', async (value) => {
      const r = await gqlRaw('mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
        u: value,
        p: value,
      });
      expectSafeRefusal(r);
      expect(r.json?.errors?.[0].extensions?.code).toMatch(/UNAUTHENTICATED|BAD_USER_INPUT/);
    });

    it('filters by kind, alone and beside a dataset filter that matches nothing (regression: the kinds lookup sent malformed SQL and answered 500)', async () => {
      const alone = await gqlRaw(RECORDS, { filter: { kinds: ['POLICE_CRIME'] } });
      expect(alone.json?.errors).toBeUndefined();
      expect(alone.json?.data?.records.nodes).toHaveLength(recordCount);
      expect((await gqlRaw(RECORDS, { filter: { kinds: ['AE_ASSAULT'] } })).json?.data?.records.nodes).toEqual([]);
      const none = await gqlRaw(RECORDS, { filter: { datasets: ["' OR '1'='1"], kinds: ['POLICE_CRIME'] } });
      expect(none.json?.errors).toBeUndefined();
      expect(none.json?.data?.records.nodes).toEqual([]);
    });

    it('still matches the real values (the filters work; they are just not injectable)', async () => {
      const r = await gqlRaw(RECORDS, { filter: { categories: ['BURGLARY'], areas: ['E01099002'] } });
      expect(r.json?.data?.records.nodes).toHaveLength(2);
    });

    it('left every table in place and every row untouched', async () => {
      const rows = await t.runtime.pool.query<{ n: string }>('select count(*)::text as n from shared_record');
      expect(rows.rows[0].n).toBe(String(recordCount));
      await expectStillServing();
    });
  });

  describe('unicode edge cases', () => {
    it.each(UNICODE.map((s) => [s.length > 40 ? `${s.slice(0, 10)}... (${s.length} chars)` : JSON.stringify(s), s]))(
      '%s in filters and login is handled',
      async (_label, value) => {
        const r = await gqlRaw(RECORDS, { filter: { categories: [value], areas: [value], datasets: [value] } });
        expectSafe(r);
        if (!r.json?.errors) expect(r.json?.data?.records.nodes).toEqual([]);
        const login = await gqlRaw(
          'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
          { u: value, p: value },
        );
        expectSafeRefusal(login);
        expect(login.json?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      },
    );

    it('a list of ten thousand area codes is answered, not choked on', async () => {
      const areas = Array.from({ length: 10_000 }, (_, i) => `E01${String(i).padStart(6, '0')}`);
      const r = await gqlRaw(RECORDS, { filter: { areas } });
      expect(r.status).toBe(200);
      expect(r.json?.data?.records.nodes).toEqual([]);
    });
  });

  describe('fuzzing', () => {
    it('never answers a random filter with a server error or a leak', async () => {
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom(...INJECTIONS, ...UNICODE.filter((s) => s.length < 100)),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              datasets: fc.array(text, { maxLength: 3 }),
              categories: fc.array(text, { maxLength: 3 }),
              areas: fc.array(text, { maxLength: 3 }),
              kinds: fc.array(fc.constantFrom('POLICE_CRIME', 'AE_ASSAULT', 'NOPE', ''), { maxLength: 2 }),
              from: fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                text,
              ),
              to: fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                text,
              ),
            },
            { requiredKeys: [] },
          ),
          fc.oneof(fc.integer(), fc.constant(undefined)),
          fc.oneof(text, fc.constant(undefined)),
          async (filter, first, after) => {
            expectSafe(await gqlRaw(RECORDS, { filter, first, after }));
          },
        ),
        { numRuns: 150 },
      );
      await expectStillServing();
    });

    it('never answers a random document with a server error', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), async (query) => {
          expectSafe(await gqlRaw(`{ ${query} }`));
          expectSafe(await gqlRaw(query));
        }),
        { numRuns: 100 },
      );
      await expectStillServing();
    });
  });

  it('keeps serving after all of the above', async () => {
    await expectStillServing();
    const health = await fetch(`http://127.0.0.1:${t.hub.port}/readyz`);
    expect(health.status).toBe(200);
  });
});
