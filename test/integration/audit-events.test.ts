import { randomUUID } from 'node:crypto';
import { parse, print, stripIgnoredCharacters } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdminEvent, recordImportEvent } from '../../src/audit/audit.record.js';
import { canonicalJson, sha256Hex } from '../../src/audit/chain.js';
import { hashPassword } from '../../src/auth/password.js';
import {
  Access,
  AgencyKind,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import type { Agency, Dataset } from '../../src/entities/index.js';
import { auditEvents, eventOf, rawTrail } from '../support/audit.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const RECORDS = `query Partner($purpose: Purpose!, $first: Int) @purpose(name: $purpose) {
  records(first: $first) { nodes { id dataset category lsoa gridEasting sex } pageInfo { hasNextPage } }
}`;

const AUDIT = `query Trail($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    nodes { seq kind action outcome principalLabel agencyCode purpose operationName datasets concerning rows fieldsDenied details hash prevHash }
    pageInfo { endCursor hasNextPage }
  }
}`;

const rid = () => `test-${randomUUID()}`;

interface TrailNode {
  seq: string;
  kind: string;
  action: string;
  outcome: string;
  principalLabel: string | null;
  agencyCode: string | null;
  purpose: string | null;
  concerning: string[];
}
interface Trail {
  auditEvents: { nodes: TrailNode[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}
/** The response's data, typed by the test that knows its shape. */
const dataOf = <T>(r: { data?: unknown }) => r.data as T;

describe('the audit trail records every operation, import and admin change', () => {
  let t: TestHub;
  let seed: Seed;
  let police: Agency;
  let council: Agency;
  let fire: Agency;
  let crime: Dataset;
  let agreementId: string;
  const u: Record<string, { id: string; token: string; username: string }> = {};

  const gql = async (
    query: string,
    variables: Record<string, unknown>,
    token: string | undefined,
    requestId = rid(),
  ) => {
    const r = await t.gql(query, variables, { token, headers: { 'x-request-id': requestId } });
    return { ...r, requestId };
  };

  beforeAll(async () => {
    t = await startTestHub();
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    police = await seed.agency('POL', AgencyKind.POLICE);
    council = await seed.agency('CNL', AgencyKind.COUNCIL);
    fire = await seed.agency('FRS', AgencyKind.FIRE);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    await seed.records(crime, 3);
    const agreement = await seed.agreement({
      provider: police,
      datasets: [crime],
      recipients: [council],
      purposes: [Purpose.STRATEGIC_ASSESSMENT],
      grants: {
        [RecordField.CATEGORY]: { access: Access.RECORD },
        [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.DAY },
        [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.LSOA },
      },
    });
    agreementId = agreement.id;
    u.councilAnalyst = await seed.user(council, [Role.ANALYST]);
    u.policeAnalyst = await seed.user(police, [Role.ANALYST]);
    u.auditor = await seed.user(council, [Role.AUDITOR]);
    u.policeDlo = await seed.user(police, [Role.LIAISON_OFFICER]);
    u.fireDlo = await seed.user(fire, [Role.LIAISON_OFFICER]);
    u.fireAnalyst = await seed.user(fire, [Role.ANALYST]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('records a partly denied record query with who, why, what and how much, but no values', async () => {
    const variables = { purpose: 'STRATEGIC_ASSESSMENT', first: 10 };
    const r = await gql(RECORDS, variables, u.councilAnalyst.token);
    expect(dataOf<{ records: { nodes: unknown[] } }>(r).records.nodes).toHaveLength(3);
    const e = await eventOf(t.runtime.pool, r.requestId);
    expect(e).toMatchObject({
      kind: 'GRAPHQL',
      action: 'graphql.query',
      outcome: 'PARTLY_DENIED',
      principalKind: 'user',
      principalId: u.councilAnalyst.id,
      principalLabel: u.councilAnalyst.username,
      agencyId: council.id,
      agencyCode: 'CNL',
      roles: ['ANALYST'],
      purpose: 'STRATEGIC_ASSESSMENT',
      operationName: 'Partner',
      agreements: [agreementId],
      datasets: [crime.key],
      concerns: [police.id],
      rows: 3,
      errorCodes: ['FORBIDDEN'],
    });
    expect(e.documentHash).toBe(sha256Hex(stripIgnoredCharacters(print(parse(RECORDS)))));
    expect(e.variablesHash).toBe(sha256Hex(canonicalJson(variables)));
    expect(e.fieldsReturned).toEqual(
      expect.arrayContaining([
        'Query.records',
        'RecordConnection.nodes',
        'SharedRecord.category',
        'SharedRecord.lsoa',
        'PageInfo.hasNextPage',
      ]),
    );
    expect(e.fieldsReturned).not.toContain('SharedRecord.gridEasting');
    expect(e.fieldsReturned).not.toContain('SharedRecord.sex');
    expect(e.fieldsDenied).toEqual(['SharedRecord.gridEasting', 'SharedRecord.sex']);
    expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.now() - new Date(e.at).getTime()).toBeLessThan(60_000);
    // Neither the values returned nor the variables are stored.
    const stored = await rawTrail(t.runtime.pool);
    expect(stored).not.toContain('E01099001');
    expect(stored).not.toContain('VIOLENCE_AGAINST_THE_PERSON');
  });

  it('records an own-data query as answered, with no agreement', async () => {
    const r = await gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, u.policeAnalyst.token);
    expect(r.errors).toBeUndefined();
    const e = await eventOf(t.runtime.pool, r.requestId);
    expect(e).toMatchObject({
      outcome: 'ANSWERED',
      agencyCode: 'POL',
      agreements: [],
      datasets: [crime.key],
      concerns: [police.id],
      rows: 3,
      fieldsDenied: [],
    });
    expect(e.fieldsReturned).toContain('SharedRecord.gridEasting');
  });

  it('gives the same document hash whatever the whitespace and comments', async () => {
    const spaced = `# a comment\n${RECORDS.replace(/ /g, '   ')}`;
    const a = await gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, u.policeAnalyst.token);
    const b = await gql(spaced, { purpose: 'STRATEGIC_ASSESSMENT' }, u.policeAnalyst.token);
    expect((await eventOf(t.runtime.pool, a.requestId)).documentHash).toBe(
      (await eventOf(t.runtime.pool, b.requestId)).documentHash,
    );
  });

  it('records a refusal for want of a purpose', async () => {
    const r = await gql('query NoWhy { records { nodes { id } } }', {}, u.councilAnalyst.token);
    expect(r.errors![0].extensions!.code).toBe('PURPOSE_REQUIRED');
    const e = await eventOf(t.runtime.pool, r.requestId);
    expect(e).toMatchObject({
      outcome: 'REFUSED',
      purpose: null,
      operationName: 'NoWhy',
      errorCodes: ['PURPOSE_REQUIRED'],
      rows: 0,
      datasets: [],
      fieldsReturned: [],
      fieldsDenied: ['Query.records'],
    });
    expect(e.variablesHash).toBeNull();
  });

  it('records anonymous callers and bad tokens as refused', async () => {
    const anon = await gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, undefined);
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await eventOf(t.runtime.pool, anon.requestId)).toMatchObject({
      outcome: 'REFUSED',
      principalKind: null,
      errorCodes: ['UNAUTHENTICATED'],
    });

    const before = (await auditEvents(t.runtime.pool)).length;
    const bad = await gql(RECORDS, { purpose: 'STRATEGIC_ASSESSMENT' }, u.councilAnalyst.token.slice(0, -3) + 'abc');
    expect(bad.status).toBe(401);
    const after = await auditEvents(t.runtime.pool);
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]).toMatchObject({
      outcome: 'REFUSED',
      principalKind: null,
      errorCodes: ['UNAUTHENTICATED'],
      action: 'graphql.unknown',
    });
  });

  it('records a refused attempt against the datasets it named, so that their provider sees it', async () => {
    const AGG = `query Try($datasets: [String!]) @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(groupBy: [MONTH], filter: { datasets: $datasets }) { total { value } } }`;
    const r = await gql(AGG, { datasets: [crime.key, 'no-such-dataset', 'Not A Key'] }, u.fireAnalyst.token);
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    const e = await eventOf(t.runtime.pool, r.requestId);
    expect(e).toMatchObject({ outcome: 'REFUSED', datasets: [crime.key], concerns: [police.id] });
    // Padding the list with made-up keys does not push the real one out.
    const padded = await gql(
      AGG,
      { datasets: [...Array.from({ length: 40 }, (_, i) => `zz-${i}`), crime.key] },
      u.fireAnalyst.token,
    );
    expect(await eventOf(t.runtime.pool, padded.requestId)).toMatchObject({
      outcome: 'REFUSED',
      datasets: [crime.key],
      concerns: [police.id],
    });
    // The police liaison officer's view of the trail shows the attempt.
    const trail = dataOf<Trail>(
      await gql(AUDIT, { filter: { principal: u.fireAnalyst.username, outcome: 'REFUSED' } }, u.policeDlo.token),
    );
    expect(trail.auditEvents.nodes.some((n) => n.concerning.includes('POL'))).toBe(true);
  });

  it('records documents that do not parse, without hashing their text', async () => {
    const r = await gql('query Broken { records { nodes { id }', {}, u.councilAnalyst.token);
    expect(r.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(await eventOf(t.runtime.pool, r.requestId)).toMatchObject({
      outcome: 'REFUSED',
      documentHash: null,
      variablesHash: null,
      errorCodes: ['GRAPHQL_PARSE_FAILED'],
    });
  });

  it('never stores a login password or username, even hashed on its own', async () => {
    const password = 'correct-horse-battery-staple-42';
    await t.runtime.orm.em
      .getConnection()
      .execute('update hub_user set password_hash = ? where id = ?', [await hashPassword(password), u.fireAnalyst.id]);
    const LOGIN = 'mutation SignIn($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
    const ok = await gql(LOGIN, { u: u.fireAnalyst.username, p: password }, undefined);
    expect(dataOf<{ login: { token: string } }>(ok).login.token).toBeTruthy();
    const okEvent = await eventOf(t.runtime.pool, ok.requestId);
    expect(okEvent).toMatchObject({
      outcome: 'ANSWERED',
      action: 'graphql.mutation',
      operationName: 'SignIn',
      fieldsReturned: ['Mutation.login', 'Session.token'],
    });
    // Every variable feeding `login` is blanked before hashing, whatever it is called: people
    // type their password into the username box, so a username's hash could be tested offline.
    expect(okEvent.variablesHash).toBe(sha256Hex(canonicalJson({ p: '[redacted]', u: '[redacted]' })));
    expect(okEvent.variablesHash).not.toBe(sha256Hex(canonicalJson({ p: '[redacted]', u: u.fireAnalyst.username })));

    // A password written into the document itself is blanked before the document is hashed.
    const inline = `mutation { login(username: "${u.fireAnalyst.username}", password: "${password}") { token } }`;
    const inl = await gql(inline, {}, undefined);
    const inlEvent = await eventOf(t.runtime.pool, inl.requestId);
    expect(inlEvent.documentHash).toBe(
      sha256Hex(
        stripIgnoredCharacters(
          print(parse(inline.replace(password, '[redacted]').replace(u.fireAnalyst.username, '[redacted]'))),
        ),
      ),
    );

    // Nor in a variable's default value.
    const defaults = `mutation D($u: String! = "${u.fireAnalyst.username}", $p: String! = "${password}") { login(username: $u, password: $p) { token } }`;
    const def = await gql(defaults, {}, undefined);
    expect((await eventOf(t.runtime.pool, def.requestId)).documentHash).toBe(
      sha256Hex(
        stripIgnoredCharacters(
          print(parse(defaults.replace(password, '[redacted]').replace(`"${u.fireAnalyst.username}"`, '"[redacted]"'))),
        ),
      ),
    );

    const wrong = await gql(LOGIN, { u: u.fireAnalyst.username, p: 'not-the-password' }, undefined);
    expect(await eventOf(t.runtime.pool, wrong.requestId)).toMatchObject({
      outcome: 'REFUSED',
      errorCodes: ['UNAUTHENTICATED'],
    });
    expect(await rawTrail(t.runtime.pool)).not.toContain(password);
  });

  it('records an import batch with its dataset, counts and outcome', async () => {
    const batchId = randomUUID();
    const appended = await recordImportEvent(t.runtime.services.audit, {
      actor: { kind: 'system', label: 'hub import' },
      batchId,
      dataset: crime.key,
      outcome: 'SUCCEEDED',
      counts: { read: 120, accepted: 100, rejected: 15, duplicate: 5 },
      source: 'cli',
      durationMs: 812,
    });
    const [e] = await auditEvents(t.runtime.pool, 'e.seq = $1', [appended.seq]);
    expect(e).toMatchObject({
      kind: 'IMPORT',
      action: 'import',
      outcome: 'SUCCEEDED',
      principalKind: 'system',
      principalLabel: 'hub import',
      datasets: [crime.key],
      concerns: [police.id],
      rows: 100,
      durationMs: 812,
      details: {
        batchId,
        source: 'cli',
        counts: { read: 120, accepted: 100, rejected: 15, duplicate: 5 },
        message: null,
      },
    });
  });

  it('records an import inside the import transaction, and drops it with a rollback', async () => {
    const head = async () =>
      (await t.runtime.pool.query(`select seq::text as seq from audit_chain_head`)).rows[0].seq as string;
    const before = await head();
    await expect(
      t.runtime.orm.em.fork().transactional(async (em) => {
        await recordImportEvent(em, {
          batchId: randomUUID(),
          dataset: crime.key,
          outcome: 'FAILED',
          counts: { read: 1, accepted: 0, rejected: 1, duplicate: 0 },
        });
        throw new Error('the import failed after its event');
      }),
    ).rejects.toThrow('the import failed');
    expect(await head()).toBe(before);
    const inTx = await t.runtime.orm.em.fork().transactional((em) =>
      recordImportEvent(em, {
        batchId: randomUUID(),
        dataset: crime.key,
        outcome: 'REFUSED',
        counts: { read: 0, accepted: 0, rejected: 0, duplicate: 0 },
        message: 'wrong template',
      }),
    );
    expect(BigInt(inTx.seq)).toBe(BigInt(before) + 1n);
    expect((await t.runtime.services.audit.verify()).ok).toBe(true);
  });

  it('records an admin change with before and after, secrets blanked, change of secret noted', async () => {
    const actor = {
      kind: 'user' as const,
      id: u.policeDlo.id,
      agencyId: police.id,
      agencyCode: 'POL',
      roles: [Role.LIAISON_OFFICER],
      scopes: [],
      label: u.policeDlo.username,
    };
    const appended = await t.runtime.orm.em.fork().transactional((em) =>
      recordAdminEvent(em, {
        actor,
        action: 'account.reset_password',
        entityType: 'Account',
        entityId: u.policeAnalyst.id,
        before: {
          username: u.policeAnalyst.username,
          agencyId: police.id,
          passwordHash: '$argon2id$v=19$old',
          roles: ['ANALYST'],
        },
        after: {
          username: u.policeAnalyst.username,
          agencyId: police.id,
          passwordHash: '$argon2id$v=19$new',
          roles: ['ANALYST'],
          apiKey: 'hubk_0123456789ab_' + 'x'.repeat(43),
        },
      }),
    );
    const [e] = await auditEvents(t.runtime.pool, 'e.seq = $1', [appended.seq]);
    expect(e).toMatchObject({
      kind: 'ADMIN',
      action: 'account.reset_password',
      outcome: 'SUCCEEDED',
      principalLabel: u.policeDlo.username,
      agencyCode: 'POL',
      concerns: [police.id],
      details: {
        entityType: 'Account',
        entityId: u.policeAnalyst.id,
        before: { passwordHash: '[redacted]', roles: ['ANALYST'] },
        after: { passwordHash: '[redacted]', apiKey: '[redacted]' },
        secretsChanged: ['apiKey', 'passwordHash'],
      },
    });
    const stored = await rawTrail(t.runtime.pool);
    expect(stored).not.toContain('$argon2id$v=19$new');
    expect(stored).not.toContain('hubk_0123456789ab_x');
  });

  it('shows the whole trail to an auditor, filtered and paged', async () => {
    const r = await gql(
      AUDIT,
      { filter: { purpose: 'STRATEGIC_ASSESSMENT', agency: 'CNL', outcome: 'PARTLY_DENIED' }, first: 10 },
      u.auditor.token,
    );
    expect(r.errors).toBeUndefined();
    const nodes = dataOf<Trail>(r).auditEvents.nodes;
    expect(nodes.length).toBeGreaterThanOrEqual(1);
    for (const n of nodes)
      expect(n).toMatchObject({
        purpose: 'STRATEGIC_ASSESSMENT',
        agencyCode: 'CNL',
        outcome: 'PARTLY_DENIED',
        concerning: ['POL'],
      });

    const pages: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const p: Trail['auditEvents'] = dataOf<Trail>(await gql(AUDIT, { first: 4, after }, u.auditor.token)).auditEvents;
      pages.push(...p.nodes.map((n) => n.seq));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    // Newest first, every event up to the first page once (paging itself adds newer events).
    const all = await auditEvents(t.runtime.pool);
    expect(pages).toEqual(
      all
        .filter((e) => BigInt(e.seq) <= BigInt(pages[0]))
        .map((e) => e.seq)
        .reverse(),
    );

    const byDataset = dataOf<Trail>(
      await gql(AUDIT, { filter: { dataset: crime.key, principal: u.policeAnalyst.username } }, u.auditor.token),
    );
    expect(byDataset.auditEvents.nodes.length).toBeGreaterThanOrEqual(3);
    const future = dataOf<Trail>(await gql(AUDIT, { filter: { from: '2099-01-01T00:00:00Z' } }, u.auditor.token));
    expect(future.auditEvents.nodes).toEqual([]);
  });

  it("shows a liaison officer every access to their agency's data, and nothing else", async () => {
    const nodes = dataOf<Trail>(await gql(AUDIT, { first: 500 }, u.policeDlo.token)).auditEvents.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.concerning).toContain('POL');
    // The council analyst's read of police data is there; of the fire analyst, only the refused
    // attempt that named police data (a login or a refusal touching no police data is not).
    expect(nodes.some((n) => n.principalLabel === u.councilAnalyst.username)).toBe(true);
    expect(nodes.some((n) => n.kind === 'ADMIN')).toBe(true);
    expect(nodes.filter((n) => n.principalLabel === u.fireAnalyst.username).map((n) => n.outcome)).toEqual([
      'REFUSED',
      'REFUSED',
    ]);

    // Of the fire service, only its own people's sign-ins (src/accounts), none of this data.
    const fire = dataOf<Trail>(await gql(AUDIT, {}, u.fireDlo.token));
    expect(fire.auditEvents.nodes.filter((n) => !n.action.startsWith('account.sign_in'))).toEqual([]);
  });

  it('shows the trail to nobody else', async () => {
    for (const who of [u.councilAnalyst, u.policeAnalyst]) {
      const r = await gql(AUDIT, {}, who.token);
      expect(r.data?.auditEvents ?? null).toBeNull();
      expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(await eventOf(t.runtime.pool, r.requestId)).toMatchObject({
        outcome: 'REFUSED',
        fieldsDenied: ['Query.auditEvents'],
      });
    }
    const anon = await gql(AUDIT, {}, undefined);
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('exports the trail as CSV for an auditor', async () => {
    const r = await gql('query { auditEventsCsv(filter: { kind: ADMIN }) }', {}, u.auditor.token);
    expect(r.errors).toBeUndefined();
    const lines = dataOf<{ auditEventsCsv: string }>(r).auditEventsCsv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^seq,at,kind,action,outcome,/);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // The newest change other than sign-ins (which src/accounts records too).
    const change = lines.slice(1).find((l) => !l.includes(',account.sign_in'))!;
    expect(change).toContain(',ADMIN,account.reset_password,SUCCEEDED,');
    expect(change).toContain('""passwordHash"":""[redacted]""');
    // The export itself is recorded, with the number of rows exported.
    const e = await eventOf(t.runtime.pool, r.requestId);
    expect(e.rows).toBe(lines.length - 1);
  });

  it('leaves a chain that verifies', async () => {
    const report = await t.runtime.services.audit.verify();
    expect(report.problem).toBeNull();
    expect(report.ok).toBe(true);
    expect(report.checked).toBe((await auditEvents(t.runtime.pool)).length);
  });
});
