import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/domain/vocabulary.js';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

/*
 * The analyst's journeys through the console, in Debian's Chromium against a real hub
 * with the demo partnership: every page scanned by axe-core and saved as a screenshot.
 */

const tokens: Record<string, string> = {};

async function checkPage(page: Page, name: string) {
  await page.locator('main').waitFor();
  expect(await accessibilityProblems(page), `accessibility of ${name}`).toEqual([]);
  await screenshot(page, name);
}

/** Waits for the page's answer: its results table. */
async function answer(page: Page) {
  await page.locator('main table').first().waitFor({ state: 'visible', timeout: 30_000 });
}

describe('console: an analyst explores, analyses, saves and shares', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness();
    tokens.bpol = await h.hub.token('analyst@bpol', 'BPOL', [Role.ANALYST]);
    tokens.rdc = await h.hub.token('analyst@rdc', 'RDC', [Role.ANALYST]);
    // The demo defines no indicators: the partnership administrator's first job.
    const admin = await h.hub.token('admin@csp', 'CSP', [Role.ADMIN]);
    for (const op of [
      'mutation { defineIndicator(input: { key: "violence-with-injury", name: "Violence with injury", kinds: [POLICE_CRIME], subcategories: ["VIOLENCE_WITH_INJURY"], better: "LOWER" }) { key } }',
      'mutation { setIndicatorTarget(key: "violence-with-injury", quarter: "2025-07-01", target: 950) { target } }',
    ]) {
      expect((await h.hub.t.gql(op, {}, { token: admin })).errors).toBeUndefined();
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lands on Explore after sign-in, with the purpose shown, a table, a chart and the sources behind the answer', async () => {
    const { page } = await h.person();
    await page.goto('/');
    await h.signIn(page, 'analyst@bpol');
    // An analyst's home page is Explore.
    await page.waitForURL((url) => url.pathname === '/explore');
    // Nothing is read until a purpose is declared: the hub never assumes one.
    expect(await page.locator('main table').count()).toBe(0);
    await checkPage(page, '09-explore-no-purpose');
    await page.getByLabel('Purpose').selectOption('STRATEGIC_ASSESSMENT');
    await answer(page);
    // The chart (drawn by Vega under the page's CSP, without eval) has a text label; the table is its text alternative.
    await page.locator('main figure svg').first().waitFor({ state: 'attached' });
    expect(await page.locator('main figure [role="img"]').first().getAttribute('aria-label')).toMatch(/^Chart/);
    expect(await page.getByRole('heading', { name: 'Sources and agreements' }).count()).toBe(1);
    await checkPage(page, '10-explore');
  });

  it('breaks counts down by ward, maps them, and exports the table as CSV named with the purpose', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/explore?purpose=STRATEGIC_ASSESSMENT');
    await answer(page);
    await page.getByLabel('Break down by').selectOption('WARD');
    await page.getByRole('button', { name: 'Show results' }).click();
    await expect
      .poll(() => page.locator('main table caption').first().textContent(), { timeout: 30_000 })
      .toMatch(/ward/i);
    // The demo's wards drawn on a map (test/browser/maps.test.ts checks the maps in detail).
    await page.locator('main svg.hub-map__svg path[data-area]').first().waitFor({ state: 'attached' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download table as CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/strategic-assessment/);
    const csv = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^ward,/);
    // The URL holds the choice: reloading shows the same view.
    await page.reload();
    await expect
      .poll(() => page.locator('main table caption').first().textContent(), { timeout: 30_000 })
      .toMatch(/ward/i);
    await page.locator('main svg.hub-map__svg').waitFor({ state: 'visible' });
    await checkPage(page, '11-explore-by-ward');
  });

  it('marks suppressed counts visibly, with the reason, never as zero', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/explore?purpose=STRATEGIC_ASSESSMENT&kinds=AE_ASSAULT&groupBy=LSOA');
    await answer(page);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('Suppressed');
    expect(main).toMatch(/fewer than the agreement’s minimum of 10/);
    expect(main).toMatch(/withheld so that it cannot be worked out from the totals/);
    await checkPage(page, '12-explore-suppressed');
  });

  for (const [path, name] of [
    ['/analyses', 'analyses'],
    ['/analyses/trend', 'trend'],
    ['/analyses/peak-times', 'peak-times'],
    ['/analyses/hotspots', 'hotspots'],
    ['/analyses/repeat-locations', 'repeat-locations'],
    ['/analyses/repeat-victims', 'repeat-victims'],
    ['/analyses/cross-agency', 'cross-agency'],
    ['/analyses/indicators', 'indicators'],
  ] as const) {
    it(`shows the ${name} page with its answer`, async () => {
      const { page } = await h.person();
      await h.signIn(page, 'analyst@bpol', `${path}?purpose=STRATEGIC_ASSESSMENT`);
      if (path === '/analyses') await page.getByRole('link', { name: /Trend/ }).first().waitFor();
      else await answer(page);
      expect(await page.locator('main').textContent()).not.toMatch(/\{"|errors|undefined|NaN/);
      await checkPage(page, `20-${name}`);
    });
  }

  it('shows record-level data as granted, each withheld field marked with the grant it needs', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@rdc', '/records?purpose=STRATEGIC_ASSESSMENT');
    await answer(page);
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.textContent('main')).toContain('Withheld');
    await checkPage(page, '30-records');
  });

  it('explains what I may see and why', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@rdc', '/my-access?purpose=STRATEGIC_ASSESSMENT');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(async () => (await page.textContent('main'))!).toMatch(/ISA-DEMO-/);
    await checkPage(page, '31-my-access');
  });

  it('re-runs what is on screen when the purpose changes, and sends the new purpose', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/peak-times?purpose=STRATEGIC_ASSESSMENT');
    await answer(page);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST')
        sent.push(String((r.postDataJSON() as { variables?: { purpose?: string } }).variables?.purpose));
    });
    await page.getByLabel('Purpose').selectOption('TACTICAL_TASKING');
    await expect.poll(() => sent).toContain('TACTICAL_TASKING');
    expect(new URL(page.url()).searchParams.get('purpose')).toBe('TACTICAL_TASKING');
    await answer(page);
  });

  it("shares a saved query from analyst@bpol that analyst@rdc opens under rdc's own agreements", async () => {
    const bpol = (await h.person()).page;
    await h.signIn(bpol, 'analyst@bpol', '/explore?purpose=STRATEGIC_ASSESSMENT&groupBy=DATASET');
    await answer(bpol);
    await bpol.getByText('Save this query').click();
    await bpol.getByLabel('Name').fill('Counts by dataset, for the partnership');
    await bpol.getByLabel('The whole partnership').check();
    await bpol.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(async () => (await bpol.textContent('main'))!).toMatch(/saved/i);
    await checkPage(bpol, '40-saved-confirmation');

    const rdc = (await h.person()).page;
    await h.signIn(rdc, 'analyst@rdc', '/saved?purpose=STRATEGIC_ASSESSMENT');
    await rdc.getByRole('link', { name: 'Counts by dataset, for the partnership' }).click();
    await answer(rdc);
    await checkPage(rdc, '41-saved-opened-by-another-agency');
    // What rdc sees is rdc's answer, not bpol's.
    const direct = async (token: string) =>
      (
        (
          await h.hub.t.gql(
            `query @purpose(name: STRATEGIC_ASSESSMENT) { aggregate(groupBy: [DATASET]) { cells { keys } } }`,
            {},
            { token },
          )
        ).data as any
      ).aggregate.cells.map((c: { keys: string[] }) => c.keys[0]) as string[];
    const rdcDatasets = await direct(tokens.rdc);
    const bpolDatasets = await direct(tokens.bpol);
    const onlyBpol = bpolDatasets.filter((d) => !rdcDatasets.includes(d));
    const shown = (await rdc.locator('main table').first().textContent())!;
    for (const d of rdcDatasets) expect(shown).toContain(d);
    for (const d of onlyBpol) expect(shown).not.toContain(d);
    await rdc.goto('/saved?purpose=STRATEGIC_ASSESSMENT');
    await rdc.getByRole('heading', { level: 1 }).waitFor();
    await checkPage(rdc, '42-saved-queries');
  });

  it("cannot be made to widen access: another agency's private query, a made-up purpose, a purpose chosen in the URL", async () => {
    const saved = await h.hub.t.gql(
      `mutation { saveQuery(input: { name: "Private to bpol", view: PEAK_TIMES, parameters: {} }) { id } }`,
      {},
      { token: tokens.bpol },
    );
    const id = (saved.data as any).saveQuery.id as string;
    const { page } = await h.person();
    await h.signIn(page, 'analyst@rdc', `/saved/${id}?purpose=STRATEGIC_ASSESSMENT`);
    await expect.poll(async () => (await page.textContent('main'))!).toMatch(/not found/i);
    expect(await page.textContent('main')).not.toContain('Private to bpol');
    await checkPage(page, '43-saved-not-found');

    await page.goto('/analyses/peak-times?purpose=SEE_EVERYTHING');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect([
      'STRATEGIC_ASSESSMENT',
      'PARTNERSHIP_PLAN',
      'PERFORMANCE_MONITORING',
      'TACTICAL_TASKING',
      'PROBLEM_SOLVING',
      '',
    ]).toContain(await page.getByLabel('Purpose').inputValue());

    // A purpose typed into the URL is just a declared purpose: the API answers rdc for it, no more.
    await page.goto('/explore?purpose=PROBLEM_SOLVING&groupBy=DATASET');
    await answer(page);
    const api = (
      (
        await h.hub.t.gql(
          `query @purpose(name: PROBLEM_SOLVING) { aggregate(groupBy: [DATASET]) { total { value } } }`,
          {},
          { token: tokens.rdc },
        )
      ).data as any
    ).aggregate.total.value as number;
    expect((await page.textContent('main'))!.replace(/,/g, '')).toContain(String(api));
  });

  it('returns to sign-in when the session has ended, and then to the page the analyst was on', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/trend?purpose=STRATEGIC_ASSESSMENT');
    await answer(page);
    await h.hub.sql(`update console_session set last_seen_at = now() - interval '2 hours'`);
    await page.getByLabel('Purpose').selectOption('PERFORMANCE_MONITORING');
    await page.waitForURL(/\/sign-in\?next=/);
    await checkPage(page, '50-session-ended');
    await page.getByLabel('Username').fill('analyst@bpol');
    await page.getByLabel('Password').fill('demo-partnership-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/analyses\/trend/);
    await answer(page);
  });

  it('says the hub is unavailable while its database is down, and recovers by itself', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/peak-times?purpose=STRATEGIC_ASSESSMENT');
    await answer(page);
    const database = new URL(h.hub.t.db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: h.hub.t.db.url.replace(`/${database}`, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`alter database "${database}" allow_connections false`);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [database],
      );
      await page.getByLabel('Purpose').selectOption('PROBLEM_SOLVING');
      await expect
        .poll(async () => (await page.textContent('body'))!, { timeout: 30_000 })
        .toMatch(/The hub is unavailable, retrying/);
      await screenshot(page, '51-hub-unavailable');
    } finally {
      await admin.query(`alter database "${database}" allow_connections true`);
      await admin.end();
    }
    await expect
      .poll(async () => (await page.textContent('body'))!, { timeout: 60_000 })
      .not.toMatch(/The hub is unavailable/);
    await answer(page);
  });

  it('generates the strategic assessment in the browser, to read and to download', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/report?purpose=STRATEGIC_ASSESSMENT');
    await page.getByRole('button', { name: /Generate/ }).click();
    const frame = page.frameLocator('main iframe');
    await frame.locator('h1').first().waitFor({ timeout: 60_000 });
    await checkPage(page, '60-report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download.*HTML/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^strategic-assessment-.*\.html$/);
    const [word] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a Word document' }).click(),
    ]);
    expect(word.suggestedFilename()).toMatch(/^strategic-assessment-.*\.docx$/);
    // A Word document is a zip: it starts with the zip signature.
    const bytes = await (await import('node:fs/promises')).readFile((await word.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('generates the serious violence needs assessment, with the people affected, and downloads it for Word', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/report?purpose=STRATEGIC_ASSESSMENT');
    await page.getByLabel('Serious violence strategic needs assessment').check();
    await page.getByRole('button', { name: /Generate/ }).click();
    await page.waitForURL(/kind=sna/);
    const frame = page.frameLocator('main iframe');
    await frame.locator('h1', { hasText: 'Serious Violence Strategic Needs Assessment' }).waitFor({ timeout: 60_000 });
    await frame.locator('#sv-who table').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Key findings' }).isVisible()).toBe(true);
    await checkPage(page, '61-report-sna');
    const [word] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a Word document' }).click(),
    ]);
    expect(word.suggestedFilename()).toMatch(/^serious-violence-needs-assessment-.*\.docx$/);
  });

  it('signs out, and the back button shows no data', async () => {
    const { page } = await h.person();
    await h.signIn(page, 'analyst@bpol', '/analyses/trend?purpose=STRATEGIC_ASSESSMENT');
    await answer(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Signing out loads a fresh sign-in page (window.location.replace), after the console's
    // own redirect to /sign-in?next=...: wait for the fresh page, not the redirect before it.
    await page.waitForURL((u) => u.pathname === '/sign-in' && u.search === '');
    await page.goto('/analyses/trend?purpose=STRATEGIC_ASSESSMENT');
    await page.waitForURL(/\/sign-in\?next=/);
    expect(await page.locator('main table').count()).toBe(0);
  });
});
