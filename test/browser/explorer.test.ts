import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

describe('console: the GraphQL explorer for partner developers', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness({ records: 2_000 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends a browser that opens /graphql to the explorer, and a signed-out one to sign in first', async () => {
    const { page } = await h.person();
    await page.goto('/graphql');
    await page.waitForURL(/\/sign-in\?next=%2Fexplorer/);
  });

  it('runs a query on the console session, offline, with the purpose declared in the document', async () => {
    const { page } = await h.person();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(h.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        external.push(r.url());
    });
    await h.signIn(page, 'analyst@bpol', '/explorer');
    await page.getByRole('heading', { name: 'GraphQL explorer' }).waitFor();
    await page.locator('.graphiql-container').waitFor();
    await page.getByRole('button', { name: /Execute query/i }).click();
    await expect
      .poll(async () => (await page.locator('.graphiql-response').textContent()) ?? '', { timeout: 30_000 })
      .toContain('myAccess');
    expect(external).toEqual([]);
    await screenshot(page, '70-explorer');
    // The hub's own part of the page passes. GraphiQL's editor itself (a third-party component
    // for developers) has known contrast and nested-control findings: listed, not hidden, and
    // reported in the project's notes; the console's pages for everyone else have none.
    expect(await accessibilityProblems(page, { exclude: ['.graphiql-container'] })).toEqual([]);
    const inGraphiQL = await accessibilityProblems(page);
    expect(
      inGraphiQL.every((p) => /color-contrast|nested-interactive/.test(p)),
      inGraphiQL.join('\n'),
    ).toBe(true);
  });
});
