import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { User } from '../../src/entities/index.js';
import { LoginDocument, MeDocument } from '../generated/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

describe('login and the calling account', () => {
  let t: TestHub;
  let otherToken: string;

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const agency = await seed.agency('LGN', AgencyKind.COUNCIL);
    const user = await seed.user(agency, [Role.ANALYST], 'analyst@lgn');
    const em = t.runtime.orm.em.fork();
    await em.nativeUpdate(User, { id: user.id }, { passwordHash: await hashPassword('correct horse battery staple') });
    otherToken = (await seed.user(await seed.agency('OTH', AgencyKind.FIRE), [Role.ANALYST])).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('returns a token and the logged-in account to a caller who has no token yet', async () => {
    const r = await t.gql(LoginDocument, { username: 'analyst@lgn', password: 'correct horse battery staple' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.login.account).toEqual({ username: 'analyst@lgn', roles: ['ANALYST'], agency: { code: 'LGN' } });
    const me = await t.gql(MeDocument, {}, { token: r.data!.login.token });
    expect(me.data!.me).toMatchObject({ username: 'analyst@lgn', agency: { code: 'LGN', kind: 'COUNCIL' } });
  });

  it('reads the same for an unknown user and a wrong password, and echoes neither', async () => {
    const unknown = await t.gql(LoginDocument, { username: 'nobody@lgn', password: 'whatever-secret-1' });
    const wrong = await t.gql(LoginDocument, { username: 'analyst@lgn', password: 'whatever-secret-2' });
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
    expect(unknown.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(wrong)).not.toContain('whatever-secret-2');
  });

  it('answers `me` for a token of another agency with that agency, never a cached login', async () => {
    const me = await t.gql(MeDocument, {}, { token: otherToken });
    expect(me.data!.me.agency.code).toBe('OTH');
  });
});
