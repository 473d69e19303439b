import { SignJWT } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { User } from '../../src/entities/index.js';
import { auditEvents, rawTrail } from '../support/audit.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestHub, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * Local accounts against a real hub and PostgreSQL: the password rules, changing a
 * password (and a change an administrator requires), the TOTP second factor with its
 * recovery codes, refresh-token rotation, sessions, the agency administrator's scope,
 * and another agency's accounts and keys reading exactly as ones that do not exist.
 */

const PASSWORD = 'violet lantern quarry 42';
const NEW_PASSWORD = 'amber tugboat meadow orbit';

const LOGIN = `mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt refreshToken refreshExpiresAt account { username } } }`;
const COMPLETE_LOGIN = `mutation C($c: String!, $k: String!) { completeLogin(challenge: $c, code: $k) { token refreshToken account { username } } }`;
const COMPLETE_SIGN_IN = `mutation C($c: String!, $k: String!) { completeSignIn(challenge: $c, code: $k) { expiresAt account { username } } }`;
const REFRESH = `mutation R($r: String!) { refreshSession(refreshToken: $r) { token refreshToken } }`;
const ME = `{ me { username } }`;
const SECURITY = `{ mySecurity { secondFactorEnabled secondFactorRequired recoveryCodesLeft pendingSteps } }`;
const CHANGE = `mutation P($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const BEGIN = `mutation { beginSecondFactorEnrolment { secret uri qrSvg } }`;
const CONFIRM = `mutation F($k: String!) { confirmSecondFactorEnrolment(code: $k) }`;
const DISABLE = `mutation D($p: String!, $k: String!) { disableSecondFactor(password: $p, code: $k) }`;
const SESSIONS = `{ mySessions { id kind current } }`;

const totpFor = (secret: string) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

describe('local accounts', () => {
  let t: TestHub;
  let seed: Seed;
  let adminToken: string;
  let agencyAdminToken: string;
  let liaisonToken: string;
  let otherKeyPrefix: string;

  const sql = (text: string, params: unknown[] = []) => t.runtime.pool.query(text, params);
  const person = async (agency: Awaited<ReturnType<Seed['agency']>>, roles: Role[], username: string) => {
    const u = await seed.user(agency, roles, username);
    await t.runtime.orm.em.fork().nativeUpdate(User, { id: u.id }, { passwordHash: await hashPassword(PASSWORD) });
    return u;
  };
  const login = async (username: string, password = PASSWORD) => t.gql(LOGIN, { u: username, p: password });
  const tokenOf = async (username: string, password = PASSWORD) => {
    const r = await login(username, password);
    expect(r.errors).toBeUndefined();
    return (r.data as { login: { token: string; refreshToken: string } }).login;
  };
  const actions = async (userId: string) =>
    (await auditEvents(t.runtime.pool, `e.kind = 'ADMIN' and e.details->>'entityId' = $1`, [userId])).map(
      (e) => e.action,
    );

  beforeAll(async () => {
    t = await startTestHub();
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const mine = await seed.agency('MINE', AgencyKind.COUNCIL);
    const other = await seed.agency('OTHR', AgencyKind.FIRE);
    adminToken = (await seed.user(mine, [Role.ADMIN], 'admin@mine')).token;
    agencyAdminToken = (await seed.user(mine, [Role.AGENCY_ADMIN], 'aa@mine')).token;
    liaisonToken = (await seed.user(mine, [Role.LIAISON_OFFICER], 'lo@mine')).token;
    for (const name of ['pw@mine', 'forced@mine', 'factor@mine', 'refresh@mine', 'sessions@mine', 'staff@mine'])
      await person(mine, [Role.ANALYST], name);
    await person(mine, [Role.AUDITOR], 'auditor@mine');
    await person(other, [Role.ANALYST], 'analyst@othr');
    const key = await t.gql<{ createApiKey: { apiKey: { prefix: string } } }>(
      `mutation { createApiKey(input: { agency: "OTHR", name: "RMS", scopes: [IMPORT] }) { apiKey { prefix } } }`,
      {},
      { token: adminToken },
    );
    expect(key.errors).toBeUndefined();
    otherKeyPrefix = key.data!.createApiKey.apiKey.prefix;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('changing a password', () => {
    it('needs the current password and applies the rules, saying why', async () => {
      const { token } = await tokenOf('pw@mine');
      const wrong = await t.gql(CHANGE, { c: 'not my password at all', n: NEW_PASSWORD }, { token });
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
      for (const [bad, words] of [
        ['short pass', /at least 12/],
        ['Password2026!', /most commonly used/],
        ['qwertyuiop12', /commonly used|keyboard pattern/],
        ['pw@mine2026!', /username, your agency/],
        ['hub hub hub hub', /keyboard pattern|repetition|username, your agency/],
      ] as const) {
        const r = await t.gql(CHANGE, { c: PASSWORD, n: bad }, { token });
        expect(r.errors?.[0].extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
        expect(r.errors?.[0].message, bad).toMatch(words);
        expect(r.errors?.[0].message).not.toContain(bad);
      }
    });

    it('changes it, ends the other sessions, and the new password signs in', async () => {
      const other = await tokenOf('pw@mine');
      const { token } = await tokenOf('pw@mine');
      const r = await t.gql(CHANGE, { c: PASSWORD, n: NEW_PASSWORD }, { token });
      expect(r.errors).toBeUndefined();
      expect((await t.gql(ME, {}, { token: other.token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(REFRESH, { r: other.refreshToken })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await login('pw@mine')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      await tokenOf('pw@mine', NEW_PASSWORD);
      const u = await t.runtime.orm.em.fork().findOneOrFail(User, { username: 'pw@mine' });
      expect(await actions(u.id)).toContain('account.change_password');
    });

    it('keeps the console signed in with a fresh session after its own change', async () => {
      const b = new ConsoleClient(t.hub.url);
      expect((await b.signIn('pw@mine', NEW_PASSWORD)).errors).toBeUndefined();
      const before = b.cookies.get('hub_session');
      const r = await b.gql(CHANGE, { c: NEW_PASSWORD, n: 'granite pelican sunrise 7' });
      expect(r.errors).toBeUndefined();
      expect(b.cookies.get('hub_session')).not.toBe(before);
      expect((await b.gql(ME)).data?.me.username).toBe('pw@mine');
    });

    it('an administrator can require a change: until then the account can do nothing else', async () => {
      const { token } = await tokenOf('forced@mine');
      const req = await t.gql(
        `mutation { requirePasswordChange(username: "forced@mine") { username } }`,
        {},
        { token: adminToken },
      );
      expect(req.errors).toBeUndefined();
      const blocked = await t.gql(`{ agencies { code } }`, {}, { token });
      expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SIGN_IN_STEPS_PENDING' });
      const sec = await t.gql<{ mySecurity: { pendingSteps: string[] } }>(SECURITY, {}, { token });
      expect(sec.data?.mySecurity.pendingSteps).toEqual(['CHANGE_PASSWORD']);
      // A fresh sign-in is held the same way.
      const again = await tokenOf('forced@mine');
      expect((await t.gql(`{ agencies { code } }`, {}, { token: again.token })).errors?.[0].extensions?.reason).toBe(
        'SIGN_IN_STEPS_PENDING',
      );
      expect((await t.gql(CHANGE, { c: PASSWORD, n: NEW_PASSWORD }, { token: again.token })).errors).toBeUndefined();
      const fresh = await tokenOf('forced@mine', NEW_PASSWORD);
      expect((await t.gql(`{ agencies { code } }`, {}, { token: fresh.token })).errors).toBeUndefined();
      const u = await t.runtime.orm.em.fork().findOneOrFail(User, { username: 'forced@mine' });
      const acts = await actions(u.id);
      expect(acts).toContain('account.require_password_change');
      expect(acts).toContain('account.change_password');
    });
  });

  describe('the TOTP second factor', () => {
    let secret: string;
    let recovery: string[];
    let token: string;

    it('enrols with a secret, an otpauth URI and a QR code, confirmed by a first code', async () => {
      token = (await tokenOf('factor@mine')).token;
      const begin = await t.gql<{ beginSecondFactorEnrolment: { secret: string; uri: string; qrSvg: string } }>(
        BEGIN,
        {},
        { token },
      );
      expect(begin.errors).toBeUndefined();
      const e = begin.data!.beginSecondFactorEnrolment;
      secret = e.secret;
      expect(e.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(e.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      expect(e.uri).toContain('period=30');
      expect(e.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const [{ totp_secret, totp_pending_secret }] = (
        await sql(`select totp_secret, totp_pending_secret from hub_user where username = 'factor@mine'`)
      ).rows;
      expect(totp_secret).toBeNull();
      expect(totp_pending_secret).not.toContain(secret);
      const wrong = await t.gql(CONFIRM, { k: '000000' }, { token });
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
      const ok = await t.gql<{ confirmSecondFactorEnrolment: string[] }>(
        CONFIRM,
        { k: totpFor(secret).generate() },
        { token },
      );
      expect(ok.errors).toBeUndefined();
      recovery = ok.data!.confirmSecondFactorEnrolment;
      expect(recovery).toHaveLength(10);
      expect(new Set(recovery).size).toBe(10);
      const stored = (
        await sql(
          `select code_hash from recovery_code r join hub_user u on u.id = r.user_id where u.username = 'factor@mine'`,
        )
      ).rows;
      expect(stored).toHaveLength(10);
      for (const c of recovery) expect(JSON.stringify(stored)).not.toContain(c);
    });

    it('turns sign-in into two steps; a code works once; a wrong one is refused and counted', async () => {
      const first = await login('factor@mine');
      expect(first.data?.login ?? null).toBeNull();
      const ext = first.errors![0].extensions!;
      expect(ext).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SECOND_FACTOR_REQUIRED' });
      const challenge = ext.challenge as string;
      const bad = await t.gql(COMPLETE_LOGIN, { c: challenge, k: '123456' });
      expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // The next time step's code (within the one-step window): the enrolment used this one.
      const code = totpFor(secret).generate({ timestamp: Date.now() + 30_000 });
      const ok = await t.gql<{ completeLogin: { token: string } }>(COMPLETE_LOGIN, { c: challenge, k: code });
      expect(ok.errors).toBeUndefined();
      expect((await t.gql(ME, {}, { token: ok.data!.completeLogin.token })).errors).toBeUndefined();
      // The challenge is used up, and the same code is refused on a new challenge.
      expect((await t.gql(COMPLETE_LOGIN, { c: challenge, k: code })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      const again = (await login('factor@mine')).errors![0].extensions!.challenge as string;
      const replay = await t.gql(COMPLETE_LOGIN, { c: again, k: code });
      expect(replay.errors?.[0].message).toMatch(/already used/);
    });

    it('signs in to the console with a recovery code, once', async () => {
      const b = new ConsoleClient(t.hub.url);
      const first = await b.signIn('factor@mine', PASSWORD);
      const challenge = first.errors![0].extensions!.challenge as string;
      expect(b.cookies.has('hub_session')).toBe(false);
      const ok = await b.gql(COMPLETE_SIGN_IN, { c: challenge, k: recovery[0].toUpperCase() });
      expect(ok.errors).toBeUndefined();
      expect((await b.gql(ME)).data?.me.username).toBe('factor@mine');
      const again = (await login('factor@mine')).errors![0].extensions!.challenge as string;
      expect((await t.gql(COMPLETE_LOGIN, { c: again, k: recovery[0] })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      const sec = await t.gql<{ mySecurity: { recoveryCodesLeft: number } }>(SECURITY, {}, { token });
      expect(sec.data?.mySecurity.recoveryCodesLeft).toBe(9);
    });

    it('a challenge is for its own door only', async () => {
      const challenge = (await login('factor@mine')).errors![0].extensions!.challenge as string;
      const b = new ConsoleClient(t.hub.url);
      expect((await b.gql(COMPLETE_SIGN_IN, { c: challenge, k: recovery[1] })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('is disabled only with the password and a code', async () => {
      const noPw = await t.gql(DISABLE, { p: 'wrong password here', k: recovery[2] }, { token });
      expect(noPw.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
      const noCode = await t.gql(DISABLE, { p: PASSWORD, k: '999999' }, { token });
      expect(noCode.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
      const ok = await t.gql(DISABLE, { p: PASSWORD, k: recovery[3] }, { token });
      expect(ok.errors).toBeUndefined();
      await tokenOf('factor@mine');
    });

    it('audits enrolment, sign-ins, failures, recovery codes and removal, never a secret or code', async () => {
      const u = await t.runtime.orm.em.fork().findOneOrFail(User, { username: 'factor@mine' });
      const acts = await actions(u.id);
      for (const a of [
        'account.second_factor_enrol',
        'account.sign_in',
        'account.sign_in_failed',
        'account.recovery_code_used',
        'account.second_factor_disable',
      ])
        expect(acts, a).toContain(a);
      const trail = await rawTrail(t.runtime.pool);
      expect(trail).not.toContain(secret);
      for (const c of recovery) expect(trail).not.toContain(c);
      expect(trail).not.toContain(PASSWORD);
    });
  });

  describe('the second factor required of staff in production', () => {
    it('holds an ADMIN without an authenticator to enrolment, with the flag on', async () => {
      const strict = await startTestHub({ HUB_REQUIRE_SECOND_FACTOR: 'true' });
      try {
        const s = new Seed(strict.runtime.orm, strict.runtime.services.tokens);
        const a = await s.agency('PROD', AgencyKind.POLICE);
        const admin = await s.user(a, [Role.ADMIN], 'admin@prod');
        const analyst = await s.user(a, [Role.ANALYST], 'analyst@prod');
        const blocked = await strict.gql(`{ agencies { code } }`, {}, { token: admin.token });
        expect(blocked.errors?.[0].extensions).toMatchObject({
          reason: 'SIGN_IN_STEPS_PENDING',
          pending: ['ENROL_SECOND_FACTOR'],
        });
        expect((await strict.gql(`{ agencies { code } }`, {}, { token: analyst.token })).errors).toBeUndefined();
        const begin = await strict.gql<{ beginSecondFactorEnrolment: { secret: string } }>(
          BEGIN,
          {},
          {
            token: admin.token,
          },
        );
        const secret = begin.data!.beginSecondFactorEnrolment.secret;
        const ok = await strict.gql(CONFIRM, { k: totpFor(secret).generate() }, { token: admin.token });
        expect(ok.errors).toBeUndefined();
        expect((await strict.gql(`{ agencies { code } }`, {}, { token: admin.token })).errors).toBeUndefined();
        // Required: it cannot be removed by its holder.
        const off = await strict.gql(DISABLE, { p: 'anything at all', k: '000000' }, { token: admin.token });
        expect(off.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SECOND_FACTOR_REQUIRED' });
      } finally {
        await strict.close();
      }
    });

    it('an agency can require it of all its people', async () => {
      const req = await seed.agency('REQ', AgencyKind.HEALTH);
      const reqAdmin = (await seed.user(req, [Role.AGENCY_ADMIN], 'aa@req')).token;
      await person(req, [Role.ANALYST], 'staff@req');
      const r = await t.gql(
        `mutation { setAgencySecondFactorRequired(code: "REQ", required: true) { code requireSecondFactor } }`,
        {},
        { token: reqAdmin },
      );
      expect(r.errors).toBeUndefined();
      const { token } = await tokenOf('staff@req');
      expect((await t.gql(`{ agencies { code } }`, {}, { token })).errors?.[0].extensions?.pending).toEqual([
        'ENROL_SECOND_FACTOR',
      ]);
      const other = await t.gql(
        `mutation { setAgencySecondFactorRequired(code: "OTHR", required: true) { code } }`,
        {},
        { token: agencyAdminToken },
      );
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const [{ n }] = (
        await sql(`select count(*)::int as n from audit_event where action = 'agency.set_second_factor_required'`)
      ).rows;
      expect(n).toBe(1);
    });
  });

  describe('tokens', () => {
    it('rotates refresh tokens; a reused one ends the whole sign-in', async () => {
      const first = await tokenOf('refresh@mine');
      const r1 = await t.gql<{ refreshSession: { token: string; refreshToken: string } }>(REFRESH, {
        r: first.refreshToken,
      });
      expect(r1.errors).toBeUndefined();
      const second = r1.data!.refreshSession;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await t.gql(ME, {}, { token: second.token })).errors).toBeUndefined();
      // The first refresh token again: someone holds a copy. The family is revoked.
      const reuse = await t.gql(REFRESH, { r: first.refreshToken });
      expect(reuse.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(REFRESH, { r: second.refreshToken })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(ME, {}, { token: second.token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const u = await t.runtime.orm.em.fork().findOneOrFail(User, { username: 'refresh@mine' });
      expect(await actions(u.id)).toContain('session.refresh_reuse');
    });

    it('refuses a bearer token without an expiry, even signed with the real secret', async () => {
      const u = await t.runtime.orm.em
        .fork()
        .findOneOrFail(User, { username: 'refresh@mine' }, { populate: ['agency'] });
      const forever = await new SignJWT({ agency: u.agency.id, roles: ['ANALYST'] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(u.id)
        .setIssuer('community-safety-hub')
        .setAudience('community-safety-hub/graphql')
        .setIssuedAt()
        .sign(new TextEncoder().encode(TEST_TOKEN_SECRET));
      const r = await t.gql(ME, {}, { token: forever });
      expect(r.status).toBe(401);
      expect(r.errors?.[0].message).toMatch(/no expiry/);
    });
  });

  describe('sessions', () => {
    it('lists my console sessions and API sign-ins, ends one, and signs out everywhere', async () => {
      const b1 = new ConsoleClient(t.hub.url);
      const b2 = new ConsoleClient(t.hub.url);
      await b1.signIn('sessions@mine', PASSWORD);
      await b2.signIn('sessions@mine', PASSWORD);
      const api = await tokenOf('sessions@mine');
      const list = await b1.gql(SESSIONS);
      expect(list.errors).toBeUndefined();
      const sessions = list.data.mySessions as { id: string; kind: string; current: boolean }[];
      expect(sessions.filter((s) => s.kind === 'CONSOLE')).toHaveLength(2);
      expect(sessions.filter((s) => s.kind === 'API')).toHaveLength(1);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      const otherConsole = sessions.find((s) => s.kind === 'CONSOLE' && !s.current)!;
      expect(
        (await b1.gql(`mutation E($id: String!) { endSession(id: $id) }`, { id: otherConsole.id })).errors,
      ).toBeUndefined();
      expect((await b2.gql(ME)).data?.me ?? null).toBeNull();
      expect((await b1.gql(ME)).data?.me.username).toBe('sessions@mine');
      // Another person's session id reads as none.
      const apiId = sessions.find((s) => s.kind === 'API')!.id;
      const foreign = await t.gql(
        `mutation E($id: String!) { endSession(id: $id) }`,
        { id: apiId },
        { token: liaisonToken },
      );
      expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const all = await b1.gql(`mutation { signOutEverywhere }`);
      expect(all.errors).toBeUndefined();
      expect((await b1.gql(ME)).data?.me ?? null).toBeNull();
      expect((await t.gql(ME, {}, { token: api.token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(REFRESH, { r: api.refreshToken })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const u = await t.runtime.orm.em.fork().findOneOrFail(User, { username: 'sessions@mine' });
      const acts = await actions(u.id);
      expect(acts).toContain('session.end');
      expect(acts).toContain('session.end_all');
    });
  });

  describe('the agency administrator', () => {
    it("manages its own agency's accounts and roles, never ADMIN or AUDITOR", async () => {
      const created = await t.gql(
        `mutation { createAccount(input: { agency: "MINE", username: "new@mine", displayName: "New", roles: [OFFICER] }) { account { username roles } } }`,
        {},
        { token: agencyAdminToken },
      );
      expect(created.errors).toBeUndefined();
      const lo = await t.gql(
        `mutation { setAccountRoles(username: "new@mine", roles: [LIAISON_OFFICER]) { roles } }`,
        {},
        {
          token: agencyAdminToken,
        },
      );
      expect(lo.errors).toBeUndefined();
      for (const role of ['ADMIN', 'AUDITOR']) {
        const r = await t.gql(
          `mutation { setAccountRoles(username: "new@mine", roles: [${role}]) { roles } }`,
          {},
          {
            token: agencyAdminToken,
          },
        );
        expect(r.errors?.[0].extensions, role).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ASSIGNABLE' });
      }
      const auditor = await t.gql(
        `mutation { deactivateAccount(username: "auditor@mine") { active } }`,
        {},
        {
          token: agencyAdminToken,
        },
      );
      expect(auditor.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_NOT_MANAGEABLE' });
      const list = await t.gql<{ accounts: { username: string }[] }>(
        `{ accounts { username } }`,
        {},
        {
          token: agencyAdminToken,
        },
      );
      expect(list.data!.accounts.map((a) => a.username)).not.toContain('analyst@othr');
      const key = await t.gql(
        `mutation { createApiKey(input: { agency: "MINE", name: "CAD", scopes: [IMPORT] }) { apiKey { prefix } } }`,
        {},
        {
          token: agencyAdminToken,
        },
      );
      expect(key.errors).toBeUndefined();
      const foreignKey = await t.gql(
        `mutation { createApiKey(input: { agency: "OTHR", name: "CAD", scopes: [IMPORT] }) { apiKey { prefix } } }`,
        {},
        {
          token: agencyAdminToken,
        },
      );
      expect(foreignKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const u = await t.runtime.orm.em.fork().findOneOrFail(User, { username: 'new@mine' });
      expect(await actions(u.id)).toContain('account.set_roles');
    });

    it('the partnership administrator keeps the whole view', async () => {
      const list = await t.gql<{ accounts: { username: string }[] }>(
        `{ accounts { username } }`,
        {},
        { token: adminToken },
      );
      expect(list.data!.accounts.map((a) => a.username)).toEqual(expect.arrayContaining(['analyst@othr', 'new@mine']));
    });
  });

  describe("another agency's accounts and keys read as ones that do not exist", () => {
    const ops = [
      (u: string) => `mutation { deactivateAccount(username: "${u}") { username } }`,
      (u: string) => `mutation { resetPassword(username: "${u}") { generatedPassword } }`,
      (u: string) => `mutation { setAccountRoles(username: "${u}", roles: [OFFICER]) { username } }`,
      (u: string) => `mutation { revokeTokens(username: "${u}") { username } }`,
    ];
    const strip = (m: string, name: string) => m.replace(name, '<name>');

    for (const who of ['liaison officer', 'agency administrator'] as const) {
      it(`to a ${who}`, async () => {
        const token = who === 'liaison officer' ? liaisonToken : agencyAdminToken;
        for (const op of ops) {
          const real = await t.gql(op('analyst@othr'), {}, { token });
          const none = await t.gql(op('nobody@othr'), {}, { token });
          expect(real.errors?.[0].extensions?.code).toBe('NOT_FOUND');
          expect(strip(real.errors![0].message, 'analyst@othr')).toBe(strip(none.errors![0].message, 'nobody@othr'));
          expect(real.errors![0].extensions).toEqual(none.errors![0].extensions);
        }
        const real = await t.gql(
          `mutation R($p: String!) { revokeApiKey(prefix: $p) { prefix } }`,
          { p: otherKeyPrefix },
          { token },
        );
        const fake = 'hubk_000000000000';
        const none = await t.gql(
          `mutation R($p: String!) { revokeApiKey(prefix: $p) { prefix } }`,
          { p: fake },
          { token },
        );
        expect(real.errors?.[0].extensions?.code).toBe('NOT_FOUND');
        expect(strip(real.errors![0].message, otherKeyPrefix)).toBe(strip(none.errors![0].message, fake));
        const [{ active }] = (await sql(`select active from hub_user where username = 'analyst@othr'`)).rows;
        expect(active).toBe(true);
      });
    }
  });
});
