import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, screenshot, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

/*
 * The governance journeys through the console: liaison officers, administrators, data
 * providers and auditors, in Debian's Chromium against a real hub with the demo
 * partnership; every page scanned by axe-core and saved as a screenshot.
 */

async function checkPage(page: Page, name: string) {
  await page.locator('main').waitFor();
  expect(await accessibilityProblems(page), `accessibility of ${name}`).toEqual([]);
  await screenshot(page, name);
}

describe('console: governing the sharing', () => {
  let h: ConsoleHarness;
  let reference: string;

  const as = async (username: string, next?: string) => {
    const { page } = await h.person();
    page.on('dialog', (d) => void d.accept());
    await h.signIn(page, username, next);
    return page;
  };

  /** What analyst@bpol's Explore shows for the ambulance data, as a number or the reason there is none. */
  const ambulanceOnExplore = async (page: Page) => {
    await page.goto('/explore?purpose=STRATEGIC_ASSESSMENT&datasets=samb-callouts&groupBy=DATASET');
    // The dataset list already says "not shared" before the answer arrives: wait for the answer
    // itself, and for the list's notes on what is shared (a query of their own, which can land later).
    await expect
      .poll(async () => (await page.locator('main').textContent())!, { timeout: 30_000 })
      .toMatch(/^(?![\s\S]*Counting…)(?=[\s\S]*Your agency’s own data)[\s\S]*(Total|There is a problem|No data)/);
    return (await page.locator('main').textContent())!;
  };

  beforeAll(async () => {
    h = await startConsoleHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('takes an agreement through its life: drafted, approved with a DPIA, accepted, used, suspended', async () => {
    const analyst = await as('analyst@bpol', '/explore?purpose=STRATEGIC_ASSESSMENT');
    const before = await ambulanceOnExplore(analyst);

    // An administrator drafts it; a review date before the start is refused at its field.
    const admin = await as('admin@csp', '/agreements/new');
    await admin.getByLabel('Title').fill('Ambulance call-outs to police, 2026-27');
    await admin.getByLabel('Provider').selectOption('SAMB');
    await admin
      .getByRole('group', { name: 'Datasets shared' })
      .getByLabel(/samb-callouts/)
      .check();
    await admin
      .getByRole('group', { name: 'Recipients' })
      .getByLabel(/\(BPOL\)/)
      .check();
    await admin.getByRole('group', { name: 'Purposes' }).getByLabel('Strategic assessment').check();
    await admin.getByLabel('Time: access').selectOption('RECORD');
    await admin.getByLabel('Time: finest grain').selectOption('HOUR');
    await admin.getByLabel('Location: access').selectOption('RECORD');
    await admin.getByLabel('Location: finest grain').selectOption('LSOA');
    await admin.getByLabel('Valid from').fill('2026-01-01');
    await admin.getByLabel('Valid to').fill('2027-11-30');
    await admin.getByLabel('Review date').fill('2025-11-01');
    await admin.getByRole('button', { name: 'Save the draft' }).click();
    await admin.locator('.govuk-error-summary').waitFor();
    await checkPage(admin, '80-agreement-draft-error');
    await admin.getByLabel('Review date').fill('2027-06-01');
    await admin.getByRole('button', { name: 'Save the draft' }).click();
    await admin.waitForURL(/\/agreements\/ISA/);
    reference = decodeURIComponent(admin.url().split('/agreements/')[1]);
    await admin.getByRole('heading', { level: 1 }).waitFor();
    await checkPage(admin, '81-agreement-drafted');

    // The provider's liaison officer finds it in the inbox, approves exactly the terms read, and records the DPIA.
    const samb = await as('dlo@samb', '/agreements');
    await samb.getByRole('heading', { name: /Drafts awaiting your approval/ }).waitFor();
    expect(await samb.locator('main').textContent()).toContain(reference);
    await checkPage(samb, '82-inbox-provider');
    await samb.goto(`/agreements/${reference}`);
    await samb.getByLabel('I have read these terms').check();
    await samb.getByRole('button', { name: 'Approve these terms' }).click();
    await samb.getByText(/^Approved\./).waitFor();
    await samb.getByRole('tab', { name: 'DPIA' }).click();
    await samb.getByLabel('Document').fill('SAMB-IG-DPIA-2026-07');
    await samb.getByLabel('No high risk').check();
    await samb.getByLabel('Signed off by').fill('Data Protection Officer, Shire Ambulance');
    await samb
      .getByLabel('Data flows')
      .fill('Monthly call-out extract to the hub; police read records at LSOA and hour.');
    await samb.getByRole('button', { name: 'Record the DPIA' }).click();
    await samb.getByText(/DPIA recorded/).waitFor();
    await checkPage(samb, '83-agreement-dpia');

    // Until the recipient accepts, nothing is shared.
    expect(await ambulanceOnExplore(analyst)).toBe(before);

    const bpol = await as('dlo@bpol', '/agreements');
    await bpol.getByRole('heading', { name: /Approved, awaiting your acceptance/ }).waitFor();
    await checkPage(bpol, '84-inbox-recipient');
    await bpol.goto(`/agreements/${reference}`);
    await bpol.getByLabel('I have read these terms').check();
    await bpol.getByRole('button', { name: 'Accept these terms' }).click();
    await bpol.getByText(/^Accepted\./).waitFor();
    await bpol.getByRole('tab', { name: 'History' }).click();
    await expect.poll(async () => (await bpol.locator('main').textContent())!).toMatch(/approve/i);
    await checkPage(bpol, '85-agreement-history');

    // The recipient analyst's Explore now counts the ambulance data...
    const active = await ambulanceOnExplore(analyst);
    expect(active).not.toBe(before);
    expect(active).toContain('samb-callouts');
    expect(active).toContain(reference);
    await screenshot(analyst, '86-explore-under-new-agreement');

    // ... and no longer once the agreement is suspended.
    await bpol.goto(`/agreements/${reference}`);
    await bpol.getByLabel('Reason').fill('Checking a data quality concern');
    await bpol.getByRole('button', { name: 'Suspend the agreement' }).click();
    await bpol.getByText(/^Suspended:/).waitFor();
    await checkPage(bpol, '87-agreement-suspended');
    const suspended = await ambulanceOnExplore(analyst);
    expect(suspended).not.toContain(reference);
  });

  it('uploads a file with a bad row and one with a planted identifier column, explaining each refusal without the value', async () => {
    const p = await as('provider@bpol', '/provider/upload');
    const dir = tmpdir();
    const bad = path.join(dir, 'crimes-with-a-bad-row.csv');
    await writeFile(
      bad,
      'source_ref,category,occurred_at,lsoa_code\r\nT-1,BURGLARY,2026-11-02 10:00,E01099001\r\nT-2,NOT_A_REAL_CATEGORY_ZQ,2026-11-03 10:00,E01099002\r\n',
    );
    await p.getByLabel('Dataset').selectOption('bpol-crime');
    await p.getByLabel('File', { exact: true }).setInputFiles(bad);
    await p.getByLabel('Dry run: check the file, keep nothing').uncheck();
    await p.getByRole('button', { name: 'Upload and store' }).click();
    await p.getByRole('heading', { name: /report:/ }).waitFor({ timeout: 30_000 });
    const report = (await p.locator('main').textContent())!;
    expect(report).toMatch(/Rejected rows/);
    expect(report).toMatch(/category/);
    await checkPage(p, '90-upload-bad-row');

    const planted = path.join(dir, 'crimes-with-names.csv');
    await writeFile(
      planted,
      'source_ref,category,occurred_at,lsoa_code,victim_name\r\nT-9,BURGLARY,2026-11-02 10:00,E01099001,Zorana Quillfeather\r\n',
    );
    await p.goto('/provider/upload');
    await p.getByLabel('Dataset').selectOption('bpol-crime');
    await p.getByLabel('File', { exact: true }).setInputFiles(planted);
    await p.getByRole('button', { name: /Upload and store|Check the file/ }).click();
    await p
      .locator('main')
      .getByText(/victim_name/)
      .first()
      .waitFor({ timeout: 30_000 });
    const html = await p.content();
    expect(html).toContain('victim_name');
    expect(html).not.toContain('Zorana');
    await checkPage(p, '91-upload-planted-identifier');
    // Nor anywhere in the hub.
    const stored = await h.hub.sql<{ n: string }>(
      `select count(*) as n from audit_event where details::text like '%Zorana%' or details::text like '%NOT_A_REAL%'`,
    );
    expect(Number(stored[0].n)).toBe(0);

    for (const [url, name] of [
      ['/provider/batches', '92-provider-batches'],
      ['/provider/templates', '93-provider-templates'],
      ['/provider/quality', '94-provider-quality'],
      ['/submissions', '95-submissions'],
    ] as const) {
      await p.goto(url);
      await p.getByRole('heading', { level: 1 }).waitFor();
      await p.waitForLoadState('networkidle');
      await checkPage(p, name);
    }
  });

  it("shows a liaison officer who used their agency's data after an analyst's queries, down to the events", async () => {
    const analyst = await as('analyst@rdc', '/explore?purpose=STRATEGIC_ASSESSMENT&kinds=POLICE_CRIME&groupBy=WARD');
    await analyst.locator('main table').first().waitFor({ timeout: 30_000 });
    const dlo = await as('dlo@bpol', '/usage');
    await dlo.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(async () => (await dlo.locator('main').textContent())!, { timeout: 30_000 }).toMatch(/RDC/);
    expect(await dlo.locator('main').textContent()).toMatch(/Strategic assessment|STRATEGIC_ASSESSMENT/);
    await checkPage(dlo, '96-who-used-our-data');
    await dlo
      .getByRole('link', { name: /View events/ })
      .first()
      .click();
    await dlo
      .getByRole('heading', { name: /Events/ })
      .first()
      .waitFor();
    await checkPage(dlo, '97-usage-events');
  });

  it('lets an administrator work through agencies, datasets, accounts, keys and indicators; an API key is shown once', async () => {
    const admin = await as('admin@csp', '/admin');
    await admin.getByRole('heading', { level: 1 }).waitFor();
    await checkPage(admin, '100-admin');
    for (const link of [
      'Agencies',
      'Datasets',
      'Accounts',
      'API keys',
      'Indicators and targets',
      'Serious violence definition',
    ]) {
      await admin.goto('/admin');
      await admin.getByRole('link', { name: link, exact: true }).first().click();
      await admin.getByRole('heading', { level: 1 }).waitFor();
      await admin.waitForLoadState('networkidle');
      await checkPage(admin, `101-admin-${link.toLowerCase().replace(/\W+/g, '-')}`);
    }
    // The serious violence definition: sexual offences (rape only) added to the hub's default.
    await admin.goto('/admin/serious-violence');
    await admin.getByRole('group', { name: 'Police recorded crime' }).getByLabel('Sexual offences').check();
    await admin.getByRole('group', { name: 'Only these sub-categories of Sexual offences' }).getByLabel('Rape').check();
    await admin.getByRole('button', { name: 'Save the definition' }).click();
    await admin.getByText('8 categories count as serious violence').waitFor();
    await admin.getByRole('listitem').filter({ hasText: 'Police recorded crime: Sexual offences (Rape)' }).waitFor();
    expect(await admin.locator('main').textContent()).toContain('Set byadmin@csp');
    await checkPage(admin, '103-admin-serious-violence-saved');
    await admin.goto('/admin/api-keys');
    await admin.getByLabel('Agency code').fill('RDC');
    await admin.getByLabel('Name', { exact: true }).fill('Power BI refresh');
    await admin.getByLabel('Read', { exact: true }).check();
    await admin.getByRole('button', { name: 'Create the key' }).click();
    await admin.getByText('Your new API key').waitFor();
    expect(await admin.locator('main').textContent()).toMatch(/will not be shown again/);
    await screenshot(admin, '102-admin-key-shown-once');
    await admin.reload();
    await admin.getByRole('heading', { level: 1 }).waitFor();
    expect(await admin.locator('main').textContent()).not.toContain('Your new API key');
  });

  it('lets an auditor filter the trail, read an event, export it and verify the chain', async () => {
    const auditor = await as('auditor@csp', '/audit');
    await auditor.getByRole('heading', { level: 1 }).waitFor();
    await auditor.locator('main table').first().waitFor({ timeout: 30_000 });
    await checkPage(auditor, '110-audit-trail');
    await auditor.getByRole('button', { name: 'Show detail' }).first().click();
    await screenshot(auditor, '111-audit-event');
    const [download] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('button', { name: /Download as CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await auditor.getByRole('button', { name: 'Verify the chain' }).click();
    await auditor.getByText(/The chain is intact/).waitFor({ timeout: 60_000 });
    await checkPage(auditor, '112-audit-verified');
  });
});
