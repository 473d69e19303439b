import { describe, expect, it } from 'vitest';
import { assignableRoles, canManageAccount, LIAISON_ASSIGNABLE_ROLES } from './accounts';

const ALL = ['ADMIN', 'LIAISON_OFFICER', 'ANALYST', 'OFFICER', 'PROVIDER', 'AUDITOR'];

describe('assignableRoles', () => {
  it('offers every role to administrators', () => {
    expect(assignableRoles(['ADMIN'], ALL)).toEqual(ALL);
  });
  it('offers a liaison officer only the working roles', () => {
    expect(assignableRoles(['LIAISON_OFFICER'], ALL)).toEqual(['ANALYST', 'OFFICER', 'PROVIDER']);
    expect(LIAISON_ASSIGNABLE_ROLES).toEqual(['ANALYST', 'OFFICER', 'PROVIDER']);
  });
});

describe('canManageAccount', () => {
  const liaison = { roles: ['LIAISON_OFFICER', 'ANALYST'], agencyCode: 'BPOL' };
  it('lets administrators manage any account', () => {
    expect(
      canManageAccount({ roles: ['ADMIN'], agencyCode: 'HUB' }, { roles: ['LIAISON_OFFICER'], agencyCode: 'BPOL' }),
    ).toBe(true);
  });
  it('lets a liaison officer manage working accounts of their own agency', () => {
    expect(canManageAccount(liaison, { roles: ['ANALYST', 'PROVIDER'], agencyCode: 'BPOL' })).toBe(true);
    expect(canManageAccount(liaison, { roles: [], agencyCode: 'BPOL' })).toBe(true);
  });
  it('refuses oversight accounts, their own, and other agencies', () => {
    expect(canManageAccount(liaison, { roles: ['LIAISON_OFFICER'], agencyCode: 'BPOL' })).toBe(false);
    expect(canManageAccount(liaison, { roles: ['ADMIN'], agencyCode: 'BPOL' })).toBe(false);
    expect(canManageAccount(liaison, { roles: ['AUDITOR', 'ANALYST'], agencyCode: 'BPOL' })).toBe(false);
    expect(canManageAccount(liaison, liaison)).toBe(false);
    expect(canManageAccount(liaison, { roles: ['ANALYST'], agencyCode: 'BCC' })).toBe(false);
  });
  it("lets an agency administrator manage its own agency's accounts, except ADMIN and AUDITOR", () => {
    const aa = { roles: ['AGENCY_ADMIN'], agencyCode: 'BPOL' };
    expect(canManageAccount(aa, { roles: ['LIAISON_OFFICER'], agencyCode: 'BPOL' })).toBe(true);
    expect(canManageAccount(aa, { roles: ['AGENCY_ADMIN', 'ANALYST'], agencyCode: 'BPOL' })).toBe(true);
    expect(canManageAccount(aa, { roles: ['AUDITOR'], agencyCode: 'BPOL' })).toBe(false);
    expect(canManageAccount(aa, { roles: ['ADMIN'], agencyCode: 'BPOL' })).toBe(false);
    expect(canManageAccount(aa, { roles: ['ANALYST'], agencyCode: 'BCC' })).toBe(false);
    expect(assignableRoles(['AGENCY_ADMIN'], [...ALL, 'AGENCY_ADMIN'])).toEqual([
      'LIAISON_OFFICER',
      'ANALYST',
      'OFFICER',
      'PROVIDER',
      'AGENCY_ADMIN',
    ]);
  });
  it('refuses people who are neither', () => {
    expect(
      canManageAccount({ roles: ['ANALYST'], agencyCode: 'BPOL' }, { roles: ['ANALYST'], agencyCode: 'BPOL' }),
    ).toBe(false);
  });
});
