import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

describe('console: signing in and out', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows the sign-in page to a visitor, accessible, with the service name and no GOV.UK branding', async () => {
    const { page } = await h.person();
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.textContent('body')).toContain('Community Safety Data Hub');
    expect(await page.textContent('body')).not.toMatch(/GOV\.UK/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, '01-sign-in');
  });

  it('refuses a wrong password with an error summary, and signs in with the right one', async () => {
    const { page, context } = await h.person();
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('analyst@bpol');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Unknown username or wrong password');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, '02-sign-in-error');
    await h.signIn(page, 'analyst@bpol');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'hub_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The session never reaches the page's script or its storage.
    const visible = await page.evaluate(
      () => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage),
    );
    expect(visible).not.toContain(cookies.find((c) => c.name === 'hub_session')!.value);
  });
});
