import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { User } from '../../src/entities/index.js';
import { rawTrail } from '../support/audit.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

const PASSWORD = 'correct horse battery staple';
const ME = '{ me { username agency { code } } }';

describe('the web console session', () => {
  let t: TestHub;
  let adminToken: string;

  const browser = () => new ConsoleClient(t.hub.url);
  const signedIn = async (username = 'analyst@con') => {
    const b = browser();
    const r = await b.signIn(username, PASSWORD);
    expect(r.errors).toBeUndefined();
    return b;
  };
  const sql = (text: string, params: unknown[] = []) => t.runtime.pool.query(text, params);

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const agency = await seed.agency('CON', AgencyKind.COUNCIL);
    const em = t.runtime.orm.em.fork();
    await seed.dataset(agency, DatasetKind.COUNCIL_REPORT, 'con-council_report');
    for (const [name, roles] of [
      ['analyst@con', [Role.ANALYST]],
      ['idle@con', [Role.ANALYST]],
      ['gone@con', [Role.ANALYST]],
      ['revoked@con', [Role.ANALYST]],
      ['provider@con', [Role.PROVIDER]],
    ] as const) {
      const u = await seed.user(agency, [...roles], name);
      await em.nativeUpdate(User, { id: u.id }, { passwordHash: await hashPassword(PASSWORD) });
    }
    adminToken = (await seed.user(agency, [Role.ADMIN], 'admin@con')).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('signs in with an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie, never a token in the answer', async () => {
    const b = browser();
    const r = await b.signIn('analyst@con', PASSWORD);
    expect(r.errors).toBeUndefined();
    expect(r.data.signIn).toMatchObject({
      idleMinutes: 30,
      account: { username: 'analyst@con', agency: { code: 'CON' }, roles: ['ANALYST'] },
    });
    const session = b.setCookieLines.find((l) => l.startsWith('hub_session='))!;
    const csrf = b.setCookieLines.find((l) => l.startsWith('hub_csrf='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/); // not in development or test: see the production case below
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toMatch(/SameSite=Strict/);
    expect(JSON.stringify(r)).not.toContain(b.cookies.get('hub_session'));
    expect((await b.gql(ME)).data.me).toEqual({ username: 'analyst@con', agency: { code: 'CON' } });
  });

  it('keeps only a hash of the session token in the database', async () => {
    const b = await signedIn();
    const token = b.cookies.get('hub_session')!;
    const { rows } = await sql(`select token_hash from console_session`);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a cookie-authenticated request without the CSRF header, or with a wrong one (403)', async () => {
    const b = await signedIn();
    const missing = await b.gql(ME, {}, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CSRF' });
    const wrong = await b.gql(ME, {}, { csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    // Another session's CSRF token does not fit this session.
    const other = await signedIn();
    const crossed = await b.gql(ME, {}, { csrf: other.cookies.get('hub_csrf')! });
    expect(crossed.status).toBe(403);
    expect((await b.gql(ME)).data.me.username).toBe('analyst@con');
  });

  it('ends the session on sign-out: the cookie no longer works even if kept, and the browser is told to forget it', async () => {
    const b = await signedIn();
    const kept = b.cookieHeader();
    const out = await b.gql('mutation { signOut }');
    expect(out.data.signOut).toBe(true);
    expect(b.cookies.has('hub_session')).toBe(false);
    const replay = await fetch(t.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: kept, 'x-csrf-token': /hub_csrf=([^;]+)/.exec(kept)![1] },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await replay.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(replay.headers.getSetCookie().some((l) => /^hub_session=;.*Max-Age=0/.test(l))).toBe(true);
  });

  it('ends a session after the idle time without a request', async () => {
    const b = await signedIn('idle@con');
    expect((await b.gql(ME)).data.me.username).toBe('idle@con');
    await sql(
      `update console_session set last_seen_at = now() - interval '31 minutes' where user_id = (select id from hub_user where username = 'idle@con')`,
    );
    const r = await b.gql(ME);
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(b.cookies.has('hub_session')).toBe(false);
  });

  it('slides the idle clock with each request', async () => {
    const b = await signedIn('idle@con');
    await sql(
      `update console_session set last_seen_at = now() - interval '29 minutes' where user_id = (select id from hub_user where username = 'idle@con')`,
    );
    expect((await b.gql(ME)).data.me.username).toBe('idle@con');
    const { rows } = await sql(
      `select max(last_seen_at) > now() - interval '1 minute' as fresh from console_session where user_id = (select id from hub_user where username = 'idle@con')`,
    );
    expect(rows[0].fresh).toBe(true);
  });

  it('ends the sessions of a deactivated account, and of one whose sessions were revoked', async () => {
    const gone = await signedIn('gone@con');
    const revoked = await signedIn('revoked@con');
    expect(
      (await t.gql('mutation { deactivateAccount(username: "gone@con") { active } }', {}, { token: adminToken }))
        .errors,
    ).toBeUndefined();
    expect(
      (await t.gql('mutation { revokeTokens(username: "revoked@con") { username } }', {}, { token: adminToken }))
        .errors,
    ).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1100)); // revocation compares whole seconds
    const goneAnswer = await gone.gql(ME);
    expect(goneAnswer.errors![0].extensions!.code, JSON.stringify(goneAnswer)).toBe('UNAUTHENTICATED');
    const revokedAnswer = await revoked.gql(ME);
    expect(revokedAnswer.errors![0].extensions!.code, JSON.stringify(revokedAnswer)).toBe('UNAUTHENTICATED');
    // Signing in again starts a new session that works.
    const again = await signedIn('revoked@con');
    expect((await again.gql(ME)).data.me.username).toBe('revoked@con');
  });

  it('lets a browser with a stale session cookie sign in again', async () => {
    const b = await signedIn();
    await sql(`update console_session set expires_at = now() - interval '1 second'`);
    const r = await b.signIn('analyst@con', PASSWORD);
    expect(r.errors).toBeUndefined();
    expect((await b.gql(ME)).data.me.username).toBe('analyst@con');
  });

  it('answers a wrong password as login does, sets no cookie, and keeps neither username nor password in the audit trail', async () => {
    const b = browser();
    const r = await b.signIn('analyst@con', 'not-the-password-zq81');
    expect(r.errors![0]).toMatchObject({
      message: 'Unknown username or wrong password.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(b.cookies.size).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    const trail = await rawTrail(t.runtime.pool);
    expect(trail).not.toContain('not-the-password-zq81');
    expect(trail).not.toContain(PASSWORD);
    expect(trail).toContain('signIn');
  });

  it('lets the console upload a file through the import door under the session, with its CSRF token', async () => {
    const b = await signedIn('provider@con');
    const upload = (csrf?: string | false) =>
      b.fetch('/import/con-council_report?dryRun=true', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'source_ref,category,occurred_at\nX-1,FLY_TIPPING,2026-10-01 10:00\n',
        csrf,
      });
    const withoutCsrf = await upload(false);
    expect(withoutCsrf.status).toBe(403);
    const ok = await upload();
    expect([200, 422]).toContain(ok.status);
    const body = (await ok.json()) as any;
    expect(body.batchId ?? body.id ?? body.batch, JSON.stringify(body)).toBeTruthy();
  });

  it('keeps bearer tokens working beside the cookie, and a bearer token wins over a cookie', async () => {
    const b = await signedIn();
    const res = await b.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query: ME }),
      csrf: false,
    });
    expect(((await res.json()) as any).data.me.username).toBe('admin@con');
  });
});

describe('console sessions in production', () => {
  it('mark their cookies Secure', async () => {
    const t = await startTestHub({ HUB_COOKIE_SECURE: 'true' });
    try {
      const seed = new Seed(t.runtime.orm);
      const u = await seed.user(await seed.agency('SEC', AgencyKind.COUNCIL), [Role.ANALYST], 'analyst@sec');
      await t.runtime.orm.em.fork().nativeUpdate(User, { id: u.id }, { passwordHash: await hashPassword(PASSWORD) });
      const b = new ConsoleClient(t.hub.url);
      await b.signIn('analyst@sec', PASSWORD);
      expect(b.setCookieLines.filter((l) => /Secure/.test(l))).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
