import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

/*
 * "Your account" in a real browser: change the password, set up an authenticator (the
 * codes computed here with otpauth, as a phone would), sign out, and sign in again with
 * the code; a password change an administrator required, made on the sign-in page.
 */

const NEW_PASSWORD = 'walnut harbour cobalt finch';
/** Sign-in and password changes hash with Argon2: on a busy machine an answer can take seconds. */
const PATIENT = { timeout: 30_000 };
const totpFor = (secret: string) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

describe('console: your account', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness({ records: 2_000 });
  });

  afterAll(async () => {
    await h?.close();
  });

  const signInWith = async (page: Page, username: string, password: string) => {
    if (!page.url().endsWith('/sign-in')) await page.goto('/sign-in');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT).toBe('Sign in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('changes the password, sets up an authenticator, and signs in with a code', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol');
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT).toBe('Your account');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-01-page');

    // A common password is refused, saying why; a good one is taken.
    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('Password2026!');
    await page.getByLabel('Type the new password again').fill('Password2026!');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), PATIENT).toContain('most commonly used');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-02-password-refused');
    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Type the new password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), PATIENT)
      .toContain('Your password has been changed');

    // The authenticator: QR code, the key in text, confirmed by a first code.
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = page.getByRole('img', { name: /QR code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-03-enrol');
    await page.getByLabel('Code from the app').fill(totpFor(secret).generate());
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count(), PATIENT).toBe(10);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-04-recovery-codes');
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await expect.poll(() => page.textContent('body'), PATIENT).toContain('You have 10 unused recovery codes');
    await expect
      .poll(() => page.getByRole('region', { name: 'Your sessions' }).textContent(), PATIENT)
      .toContain('This session');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-05-set-up');

    // Sign out, and in again: the password, then the code (the next time step: the first was used).
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    // Signing out reloads the page at /sign-in (no `next`): wait for that load, not the redirect before it.
    await page.waitForURL((u) => u.pathname === '/sign-in' && u.search === '', { waitUntil: 'load' });
    await signInWith(page, 'analyst@bpol', NEW_PASSWORD);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT)
      .toBe('Enter the code from your authenticator app');
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), PATIENT).toContain('not right');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-06-code-step');
    await page.getByLabel('Code', { exact: true }).fill(totpFor(secret).generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.getByRole('link', { name: 'Your account' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT).toBe('Your account');
  });

  it('gives an agency administrator the administration pages of its own agency, and its setting', async () => {
    const login = await h.hub.t.gql<{ login: { token: string } }>(
      `mutation { login(username: "admin@csp", password: "${DEMO_PASSWORD}") { token } }`,
    );
    const created = await h.hub.t.gql(
      `mutation C($p: String!) { createAccount(input: { agency: "BPOL", username: "aa@bpol", displayName: "Agency Admin", roles: [AGENCY_ADMIN], password: $p }) { account { username } } }`,
      { p: NEW_PASSWORD },
      { token: login.data!.login.token },
    );
    expect(created.errors).toBeUndefined();
    const { page } = await h.person();
    await signInWith(page, 'aa@bpol', NEW_PASSWORD);
    await page.waitForURL(/\/admin$/);
    await expect.poll(() => page.textContent('body'), PATIENT).toContain('Agency administrator');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-08-agency-admin');
    // Requiring it of the agency requires it of its administrator too: set one up first.
    await page.getByRole('button', { name: 'Require it for everyone' }).click();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.textContent('body'), PATIENT).toContain('Before you continue');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.locator('#totp-secret').waitFor();
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByLabel('Code from the app').fill(totpFor(secret).generate());
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await page.getByRole('link', { name: 'Administration' }).click();
    await expect.poll(() => page.textContent('body'), PATIENT).toContain('Required: everyone in your agency');
    await page.getByRole('button', { name: 'Stop requiring it' }).click();
    await expect.poll(() => page.textContent('body'), PATIENT).toContain('Not required');
    await page.getByRole('link', { name: 'Accounts' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT).toBe('Accounts');
    const table = page.getByRole('region', { name: 'Accounts' });
    await expect.poll(() => table.textContent(), PATIENT).toContain('analyst@bpol');
    expect(await table.textContent()).not.toMatch(/@(?!bpol)[a-z]+/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-09-agency-admin-accounts');
    // Its own agency's identity providers, and no other agency to register one for.
    await page.getByRole('link', { name: 'Back to administration' }).click();
    await page.getByRole('link', { name: 'Identity providers' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT).toBe('Identity providers');
    await page.locator('#idp-agency').waitFor();
    expect(await page.locator('#idp-agency option').allTextContents()).toEqual([
      'Choose the agency',
      expect.stringContaining('(BPOL)'),
    ]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-10-agency-admin-identity-providers');
  });

  it('asks for a new password at sign-in when an administrator requires one', async () => {
    const login = await h.hub.t.gql<{ login: { token: string } }>(
      `mutation { login(username: "admin@csp", password: "${DEMO_PASSWORD}") { token } }`,
    );
    const r = await h.hub.t.gql(
      `mutation { requirePasswordChange(username: "officer@bpol") { username } }`,
      {},
      {
        token: login.data!.login.token,
      },
    );
    expect(r.errors).toBeUndefined();
    const { page } = await h.person();
    await signInWith(page, 'officer@bpol', DEMO_PASSWORD);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT)
      .toBe('Choose a new password');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'account-07-forced-change');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Type the new password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PATIENT)
      .not.toBe('Choose a new password');
  });
});
