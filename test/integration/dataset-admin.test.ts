import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { Agency } from '../../src/entities/index.js';
import { runHubIn } from '../support/cli.js';
import { startTestHub, TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { csv, seedAreas } from '../support/ingest.js';
import { Seed } from '../support/seed.js';

/*
 * Registering a dataset for an agency (createDataset, `hub datasets create`), through the
 * real HTTP API and CLI: a newly onboarded partner gets a dataset, its IMPORT key can then
 * upload into it and its agreements can share it; who may register what; the audit event.
 */

const CREATE_AGENCY = `mutation A($input: CreateAgencyInput!) { createAgency(input: $input) { code } }`;
const CREATE_DATASET = `mutation D($input: CreateDatasetInput!) { createDataset(input: $input) { id key name kind cadence agency { code } template { kind } } }`;
const UPDATE_DATASET = `mutation U($key: String!, $input: UpdateDatasetInput!) { updateDataset(key: $key, input: $input) { key name kind cadence agency { code } } }`;
const CREATE_KEY = `mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;
const DRAFT = `mutation Draft($input: DraftAgreementInput!) { draftAgreement(input: $input) { reference status provider { code } datasets { key } recipients { code } } }`;

const FIRE_HEADER = ['source_ref', 'category', 'occurred_at', 'easting', 'northing', 'lsoa_code'];
const fireRow = (ref: string) => [
  ref,
  'DELIBERATE_SECONDARY_FIRE',
  '2026-03-14 21:05',
  '445123',
  '296389',
  'E01099001',
];

type Gql = Awaited<ReturnType<TestHub['gql']>>;
/** GraphQL answers and audit details are walked loosely in assertions. */
type Loose = any;
const code = (r: Gql) => r.errors?.[0]?.extensions?.code;
const message = (r: Gql) => r.errors?.[0]?.message ?? '';
const data = (r: Gql) => r.data as Loose;

describe('registering datasets for agencies', () => {
  let t: TestHub;
  let seed: Seed;
  let police: Agency;
  let upload: (dataset: string, body: string, apiKey: string) => Promise<{ status: number; body: Loose }>;
  let cliEnv: Record<string, string>;
  const tokens: Record<string, string> = {};

  async function datasetEvents(): Promise<
    { action: string; principal_label: string; details: Loose; concerns: string[] }[]
  > {
    return t.runtime.orm.em
      .fork()
      .getConnection()
      .execute(
        `select action, principal_label, details, concerns::text[] as concerns from audit_event where kind = 'ADMIN' and details->>'entityType' = 'Dataset' order by seq`,
      );
  }

  async function agencyId(code: string): Promise<string> {
    return (await t.runtime.orm.em.fork().findOneOrFail(Agency, { code })).id;
  }

  beforeAll(async () => {
    t = await startTestHub();
    await seedAreas(t.runtime.orm);
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const csp = await seed.agency('CSP', AgencyKind.OTHER);
    police = await seed.agency('POL', AgencyKind.POLICE);
    tokens.admin = (await seed.user(csp, [Role.ADMIN], 'admin@csp')).token;
    tokens.policeDlo = (await seed.user(police, [Role.LIAISON_OFFICER], 'dlo@pol')).token;
    tokens.policeAnalyst = (await seed.user(police, [Role.ANALYST], 'analyst@pol')).token;
    const base = t.hub.url.replace('/graphql', '');
    upload = async (dataset, body, apiKey) => {
      const res = await fetch(`${base}/import/${dataset}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-api-key': apiKey },
        body,
      });
      return { status: res.status, body: (await res.json()) as Loose };
    };
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-datasets-'));
    cliEnv = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('onboards a partner: agency, dataset, IMPORT key, an upload, and an agreement naming the dataset', async () => {
    expect(
      (
        await t.gql(
          CREATE_AGENCY,
          { input: { code: 'WFRS', name: 'Wessex Fire and Rescue', kind: 'FIRE' } },
          { token: tokens.admin },
        )
      ).errors,
    ).toBeUndefined();
    const key = data(
      await t.gql(
        CREATE_KEY,
        { input: { agency: 'WFRS', name: 'Incident system', scopes: ['IMPORT'] } },
        { token: tokens.admin },
      ),
    ).createApiKey.key as string;
    const file = csv([FIRE_HEADER, fireRow('IRS-1'), fireRow('IRS-2')]);

    // Before the dataset exists, the key has nowhere to send its data.
    expect((await upload('wfrs-fires', file, key)).status).toBe(404);

    const created = await t.gql(
      CREATE_DATASET,
      {
        input: {
          agency: 'wfrs',
          key: 'wfrs-fires',
          kind: 'FIRE_INCIDENT',
          name: 'Wessex Fire and Rescue deliberate fires',
        },
      },
      { token: tokens.admin },
    );
    expect(created.errors).toBeUndefined();
    expect(data(created).createDataset).toMatchObject({
      key: 'wfrs-fires',
      name: 'Wessex Fire and Rescue deliberate fires',
      kind: 'FIRE_INCIDENT',
      cadence: 'QUARTERLY', // the template's
      agency: { code: 'WFRS' },
      template: { kind: 'FIRE_INCIDENT' },
    });

    const uploaded = await upload('wfrs-fires', file, key);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    expect(uploaded.body).toMatchObject({
      dataset: 'wfrs-fires',
      status: 'COMMITTED',
      rowsRead: 2,
      inserted: 2,
      rejected: 0,
    });

    const draft = await t.gql(
      DRAFT,
      {
        input: {
          title: 'Fires to police',
          provider: 'WFRS',
          datasets: ['wfrs-fires'],
          recipients: ['POL'],
          purposes: ['PROBLEM_SOLVING'],
          legalBasis: 'S17A_DUTY',
          grants: [{ field: 'CATEGORY', access: 'RECORD' }],
          validFrom: '2026-12-01',
          validTo: '2027-11-30',
          reviewDate: '2027-06-01',
        },
      },
      { token: tokens.admin },
    );
    expect(draft.errors).toBeUndefined();
    expect(data(draft).draftAgreement).toMatchObject({
      status: 'DRAFT',
      provider: { code: 'WFRS' },
      datasets: [{ key: 'wfrs-fires' }],
      recipients: [{ code: 'POL' }],
    });

    // Everyone signed in sees it listed (listing grants nothing).
    const listed = await t.gql(`{ datasets { key agency { code } } }`, {}, { token: tokens.policeAnalyst });
    expect(data(listed).datasets).toEqual(expect.arrayContaining([{ key: 'wfrs-fires', agency: { code: 'WFRS' } }]));
  });

  it('records the creation as an ADMIN event with the after image, concerning the agency', async () => {
    const events = (await datasetEvents()).filter((e) => e.details.after?.dataset === 'wfrs-fires');
    expect(events.map((e) => e.action)).toEqual(['dataset.create']);
    const [e] = events;
    expect(e.principal_label).toBe('admin@csp');
    expect(e.details).toMatchObject({
      entityType: 'Dataset',
      before: null,
      after: {
        dataset: 'wfrs-fires',
        kind: 'FIRE_INCIDENT',
        cadence: 'QUARTERLY',
        name: 'Wessex Fire and Rescue deliberate fires',
      },
    });
    expect(e.details.entityId).toBe(e.details.after.id);
    expect(e.concerns).toContain(await agencyId('WFRS'));
  });

  it('refuses a duplicate key with CONFLICT, leaving no event', async () => {
    const before = (await datasetEvents()).length;
    const r = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'WFRS', key: 'wfrs-fires', kind: 'FIRE_INCIDENT', name: 'Again' } },
      { token: tokens.admin },
    );
    expect(code(r)).toBe('CONFLICT');
    expect(message(r)).toContain('wfrs-fires already exists');
    expect((await datasetEvents()).length).toBe(before);

    // Two registrations of one key at once: one wins, the other is a CONFLICT too (never a 500).
    const input = { agency: 'WFRS', key: 'wfrs-race', kind: 'FIRE_INCIDENT', name: 'Race' };
    const both = await Promise.all([1, 2, 3].map(() => t.gql(CREATE_DATASET, { input }, { token: tokens.admin })));
    expect(both.filter((r) => !r.errors).length).toBe(1);
    expect(both.filter((r) => r.errors).map(code)).toEqual(['CONFLICT', 'CONFLICT']);
    expect((await datasetEvents()).filter((e) => e.details.after?.dataset === 'wfrs-race').length).toBe(1);
  });

  it('refuses a bad kind or key with BAD_USER_INPUT and a message that says what is expected', async () => {
    const kind = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'WFRS', key: 'wfrs-arson', kind: 'ARSON', name: 'Arson' } },
      { token: tokens.admin },
    );
    expect(code(kind)).toBe('BAD_USER_INPUT');
    expect(message(kind)).toMatch(/"ARSON".*DatasetKind/);
    // A fire service does not supply police-recorded crime: analyses read a dataset by its kind.
    const foreign = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'WFRS', key: 'wfrs-crime', kind: 'POLICE_CRIME', name: 'Crime' } },
      { token: tokens.admin },
    );
    expect(code(foreign)).toBe('BAD_USER_INPUT');
    expect(message(foreign)).toBe(
      'A FIRE agency does not supply POLICE_CRIME data: its prescribed datasets are FIRE_INCIDENT.',
    );

    for (const [key, expected] of [
      ['WFRS Fires', /lower-case letters, digits and single hyphens/],
      ['wfrs_fires', /lower-case letters, digits and single hyphens/],
      ['wfrs--fires', /lower-case letters, digits and single hyphens/],
      ['-wfrs-fires', /lower-case letters, digits and single hyphens/],
      [`wfrs-${'x'.repeat(60)}`, /at most 64 characters/],
      ['pol-fires', /A dataset key of WFRS starts with its code, "wfrs-"/],
      ['wfrsfires', /lower-case letters|starts with its code/],
    ] as const) {
      const r = await t.gql(
        CREATE_DATASET,
        { input: { agency: 'WFRS', key, kind: 'FIRE_INCIDENT', name: 'Fires' } },
        { token: tokens.admin },
      );
      expect(code(r), key).toBe('BAD_USER_INPUT');
      expect(message(r), key).toMatch(expected);
      expect(r.errors?.[0].extensions?.field, key).toBe('key');
    }
    const name = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'WFRS', key: 'wfrs-other', kind: 'FIRE_INCIDENT', name: '  ' } },
      { token: tokens.admin },
    );
    expect(code(name)).toBe('BAD_USER_INPUT');
    const agency = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'NOPE', key: 'nope-fires', kind: 'FIRE_INCIDENT', name: 'Fires' } },
      { token: tokens.admin },
    );
    expect(code(agency)).toBe('NOT_FOUND');
  });

  it('refuses analysts, and liaison officers for another agency, with FORBIDDEN', async () => {
    const analyst = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'POL', key: 'pol-crime', kind: 'POLICE_CRIME', name: 'Crime' } },
      { token: tokens.policeAnalyst },
    );
    expect(code(analyst)).toBe('FORBIDDEN');
    const otherDlo = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'WFRS', key: 'wfrs-more', kind: 'FIRE_INCIDENT', name: 'More fires' } },
      { token: tokens.policeDlo },
    );
    expect(code(otherDlo)).toBe('FORBIDDEN');
    expect(message(otherDlo)).toContain('WFRS is not yours');
    const rename = await t.gql(
      UPDATE_DATASET,
      { key: 'wfrs-fires', input: { name: 'Mine now' } },
      { token: tokens.policeDlo },
    );
    expect(code(rename)).toBe('FORBIDDEN');
    // The refused rename is recorded against the dataset it named, for its agency to see.
    const [refused] = await t.runtime.orm.em
      .getConnection()
      .execute<{ datasets: string[]; concerns: string[] }[]>(
        `select datasets, concerns::text[] as concerns from audit_event where kind = 'GRAPHQL' and outcome = 'REFUSED' order by seq desc limit 1`,
      );
    const [wfrs] = await t.runtime.orm.em
      .getConnection()
      .execute<{ id: string }[]>(`select id::text as id from agency where code = 'WFRS'`);
    expect(refused).toMatchObject({ datasets: ['wfrs-fires'], concerns: [wfrs.id] });
    expect(
      code(
        await t.gql(
          UPDATE_DATASET,
          { key: 'wfrs-fires', input: { name: 'Mine now' } },
          { token: tokens.policeAnalyst },
        ),
      ),
    ).toBe('FORBIDDEN');
    const apiKey = data(
      await t.gql(
        CREATE_KEY,
        { input: { agency: 'POL', name: 'Reader', scopes: ['READ', 'IMPORT'] } },
        { token: tokens.admin },
      ),
    ).createApiKey.key as string;
    const byKey = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'POL', key: 'pol-crime', kind: 'POLICE_CRIME', name: 'Crime' } },
      { apiKey },
    );
    expect(code(byKey)).toBe('FORBIDDEN');
    expect((await datasetEvents()).some((e) => e.details.after?.dataset === 'pol-crime')).toBe(false);
  });

  it("lets an agency's liaison officer register and rename its own datasets, at the template's cadence only", async () => {
    const own = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'POL', key: 'pol-crime', kind: 'POLICE_CRIME', name: 'Police recorded crime' } },
      { token: tokens.policeDlo },
    );
    expect(own.errors).toBeUndefined();
    expect(data(own).createDataset).toMatchObject({ key: 'pol-crime', cadence: 'QUARTERLY', agency: { code: 'POL' } });

    const monthly = await t.gql(
      CREATE_DATASET,
      {
        input: { agency: 'POL', key: 'pol-incidents', kind: 'POLICE_INCIDENT', name: 'Incidents', cadence: 'MONTHLY' },
      },
      { token: tokens.policeDlo },
    );
    expect(code(monthly)).toBe('FORBIDDEN');
    expect(monthly.errors?.[0].extensions?.reason).toBe('CADENCE_NEEDS_ADMIN');

    const renamed = await t.gql(
      UPDATE_DATASET,
      { key: 'pol-crime', input: { name: 'Police recorded crime (RMS)' } },
      { token: tokens.policeDlo },
    );
    expect(data(renamed).updateDataset).toMatchObject({
      key: 'pol-crime',
      name: 'Police recorded crime (RMS)',
      kind: 'POLICE_CRIME',
    });
    const cadence = await t.gql(
      UPDATE_DATASET,
      { key: 'pol-crime', input: { cadence: 'MONTHLY' } },
      { token: tokens.policeDlo },
    );
    expect(code(cadence)).toBe('FORBIDDEN');
    const byAdmin = await t.gql(
      UPDATE_DATASET,
      { key: 'pol-crime', input: { cadence: 'MONTHLY' } },
      { token: tokens.admin },
    );
    expect(data(byAdmin).updateDataset.cadence).toBe('MONTHLY');
    const adminMonthly = await t.gql(
      CREATE_DATASET,
      {
        input: { agency: 'POL', key: 'pol-incidents', kind: 'POLICE_INCIDENT', name: 'Incidents', cadence: 'MONTHLY' },
      },
      { token: tokens.admin },
    );
    expect(data(adminMonthly).createDataset.cadence).toBe('MONTHLY');

    const events = (await datasetEvents()).filter((e) => e.details.after?.dataset === 'pol-crime');
    expect(events.map((e) => [e.action, e.principal_label])).toEqual([
      ['dataset.create', 'dlo@pol'],
      ['dataset.update', 'dlo@pol'],
      ['dataset.update', 'admin@csp'],
    ]);
    expect(events[2].details.before.cadence).toBe('QUARTERLY');
    expect(events[2].details.after.cadence).toBe('MONTHLY');
    expect(events.every((e) => e.concerns.includes(police.id))).toBe(true);
  });

  it('refuses a dataset for a deactivated agency with CONFLICT', async () => {
    await seed.agency('OLD', AgencyKind.COUNCIL);
    expect(
      (await t.gql(`mutation { deactivateAgency(code: "OLD") { active } }`, {}, { token: tokens.admin })).errors,
    ).toBeUndefined();
    const r = await t.gql(
      CREATE_DATASET,
      { input: { agency: 'OLD', key: 'old-reports', kind: 'COUNCIL_REPORT', name: 'Reports' } },
      { token: tokens.admin },
    );
    expect(code(r)).toBe('CONFLICT');
  });

  it('`hub datasets create` registers a dataset from the command line, audited, with --as checked as on the API', async () => {
    const created = await runHubIn(
      cliEnv,
      'datasets',
      'create',
      'wfrs-incidents',
      '--agency',
      'WFRS',
      '--kind',
      'fire_incident',
      '--name',
      'Joint incidents',
      '--json',
    );
    expect(created.code, created.err).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      key: 'wfrs-incidents',
      agency: 'WFRS',
      kind: 'FIRE_INCIDENT',
      cadence: 'QUARTERLY',
      name: 'Joint incidents',
    });
    const event = (await datasetEvents()).find((e) => e.details.after?.dataset === 'wfrs-incidents')!;
    expect(event.action).toBe('dataset.create');
    expect(event.principal_label).toMatch(/^cli:/);

    const asAnalyst = await runHubIn(
      cliEnv,
      'datasets',
      'create',
      'pol-incidents-cli',
      '--agency',
      'POL',
      '--kind',
      'POLICE_INCIDENT',
      '--name',
      'Incidents',
      '--as',
      'analyst@pol',
    );
    expect(asAnalyst.code).toBe(1);
    expect(asAnalyst.err).toMatch(/^FORBIDDEN: /);
    const asDlo = await runHubIn(
      cliEnv,
      'datasets',
      'create',
      'pol-incidents-cli',
      '--agency',
      'POL',
      '--kind',
      'POLICE_INCIDENT',
      '--name',
      'Incidents',
      '--as',
      'dlo@pol',
    );
    expect(asDlo.code, asDlo.err).toBe(0);
    expect(asDlo.out).toContain('Registered pol-incidents-cli');

    const badKind = await runHubIn(
      cliEnv,
      'datasets',
      'create',
      'wfrs-x',
      '--agency',
      'WFRS',
      '--kind',
      'ARSON',
      '--name',
      'X',
    );
    expect(badKind.code).toBe(2);
    expect(badKind.err).toContain('--kind: unknown ARSON');
    const badKey = await runHubIn(
      cliEnv,
      'datasets',
      'create',
      'Fires',
      '--agency',
      'WFRS',
      '--kind',
      'FIRE_INCIDENT',
      '--name',
      'X',
    );
    expect(badKey.code).toBe(2);
    expect(badKey.err).toMatch(/^BAD_USER_INPUT: A dataset key/);
    const dup = await runHubIn(
      cliEnv,
      'datasets',
      'create',
      'wfrs-fires',
      '--agency',
      'WFRS',
      '--kind',
      'FIRE_INCIDENT',
      '--name',
      'X',
    );
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/^CONFLICT: /);

    const renamed = await runHubIn(
      cliEnv,
      'datasets',
      'update',
      'wfrs-incidents',
      '--name',
      'Joint fire incidents',
      '--json',
    );
    expect(renamed.code, renamed.err).toBe(0);
    expect(JSON.parse(renamed.out)).toMatchObject({ key: 'wfrs-incidents', name: 'Joint fire incidents' });

    // The listing still works, and its own --kind is not the subcommand's.
    const listing = await runHubIn(cliEnv, 'datasets', '--json');
    expect(listing.code, listing.err).toBe(0);
    expect((JSON.parse(listing.out) as Loose).datasets.map((d: Loose) => d.key)).toEqual(
      expect.arrayContaining(['wfrs-fires', 'wfrs-incidents', 'pol-incidents-cli']),
    );
    const template = await runHubIn(cliEnv, 'datasets', '--kind', 'FIRE_INCIDENT');
    expect(template.code).toBe(0);
    expect(template.out).toContain('(FIRE_INCIDENT)');
  });
});
