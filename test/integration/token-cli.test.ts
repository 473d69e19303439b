import { mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../src/auth/tokens.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { Agency, User } from '../../src/entities/index.js';
import { auditEvents, rawTrail } from '../support/audit.js';
import { runHubIn } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * `npx hub token <username>` mints a bearer token: whoever holds it is the account holder
 * for every later request. It is refused in production without --allow-production, always
 * leaves an ADMIN event (session.issue_cli) naming the operator and the account, and prints
 * nothing when that event cannot be written.
 */

describe('hub token', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let analyst: User;
  let operator: string;

  let pool: pg.Pool;
  const trail = () => auditEvents(pool);
  const issueEvents = () => auditEvents(pool, `e.action = 'session.issue_cli'`);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-token-'));
    env = {
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    const seed = new Seed(db.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const closed = await seed.agency('OLD', AgencyKind.COUNCIL);
    analyst = await seed.user(police, [Role.ANALYST], 'analyst@pol');
    await seed.user(closed, [Role.ANALYST], 'analyst@old');
    const em = db.orm.em.fork();
    await em.nativeUpdate(Agency, { code: 'OLD' }, { active: false });
    let who = 'unknown';
    try {
      who = userInfo().username;
    } catch {
      // no passwd entry
    }
    operator = `cli:${who}`;
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('prints a valid token and records session.issue_cli by the operator, naming the account and not the token', async () => {
    const r = await runHubIn(env, 'token', 'analyst@pol', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { token: string; username: string };
    expect(out.username).toBe('analyst@pol');
    const claims = await new TokenService(TEST_TOKEN_SECRET, 60).verify(out.token);
    expect(claims.userId).toBe(analyst.id);

    const events = await issueEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'ADMIN',
      outcome: 'SUCCEEDED',
      principalKind: 'system',
      principalLabel: operator,
      principalId: null,
    });
    expect(events[0].details).toMatchObject({
      entityType: 'Account',
      entityId: analyst.id,
      before: null,
      after: {
        username: 'analyst@pol',
        agencyCode: 'POL',
        roles: ['ANALYST'],
        environment: 'test',
        allowProduction: false,
        database: expect.stringMatching(/^(127.0.0.1|localhost)(:\d+)?\/hub_test_/),
      },
    });
    // The liaison officer of the account's agency sees it.
    expect(events[0].concerns).toContain(analyst.agency.id);
    // The token itself is nowhere in the trail.
    const raw = await rawTrail(pool);
    expect(raw).not.toContain(out.token);
    expect(raw).not.toContain(out.token.split('.')[2]);
  });

  it('refuses in production without --allow-production, touching nothing', async () => {
    const before = (await trail()).length;
    const r = await runHubIn({ ...env, NODE_ENV: 'production' }, 'token', 'analyst@pol');
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('--allow-production');
    expect((await trail()).length).toBe(before);
  });

  it('issues in production with --allow-production, and records that it was forced', async () => {
    const r = await runHubIn({ ...env, NODE_ENV: 'production' }, 'token', 'analyst@pol', '--allow-production');
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const last = (await issueEvents()).at(-1)!;
    expect(last.principalLabel).toBe(operator);
    expect(last.details).toMatchObject({
      entityId: analyst.id,
      after: { environment: 'production', allowProduction: true },
    });
  });

  it('refuses an account whose agency is inactive, and an unknown account', async () => {
    const before = (await issueEvents()).length;
    const closed = await runHubIn(env, 'token', 'analyst@old');
    expect(closed.code).not.toBe(0);
    expect(closed.out).toBe('');
    expect(closed.err).toContain('inactive');
    const unknown = await runHubIn(env, 'token', 'nobody@pol');
    expect(unknown.code).not.toBe(0);
    expect(unknown.out).toBe('');
    expect((await issueEvents()).length).toBe(before);
  });

  it('prints no token and exits non-zero when the event cannot be written', async () => {
    const before = (await issueEvents()).length;
    await pool.query(
      `create function test_refuse_issue_event() returns trigger language plpgsql as $$ begin raise exception 'simulated: audit_event refused'; end $$`,
    );
    await pool.query(
      `create trigger test_refuse_issue_event before insert on audit_event for each row when (new.action = 'session.issue_cli') execute function test_refuse_issue_event()`,
    );
    let r;
    try {
      r = await runHubIn(env, 'token', 'analyst@pol', '--json');
    } finally {
      await pool.query(`drop trigger test_refuse_issue_event on audit_event`);
      await pool.query(`drop function test_refuse_issue_event()`);
    }
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('simulated: audit_event refused');
    expect(r.err).not.toMatch(/eyJ/);
    expect((await issueEvents()).length).toBe(before);
  });
});
