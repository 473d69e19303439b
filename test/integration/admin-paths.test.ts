import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, AgreementStatus, DatasetKind, Purpose, Role } from '../../src/domain/vocabulary.js';
import type { Agency } from '../../src/entities/index.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * Administration through the real HTTP API: who may manage agencies, accounts and keys,
 * what each credential may do afterwards, and that every change leaves an audit event
 * with no secret in it.
 */

const RECORDS = `query R @purpose(name: STRATEGIC_ASSESSMENT) { records { nodes { id category } } }`;
const LOGIN = `mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
const CREATE_ACCOUNT = `mutation C($input: CreateAccountInput!) { createAccount(input: $input) { generatedPassword account { username roles active agency { code } } } }`;
const CREATE_KEY = `mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { prefix scopes agency { code } revokedAt } } }`;

type Gql = Awaited<ReturnType<TestHub['gql']>>;
/** GraphQL answers and audit details are walked loosely in assertions. */
type Loose = any;
const code = (r: Gql) => r.errors?.[0]?.extensions?.code;
const data = (r: Gql) => r.data as Loose;

describe('administration of agencies, accounts and API keys', () => {
  let t: TestHub;
  let seed: Seed;
  let police: Agency;
  let council: Agency;
  const tokens: Record<string, string> = {};

  async function adminEvents(): Promise<
    { action: string; principal_label: string; details: Loose; concerns: string[] }[]
  > {
    return t.runtime.orm.em
      .getConnection()
      .execute(
        `select action, principal_label, details, concerns::text[] as concerns from audit_event where kind = 'ADMIN' order by seq`,
      );
  }

  async function login(username: string, password: string): Promise<Gql> {
    return t.gql(LOGIN, { u: username, p: password });
  }

  beforeAll(async () => {
    t = await startTestHub();
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const csp = await seed.agency('CSP', AgencyKind.OTHER);
    police = await seed.agency('POL', AgencyKind.POLICE);
    council = await seed.agency('CNL', AgencyKind.COUNCIL);
    const crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    await seed.records(crime, 2);
    await seed.agreement({
      provider: police,
      datasets: [crime],
      recipients: [council],
      purposes: [Purpose.STRATEGIC_ASSESSMENT],
      status: AgreementStatus.ACTIVE,
    });
    tokens.admin = (await seed.user(csp, [Role.ADMIN], 'admin@csp')).token;
    tokens.policeDlo = (await seed.user(police, [Role.LIAISON_OFFICER], 'dlo@pol')).token;
    tokens.councilDlo = (await seed.user(council, [Role.LIAISON_OFFICER], 'dlo@cnl')).token;
    tokens.councilAnalyst = (await seed.user(council, [Role.ANALYST], 'analyst@cnl')).token;
    tokens.auditor = (await seed.user(csp, [Role.AUDITOR], 'auditor@csp')).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('agencies', () => {
    it('lets an administrator create, rename and deactivate an agency, each change audited', async () => {
      const created = await t.gql(
        `mutation { createAgency(input: { code: "sfrs", name: "Shire Fire", kind: FIRE }) { code name kind active } }`,
        {},
        { token: tokens.admin },
      );
      expect(created.errors).toBeUndefined();
      expect(data(created).createAgency).toEqual({ code: 'SFRS', name: 'Shire Fire', kind: 'FIRE', active: true });
      const renamed = await t.gql(
        `mutation { updateAgency(code: "SFRS", input: { name: "Shire Fire and Rescue" }) { name } }`,
        {},
        { token: tokens.admin },
      );
      expect(data(renamed).updateAgency.name).toBe('Shire Fire and Rescue');
      const off = await t.gql(`mutation { deactivateAgency(code: "SFRS") { active } }`, {}, { token: tokens.admin });
      expect(data(off).deactivateAgency.active).toBe(false);

      const events = (await adminEvents()).filter((e) => e.details.entityType === 'Agency');
      expect(events.map((e) => e.action)).toEqual(['agency.create', 'agency.update', 'agency.deactivate']);
      expect(events[1].details.before.name).toBe('Shire Fire');
      expect(events[1].details.after.name).toBe('Shire Fire and Rescue');
      expect(events.every((e) => e.principal_label === 'admin@csp')).toBe(true);
    });

    it('refuses a duplicate agency code with CONFLICT', async () => {
      const r = await t.gql(
        `mutation { createAgency(input: { code: "POL", name: "Again", kind: POLICE }) { code } }`,
        {},
        { token: tokens.admin },
      );
      expect(code(r)).toBe('CONFLICT');
    });

    it('refuses agency changes to a liaison officer', async () => {
      const r = await t.gql(
        `mutation { createAgency(input: { code: "XYZ", name: "X", kind: OTHER }) { code } }`,
        {},
        { token: tokens.policeDlo },
      );
      expect(code(r)).toBe('FORBIDDEN');
      expect(r.data).toBeNull();
    });
  });

  describe('accounts', () => {
    it('creates an account with a generated password shown once, which then logs in', async () => {
      const r = await t.gql(
        CREATE_ACCOUNT,
        { input: { agency: 'CNL', username: 'New.Analyst@cnl', displayName: 'New Analyst', roles: ['ANALYST'] } },
        { token: tokens.admin },
      );
      expect(r.errors).toBeUndefined();
      const { generatedPassword, account } = data(r).createAccount;
      expect(account).toEqual({
        username: 'new.analyst@cnl',
        roles: ['ANALYST'],
        active: true,
        agency: { code: 'CNL' },
      });
      expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const session = await login('new.analyst@cnl', generatedPassword);
      const me = await t.gql(`{ me { username } }`, {}, { token: data(session).login.token });
      expect(data(me).me.username).toBe('new.analyst@cnl');

      const [event] = (await adminEvents()).filter(
        (e) => e.action === 'account.create' && e.details.after.username === 'new.analyst@cnl',
      );
      expect(event.details.after).toMatchObject({ roles: ['ANALYST'], generatedLogin: true });
      expect(JSON.stringify(event)).not.toContain(generatedPassword);
      expect(JSON.stringify(event)).not.toContain('argon2');
      expect(event.concerns).toContain(council.id);
    });

    it('creates an account with a chosen password and returns no password', async () => {
      const r = await t.gql(
        CREATE_ACCOUNT,
        {
          input: {
            agency: 'CNL',
            username: 'chosen@cnl',
            displayName: 'Chosen',
            roles: ['OFFICER'],
            password: 'a-long-chosen-password',
          },
        },
        { token: tokens.admin },
      );
      expect(data(r).createAccount.generatedPassword).toBeNull();
      const token = data(await login('chosen@cnl', 'a-long-chosen-password')).login.token;
      expect(data(await t.gql(`{ me { roles } }`, {}, { token })).me.roles).toEqual(['OFFICER']);
    });

    it('refuses a short password with BAD_USER_INPUT', async () => {
      const r = await t.gql(
        CREATE_ACCOUNT,
        { input: { agency: 'CNL', username: 'short@cnl', displayName: 'S', roles: ['OFFICER'], password: 'short' } },
        { token: tokens.admin },
      );
      expect(code(r)).toBe('BAD_USER_INPUT');
    });

    it('does not let an analyst create accounts', async () => {
      const r = await t.gql(
        CREATE_ACCOUNT,
        { input: { agency: 'CNL', username: 'sneaky@cnl', displayName: 'S', roles: ['ANALYST'] } },
        { token: tokens.councilAnalyst },
      );
      expect(code(r)).toBe('FORBIDDEN');
      expect(
        await t.runtime.orm.em.fork().getConnection().execute(`select 1 from hub_user where username = 'sneaky@cnl'`),
      ).toHaveLength(0);
    });

    it('lets a liaison officer create working accounts in their own agency', async () => {
      const r = await t.gql(
        CREATE_ACCOUNT,
        {
          input: { agency: 'CNL', username: 'officer2@cnl', displayName: 'Officer Two', roles: ['OFFICER', 'ANALYST'] },
        },
        { token: tokens.councilDlo },
      );
      expect(r.errors).toBeUndefined();
      expect(data(r).createAccount.account.roles).toEqual(['ANALYST', 'OFFICER']);
    });

    it('does not let a liaison officer create accounts in another agency', async () => {
      const r = await t.gql(
        CREATE_ACCOUNT,
        { input: { agency: 'POL', username: 'mole@pol', displayName: 'Mole', roles: ['ANALYST'] } },
        { token: tokens.councilDlo },
      );
      expect(code(r)).toBe('FORBIDDEN');
      expect(r.errors![0].message).toContain('own agency only');
    });

    it('does not let a liaison officer hand out oversight roles', async () => {
      for (const role of ['ADMIN', 'LIAISON_OFFICER', 'AUDITOR']) {
        const r = await t.gql(
          CREATE_ACCOUNT,
          { input: { agency: 'CNL', username: `boss-${role.toLowerCase()}@cnl`, displayName: 'Boss', roles: [role] } },
          { token: tokens.councilDlo },
        );
        expect(code(r)).toBe('FORBIDDEN');
        expect(r.errors![0].extensions!.reason).toBe('ROLE_NOT_ASSIGNABLE');
      }
    });

    it('does not let a liaison officer change another liaison officer', async () => {
      await seed.user(council, [Role.LIAISON_OFFICER], 'deputy-dlo@cnl');
      const r = await t.gql(
        `mutation { deactivateAccount(username: "deputy-dlo@cnl") { active } }`,
        {},
        { token: tokens.councilDlo },
      );
      expect(code(r)).toBe('FORBIDDEN');
      expect(r.errors![0].extensions!.reason).toBe('ACCOUNT_NOT_MANAGEABLE');
    });

    it('lists accounts: all for an administrator, only their own agency for a liaison officer', async () => {
      const all = await t.gql(`{ accounts { username agency { code } } }`, {}, { token: tokens.admin });
      expect(new Set(data(all).accounts.map((a: Loose) => a.agency.code))).toEqual(new Set(['CSP', 'POL', 'CNL']));
      const own = await t.gql(`{ accounts { username agency { code } } }`, {}, { token: tokens.councilDlo });
      expect(new Set(data(own).accounts.map((a: Loose) => a.agency.code))).toEqual(new Set(['CNL']));
      const other = await t.gql(`{ accounts(agency: "POL") { username } }`, {}, { token: tokens.councilDlo });
      expect(code(other)).toBe('FORBIDDEN');
      const analyst = await t.gql(`{ accounts { username } }`, {}, { token: tokens.councilAnalyst });
      expect(code(analyst)).toBe('FORBIDDEN');
    });

    it('refuses a deactivated account at login and at its next request with an old token', async () => {
      const created = data(
        await t.gql(
          CREATE_ACCOUNT,
          { input: { agency: 'CNL', username: 'leaver@cnl', displayName: 'Leaver', roles: ['ANALYST'] } },
          { token: tokens.admin },
        ),
      ).createAccount;
      const token = data(await login('leaver@cnl', created.generatedPassword)).login.token;
      expect(data(await t.gql(RECORDS, {}, { token })).records.nodes).toHaveLength(2);

      const off = await t.gql(
        `mutation { deactivateAccount(username: "leaver@cnl") { active } }`,
        {},
        { token: tokens.councilDlo },
      );
      expect(data(off).deactivateAccount.active).toBe(false);
      const refused = await t.gql(RECORDS, {}, { token });
      expect(code(refused)).toBe('UNAUTHENTICATED');
      expect(code(await login('leaver@cnl', created.generatedPassword))).toBe('UNAUTHENTICATED');

      await t.gql(`mutation { reactivateAccount(username: "leaver@cnl") { active } }`, {}, { token: tokens.admin });
      expect(data(await login('leaver@cnl', created.generatedPassword)).login.token).toBeTruthy();
      // Reactivation brings back the account, not the sessions it had before.
      expect(code(await t.gql(RECORDS, {}, { token }))).toBe('UNAUTHENTICATED');
    });

    it("ends the sessions of an agency's accounts when the agency is deactivated", async () => {
      expect(
        (
          await t.gql(
            `mutation { createAgency(input: { code: "TMPA", name: "Temporary", kind: COUNCIL }) { code } }`,
            {},
            { token: tokens.admin },
          )
        ).errors,
      ).toBeUndefined();
      const created = data(
        await t.gql(
          CREATE_ACCOUNT,
          { input: { agency: 'TMPA', username: 'member@tmpa', displayName: 'Member', roles: ['ANALYST'] } },
          { token: tokens.admin },
        ),
      ).createAccount;
      const token = data(await login('member@tmpa', created.generatedPassword)).login.token;
      expect(data(await t.gql(`{ me { username } }`, {}, { token })).me.username).toBe('member@tmpa');
      expect(
        (await t.gql(`mutation { deactivateAgency(code: "TMPA") { active } }`, {}, { token: tokens.admin })).errors,
      ).toBeUndefined();
      expect(
        (await t.gql(`mutation { reactivateAgency(code: "TMPA") { active } }`, {}, { token: tokens.admin })).errors,
      ).toBeUndefined();
      expect(code(await t.gql(`{ me { username } }`, {}, { token }))).toBe('UNAUTHENTICATED');
      const off = (await adminEvents()).filter(
        (e) => e.action === 'agency.deactivate' && e.details.after.code === 'TMPA',
      );
      expect(off).toHaveLength(1);
      expect(off[0].details.after.accountSessionsEnded).toBe(1);
    });

    it('ends every session on revokeTokens, and resetPassword replaces the password', async () => {
      const created = data(
        await t.gql(
          CREATE_ACCOUNT,
          { input: { agency: 'CNL', username: 'mover@cnl', displayName: 'Mover', roles: ['ANALYST'] } },
          { token: tokens.admin },
        ),
      ).createAccount;
      const token = data(await login('mover@cnl', created.generatedPassword)).login.token;
      const revoked = await t.gql(
        `mutation { revokeTokens(username: "mover@cnl") { username } }`,
        {},
        { token: tokens.admin },
      );
      expect(revoked.errors).toBeUndefined();
      expect(code(await t.gql(RECORDS, {}, { token }))).toBe('UNAUTHENTICATED');

      const reset = data(
        await t.gql(
          `mutation { resetPassword(username: "mover@cnl") { generatedPassword } }`,
          {},
          { token: tokens.admin },
        ),
      ).resetPassword;
      expect(code(await login('mover@cnl', created.generatedPassword))).toBe('UNAUTHENTICATED');
      // Revocation covers the whole current second (tokens carry whole seconds): wait it out.
      await new Promise((r) => setTimeout(r, 1100));
      const fresh = data(await login('mover@cnl', reset.generatedPassword)).login.token;
      expect(data(await t.gql(RECORDS, {}, { token: fresh })).records.nodes).toHaveLength(2);

      const events = (await adminEvents())
        .filter((e) => e.details.after?.username === 'mover@cnl')
        .map((e) => e.action);
      expect(events).toEqual(['account.create', 'account.revoke_tokens', 'account.reset_password']);
      const all = JSON.stringify(await adminEvents());
      expect(all).not.toContain(reset.generatedPassword);
    });

    it('changes roles, which take effect at the next request', async () => {
      const created = data(
        await t.gql(
          CREATE_ACCOUNT,
          { input: { agency: 'CNL', username: 'switch@cnl', displayName: 'Switch', roles: ['ANALYST'] } },
          { token: tokens.admin },
        ),
      ).createAccount;
      const token = data(await login('switch@cnl', created.generatedPassword)).login.token;
      expect(data(await t.gql(RECORDS, {}, { token })).records.nodes).toHaveLength(2);
      const r = await t.gql(
        `mutation { setAccountRoles(username: "switch@cnl", roles: [PROVIDER]) { roles } }`,
        {},
        { token: tokens.councilDlo },
      );
      expect(data(r).setAccountRoles.roles).toEqual(['PROVIDER']);
      const after = await t.gql(RECORDS, {}, { token });
      expect(code(after)).toBe('FORBIDDEN');
    });

    it('will not remove the last active administrator', async () => {
      const r = await t.gql(
        `mutation { setAccountRoles(username: "admin@csp", roles: [AUDITOR]) { roles } }`,
        {},
        { token: tokens.admin },
      );
      expect(code(r)).toBe('CONFLICT');
      const self = await t.gql(
        `mutation { deactivateAccount(username: "admin@csp") { active } }`,
        {},
        { token: tokens.admin },
      );
      expect(code(self)).toBe('CONFLICT');
    });
  });

  describe('API keys', () => {
    let importKey: string;
    let readKey: string;
    let readPrefix: string;

    it('issues a key once: the answer holds it, listings and the audit trail never do', async () => {
      const r = await t.gql(
        CREATE_KEY,
        { input: { agency: 'POL', name: 'RMS export', scopes: ['IMPORT'] } },
        { token: tokens.policeDlo },
      );
      expect(r.errors).toBeUndefined();
      importKey = data(r).createApiKey.key;
      expect(importKey).toMatch(/^hubk_[0-9a-f]{12}_/);
      expect(data(r).createApiKey.apiKey).toMatchObject({
        scopes: ['IMPORT'],
        agency: { code: 'POL' },
        revokedAt: null,
      });
      const listed = await t.gql(`{ apiKeys { prefix name scopes } }`, {}, { token: tokens.policeDlo });
      expect(JSON.stringify(listed)).not.toContain(importKey);
      expect(data(listed).apiKeys).toEqual([
        { prefix: data(r).createApiKey.apiKey.prefix, name: 'RMS export', scopes: ['IMPORT'] },
      ]);
      expect(JSON.stringify(await adminEvents())).not.toContain(importKey);
      const read = await t.gql(
        CREATE_KEY,
        { input: { agency: 'CNL', name: 'GIS reader', scopes: ['READ'] } },
        { token: tokens.admin },
      );
      readKey = data(read).createApiKey.key;
      readPrefix = data(read).createApiKey.apiKey.prefix;
    });

    it('does not let a provider (IMPORT) key read shared data', async () => {
      const r = await t.gql(RECORDS, {}, { apiKey: importKey });
      expect(r.data?.records ?? null).toBeNull();
      expect(code(r)).toBe('FORBIDDEN');
      expect(r.errors![0].extensions!.reason).toBe('NO_DATA_ROLE');
    });

    it('lets a READ key read what its agency may, and never administer', async () => {
      expect(data(await t.gql(RECORDS, {}, { apiKey: readKey })).records.nodes).toHaveLength(2);
      const r = await t.gql(
        CREATE_KEY,
        { input: { agency: 'CNL', name: 'self-issued', scopes: ['READ'] } },
        { apiKey: readKey },
      );
      expect(code(r)).toBe('FORBIDDEN');
    });

    it('does not let a liaison officer issue or revoke keys for another agency', async () => {
      const r = await t.gql(
        CREATE_KEY,
        { input: { agency: 'POL', name: 'foreign', scopes: ['READ'] } },
        { token: tokens.councilDlo },
      );
      expect(code(r)).toBe('FORBIDDEN');
      const revoke = await t.gql(
        `mutation { revokeApiKey(prefix: "${readPrefix}") { revokedAt } }`,
        {},
        { token: tokens.policeDlo },
      );
      // Another agency's key reads exactly as one that does not exist (test/integration/local-accounts.test.ts).
      expect(code(revoke)).toBe('NOT_FOUND');
    });

    it('refuses a revoked key from its next request', async () => {
      const r = await t.gql(
        `mutation { revokeApiKey(prefix: "${readPrefix}") { revokedAt } }`,
        {},
        { token: tokens.councilDlo },
      );
      expect(data(r).revokeApiKey.revokedAt).toBeTruthy();
      const refused = await t.gql(RECORDS, {}, { apiKey: readKey });
      expect(code(refused)).toBe('UNAUTHENTICATED');
      expect(refused.status).toBe(401);
      const events = (await adminEvents()).filter((e) => e.details.entityType === 'ApiKey').map((e) => e.action);
      expect(events).toEqual(['api_key.create', 'api_key.create', 'api_key.revoke']);
    });

    it('refuses key listings to analysts and auditors', async () => {
      expect(code(await t.gql(`{ apiKeys { prefix } }`, {}, { token: tokens.councilAnalyst }))).toBe('FORBIDDEN');
      expect(code(await t.gql(`{ apiKeys { prefix } }`, {}, { token: tokens.auditor }))).toBe('FORBIDDEN');
    });
  });
});
