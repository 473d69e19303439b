import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../src/domain/uk-time.js';
import { addMonths } from '../../src/demo/partnership.js';
import type { FieldGrants } from '../../src/domain/grants.js';
import {
  Access,
  AgencyKind,
  AgreementStatus,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import type { Agency, Dataset } from '../../src/entities/index.js';
import { ApiKeyScope } from '../../src/entities/api-key.entity.js';
import { consoleActor } from '../../src/auth/actor.js';
import { AdminService } from '../../src/admin/admin.service.js';
import { RecordIds } from '../../src/records/record-ids.js';
import { startTestHub, TEST_PSEUDONYM_KEY, type TestHub } from '../support/hub.js';
import { Seed } from '../support/seed.js';

/*
 * The permission matrix, through the real HTTP API: every role (and both kinds of API
 * key) x own agency / a recipient under each agreement state / an agency with no
 * agreement x every purpose, one query per cell asking for every SharedRecord field,
 * and the whole answer (every value of every row, and every error) compared with what
 * the rules say it must be.
 *
 * One provider (POL) holds two datasets. pol-crime is shared under one agreement per
 * recipient, each in a different state, granting each governed field differently:
 *   CATEGORY record, TIME record to DAY, LOCATION record to WARD, AGE_BAND aggregate only,
 *   SEX not at all (left out), DETAILS record.
 * pol-incidents is shared aggregate-only, so its records are never listed to recipients.
 */

const ALL_FIELDS = [
  'id',
  'dataset',
  'provider',
  'kind',
  'category',
  'subcategory',
  'occurredAt',
  'timePrecision',
  'locationPrecision',
  'gridEasting',
  'gridNorthing',
  'lsoa',
  'outwardPostcode',
  'ward',
  'localAuthority',
  'ageBand',
  'sex',
  'details',
] as const;
const QUERY = `query M($purpose: Purpose!) @purpose(name: $purpose) { records(first: 100) { nodes { ${ALL_FIELDS.join(' ')} } } }`;

const AGREEMENT_PURPOSES = [Purpose.STRATEGIC_ASSESSMENT, Purpose.TACTICAL_TASKING];
const CRIME_GRANTS: FieldGrants = {
  [RecordField.CATEGORY]: { access: Access.RECORD },
  [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.DAY },
  [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.WARD },
  [RecordField.AGE_BAND]: { access: Access.AGGREGATE },
  [RecordField.DETAILS]: { access: Access.RECORD },
};
const INCIDENT_GRANTS: FieldGrants = {
  [RecordField.CATEGORY]: { access: Access.AGGREGATE },
  [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.MINUTE },
  [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.GRID_100M },
};

/** The agreement situations a recipient can be in; only ACTIVE (within its dates and review) grants. */
const today = londonDate();
const SITUATIONS = {
  DRAFT: { status: AgreementStatus.DRAFT },
  PROVIDER_APPROVED: { status: AgreementStatus.PROVIDER_APPROVED },
  ACTIVE: { status: AgreementStatus.ACTIVE },
  SUSPENDED: { status: AgreementStatus.SUSPENDED },
  REVOKED: { status: AgreementStatus.REVOKED },
  EXPIRED: {
    status: AgreementStatus.EXPIRED,
    validFrom: addMonths(today, -24),
    validTo: addMonths(today, -1),
    reviewDate: addMonths(today, -6),
  },
  ACTIVE_PAST_END_DATE: {
    status: AgreementStatus.ACTIVE,
    validFrom: addMonths(today, -24),
    validTo: addMonths(today, -1),
    reviewDate: addMonths(today, -6),
  },
  ACTIVE_PAST_REVIEW_DATE: { status: AgreementStatus.ACTIVE, reviewDate: addMonths(today, -1) },
  ACTIVE_NOT_YET_IN_FORCE: {
    status: AgreementStatus.ACTIVE,
    validFrom: addMonths(today, 1),
    validTo: addMonths(today, 13),
    reviewDate: addMonths(today, 7),
  },
  NO_AGREEMENT: null,
} as const;
type Situation = keyof typeof SITUATIONS;
const GRANTING: readonly Situation[] = ['ACTIVE'];

type Caller = Role | 'API_KEY_READ' | 'API_KEY_IMPORT';
const CALLERS: readonly Caller[] = [...Object.values(Role), 'API_KEY_READ', 'API_KEY_IMPORT'];

/** Purposes each caller may declare (a second statement of the rules, not the engine's table). */
function mayDeclare(caller: Caller, purpose: Purpose): 'yes' | 'NO_DATA_ROLE' | 'PURPOSE_NOT_ALLOWED_FOR_ROLE' {
  switch (caller) {
    case Role.ANALYST:
    case Role.LIAISON_OFFICER:
    case 'API_KEY_READ':
      return 'yes';
    case Role.OFFICER:
      return purpose === Purpose.TACTICAL_TASKING || purpose === Purpose.PROBLEM_SOLVING
        ? 'yes'
        : 'PURPOSE_NOT_ALLOWED_FOR_ROLE';
    default:
      return 'NO_DATA_ROLE';
  }
}

interface Row {
  [field: string]: unknown;
}

describe('the permission matrix: role x agency x agreement state x purpose x field', () => {
  let t: TestHub;
  let police: Agency;
  let crime: Dataset;
  let incidents: Dataset;
  /** Credentials per agency code and caller. */
  const creds = new Map<string, { token?: string; apiKey?: string }>();
  let crimeIds: string[] = [];
  let incidentIds: string[] = [];
  const agencyOf: Record<string, string> = { OWN: 'POL' };
  const agencyIds = new Map<string, string>();
  const recordIds = new RecordIds(TEST_PSEUDONYM_KEY);

  beforeAll(async () => {
    t = await startTestHub();
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    police = await seed.agency('POL', AgencyKind.POLICE);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    incidents = await seed.dataset(police, DatasetKind.POLICE_INCIDENT, 'pol-incidents');
    // Three crimes chosen to exercise the coarsening: a summer evening (BST), a record
    // stored only to the month without a grid square, and one on the night the clocks change.
    await seed.records(crime, 1);
    await seed.records(crime, 1, {
      category: 'ROBBERY',
      subcategory: null,
      occurred_at: new Date('2025-01-15T10:00:00Z'),
      time_precision: TimePrecision.MONTH,
      grid_easting: null,
      grid_northing: null,
      lsoa_code: 'E01099002',
      ward_code: 'E05099002',
      outward_postcode: 'RV2',
      age_band: '25-34',
      sex: 'M',
      details: null,
    });
    await seed.records(crime, 1, {
      occurred_at: new Date('2025-03-30T00:30:00Z'),
      time_precision: TimePrecision.HOUR,
      details: { weapon: 'KNIFE' },
    });
    await seed.records(incidents, 2, { category: 'ASB_NUISANCE', subcategory: null });
    const conn = t.runtime.orm.em.getConnection();
    crimeIds = (
      await conn.execute<{ id: string }[]>(
        `select id::text as id from shared_record where dataset_id = ? order by id`,
        [crime.id],
      )
    ).map((r) => r.id);
    incidentIds = (
      await conn.execute<{ id: string }[]>(
        `select id::text as id from shared_record where dataset_id = ? order by id`,
        [incidents.id],
      )
    ).map((r) => r.id);

    const admin = new AdminService();
    const agencies: [string, Agency][] = [['OWN', police]];
    let n = 0;
    for (const [situation, terms] of Object.entries(SITUATIONS) as [Situation, (typeof SITUATIONS)[Situation]][]) {
      const code = `R${++n}`;
      agencyOf[situation] = code;
      const recipient = await seed.agency(code, AgencyKind.COUNCIL);
      agencies.push([situation, recipient]);
      if (terms === null) continue;
      await seed.agreement({
        provider: police,
        datasets: [crime],
        recipients: [recipient],
        purposes: AGREEMENT_PURPOSES,
        grants: CRIME_GRANTS,
        ...terms,
      });
      await seed.agreement({
        provider: police,
        datasets: [incidents],
        recipients: [recipient],
        purposes: AGREEMENT_PURPOSES,
        grants: INCIDENT_GRANTS,
        ...terms,
      });
    }
    for (const [, agency] of agencies) {
      agencyIds.set(agency.code, agency.id);
      for (const role of Object.values(Role))
        creds.set(`${agency.code}/${role}`, { token: (await seed.user(agency, [role])).token });
      for (const scope of [ApiKeyScope.READ, ApiKeyScope.IMPORT]) {
        const { key } = await admin.createApiKey(t.runtime.orm.em.fork(), consoleActor(), {
          agency: agency.code,
          name: `matrix ${scope}`,
          scopes: [scope],
        });
        creds.set(`${agency.code}/API_KEY_${scope}`, { apiKey: key });
      }
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Every row the caller must get, field by field, when it may read its own data. */
  function ownRows(): Row[] {
    const base = { dataset: 'pol-crime', provider: 'POL', kind: 'POLICE_CRIME' };
    return [
      {
        ...base,
        id: crimeIds[0],
        category: 'VIOLENCE_AGAINST_THE_PERSON',
        subcategory: 'VIOLENCE_WITH_INJURY',
        occurredAt: '2025-06-06T22:37:00.000Z',
        timePrecision: 'MINUTE',
        locationPrecision: 'GRID_100M',
        gridEasting: 445100,
        gridNorthing: 296300,
        lsoa: 'E01099001',
        outwardPostcode: 'RV1',
        ward: 'E05099001',
        localAuthority: 'E07099001',
        ageBand: '18-24',
        sex: 'F',
        details: { weapon: 'GLASS_OR_BOTTLE', locationType: 'PUB_OR_CLUB' },
      },
      // Stored to the month: shown at the month (in UK time), whatever else is allowed; no grid square stored.
      {
        ...base,
        id: crimeIds[1],
        category: 'ROBBERY',
        subcategory: null,
        occurredAt: '2025-01-01T00:00:00.000Z',
        timePrecision: 'MONTH',
        locationPrecision: 'LSOA',
        gridEasting: null,
        gridNorthing: null,
        lsoa: 'E01099002',
        outwardPostcode: 'RV2',
        ward: 'E05099002',
        localAuthority: 'E07099001',
        ageBand: '25-34',
        sex: 'M',
        details: null,
      },
      {
        ...base,
        id: crimeIds[2],
        category: 'VIOLENCE_AGAINST_THE_PERSON',
        subcategory: 'VIOLENCE_WITH_INJURY',
        occurredAt: '2025-03-30T00:00:00.000Z',
        timePrecision: 'HOUR',
        locationPrecision: 'GRID_100M',
        gridEasting: 445100,
        gridNorthing: 296300,
        lsoa: 'E01099001',
        outwardPostcode: 'RV1',
        ward: 'E05099001',
        localAuthority: 'E07099001',
        ageBand: '18-24',
        sex: 'F',
        details: { weapon: 'KNIFE' },
      },
      ...incidentIds.map((id) => ({
        id,
        dataset: 'pol-incidents',
        provider: 'POL',
        kind: 'POLICE_INCIDENT',
        category: 'ASB_NUISANCE',
        subcategory: null,
        occurredAt: '2025-06-06T22:37:00.000Z',
        timePrecision: 'MINUTE',
        locationPrecision: 'GRID_100M',
        gridEasting: 445100,
        gridNorthing: 296300,
        lsoa: 'E01099001',
        outwardPostcode: 'RV1',
        ward: 'E05099001',
        localAuthority: 'E07099001',
        ageBand: '18-24',
        sex: 'F',
        details: { weapon: 'GLASS_OR_BOTTLE', locationType: 'PUB_OR_CLUB' },
      })),
    ];
  }

  /** Fields a recipient under CRIME_GRANTS may not see, and so gets as null with FORBIDDEN. */
  const WITHHELD = ['gridEasting', 'gridNorthing', 'lsoa', 'outwardPostcode', 'ageBand', 'sex'];

  /** What a recipient gets of pol-crime under CRIME_GRANTS; pol-incidents is aggregate-only, so absent. */
  function recipientRows(): Row[] {
    const own = ownRows().slice(0, 3);
    const day = ['2025-06-05T23:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-03-30T00:00:00.000Z'];
    const grain = ['DAY', 'MONTH', 'DAY'];
    return own.map((row, i) => ({
      ...row,
      ...Object.fromEntries(WITHHELD.map((f) => [f, null])),
      occurredAt: day[i],
      timePrecision: grain[i],
      locationPrecision: 'WARD',
    }));
  }

  /** Expected answer of one cell: rows and the exact set of errors ("path:code"). */
  function expected(
    caller: Caller,
    situation: Situation | 'OWN',
    purpose: Purpose,
  ): { rows: Row[] | null; errors: string[] } {
    const declare = mayDeclare(caller, purpose);
    if (declare !== 'yes') return { rows: null, errors: [`records:FORBIDDEN:${declare}`] };
    if (situation === 'OWN') return { rows: ownRows(), errors: [] };
    if (!GRANTING.includes(situation as Situation) || !AGREEMENT_PURPOSES.includes(purpose))
      return { rows: [], errors: [] };
    const rows = recipientRows();
    return { rows, errors: rows.flatMap((_r, i) => WITHHELD.map((f) => `records.nodes.${i}.${f}:FORBIDDEN`)).sort() };
  }

  const situations: (Situation | 'OWN')[] = ['OWN', ...(Object.keys(SITUATIONS) as Situation[])];
  const cells = CALLERS.flatMap((caller) => situations.map((situation) => ({ caller, situation })));

  it.each(cells)(
    '$caller of $situation agency: exactly the rows, values and denials the rules allow, for every purpose',
    async ({ caller, situation }) => {
      const cred = creds.get(`${agencyOf[situation]}/${caller}`)!;
      for (const purpose of Object.values(Purpose)) {
        const r = await t.gql(QUERY, { purpose }, cred);
        const want = expected(caller, situation, purpose);
        // Record ids are the caller's agency's and purpose's view of the row id.
        const scope = RecordIds.scope(agencyIds.get(agencyOf[situation])!, purpose);
        if (want.rows) want.rows = want.rows.map((row) => ({ ...row, id: recordIds.publicId(scope, String(row.id)) }));
        const label = `${caller} / ${situation} / ${purpose}`;
        const records = (r.data as { records: { nodes: Row[] } | null } | null | undefined)?.records ?? null;
        expect(records?.nodes ?? null, label).toEqual(want.rows);
        const errors = (r.errors ?? [])
          .map(
            (e) =>
              `${(e.path ?? []).join('.')}:${String(e.extensions?.code)}${e.path?.length === 1 && e.extensions?.reason ? `:${String(e.extensions.reason)}` : ''}`,
          )
          .sort();
        expect(errors, label).toEqual(want.errors);
        // A denied field names what is missing.
        for (const e of r.errors ?? []) {
          if (e.path && e.path.length === 4)
            expect(e.message, label).toMatch(/^Not shared with you: SharedRecord\.\w+ needs (LOCATION|AGE_BAND|SEX)/);
        }
      }
    },
  );
});
