import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { contentOf, toContent, type StoredAuditEvent } from '../../src/audit/audit-event.js';
import { csvRow, CSV_HEADER } from '../../src/audit/audit.csv.js';
import { outcomeOf } from '../../src/audit/audit.plugin.js';
import { AuditSigner, canonicalJson, chainHash, contentHash, GENESIS_HASH, sha256Hex } from '../../src/audit/chain.js';
import { analyseOperation, fieldsOfResponse, variablesHash } from '../../src/audit/operation.js';
import { redactChange, redactSecrets } from '../../src/audit/redact.js';

describe('canonical serialisation and the chain formula', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });

  it('chains SHA-256(prev || seq as 8 bytes big-endian || content hash)', () => {
    const ch = contentHash({ a: 1 });
    expect(ch).toBe(sha256Hex('{"a":1}'));
    const expected = sha256Hex(
      Buffer.concat([Buffer.alloc(32), Buffer.from('0000000000000001', 'hex'), Buffer.from(ch, 'hex')]),
    );
    expect(chainHash(GENESIS_HASH, 1n, ch)).toBe(expected);
    expect(chainHash(GENESIS_HASH, 2n, ch)).not.toBe(expected);
  });

  it('signs with a key derived from the hub secret, and tells keys apart', () => {
    const a = new AuditSigner('a-secret-of-at-least-thirty-two-characters');
    const b = new AuditSigner('another-secret-of-at-least-thirty-two-chars');
    const mac = a.sign('head', { seq: '5', hash: 'ab' });
    expect(a.verify('head', { seq: '5', hash: 'ab' }, mac)).toBe(true);
    expect(a.verify('head', { seq: '6', hash: 'ab' }, mac)).toBe(false);
    expect(a.verify('checkpoint', { seq: '5', hash: 'ab' }, mac)).toBe(false);
    expect(b.verify('head', { seq: '5', hash: 'ab' }, mac)).toBe(false);
    expect(a.keyId).not.toBe(b.keyId);
  });

  it('normalises content so that what is read back hashes the same', () => {
    const c = toContent({
      kind: 'GRAPHQL',
      action: 'graphql.query',
      outcome: 'ANSWERED',
      at: new Date('2026-11-22T10:00:00.123Z'),
      datasets: ['b', 'a', 'a'],
      roles: ['ANALYST'],
      principalId: 'ABCDEF01-2345-6789-ABCD-EF0123456789',
      rows: 3.4,
      cells: -2,
      details: { when: new Date('2026-01-01T00:00:00Z'), nul: 'a\u0000b', n: -0, big: 10n },
    });
    expect(c).toMatchObject({
      at: '2026-11-22T10:00:00.123Z',
      datasets: ['a', 'b'],
      principalId: 'abcdef01-2345-6789-abcd-ef0123456789',
      rows: 3,
      cells: 0,
      purpose: null,
    });
    expect(c.details).toEqual({ when: '2026-01-01T00:00:00.000Z', nul: 'a\uFFFDb', n: 0, big: '10' });
    const stored: StoredAuditEvent = { ...JSON.parse(JSON.stringify(c)), seq: '1', prevHash: GENESIS_HASH, hash: 'x' };
    expect(contentHash(contentOf(stored))).toBe(contentHash(c));
  });
});

describe('secrets stay out of the trail', () => {
  it('blanks secret-looking members and credential-shaped values, and notes which secrets changed', () => {
    const r = redactChange(
      { name: 'Key A', secretHash: 'aa', prefix: 'hubk_0123456789ab', scopes: ['READ'] },
      {
        name: 'Key A',
        secretHash: 'bb',
        prefix: 'hubk_0123456789ab',
        scopes: ['READ'],
        note: 'hubk_0123456789ab_' + 'A'.repeat(43),
        token: 'eyJa.eyJb.sig',
      },
    );
    expect(r.before).toEqual({
      name: 'Key A',
      secretHash: '[redacted]',
      prefix: 'hubk_0123456789ab',
      scopes: ['READ'],
    });
    expect(r.after).toMatchObject({
      secretHash: '[redacted]',
      note: '[redacted]',
      token: '[redacted]',
      prefix: 'hubk_0123456789ab',
    });
    expect(r.secretsChanged).toEqual(['secretHash', 'token']);
    expect(redactSecrets({ password: 'p', nested: { newPassword: 'q', ok: 'fine' } })).toEqual({
      password: '[redacted]',
      nested: { newPassword: '[redacted]', ok: 'fine' },
    });
  });

  it('hashes variables with secrets blanked, and nothing when there are none', () => {
    expect(variablesHash({ p: 'hunter2', u: 'alice' }, new Set(['p']))).toBe(
      sha256Hex('{"p":"[redacted]","u":"alice"}'),
    );
    expect(variablesHash({ password: 'hunter2' })).toBe(sha256Hex('{"password":"[redacted]"}'));
    expect(variablesHash({})).toBeNull();
    expect(variablesHash(undefined)).toBeNull();
  });
});

const schema = buildSchema(`
  type Query { records: Conn, me: Account }
  type Mutation { login(username: String!, password: String!): Session }
  type Session { token: String }
  type Account { name: String }
  type Conn { nodes: [Rec!]! }
  type Rec { id: ID!, lsoa: String, sex: String }
`);

describe('reading an operation for the audit', () => {
  it('maps response paths (with aliases and fragments) to schema fields', () => {
    const doc = parse(
      `query Q { recs: records { nodes { ...F sex } } me { name } } fragment F on Rec { id where: lsoa }`,
    );
    const a = analyseOperation(schema, doc, 'Q');
    expect(Object.fromEntries(a.coordinates)).toEqual({
      recs: 'Query.records',
      'recs.nodes': 'Conn.nodes',
      'recs.nodes.id': 'Rec.id',
      'recs.nodes.where': 'Rec.lsoa',
      'recs.nodes.sex': 'Rec.sex',
      me: 'Query.me',
      'me.name': 'Account.name',
    });
  });

  it('counts a field as returned unless every occurrence was denied', () => {
    const a = analyseOperation(schema, parse(`{ records { nodes { id lsoa sex } } me { name } }`), undefined);
    const data = {
      records: {
        nodes: [
          { id: '1', lsoa: 'E01', sex: null },
          { id: '2', lsoa: null, sex: null },
        ],
      },
      me: null,
    };
    const errors = [
      { path: ['records', 'nodes', 0, 'sex'], extensions: { code: 'FORBIDDEN' } },
      { path: ['records', 'nodes', 1, 'sex'], extensions: { code: 'FORBIDDEN' } },
      { path: ['records', 'nodes', 1, 'lsoa'], extensions: { code: 'FORBIDDEN' } },
      { path: ['me'], extensions: { code: 'UNAUTHENTICATED' } },
    ];
    const f = fieldsOfResponse(a, data, errors);
    expect(f.returned.sort()).toEqual(['Conn.nodes', 'Query.records', 'Rec.id', 'Rec.lsoa']);
    expect(f.denied.sort()).toEqual(['Query.me', 'Rec.lsoa', 'Rec.sex']);
  });

  it('hashes the document without a password literal, and finds variables that carry secrets', () => {
    const withSecret = analyseOperation(
      schema,
      parse(`mutation { login(username: "a", password: "hunter2") { token } }`),
      undefined,
    );
    const blanked = analyseOperation(
      schema,
      parse(`mutation { login(username: "a", password: "[redacted]") { token } }`),
      undefined,
    );
    expect(withSecret.documentHash).toBe(blanked.documentHash);
    const vars = analyseOperation(
      schema,
      parse(`mutation M($x: String!) { login(username: "a", password: $x) { token } }`),
      'M',
    );
    expect([...vars.secretVariables]).toEqual(['x']);
  });
});

describe('outcomes', () => {
  it('classifies answered, partly denied, refused and failed', () => {
    expect(outcomeOf([], true)).toBe('ANSWERED');
    expect(outcomeOf(['FORBIDDEN'], true)).toBe('PARTLY_DENIED');
    expect(outcomeOf(['FORBIDDEN'], false)).toBe('REFUSED');
    expect(outcomeOf(['GRAPHQL_VALIDATION_FAILED'], false)).toBe('REFUSED');
    expect(outcomeOf(['FORBIDDEN', 'INTERNAL_SERVER_ERROR'], true)).toBe('FAILED');
    expect(outcomeOf(['QUERY_TIMEOUT'], false)).toBe('FAILED');
  });
});

describe('CSV export', () => {
  it('quotes, joins lists and defuses spreadsheet formulas', () => {
    const e = {
      ...toContent({
        kind: 'ADMIN',
        action: '=HYPERLINK("x")',
        outcome: 'SUCCEEDED',
        at: '2026-01-01T00:00:00Z',
        roles: ['A', 'B'],
        details: { note: 'a,b' },
      }),
      seq: '7',
      prevHash: GENESIS_HASH,
      hash: 'f'.repeat(64),
      concerning: ['POL'],
      agreementReferences: [],
      redacted: false,
    };
    const cols = CSV_HEADER.trimEnd().split(',');
    const row = csvRow(e);
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(row).toContain(',A;B,');
    expect(row).toContain('"{""note"":""a,b""}"');
    expect(cols[0]).toBe('seq');
    expect(cols).toContain('hash');
  });
});
