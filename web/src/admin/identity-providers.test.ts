import { describe, expect, it } from 'vitest';
import { providerErrorMessage } from '../session/ProviderSignIn';
import { parseMappings } from './IdentityProvidersPage';

describe('the console: identity providers', () => {
  it('reads role mappings one per line, and reports the lines it cannot', () => {
    expect(parseMappings('Hub.Analyst=ANALYST\n\n  a=b=liaison_officer, analyst \nnope\nx=WIZARD')).toEqual({
      mappings: [
        { value: 'Hub.Analyst', roles: ['ANALYST'] },
        { value: 'a=b', roles: ['LIAISON_OFFICER', 'ANALYST'] },
      ],
      bad: ['nope', 'x=WIZARD'],
    });
  });

  it("explains a provider sign-in's failure by its code, never echoing the address", () => {
    expect(providerErrorMessage(null)).toBeNull();
    expect(providerErrorMessage('GROUP_OVERAGE')).toMatch(/app roles or group filtering/);
    expect(providerErrorMessage('<script>alert(1)</script>')).toBe(
      'The sign-in through your organisation did not complete. Start again.',
    );
  });
});
