import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../src/demo/partnership.js';
import { londonDate } from '../../src/domain/uk-time.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { runHubIn } from '../support/cli.js';
import { startTestHub, TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * Section 16 of the Police, Crime, Sentencing and Courts Act 2022 as a legal basis: cited
 * beside s115 or s17A it may cover anything; alone it may not cover health data, through
 * the API and the command line alike.
 */

const FIELDS = `reference legalBasis additionalLegalBases termsDigest datasets { key }`;
const DRAFT = `mutation D($input: DraftAgreementInput!) { draftAgreement(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation U($ref: String!, $input: UpdateAgreementInput!) { updateAgreement(reference: $ref, input: $input) { ${FIELDS} } }`;
const AGENCY = `mutation A($input: CreateAgencyInput!) { createAgency(input: $input) { code kind } }`;

type Loose = any;

describe('section 16 of the 2022 Act as a legal basis', () => {
  let t: TestHub;
  let dir: string;
  const tokens: Record<string, string> = {};
  const today = londonDate();
  const input = (overrides: Record<string, unknown> = {}) => ({
    title: 'A&E assaults to the police for the serious violence needs assessment',
    provider: 'ICB',
    datasets: ['icb-ae'],
    recipients: ['POL'],
    purposes: ['STRATEGIC_ASSESSMENT'],
    legalBasis: 'PCSC_S16_SVD',
    grants: [
      { field: 'CATEGORY', access: 'AGGREGATE' },
      { field: 'LOCATION', access: 'AGGREGATE', precision: 'LSOA' },
    ],
    validFrom: addMonths(today, -1),
    validTo: addMonths(today, 12),
    reviewDate: addMonths(today, 6),
    ...overrides,
  });
  const count = async () =>
    Number(
      (await t.runtime.orm.em.fork().getConnection().execute(`select count(*)::int as n from sharing_agreement`))[0].n,
    );

  beforeAll(async () => {
    t = await startTestHub();
    dir = await mkdtemp(path.join(tmpdir(), 'hub-s16-'));
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const csp = await seed.agency('CSP', AgencyKind.OTHER);
    const icb = await seed.agency('ICB', AgencyKind.INTEGRATED_CARE_BOARD);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.agency('YOT', AgencyKind.YOUTH_OFFENDING_TEAM);
    await seed.dataset(icb, DatasetKind.AE_ASSAULT, 'icb-ae');
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    tokens.admin = (await seed.user(csp, [Role.ADMIN], 'admin@csp')).token;
    tokens.icbDlo = (await seed.user(icb, [Role.LIAISON_OFFICER], 'dlo@icb')).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an agreement on a health dataset that cites section 16 alone, giving the reason', async () => {
    const before = await count();
    const r = await t.gql(DRAFT, { input: input() }, { token: tokens.admin });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'legalBasis',
      reason: 'S16_HEALTH_DATA',
    });
    expect(r.errors?.[0]?.message).toMatch(
      /^Section 16 of the Police, Crime, Sentencing and Courts Act 2022 does not cover patient information.*icb-ae.*cite s115 or s17A/,
    );
    expect(await count()).toBe(before);
  });

  it('drafts it when s115 is cited as well, and lets youth offending teams receive', async () => {
    const r = await t.gql(
      DRAFT,
      { input: input({ additionalLegalBases: ['S115_POWER'], recipients: ['POL', 'YOT'] }) },
      { token: tokens.admin },
    );
    expect(r.errors).toBeUndefined();
    const a = (r.data as Loose).draftAgreement;
    expect(a).toMatchObject({ legalBasis: 'PCSC_S16_SVD', additionalLegalBases: ['S115_POWER'] });
    // Dropping the other basis from the draft is refused as drafting without it was.
    const dropped = await t.gql(
      UPDATE,
      { ref: a.reference, input: { additionalLegalBases: [] } },
      { token: tokens.admin },
    );
    expect(dropped.errors?.[0]?.extensions?.reason).toBe('S16_HEALTH_DATA');
    // Making s17A the first basis keeps section 16 among the others: still covered.
    const swapped = await t.gql(
      UPDATE,
      { ref: a.reference, input: { legalBasis: 'S17A_DUTY', additionalLegalBases: ['PCSC_S16_SVD'] } },
      { token: tokens.admin },
    );
    expect(swapped.errors).toBeUndefined();
    expect((swapped.data as Loose).updateAgreement).toMatchObject({
      legalBasis: 'S17A_DUTY',
      additionalLegalBases: ['PCSC_S16_SVD'],
    });
  });

  it('refuses to approve a health agreement left citing section 16 alone (written before the rule)', async () => {
    const r = await t.gql(
      DRAFT,
      { input: input({ reference: 'ISA-S16-OLD', additionalLegalBases: ['S17A_DUTY'] }) },
      { token: tokens.admin },
    );
    expect(r.errors).toBeUndefined();
    // As a row written by an older hub, or by hand, could be.
    await t.runtime.pool.query(
      `update sharing_agreement set additional_legal_bases = '{}', updated_at = now() where reference = 'ISA-S16-OLD'`,
    );
    const read = await t.gql(
      `query { agreement(reference: "ISA-S16-OLD") { termsDigest } }`,
      {},
      { token: tokens.icbDlo },
    );
    const approve = await t.gql(
      `mutation A($terms: String!) { approveAgreement(reference: "ISA-S16-OLD", termsDigest: $terms) { status } }`,
      { terms: (read.data as Loose).agreement.termsDigest },
      { token: tokens.icbDlo },
    );
    expect(approve.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'S16_HEALTH_DATA' });
    const [row] = (await t.runtime.pool.query(`select status from sharing_agreement where reference = 'ISA-S16-OLD'`))
      .rows;
    expect(row.status).toBe('DRAFT');
  });

  it('accepts section 16 alone for police data', async () => {
    const r = await t.gql(
      DRAFT,
      { input: input({ provider: 'POL', datasets: ['pol-crime'], recipients: ['ICB', 'YOT'] }) },
      { token: tokens.admin },
    );
    expect(r.errors).toBeUndefined();
    expect((r.data as Loose).draftAgreement).toMatchObject({ legalBasis: 'PCSC_S16_SVD', additionalLegalBases: [] });
  });

  it('registers youth offending teams and integrated care boards as agencies', async () => {
    const r = await t.gql(
      AGENCY,
      { input: { code: 'YJS', name: 'Riverside Youth Justice Service', kind: 'YOUTH_OFFENDING_TEAM' } },
      { token: tokens.admin },
    );
    expect(r.errors).toBeUndefined();
    expect((r.data as Loose).createAgency).toEqual({ code: 'YJS', kind: 'YOUTH_OFFENDING_TEAM' });
  });

  it('refuses the same through `hub agreements draft`, and prints the bases in words', async () => {
    const env = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    const file = path.join(dir, 's16.json');
    await writeFile(file, JSON.stringify(input({ reference: 'ISA-S16-CLI' })));
    const refused = await runHubIn(env, 'agreements', 'draft', '--file', file);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('Section 16 of the Police, Crime, Sentencing and Courts Act 2022 does not cover');
    await writeFile(file, JSON.stringify(input({ reference: 'ISA-S16-CLI', additionalLegalBases: ['S17A_DUTY'] })));
    expect((await runHubIn(env, 'agreements', 'draft', '--file', file)).code).toBe(0);
    const shown = await runHubIn(env, 'agreements', 'show', 'ISA-S16-CLI');
    expect(shown.out).toContain('PCSC_S16_SVD: section 16 of the Police, Crime, Sentencing and Courts Act 2022');
    expect(shown.out).toContain('S17A_DUTY: section 17A of the Crime and Disorder Act 1998');
  });
});
