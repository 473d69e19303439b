import { buildSchema, getIntrospectionQuery, parse, validate, type OperationDefinitionNode } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { classifyDatabaseError } from '../../src/server/db-errors.js';
import { queryLimitRules, summariseOperation } from '../../src/server/limits/query-limits.js';
import { clientAddress, TokenBucketLimiter } from '../../src/server/rate-limit.js';

const schema = buildSchema(`
  type Query {
    records(first: Int! = 100, after: String): Connection!
    items(limit: Int): [Item!]!
    agencies: [Agency!]!
    me: Account!
  }
  type Connection { nodes: [Item!]! pageInfo: PageInfo! }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
  type Item { id: ID! name: String tags: [String!]! }
  type Agency { code: String! datasets: [Dataset!]! }
  type Dataset { key: String! agency: Agency! }
  type Account { username: String! agency: Agency! }
`);

function summary(query: string, variables?: Record<string, unknown>) {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return summariseOperation(schema, doc, op, variables);
}

describe('query measurement', () => {
  it('counts depth from the root, ignoring __typename', () => {
    expect(summary('{ me { username } }').depth).toBe(2);
    expect(summary('{ me { agency { datasets { agency { code __typename } } } } }').depth).toBe(5);
  });

  it("multiplies a connection's nodes by `first`, from a literal, a variable or the default", () => {
    // records 1 + 10 x (nodes 1 + 2 leaves) ... nodes is the list the connection sizes.
    expect(summary('{ records(first: 10) { nodes { id name } } }').cost).toBe(1 + 1 + 10 * 2);
    expect(summary('query Q($n: Int!) { records(first: $n) { nodes { id name } } }', { n: 1000 }).cost).toBe(
      2 + 1000 * 2,
    );
    expect(summary('{ records { nodes { id name } } }').cost).toBe(2 + 100 * 2);
  });

  it('multiplies a plain list by its `limit`, or by 20 without one', () => {
    expect(summary('{ items(limit: 5) { id } }').cost).toBe(1 + 5);
    expect(summary('{ agencies { code datasets { key } } }').cost).toBe(1 + 20 * (1 + 1 + 20 * 1));
  });

  it('counts aliases, once per fragment spread', () => {
    expect(summary('{ a: me { u: username } b: me { username } }').aliases).toBe(3);
    expect(summary('{ me { ...F ...F } } fragment F on Account { x: username y: username }').aliases).toBe(4);
  });

  it('measures fragments once each, so a fragment bomb is a large number rather than a long wait', () => {
    const levels = 40;
    const frags = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Account { username }`
        : `fragment F${i} on Account { ...F${i + 1} ...F${i + 1} }`,
    );
    const started = performance.now();
    const s = summary(`{ me { ...F0 } } ${frags.join(' ')}`);
    expect(performance.now() - started).toBeLessThan(100);
    expect(s.cost).toBeGreaterThan(2 ** 38);
  });

  it('does not count the standard introspection query against depth or cost', () => {
    const s = summary(getIntrospectionQuery());
    expect(s.depth).toBe(0);
    expect(s.cost).toBe(0);
  });
});

describe('query limit validation rules', () => {
  const rules = queryLimitRules({ maxDepth: 4, maxAliases: 2 });
  const errors = (q: string) => validate(schema, parse(q), rules);

  it('refuses a query nested deeper than the limit, saying the depth and the limit', () => {
    const e = errors('{ me { agency { datasets { agency { code } } } } }');
    expect(e).toHaveLength(1);
    expect(e[0].message).toBe('The query is nested 5 levels deep; the hub allows at most 4.');
    expect(e[0].extensions).toMatchObject({ limit: 'DEPTH', max: 4, actual: 5 });
  });

  it('refuses more aliases than the limit', () => {
    const e = errors('{ a: me { username } b: me { username } c: me { username } }');
    expect(e[0].message).toBe('The query uses 3 aliases; the hub allows at most 2.');
  });

  it('accepts a query within the limits', () => {
    expect(errors('{ a: me { username } b: records { nodes { id } } }')).toEqual([]);
  });
});

describe('token bucket rate limiter', () => {
  it('allows a burst, then one request per refill interval, and says how long to wait', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('k');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500;
    expect(limiter.take('k').allowed).toBe(false);
    now += 500;
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('other').allowed).toBe(true);
  });

  it('peeks without taking', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perMinute: 60, burst: 1, now: () => now });
    expect(limiter.peek('k')).toEqual({ allowed: true });
    expect(limiter.peek('k')).toEqual({ allowed: true });
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.peek('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.peek('k')).toEqual({ allowed: true });
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('is off at 0 per minute', () => {
    const limiter = new TokenBucketLimiter({ perMinute: 0, burst: 1 });
    for (let i = 0; i < 100; i++) expect(limiter.take('k').allowed).toBe(true);
  });

  it('forgets the least recently seen keys beyond its capacity', () => {
    const limiter = new TokenBucketLimiter({ perMinute: 60, burst: 1, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.take(`k${i}`);
    expect(limiter.size).toBe(100);
  });
});

describe('client address', () => {
  const req = (xff?: string) =>
    ({
      socket: { remoteAddress: '10.0.0.9' },
      headers: xff ? { 'x-forwarded-for': xff } : {},
    }) as unknown as IncomingMessage;

  it('uses the socket peer unless proxies are trusted', () => {
    expect(clientAddress(req('1.2.3.4'), 0)).toBe('10.0.0.9');
  });

  it('takes the entry added by the trusted proxy, not one the client forged', () => {
    expect(clientAddress(req('6.6.6.6, 1.2.3.4'), 1)).toBe('1.2.3.4');
    expect(clientAddress(req('6.6.6.6, 1.2.3.4, 10.1.1.1'), 2)).toBe('1.2.3.4');
    expect(clientAddress(req(), 1)).toBe('10.0.0.9');
  });
});

describe('login throttle', () => {
  const make = (now: () => number) =>
    new LoginThrottle({ maxFailuresPerUser: 3, maxFailuresPerIp: 5, windowMinutes: 15, now });

  it('refuses a username after too many failures, before any password check, until the window passes', () => {
    let now = 0;
    const t = make(() => now);
    for (let i = 0; i < 3; i++) t.begin('Analyst@POL', `10.0.0.${i}`).failed();
    expect(() => t.begin('analyst@pol', '10.0.0.99')).toThrow(/Too many failed login attempts/);
    now += 15 * 60_000;
    expect(() => t.begin('analyst@pol', '10.0.0.99')).not.toThrow();
  });

  it('refuses an address that guesses across many usernames', () => {
    const t = make(() => 0);
    for (let i = 0; i < 5; i++) t.begin(`user${i}`, '10.0.0.1').failed();
    expect(() => t.begin('someone-else', '10.0.0.1')).toThrow(/Too many failed login attempts/);
    expect(() => t.begin('someone-else', '10.0.0.2')).not.toThrow();
  });

  it('counts attempts still being checked, so parallel guesses cannot exceed the limit', () => {
    const t = make(() => 0);
    const pending = [t.begin('u', 'a'), t.begin('u', 'b'), t.begin('u', 'c')];
    expect(() => t.begin('u', 'd')).toThrow(
      'Too many login attempts at once for this account or from this address. Try again in 1 s.',
    );
    pending.forEach((p) => p.abandoned());
    expect(() => t.begin('u', 'd')).not.toThrow();
  });

  it("clears a username's failures on a correct password", () => {
    const t = make(() => 0);
    t.begin('u', 'a').failed();
    t.begin('u', 'a').failed();
    t.begin('u', 'a').succeeded();
    t.begin('u', 'a').failed();
    t.begin('u', 'a').failed();
    expect(() => t.begin('u', 'b')).not.toThrow();
  });

  it('answers RATE_LIMITED with HTTP 429 and Retry-After', () => {
    const t = make(() => 60_000);
    for (let i = 0; i < 3; i++) t.begin('u', 'a').failed();
    try {
      t.begin('u', 'a');
      expect.unreachable();
    } catch (err) {
      const e = err as {
        extensions: { code: string; retryAfterSeconds: number; http: { status: number; headers: Map<string, string> } };
      };
      expect(e.extensions.code).toBe('RATE_LIMITED');
      expect(e.extensions.retryAfterSeconds).toBe(900);
      expect(e.extensions.http.status).toBe(429);
      expect(e.extensions.http.headers.get('retry-after')).toBe('900');
    }
  });
});

describe('database error classification', () => {
  it('recognises a statement timeout', () => {
    expect(
      classifyDatabaseError(
        Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      ),
    ).toBe('timeout');
  });

  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('database "hub" is not currently accepting connections'), { code: '55000' }),
    Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
    Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], '')),
  ])('recognises an unavailable database: %s', (err) => {
    expect(classifyDatabaseError(err)).toBe('unavailable');
  });

  it("recognises a value PostgreSQL cannot store, but not a protocol violation, as the caller's", () => {
    expect(
      classifyDatabaseError(
        Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }),
      ),
    ).toBe('bad-value');
    expect(
      classifyDatabaseError(Object.assign(new Error('invalid message format'), { code: '08P01' })),
    ).toBeUndefined();
  });

  it('leaves other errors alone', () => {
    expect(
      classifyDatabaseError(Object.assign(new Error('syntax error at or near "x"'), { code: '42601' })),
    ).toBeUndefined();
    expect(classifyDatabaseError(new Error('boom'))).toBeUndefined();
    // 55000 is broad: only the closed-database case is an outage.
    expect(
      classifyDatabaseError(
        Object.assign(new Error('cannot refresh materialized view concurrently'), { code: '55000' }),
      ),
    ).toBeUndefined();
  });
});
