import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../src/domain/uk-time.js';
import { addMonths } from '../../src/demo/partnership.js';
import { AgencyKind, AgreementStatus, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { Agency, Dataset } from '../../src/entities/index.js';
import { runHub } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * `npx hub agencies|accounts|keys|agreements ...` against a real database: the same
 * services as the API, so these tests check the wiring, the output and the --as rules.
 */

describe('the hub command: administration and agreements', () => {
  let db: TestDatabase;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const today = londonDate();

  const hub = runHub;

  async function adminActions(): Promise<{ action: string; principal_label: string }[]> {
    return db.orm.em
      .fork()
      .getConnection()
      .execute(`select action, principal_label from audit_event where kind = 'ADMIN' order by seq`);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'hub-cli-'));
    const env = {
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    const seed = new Seed(db.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const council = await seed.agency('CNL', AgencyKind.COUNCIL);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    await seed.user(police, [Role.LIAISON_OFFICER], 'dlo@pol');
    await seed.user(council, [Role.LIAISON_OFFICER], 'dlo@cnl');
    await seed.user(council, [Role.ANALYST], 'analyst@cnl');
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await db?.drop();
  });

  it('creates an agency and an account with a password printed once, as the console administrator', async () => {
    const agency = await hub('agencies', 'create', 'sfrs', '--name', 'Shire Fire', '--kind', 'fire');
    expect(agency.code, agency.err).toBe(0);
    expect(agency.out).toContain('SFRS');
    const account = await hub(
      'accounts',
      'create',
      'analyst@sfrs',
      '--agency',
      'SFRS',
      '--name',
      'Fire Analyst',
      '--roles',
      'analyst',
      '--json',
    );
    expect(account.code, account.err).toBe(0);
    const created = JSON.parse(account.out);
    expect(created.account).toMatchObject({ username: 'analyst@sfrs', agency: 'SFRS', roles: ['ANALYST'] });
    expect(created.generatedPassword).toHaveLength(24);
    const actions = await adminActions();
    expect(actions.map((a) => a.action)).toEqual(['agency.create', 'account.create']);
    expect(actions[0].principal_label).toMatch(/^cli:/);
  });

  it('acts with the rights of the account named by --as', async () => {
    const r = await hub(
      'accounts',
      'create',
      'x@pol',
      '--agency',
      'POL',
      '--name',
      'X',
      '--roles',
      'ANALYST',
      '--as',
      'analyst@cnl',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('FORBIDDEN');
    const other = await hub(
      'accounts',
      'create',
      'y@pol',
      '--agency',
      'POL',
      '--name',
      'Y',
      '--roles',
      'ANALYST',
      '--as',
      'dlo@cnl',
    );
    expect(other.err).toContain('own agency only');
  });

  it('issues a key printed once, lists it without the secret, and revokes it', async () => {
    const issued = await hub(
      'keys',
      'create',
      '--agency',
      'POL',
      '--name',
      'RMS export',
      '--scopes',
      'IMPORT',
      '--json',
    );
    expect(issued.code, issued.err).toBe(0);
    const { key, apiKey } = JSON.parse(issued.out);
    const list = await hub('keys', 'list', '--agency', 'POL');
    expect(list.out).toContain(apiKey.prefix);
    expect(list.out).not.toContain(key);
    expect((await hub('keys', 'revoke', apiKey.prefix)).out).toContain('REVOKED');
  });

  it('takes an agreement from a JSON draft to ACTIVE, with the liaison officers signing by --as', async () => {
    const file = path.join(dir, 'isa.json');
    await writeFile(
      file,
      JSON.stringify({
        reference: 'ISA-CLI-001',
        title: 'Police crime to the council',
        provider: 'POL',
        datasets: ['pol-crime'],
        recipients: ['CNL'],
        purposes: ['STRATEGIC_ASSESSMENT'],
        legalBasis: 'S17A_DUTY',
        grants: [
          { field: 'CATEGORY', access: 'RECORD' },
          { field: 'LOCATION', access: 'RECORD', precision: 'WARD' },
        ],
        validFrom: addMonths(today, -1),
        validTo: addMonths(today, 12),
        reviewDate: addMonths(today, 6),
      }),
    );
    expect((await hub('agreements', 'draft', '--file', file)).code).toBe(0);
    // The signatories read the terms, and sign them by the digest `show` prints.
    const read = await hub('agreements', 'show', 'ISA-CLI-001', '--as', 'dlo@pol');
    const terms = /terms\s+([0-9a-f]{64})/.exec(read.out)?.[1];
    expect(terms, read.out).toBeTruthy();
    expect(JSON.parse((await hub('agreements', 'show', 'ISA-CLI-001', '--json')).out).termsDigest).toBe(terms);
    // Signing needs a person: the console cannot approve on a liaison officer's behalf.
    const unnamed = await hub('agreements', 'approve', 'ISA-CLI-001', '--terms', terms!);
    expect(unnamed.code).not.toBe(0);
    // ...and needs the terms read.
    const unread = await hub('agreements', 'approve', 'ISA-CLI-001', '--as', 'dlo@pol');
    expect(unread.code).not.toBe(0);
    expect(unread.err).toContain('--terms');
    const wrong = await hub('agreements', 'approve', 'ISA-CLI-001', '--terms', terms!, '--as', 'dlo@cnl');
    expect(wrong.err).toContain("provider's liaison officer");
    // Terms changed after they were read: the approval is refused, naming what to do.
    const edits = path.join(dir, 'isa-edit.json');
    await writeFile(edits, JSON.stringify({ minCellSize: 1 }));
    expect((await hub('agreements', 'update', 'ISA-CLI-001', '--file', edits, '--as', 'dlo@cnl')).code).toBe(0);
    const stale = await hub('agreements', 'approve', 'ISA-CLI-001', '--terms', terms!, '--as', 'dlo@pol');
    expect(stale.code).not.toBe(0);
    expect(stale.err).toContain('CONFLICT');
    expect(stale.err).toContain('hub agreements show ISA-CLI-001');
    const reread = /terms\s+([0-9a-f]{64})/.exec(
      (await hub('agreements', 'show', 'ISA-CLI-001', '--as', 'dlo@pol')).out,
    )![1];
    expect(reread).not.toBe(terms);
    expect((await hub('agreements', 'approve', 'ISA-CLI-001', '--terms', reread, '--as', 'dlo@pol')).out).toContain(
      'PROVIDER_APPROVED',
    );
    expect((await hub('agreements', 'accept', 'ISA-CLI-001', '--terms', terms!, '--as', 'dlo@cnl')).err).toContain(
      'CONFLICT',
    );
    expect((await hub('agreements', 'accept', 'ISA-CLI-001', '--terms', reread, '--as', 'dlo@cnl')).out).toContain(
      'ACTIVE',
    );
    const show = await hub('agreements', 'show', 'ISA-CLI-001');
    expect(show.out).toContain('LOCATION: record level at WARD');
    expect(show.out).toContain('approved by dlo@pol');
    expect(show.out).toContain('accepted    CNL by dlo@cnl');
    expect((await hub('agreements', 'suspend', 'ISA-CLI-001', '--reason', 'audit')).out).toContain('SUSPENDED');
    expect((await hub('agreements', 'resume', 'ISA-CLI-001', '--as', 'dlo@pol')).out).toContain('ACTIVE');
    const next = addMonths(today, 8);
    expect((await hub('agreements', 'review', 'ISA-CLI-001', '--next', next, '--as', 'dlo@pol')).out).toContain(
      `review ${next}`,
    );
    const listed = JSON.parse((await hub('agreements', 'list', '--status', 'ACTIVE', '--json')).out);
    expect(listed.map((a: { reference: string }) => a.reference)).toEqual(['ISA-CLI-001']);
    expect((await hub('agreements', 'revoke', 'ISA-CLI-001')).out).toContain('REVOKED');
  });

  it('expires every agreement past its end date with `agreements expire`', async () => {
    const seed = new Seed(db.orm);
    const em = db.orm.em.fork();
    const police = await em.findOneOrFail(Agency, { code: 'POL' });
    const council = await em.findOneOrFail(Agency, { code: 'CNL' });
    const dataset = await em.findOneOrFail(Dataset, { key: 'pol-crime' }, { populate: ['agency'] });
    const old = await seed.agreement({
      provider: police,
      datasets: [dataset],
      recipients: [council],
      status: AgreementStatus.SUSPENDED,
      validFrom: addMonths(today, -24),
      validTo: addMonths(today, -3),
      reviewDate: addMonths(today, -9),
    });
    const r = await hub('agreements', 'expire');
    expect(r.out).toContain(`${old.reference}: SUSPENDED -> EXPIRED`);
    expect((await hub('agreements', 'expire')).out).toContain('No agreement is past its end date.');
  });

  it('fails with a usage error on bad input', async () => {
    const r = await hub('accounts', 'create', 'z@pol', '--agency', 'POL', '--name', 'Z', '--roles', 'WIZARD');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown WIZARD');
  });
});
