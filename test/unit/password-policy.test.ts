import { describe, expect, it } from 'vitest';
import { checkPassword, passwordProblem } from '../../src/accounts/password-policy.js';

const ctx = { username: 'j.smith@bpol', agencyCode: 'BPOL', agencyName: 'Borsetshire Police', displayName: 'Jo Smith' };

describe('the password policy (NCSC: length over complexity, a deny-list, nothing guessable)', () => {
  it('takes long passwords of any make-up, with no composition rules', () => {
    for (const ok of [
      'violet lantern quarry',
      'correct-staple-otter-banjo',
      'alllowercaseletterswithoutanything',
      'Ünïcödé wörds ärë fïnë tôô',
      '12 angry men watched 3 films',
    ])
      expect(passwordProblem(ok, ctx), ok).toBeNull();
  });

  it('refuses fewer than 12 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('elevenchars', ctx)).toMatch(/at least 12/);
    expect(passwordProblem('ééééééééééé', ctx)).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(1025), ctx)).toMatch(/at most 1024/);
  });

  it('refuses the commonest passwords, whatever their case and their digits or symbols at either end', () => {
    for (const bad of [
      'password1234',
      'PASSWORD1234',
      'Password2026!',
      '!!Password!!',
      'P@ssw0rd12345',
      'iloveyou1234',
      'Welcome2026!',
      'letmein12345',
      'Liverpool1234',
      'correct horse battery staple',
    ])
      expect(passwordProblem(bad, ctx), bad).toMatch(/most commonly used/);
  });

  it('refuses keyboard walks, runs and repetitions', () => {
    for (const bad of [
      'qwertyuiopas',
      'QWERTYUIOP12',
      '1qaz2wsx3edc',
      'abcdefghijklm',
      'aaaaaaaaaaaa',
      'abcabcabcabc',
      '123456789012',
      'zxcvbnmasdfg',
      'poiuytrewqlk',
    ])
      expect(passwordProblem(bad, ctx), bad).toMatch(/commonly used|keyboard pattern|repetition/);
  });

  it("refuses the account's own words: username, agency, name, and the hub", () => {
    for (const bad of [
      'j.smith@bpol2026',
      'Borsetshire Police 1',
      'BorsetshirePolice!!',
      'jo smith 123456',
      'communitysafety2026',
      'Partnership2026!',
    ])
      expect(passwordProblem(bad, ctx), bad).toMatch(/username, your agency or the name of the hub/);
    // The same words inside a longer passphrase are fine: it is the whole password that must not be guessable.
    expect(passwordProblem('borsetshire otter lantern quarry', ctx)).toBeNull();
  });

  it('never echoes the password in its message, and throws BAD_USER_INPUT on the field named', () => {
    const bad = 'Password2026!';
    expect(passwordProblem(bad, ctx)).not.toContain(bad);
    try {
      checkPassword(bad, ctx, 'newPassword');
      expect.unreachable();
    } catch (err) {
      expect((err as { extensions: Record<string, unknown> }).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'newPassword',
      });
    }
  });
});
