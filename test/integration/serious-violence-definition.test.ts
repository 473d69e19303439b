import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContent } from '../../src/audit/audit-event.js';
import { AgencyKind, Role } from '../../src/domain/vocabulary.js';
import { auditEvents } from '../support/audit.js';
import { runHubIn } from '../support/cli.js';
import { startTestHub, TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * The partnership's serious violence definition: one setting, read by everyone signed in,
 * set only by partnership administrators (API and command line), each change audited with
 * the definition before and after, and anything not a category of its kind refused by name.
 */

const READ = `query { seriousViolenceDefinition { entries { kind category subcategories text } isDefault adopted updatedBy updatedAt
  defaultEntries { kind category } choices { kind category label subcategories { code label } } } }`;
const SET = `mutation S($input: SeriousViolenceDefinitionInput!) { setSeriousViolenceDefinition(input: $input) {
  entries { kind category subcategories } isDefault adopted updatedBy } }`;

type Loose = any;

const LOCAL = {
  entries: [
    { kind: 'AE_ASSAULT', category: 'ASSAULT' },
    {
      kind: 'POLICE_CRIME',
      category: 'VIOLENCE_AGAINST_THE_PERSON',
      subcategories: ['VIOLENCE_WITH_INJURY', 'HOMICIDE'],
    },
    { kind: 'POLICE_CRIME', category: 'SEXUAL_OFFENCES', subcategories: ['RAPE'] },
  ],
};

describe('the serious violence definition', () => {
  let t: TestHub;
  let dir: string;
  const tokens: Record<string, string> = {};
  const events = () => auditEvents(t.runtime.pool, `e.action = 'serious_violence.set_definition'`);
  const read = async (who: string) => (await t.gql(READ, {}, { token: tokens[who] })).data as Loose;

  beforeAll(async () => {
    t = await startTestHub();
    dir = await mkdtemp(path.join(tmpdir(), 'hub-svd-'));
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const csp = await seed.agency('CSP', AgencyKind.OTHER);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const yot = await seed.agency('YOT', AgencyKind.YOUTH_OFFENDING_TEAM);
    tokens.admin = (await seed.user(csp, [Role.ADMIN], 'admin@csp')).token;
    tokens.analyst = (await seed.user(police, [Role.ANALYST], 'analyst@pol')).token;
    tokens.dlo = (await seed.user(police, [Role.LIAISON_OFFICER], 'dlo@pol')).token;
    tokens.agencyAdmin = (await seed.user(police, [Role.AGENCY_ADMIN], 'agency-admin@pol')).token;
    tokens.yotAnalyst = (await seed.user(yot, [Role.ANALYST], 'analyst@yot')).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  it("gives every signed-in analyst the hub's default until one is set, with the choices a definition may list", async () => {
    for (const who of ['analyst', 'yotAnalyst', 'dlo']) {
      const d = (await read(who)).seriousViolenceDefinition;
      expect(d).toMatchObject({ isDefault: true, adopted: false, updatedBy: null, updatedAt: null });
      expect(d.entries[0]).toEqual({
        kind: 'POLICE_CRIME',
        category: 'VIOLENCE_AGAINST_THE_PERSON',
        subcategories: ['HOMICIDE', 'VIOLENCE_WITH_INJURY'],
        text: 'Police recorded crime: Violence against the person (Homicide; Violence with injury)',
      });
      expect(d.defaultEntries).toHaveLength(d.entries.length);
      expect(d.choices).toContainEqual(
        expect.objectContaining({ kind: 'AMBULANCE_CALLOUT', category: 'STABBING_OR_GUNSHOT', subcategories: [] }),
      );
    }
    const anonymous = await t.gql(READ, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets only partnership administrators set it', async () => {
    for (const who of ['analyst', 'dlo', 'agencyAdmin']) {
      const r = await t.gql(SET, { input: LOCAL }, { token: tokens[who] });
      expect(r.errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
    }
    expect((await read('analyst')).seriousViolenceDefinition.adopted).toBe(false);
    expect(await events()).toHaveLength(0);
  });

  it('refuses categories and sub-categories that are not the kind’s, naming them, and changes nothing', async () => {
    const r = await t.gql(
      SET,
      {
        input: {
          entries: [
            { kind: 'POLICE_CRIME', category: 'KNIFE_CRIME' },
            { kind: 'AE_ASSAULT', category: 'ASSAULT', subcategories: ['STABBING'] },
          ],
        },
      },
      { token: tokens.admin },
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries' });
    expect(r.errors?.[0]?.message).toContain('"KNIFE_CRIME" is not a category of POLICE_CRIME (entry 1)');
    expect(r.errors?.[0]?.message).toContain('AE_ASSAULT ASSAULT has no sub-categories');
    expect((await read('analyst')).seriousViolenceDefinition.adopted).toBe(false);
    expect(await events()).toHaveLength(0);
  });

  it('stores an administrator’s definition for everyone, audited with the default it replaced and the new one', async () => {
    const r = await t.gql(SET, { input: LOCAL }, { token: tokens.admin });
    expect(r.errors).toBeUndefined();
    const stored = [
      {
        kind: 'POLICE_CRIME',
        category: 'VIOLENCE_AGAINST_THE_PERSON',
        subcategories: ['HOMICIDE', 'VIOLENCE_WITH_INJURY'],
      },
      { kind: 'POLICE_CRIME', category: 'SEXUAL_OFFENCES', subcategories: ['RAPE'] },
      { kind: 'AE_ASSAULT', category: 'ASSAULT', subcategories: null },
    ];
    expect((r.data as Loose).setSeriousViolenceDefinition).toEqual({
      entries: stored,
      isDefault: false,
      adopted: true,
      updatedBy: 'admin@csp',
    });
    const d = (await read('yotAnalyst')).seriousViolenceDefinition;
    expect(d.entries.map(({ text: _text, ...e }: Loose) => e)).toEqual(stored);
    expect(d.updatedAt).not.toBeNull();
    const [event] = await events();
    expect(event).toMatchObject({ kind: 'ADMIN', outcome: 'SUCCEEDED', principalLabel: 'admin@csp' });
    expect(event.details).toMatchObject({
      entityType: 'HubSetting',
      entityId: 'serious_violence.definition',
      before: { default: true },
      after: { entries: stored },
    });
    expect((event.details as Loose).before.entries).toHaveLength(7);
  });

  it('leaves the definition as it was when its audit event cannot be written', async () => {
    t.runtime.services.audit.writer.beforeWrite = (batch: readonly AuditContent[]) => {
      if (batch.some((c) => c.action === 'serious_violence.set_definition')) throw new Error('simulated audit failure');
    };
    try {
      const r = await t.gql(
        SET,
        { input: { entries: [{ kind: 'AE_ASSAULT', category: 'ASSAULT' }] } },
        { token: tokens.admin },
      );
      expect(r.errors).toBeDefined();
    } finally {
      t.runtime.services.audit.writer.beforeWrite = undefined;
    }
    expect((await read('analyst')).seriousViolenceDefinition.entries).toHaveLength(3);
  });

  it('is shown and set by `hub serious-violence`, which refuses a bad file by name and audits the change', async () => {
    const env = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    const shown = await runHubIn(env, 'serious-violence', 'show');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('set by admin@csp');
    expect(shown.out).toContain('Police recorded crime: Sexual offences (Rape)');

    const bad = path.join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ entries: [{ kind: 'POLICE_CRIME', category: 'ROBBERY', subcategories: ['MUGGING'] }] }),
    );
    const refused = await runHubIn(env, 'serious-violence', 'set', '--file', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Not a sub-category of POLICE_CRIME ROBBERY: MUGGING');

    // Signing as an analyst is refused: only administrators set it.
    const good = path.join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ entries: [{ kind: 'POLICE_CRIME', category: 'POSSESSION_OF_WEAPONS' }] }));
    expect((await runHubIn(env, 'serious-violence', 'set', '--file', good, '--as', 'analyst@pol')).code).not.toBe(0);
    expect((await runHubIn(env, 'serious-violence', 'set', '--file', good)).code).toBe(0);
    const json = JSON.parse((await runHubIn(env, 'serious-violence', 'show', '--json')).out);
    expect(json).toMatchObject({
      entries: [{ kind: 'POLICE_CRIME', category: 'POSSESSION_OF_WEAPONS', subcategories: null }],
      filters: [{ kinds: ['POLICE_CRIME'], categories: ['POSSESSION_OF_WEAPONS'] }],
      adopted: true,
      isDefault: false,
    });
    expect(json.updatedBy).toMatch(/^cli:/);

    expect((await runHubIn(env, 'serious-violence', 'set', '--default')).code).toBe(0);
    expect((await read('analyst')).seriousViolenceDefinition).toMatchObject({ isDefault: true, adopted: true });
    expect((await events()).map((e) => e.principalLabel)).toEqual([
      'admin@csp',
      expect.stringMatching(/^cli:/),
      expect.stringMatching(/^cli:/),
    ]);
  });
});
