import { describe, expect, it } from 'vitest';
import { checkIssuer } from '../../src/identity/providers.service.js';
import { parseSecretRef, readSecret } from '../../src/identity/secrets.js';

describe('identity providers: what an administrator may register', () => {
  it('takes a client secret only as a reference to where it is', () => {
    expect(parseSecretRef('env:HUB_OIDC_BPOL_SECRET')).toMatchObject({ kind: 'env', target: 'HUB_OIDC_BPOL_SECRET' });
    expect(parseSecretRef(' file:/run/secrets/bpol ')).toMatchObject({ kind: 'file', target: '/run/secrets/bpol' });
    for (const pasted of ['Xy8~Q2abcdefghijklmnop', 'env:lower-case', 'file:relative/path', 'env:', ''])
      expect(() => parseSecretRef(pasted)).toThrow(/never the secret itself/);
  });

  it("never points at the hub's own secrets or at a file outside the secrets folder", () => {
    for (const elsewhere of [
      'env:HUB_TOKEN_SECRET',
      'env:DATABASE_URL',
      'env:HUB_PSEUDONYM_KEY',
      'file:/etc/passwd',
      'file:/run/secrets/../../etc/shadow',
      'file:/run/secrets',
    ])
      expect(() => parseSecretRef(elsewhere), elsewhere).toThrow(/HUB_OIDC_<NAME>/);
    expect(parseSecretRef('file:/srv/hub/secrets/bpol', { HUB_OIDC_SECRETS_DIR: '/srv/hub/secrets' })).toMatchObject({
      kind: 'file',
      target: '/srv/hub/secrets/bpol',
    });
    expect(() => parseSecretRef('file:/run/secrets/bpol', { HUB_OIDC_SECRETS_DIR: '/srv/hub/secrets' })).toThrow(
      /file:\/srv\/hub\/secrets\/<name>/,
    );
  });

  it('reads the secret from the environment, naming the reference (never a value) when it is missing', async () => {
    expect(await readSecret('env:HUB_OIDC_X_SECRET', { HUB_OIDC_X_SECRET: ' value \n' })).toBe('value');
    await expect(readSecret('env:HUB_OIDC_X_SECRET', {})).rejects.toThrow(
      'the client secret env:HUB_OIDC_X_SECRET is not set or cannot be read',
    );
    // A stored reference the rules no longer allow is not read (the sign-in says the provider is unavailable).
    await expect(readSecret('env:HUB_TOKEN_SECRET', { HUB_TOKEN_SECRET: 'x' })).rejects.toThrow(
      'the client secret env:HUB_TOKEN_SECRET is not a reference the hub reads',
    );
    await expect(readSecret('file:/run/secrets/nonexistent-hub-secret', {})).rejects.toThrow(
      /file:\/run\/secrets\/nonexistent-hub-secret/,
    );
  });

  it("wants an https issuer of the partner's own tenant", () => {
    expect(checkIssuer('https://login.microsoftonline.com/0000-tenant/v2.0/')).toBe(
      'https://login.microsoftonline.com/0000-tenant/v2.0',
    );
    expect(checkIssuer('http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(() => checkIssuer('http://idp.example.org')).toThrow('https://');
    expect(() => checkIssuer('https://login.microsoftonline.com/common/v2.0')).toThrow(/tenant's own issuer/);
    expect(() => checkIssuer('https://login.microsoftonline.com/organizations/v2.0')).toThrow(/tenant's own issuer/);
    expect(() => checkIssuer('https://idp.example.org/?x=1')).toThrow(/query/);
    expect(() => checkIssuer('not a url')).toThrow(/must be a URL/);
  });
});
