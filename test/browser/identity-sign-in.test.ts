import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityProvidersService } from '../../src/identity/providers.service.js';
import { Role } from '../../src/domain/vocabulary.js';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

/*
 * The console's sign-in through an agency's own identity provider, in Chromium, against
 * a real OpenID Connect provider on loopback: the button on the sign-in page, the
 * provider's login form, back to the console signed in; and a refusal shown on the
 * sign-in page in an accessible error summary.
 */
describe('console: signing in with an organisation identity provider', () => {
  let h: ConsoleHarness;
  let idp: TestProvider;

  beforeAll(async () => {
    h = await startConsoleHarness();
    idp = await startOidcProvider({
      clients: [{ clientId: 'hub-bpol', redirectUris: [`${h.origin}/auth/oidc/callback`] }],
      people: [
        { sub: 'bpol-0001', preferred_username: 'analyst@bpol', name: 'Synthetic Analyst', groups: ['hub-analysts'] },
        { sub: 'bpol-0002', preferred_username: 'canteen@bpol', groups: ['canteen'] },
      ],
    });
    const em = h.hub.t.runtime.orm.em.fork();
    await new IdentityProvidersService().add(
      em,
      { kind: 'system', label: 'test' },
      {
        name: 'bpol-idp',
        agency: 'BPOL',
        displayName: 'Borsetshire Police account',
        issuer: idp.issuer,
        clientId: 'hub-bpol',
        roleMappings: [{ value: 'hub-analysts', roles: [Role.ANALYST] }],
        linkByUsername: true,
      },
    );
  });

  afterAll(async () => {
    await idp?.close();
    await h?.close();
  });

  it('offers the provider on the sign-in page, accessibly, and signs the person in through it', async () => {
    const { page } = await h.person();
    await page.goto('/sign-in');
    const button = page.getByRole('link', { name: 'Sign in with Borsetshire Police account' });
    await button.waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'identity-01-sign-in-options');
    await button.click();
    // The provider's own login form (its development interaction).
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('bpol-0001');
    await page.locator('input[name="password"]').fill('any-synthetic-password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.origin === h.origin && !u.pathname.startsWith('/auth/'));
    await page
      .getByRole('button', { name: 'Sign out' })
      .or(page.getByRole('link', { name: 'Sign out' }))
      .waitFor();
    expect(new URL(page.url()).pathname).not.toMatch(/sign-in/);
    const me = await page.evaluate(async () => {
      const csrf = /hub_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ query: '{ me { username } }' }),
      });
      return r.json();
    });
    expect(me).toEqual({ data: { me: { username: 'analyst@bpol' } } });
  });

  it("lists and registers agencies' identity providers on the administrators' page", async () => {
    const { page } = await h.person();
    await h.signIn(page, 'admin@csp', '/admin');
    await page.getByRole('link', { name: 'Identity providers' }).click();
    await page.waitForURL(/\/admin\/identity-providers$/);
    await page.getByRole('table').getByText('Borsetshire Police account').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // A pasted secret is refused at the field, and nothing is registered.
    await page.getByLabel('Name', { exact: true }).fill('rdc-okta');
    await page.getByLabel('Agency', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Issuer URL').fill('https://rdc.okta.example');
    await page.getByLabel('Client (application) id').fill('0oa-synthetic');
    await page.getByLabel('Where the hub reads the client secret').fill('s3cr3t-value-pasted');
    await page.getByLabel('Roles each group or app role vouches for').fill('Hub-Analysts=ANALYST');
    await page.getByRole('button', { name: 'Register the identity provider' }).click();
    await page
      .getByRole('alert')
      .getByText(/never the secret itself/)
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Where the hub reads the client secret').fill('env:HUB_OIDC_RDC_SECRET');
    await page.getByRole('button', { name: 'Register the identity provider' }).click();
    await page
      .getByRole('status')
      .getByText(/auth\/oidc\/callback/)
      .waitFor();
    await page.getByRole('table').getByText('rdc-okta').first().waitFor();
    await screenshot(page, 'identity-03-admin-providers');
  });

  it('shows a refusal from the provider sign-in in an accessible error summary', async () => {
    const { page } = await h.person();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Sign in with Borsetshire Police account' }).click();
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('bpol-0002');
    await page.locator('input[name="password"]').fill('any-synthetic-password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/sign-in\?oidc_error=NO_MAPPED_ROLE/);
    await page
      .getByRole('alert')
      .getByText(/does not give you a role in the hub/)
      .waitFor();
    // The summary takes the focus, so that a screen reader announces it at once.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className ?? ''), { timeout: 10_000 })
      .toContain('govuk-error-summary');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'identity-02-sign-in-refused');
  });
});
