import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { AgreementSnapshot, DatasetSnapshot, PolicyInput, PrincipalSnapshot } from '../../src/auth/access-plan.js';
import { agreementApplies, agreementGrants, isAgreementInForce } from '../../src/auth/policy-agreements.js';
import { compileAccessPlan, explainAccess, explainDataset } from '../../src/auth/policy-engine.js';
import { coarser, coarsestPrecision, finer, finestPrecision } from '../../src/auth/policy-grains.js';
import { DATA_READ_ROLES, dataRolesOf, purposesForRoles, requestDenial } from '../../src/auth/policy-purposes.js';
import type { FieldGrants } from '../../src/domain/grants.js';
import {
  Access,
  AgreementStatus,
  DatasetKind,
  LocationPrecision,
  Purpose,
  RecordField,
  Role,
  TimePrecision,
} from '../../src/domain/vocabulary.js';

// ---------------------------------------------------------------------------
// Builders: a council analyst asking about Manor Hospital's A&E assaults, which the
// hospital shares under ISA-1 for the strategic assessment during 2025.

const TODAY = '2025-06-15';
const COUNCIL = 'agency-council';
const HEALTH = 'agency-health';
const POLICE = 'agency-police';
const FIRE = 'agency-fire';

const { CATEGORY, TIME, LOCATION, AGE_BAND, SEX, DETAILS } = RecordField;

function principal(overrides: Partial<PrincipalSnapshot> = {}): PrincipalSnapshot {
  return { kind: 'user', id: 'user-1', agencyId: COUNCIL, roles: [Role.ANALYST], scopes: [], ...overrides };
}

function apiKey(scopes: string[], overrides: Partial<PrincipalSnapshot> = {}): PrincipalSnapshot {
  return principal({ kind: 'apiKey', id: 'key-1', roles: [], scopes, ...overrides });
}

function dataset(overrides: Partial<DatasetSnapshot> = {}): DatasetSnapshot {
  return { id: 'ds-ae', key: 'manor-ae-assaults', agencyId: HEALTH, kind: DatasetKind.AE_ASSAULT, ...overrides };
}

const AE = dataset();
const POLICE_CRIME = dataset({ id: 'ds-crime', key: 'wmp-crimes', agencyId: POLICE, kind: DatasetKind.POLICE_CRIME });
const COUNCIL_ASB = dataset({ id: 'ds-asb', key: 'council-asb', agencyId: COUNCIL, kind: DatasetKind.COUNCIL_REPORT });

const DEFAULT_GRANTS: FieldGrants = {
  [CATEGORY]: { access: Access.RECORD },
  [TIME]: { access: Access.RECORD, precision: TimePrecision.DAY },
  [LOCATION]: { access: Access.AGGREGATE, precision: LocationPrecision.LSOA },
};

function agreement(overrides: Partial<AgreementSnapshot> = {}): AgreementSnapshot {
  const id = overrides.id ?? 'isa-1';
  return {
    id,
    reference: id.toUpperCase(),
    providerAgencyId: HEALTH,
    datasetIds: [AE.id],
    recipientAgencyIds: [COUNCIL],
    purposes: [Purpose.STRATEGIC_ASSESSMENT],
    grants: DEFAULT_GRANTS,
    minCellSize: 10,
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
    reviewDate: '2025-12-31',
    status: AgreementStatus.ACTIVE,
    ...overrides,
  };
}

function input(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    principal: principal(),
    purpose: Purpose.STRATEGIC_ASSESSMENT,
    agreements: [agreement()],
    datasets: [AE, POLICE_CRIME, COUNCIL_ASB],
    today: TODAY,
    ...overrides,
  };
}

/** The access to the A&E dataset in the compiled plan, if any. */
function aeAccess(overrides: Partial<PolicyInput> = {}) {
  return compileAccessPlan(input(overrides)).datasets.get(AE.id);
}

/** Grants everything at the finest grain: the most an agreement could give. */
const GENEROUS: FieldGrants = {
  [CATEGORY]: { access: Access.RECORD },
  [TIME]: { access: Access.RECORD, precision: TimePrecision.MINUTE },
  [LOCATION]: { access: Access.RECORD, precision: LocationPrecision.GRID_100M },
  [AGE_BAND]: { access: Access.RECORD },
  [SEX]: { access: Access.RECORD },
  [DETAILS]: { access: Access.RECORD },
};

const ALL_PURPOSES = Object.values(Purpose);

// ---------------------------------------------------------------------------

describe('policy engine: deny wins', () => {
  const generous = agreement({ grants: GENEROUS, purposes: ALL_PURPOSES, datasetIds: [AE.id] });

  it.each([
    {
      name: 'an administrator',
      who: principal({ roles: [Role.ADMIN] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    {
      name: 'a provider',
      who: principal({ roles: [Role.PROVIDER] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    {
      name: 'an auditor',
      who: principal({ roles: [Role.AUDITOR] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    {
      name: 'an admin who is also an auditor',
      who: principal({ roles: [Role.ADMIN, Role.AUDITOR] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    {
      name: 'a user with no roles',
      who: principal({ roles: [] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    {
      name: 'an API key with only the IMPORT scope',
      who: apiKey(['IMPORT']),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    { name: 'an API key with no scopes', who: apiKey([]), purpose: Purpose.STRATEGIC_ASSESSMENT, code: 'NO_DATA_ROLE' },
    {
      name: 'an API key carrying an ANALYST role but no READ scope',
      who: apiKey(['IMPORT'], { roles: [Role.ANALYST] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'NO_DATA_ROLE',
    },
    { name: 'an analyst who declares no purpose', who: principal(), purpose: undefined, code: 'PURPOSE_REQUIRED' },
    {
      name: 'a READ API key that declares no purpose',
      who: apiKey(['READ']),
      purpose: undefined,
      code: 'PURPOSE_REQUIRED',
    },
    {
      name: 'an officer asking for a strategic assessment',
      who: principal({ roles: [Role.OFFICER] }),
      purpose: Purpose.STRATEGIC_ASSESSMENT,
      code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE',
    },
    {
      name: 'an officer asking for performance monitoring',
      who: principal({ roles: [Role.OFFICER] }),
      purpose: Purpose.PERFORMANCE_MONITORING,
      code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE',
    },
    {
      name: 'an officer asking for the partnership plan',
      who: principal({ roles: [Role.OFFICER, Role.PROVIDER] }),
      purpose: Purpose.PARTNERSHIP_PLAN,
      code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE',
    },
  ])('gives $name nothing at all, not even own data, whatever the agreements say ($code)', ({ who, purpose, code }) => {
    const plan = compileAccessPlan(input({ principal: who, purpose, agreements: [generous] }));
    expect(plan.denial?.code).toBe(code);
    expect(plan.denial?.message).toBeTruthy();
    expect(plan.datasets.size).toBe(0);
  });

  it('reports no data role before a missing purpose', () => {
    const plan = compileAccessPlan(input({ principal: principal({ roles: [Role.ADMIN] }), purpose: undefined }));
    expect(plan.denial?.code).toBe('NO_DATA_ROLE');
  });

  it('lists every purpose in the message when the purpose is missing', () => {
    const plan = compileAccessPlan(input({ purpose: undefined }));
    for (const purpose of ALL_PURPOSES) expect(plan.denial?.message).toContain(purpose);
  });

  it('tells an officer which purposes they may declare', () => {
    const plan = compileAccessPlan(input({ principal: principal({ roles: [Role.OFFICER] }) }));
    expect(plan.denial?.message).toContain(Purpose.TACTICAL_TASKING);
    expect(plan.denial?.message).toContain(Purpose.PROBLEM_SOLVING);
  });

  it('keeps the request context on a denied plan', () => {
    const plan = compileAccessPlan(input({ principal: principal({ roles: [Role.AUDITOR] }) }));
    expect(plan.purpose).toBe(Purpose.STRATEGIC_ASSESSMENT);
    expect(plan.today).toBe(TODAY);
    expect(plan.principal.id).toBe('user-1');
  });

  it('sets no denial when the request may read', () => {
    expect(compileAccessPlan(input()).denial).toBeUndefined();
  });

  it('lets an agreement that is not in force add nothing beside one that is', () => {
    const suspended = agreement({ id: 'isa-2', status: AgreementStatus.SUSPENDED, grants: GENEROUS, minCellSize: 1 });
    expect(aeAccess({ agreements: [agreement(), suspended] })).toEqual(aeAccess({ agreements: [agreement()] }));
  });
});

describe('policy engine: roles and purposes', () => {
  it.each([
    { roles: [Role.ANALYST], purposes: ALL_PURPOSES },
    { roles: [Role.LIAISON_OFFICER], purposes: ALL_PURPOSES },
    { roles: [Role.OFFICER], purposes: [Purpose.TACTICAL_TASKING, Purpose.PROBLEM_SOLVING] },
    { roles: [Role.ADMIN], purposes: [] },
    { roles: [Role.PROVIDER], purposes: [] },
    { roles: [Role.AUDITOR], purposes: [] },
    { roles: [Role.OFFICER, Role.ADMIN], purposes: [Purpose.TACTICAL_TASKING, Purpose.PROBLEM_SOLVING] },
    { roles: [Role.OFFICER, Role.ANALYST], purposes: ALL_PURPOSES },
    { roles: [], purposes: [] },
  ])('allows roles $roles the purposes $purposes', ({ roles, purposes }) => {
    expect(purposesForRoles(roles)).toEqual(purposes);
  });

  it('names analysts, liaison officers and officers as the roles that read data', () => {
    expect([...DATA_READ_ROLES].sort()).toEqual([Role.ANALYST, Role.LIAISON_OFFICER, Role.OFFICER].sort());
  });

  it.each([Purpose.TACTICAL_TASKING, Purpose.PROBLEM_SOLVING])('lets an officer read shared data for %s', (purpose) => {
    const plan = compileAccessPlan(
      input({
        principal: principal({ roles: [Role.OFFICER] }),
        purpose,
        agreements: [agreement({ purposes: [purpose] })],
      }),
    );
    expect(plan.denial).toBeUndefined();
    expect(plan.datasets.get(AE.id)?.level).toBe(Access.RECORD);
  });

  it('gives a user with several roles the union of their purposes', () => {
    const plan = compileAccessPlan(input({ principal: principal({ roles: [Role.OFFICER, Role.LIAISON_OFFICER] }) }));
    expect(plan.denial).toBeUndefined();
    expect(plan.datasets.has(AE.id)).toBe(true);
  });

  it('lets an administrator who is also an analyst read as an analyst', () => {
    const plan = compileAccessPlan(input({ principal: principal({ roles: [Role.ADMIN, Role.ANALYST] }) }));
    expect(plan.datasets.get(AE.id)?.level).toBe(Access.RECORD);
  });

  it.each(ALL_PURPOSES)('treats an API key with the READ scope as an analyst for %s', (purpose) => {
    const plan = compileAccessPlan(
      input({ principal: apiKey(['IMPORT', 'READ']), purpose, agreements: [agreement({ purposes: [purpose] })] }),
    );
    expect(plan.denial).toBeUndefined();
    expect(plan.datasets.get(AE.id)?.level).toBe(Access.RECORD);
  });

  it('ignores the roles stored on an API key', () => {
    expect(dataRolesOf(apiKey(['READ'], { roles: [Role.OFFICER] }))).toEqual([Role.ANALYST]);
    expect(dataRolesOf(apiKey([], { roles: [Role.ANALYST] }))).toEqual([]);
  });

  it('ignores the scopes of a person', () => {
    expect(
      requestDenial(principal({ roles: [Role.AUDITOR], scopes: ['READ'] }), Purpose.STRATEGIC_ASSESSMENT)?.code,
    ).toBe('NO_DATA_ROLE');
  });
});

describe('policy engine: own data', () => {
  it("shows the caller's own agency datasets in full, at the finest grain, without disclosure control", () => {
    const own = compileAccessPlan(input({ agreements: [] })).datasets.get(COUNCIL_ASB.id);
    expect(own).toEqual({
      datasetId: COUNCIL_ASB.id,
      datasetKey: COUNCIL_ASB.key,
      providerAgencyId: COUNCIL,
      own: true,
      level: Access.RECORD,
      minCellSize: 0,
      agreementIds: [],
      fields: {
        [CATEGORY]: { access: Access.RECORD, agreementIds: [] },
        [TIME]: {
          access: Access.RECORD,
          recordPrecision: TimePrecision.MINUTE,
          aggregatePrecision: TimePrecision.MINUTE,
          agreementIds: [],
        },
        [LOCATION]: {
          access: Access.RECORD,
          recordPrecision: LocationPrecision.GRID_100M,
          aggregatePrecision: LocationPrecision.GRID_100M,
          agreementIds: [],
        },
        [AGE_BAND]: { access: Access.RECORD, agreementIds: [] },
        [SEX]: { access: Access.RECORD, agreementIds: [] },
        [DETAILS]: { access: Access.RECORD, agreementIds: [] },
      },
    });
  });

  it('ignores agreements on own data, even ones that grant less', () => {
    const selfShare = agreement({
      providerAgencyId: COUNCIL,
      datasetIds: [COUNCIL_ASB.id],
      grants: { [CATEGORY]: { access: Access.AGGREGATE } },
    });
    const own = compileAccessPlan(input({ agreements: [selfShare] })).datasets.get(COUNCIL_ASB.id);
    expect(own?.own).toBe(true);
    expect(own?.level).toBe(Access.RECORD);
    expect(own?.agreementIds).toEqual([]);
  });

  it('shows own data for every purpose the role allows', () => {
    const plan = compileAccessPlan(
      input({ principal: principal({ roles: [Role.OFFICER] }), purpose: Purpose.PROBLEM_SOLVING, agreements: [] }),
    );
    expect([...plan.datasets.keys()]).toEqual([COUNCIL_ASB.id]);
  });

  it('marks shared datasets as not own', () => {
    expect(aeAccess()?.own).toBe(false);
  });
});

describe('policy engine: when an agreement applies', () => {
  it('grants what a single applicable agreement states, field by field', () => {
    expect(aeAccess()).toEqual({
      datasetId: AE.id,
      datasetKey: AE.key,
      providerAgencyId: HEALTH,
      own: false,
      level: Access.RECORD,
      minCellSize: 10,
      agreementIds: ['isa-1'],
      fields: {
        [CATEGORY]: { access: Access.RECORD, agreementIds: ['isa-1'] },
        [TIME]: {
          access: Access.RECORD,
          recordPrecision: TimePrecision.DAY,
          aggregatePrecision: TimePrecision.DAY,
          agreementIds: ['isa-1'],
        },
        [LOCATION]: { access: Access.AGGREGATE, aggregatePrecision: LocationPrecision.LSOA, agreementIds: ['isa-1'] },
        [AGE_BAND]: { access: Access.NONE, agreementIds: [] },
        [SEX]: { access: Access.NONE, agreementIds: [] },
        [DETAILS]: { access: Access.NONE, agreementIds: [] },
      },
    });
  });

  it.each([
    AgreementStatus.DRAFT,
    AgreementStatus.PROVIDER_APPROVED,
    AgreementStatus.SUSPENDED,
    AgreementStatus.REVOKED,
    AgreementStatus.EXPIRED,
  ])('grants nothing under an agreement whose status is %s', (status) => {
    expect(aeAccess({ agreements: [agreement({ status })] })).toBeUndefined();
  });

  it.each([
    { name: 'on its first day', today: '2025-01-01', applies: true },
    { name: 'on its last day', today: '2025-12-31', applies: true },
    { name: 'in the middle of its term', today: '2025-06-15', applies: true },
    { name: 'the day before it starts', today: '2024-12-31', applies: false },
    { name: 'the day after its last day', today: '2026-01-01', applies: false },
    { name: 'a year after it ended', today: '2027-01-01', applies: false },
  ])('applies $name: $applies', ({ today, applies }) => {
    expect(aeAccess({ today }) !== undefined).toBe(applies);
  });

  it.each([
    { name: 'on its review date', reviewDate: '2025-06-15', applies: true },
    { name: 'before its review date', reviewDate: '2025-09-30', applies: true },
    { name: 'the day after its review date', reviewDate: '2025-06-14', applies: false },
    { name: 'months past its review date though still valid', reviewDate: '2025-03-31', applies: false },
  ])('applies $name: $applies', ({ reviewDate, applies }) => {
    expect(aeAccess({ agreements: [agreement({ reviewDate })] }) !== undefined).toBe(applies);
  });

  it.each([
    { name: "the caller's agency is not a recipient", overrides: { recipientAgencyIds: [POLICE, FIRE] } },
    { name: 'the agreement has no recipients', overrides: { recipientAgencyIds: [] } },
    { name: 'the dataset is not listed', overrides: { datasetIds: [POLICE_CRIME.id] } },
    { name: 'the provider does not hold the dataset', overrides: { providerAgencyId: POLICE } },
    { name: 'the purpose is not covered', overrides: { purposes: [Purpose.PERFORMANCE_MONITORING] } },
    { name: 'the agreement covers no purpose', overrides: { purposes: [] } },
  ])('grants nothing when $name', ({ overrides }) => {
    expect(aeAccess({ agreements: [agreement(overrides)] })).toBeUndefined();
  });

  it('does not let a performance-monitoring agreement leak into a strategic assessment', () => {
    const monitoring = agreement({ purposes: [Purpose.PERFORMANCE_MONITORING], grants: GENEROUS });
    expect(aeAccess({ agreements: [monitoring], purpose: Purpose.STRATEGIC_ASSESSMENT })).toBeUndefined();
    expect(aeAccess({ agreements: [monitoring], purpose: Purpose.PERFORMANCE_MONITORING })?.level).toBe(Access.RECORD);
  });

  it('grants under only the agreement whose purpose matches when two agreements cover different purposes', () => {
    const monitoring = agreement({ id: 'isa-pm', purposes: [Purpose.PERFORMANCE_MONITORING], grants: GENEROUS });
    const access = aeAccess({ agreements: [agreement(), monitoring] });
    expect(access?.agreementIds).toEqual(['isa-1']);
    expect(access?.fields[DETAILS].access).toBe(Access.NONE);
    expect(access?.fields[LOCATION].access).toBe(Access.AGGREGATE);
  });

  it('does not let an agreement for one dataset grant another dataset of the same provider', () => {
    const otherHealth = dataset({ id: 'ds-admissions', key: 'admissions', kind: DatasetKind.HEALTH_ADMISSION });
    const plan = compileAccessPlan(input({ datasets: [AE, otherHealth] }));
    expect(plan.datasets.has(AE.id)).toBe(true);
    expect(plan.datasets.has(otherHealth.id)).toBe(false);
  });

  it('omits datasets that no agreement shares', () => {
    expect(compileAccessPlan(input()).datasets.has(POLICE_CRIME.id)).toBe(false);
  });
});

describe('policy engine: combining overlapping agreements', () => {
  const a = agreement({
    id: 'isa-a',
    minCellSize: 10,
    grants: {
      [CATEGORY]: { access: Access.RECORD },
      [TIME]: { access: Access.RECORD, precision: TimePrecision.DAY },
      [LOCATION]: { access: Access.RECORD, precision: LocationPrecision.WARD },
      [AGE_BAND]: { access: Access.AGGREGATE },
    },
  });
  const b = agreement({
    id: 'isa-b',
    minCellSize: 5,
    grants: {
      [CATEGORY]: { access: Access.AGGREGATE },
      [TIME]: { access: Access.AGGREGATE, precision: TimePrecision.HOUR },
      [LOCATION]: { access: Access.AGGREGATE, precision: LocationPrecision.LSOA },
      [SEX]: { access: Access.RECORD },
      [DETAILS]: { access: Access.NONE },
    },
  });

  it.each([
    { field: CATEGORY, expected: { access: Access.RECORD, agreementIds: ['isa-a', 'isa-b'] } },
    {
      field: TIME,
      expected: {
        access: Access.RECORD,
        recordPrecision: TimePrecision.DAY,
        aggregatePrecision: TimePrecision.HOUR,
        agreementIds: ['isa-a', 'isa-b'],
      },
    },
    {
      field: LOCATION,
      expected: {
        access: Access.RECORD,
        recordPrecision: LocationPrecision.WARD,
        aggregatePrecision: LocationPrecision.LSOA,
        agreementIds: ['isa-a', 'isa-b'],
      },
    },
    { field: AGE_BAND, expected: { access: Access.AGGREGATE, agreementIds: ['isa-a'] } },
    { field: SEX, expected: { access: Access.RECORD, agreementIds: ['isa-b'] } },
    { field: DETAILS, expected: { access: Access.NONE, agreementIds: [] } },
  ])(
    'combines $field to the most permissive access, with the record grain only from record grants',
    ({ field, expected }) => {
      expect(aeAccess({ agreements: [a, b] })?.fields[field]).toEqual(expected);
    },
  );

  it('combines the same way whichever order the agreements come in', () => {
    const forward = aeAccess({ agreements: [a, b] });
    const backward = aeAccess({ agreements: [b, a] });
    for (const field of Object.values(RecordField)) {
      expect({
        ...backward?.fields[field],
        agreementIds: [...(backward?.fields[field].agreementIds ?? [])].sort(),
      }).toEqual(forward?.fields[field]);
    }
    expect(backward?.level).toBe(forward?.level);
    expect(backward?.minCellSize).toBe(forward?.minCellSize);
  });

  it('records which agreements contribute to the dataset', () => {
    expect(aeAccess({ agreements: [a, b] })?.agreementIds).toEqual(['isa-a', 'isa-b']);
  });

  it.each([
    {
      name: 'the stricter of two thresholds',
      agreements: [agreement({ id: 'x', minCellSize: 10 }), agreement({ id: 'y', minCellSize: 3 })],
      expected: 10,
    },
    {
      name: 'the stricter of two thresholds, in either order',
      agreements: [agreement({ id: 'x', minCellSize: 3 }), agreement({ id: 'y', minCellSize: 10 })],
      expected: 10,
    },
    { name: 'a single agreement threshold', agreements: [agreement({ minCellSize: 7 })], expected: 7 },
    {
      name: 'no lower threshold from an applicable agreement that grants no field',
      agreements: [
        agreement({ id: 'x', minCellSize: 10 }),
        agreement({ id: 'y', minCellSize: 1, grants: { [DETAILS]: { access: Access.NONE } } }),
      ],
      expected: 10,
    },
    {
      name: 'no lower threshold from an agreement for another purpose',
      agreements: [
        agreement({ id: 'x', minCellSize: 10 }),
        agreement({ id: 'y', minCellSize: 1, purposes: [Purpose.PROBLEM_SOLVING] }),
      ],
      expected: 10,
    },
    {
      name: 'no lower threshold from a suspended agreement',
      agreements: [
        agreement({ id: 'x', minCellSize: 10 }),
        agreement({ id: 'y', minCellSize: 1, status: AgreementStatus.SUSPENDED }),
      ],
      expected: 10,
    },
    {
      // An agreement granting one field with a low threshold must not lift the suppression of another's counts.
      name: 'no lower threshold from an agreement that grants one field in aggregate',
      agreements: [
        agreement({ id: 'x', minCellSize: 10 }),
        agreement({ id: 'y', minCellSize: 1, grants: { [AGE_BAND]: { access: Access.AGGREGATE } } }),
      ],
      expected: 10,
    },
    {
      name: 'a higher threshold from an agreement that grants aggregates only',
      agreements: [
        agreement({ id: 'x', minCellSize: 3 }),
        agreement({ id: 'y', minCellSize: 12, grants: { [AGE_BAND]: { access: Access.AGGREGATE } } }),
      ],
      expected: 12,
    },
  ])('takes $name as the minimum cell size', ({ agreements, expected }) => {
    expect(aeAccess({ agreements })?.minCellSize).toBe(expected);
  });

  it('does not list an applicable agreement that grants no field among the contributors', () => {
    const empty = agreement({ id: 'isa-empty', grants: {} });
    expect(aeAccess({ agreements: [agreement(), empty] })?.agreementIds).toEqual(['isa-1']);
  });
});

describe('policy engine: precision defaults', () => {
  it.each([
    {
      field: LOCATION,
      access: Access.RECORD,
      record: LocationPrecision.LOCAL_AUTHORITY,
      aggregate: LocationPrecision.LOCAL_AUTHORITY,
    },
    { field: LOCATION, access: Access.AGGREGATE, record: undefined, aggregate: LocationPrecision.LOCAL_AUTHORITY },
    { field: TIME, access: Access.RECORD, record: TimePrecision.MONTH, aggregate: TimePrecision.MONTH },
    { field: TIME, access: Access.AGGREGATE, record: undefined, aggregate: TimePrecision.MONTH },
  ])(
    'treats $access on $field with no precision stated as the coarsest grain',
    ({ field, access, record, aggregate }) => {
      const grants: FieldGrants = { [CATEGORY]: { access: Access.RECORD }, [field]: { access } };
      const fieldAccess = aeAccess({ agreements: [agreement({ grants })] })?.fields[field];
      expect(fieldAccess?.recordPrecision).toBe(record);
      expect(fieldAccess?.aggregatePrecision).toBe(aggregate);
    },
  );

  it('treats a grain of the wrong kind as the coarsest grain', () => {
    const grants: FieldGrants = {
      [CATEGORY]: { access: Access.RECORD },
      [LOCATION]: { access: Access.RECORD, precision: TimePrecision.MINUTE },
    };
    expect(aeAccess({ agreements: [agreement({ grants })] })?.fields[LOCATION].recordPrecision).toBe(
      LocationPrecision.LOCAL_AUTHORITY,
    );
  });

  it('lets a stated fine grain in one agreement win over an unstated grain in another', () => {
    const vague = agreement({
      id: 'vague',
      grants: { [CATEGORY]: { access: Access.RECORD }, [TIME]: { access: Access.RECORD } },
    });
    const precise = agreement({
      id: 'precise',
      grants: { [TIME]: { access: Access.RECORD, precision: TimePrecision.HOUR } },
    });
    expect(aeAccess({ agreements: [vague, precise] })?.fields[TIME].recordPrecision).toBe(TimePrecision.HOUR);
  });

  it('treats fields missing from the grants as not shared', () => {
    const access = aeAccess({ agreements: [agreement({ grants: { [CATEGORY]: { access: Access.RECORD } } })] });
    expect(access?.fields[DETAILS]).toEqual({ access: Access.NONE, agreementIds: [] });
    expect(access?.fields[LOCATION]).toEqual({ access: Access.NONE, agreementIds: [] });
  });

  it('drops a precision stated on a field that is not shared', () => {
    const grants: FieldGrants = {
      [CATEGORY]: { access: Access.RECORD },
      [LOCATION]: { access: Access.NONE, precision: LocationPrecision.GRID_100M },
    };
    expect(aeAccess({ agreements: [agreement({ grants })] })?.fields[LOCATION]).toEqual({
      access: Access.NONE,
      agreementIds: [],
    });
  });
});

describe('policy engine: dataset level and field capping', () => {
  it.each([
    {
      name: 'RECORD when the category is shared at record level',
      grants: { [CATEGORY]: { access: Access.RECORD } },
      level: Access.RECORD,
    },
    {
      name: 'AGGREGATE when the category is shared only in aggregate, even with record-level fields',
      grants: { [CATEGORY]: { access: Access.AGGREGATE }, [SEX]: { access: Access.RECORD } },
      level: Access.AGGREGATE,
    },
    {
      name: 'AGGREGATE when the category is not shared but another field is',
      grants: { [TIME]: { access: Access.AGGREGATE, precision: TimePrecision.MONTH } },
      level: Access.AGGREGATE,
    },
    {
      name: 'AGGREGATE when only non-category fields are shared at record level',
      grants: { [SEX]: { access: Access.RECORD } },
      level: Access.AGGREGATE,
    },
  ])('sets the level to $name', ({ grants, level }) => {
    expect(aeAccess({ agreements: [agreement({ grants })] })?.level).toBe(level);
  });

  it('omits a dataset when the applicable agreements grant no field', () => {
    const grants: FieldGrants = { [CATEGORY]: { access: Access.NONE }, [DETAILS]: { access: Access.NONE } };
    expect(aeAccess({ agreements: [agreement({ grants })] })).toBeUndefined();
  });

  it('caps record-level fields to aggregates when records cannot be listed, keeping the aggregate grain', () => {
    const grants: FieldGrants = {
      [CATEGORY]: { access: Access.AGGREGATE },
      [LOCATION]: { access: Access.RECORD, precision: LocationPrecision.LSOA },
      [SEX]: { access: Access.RECORD },
    };
    const access = aeAccess({ agreements: [agreement({ grants })] });
    expect(access?.level).toBe(Access.AGGREGATE);
    expect(access?.fields[LOCATION]).toEqual({
      access: Access.AGGREGATE,
      aggregatePrecision: LocationPrecision.LSOA,
      agreementIds: ['isa-1'],
    });
    expect(access?.fields[SEX]).toEqual({ access: Access.AGGREGATE, agreementIds: ['isa-1'] });
  });

  it('lifts the level to RECORD when a second agreement shares the category at record level', () => {
    const aggregateOnly = agreement({
      id: 'agg',
      grants: { [CATEGORY]: { access: Access.AGGREGATE }, [SEX]: { access: Access.RECORD } },
    });
    const categoryRecords = agreement({ id: 'rec', grants: { [CATEGORY]: { access: Access.RECORD } } });
    const access = aeAccess({ agreements: [aggregateOnly, categoryRecords] });
    expect(access?.level).toBe(Access.RECORD);
    expect(access?.fields[SEX].access).toBe(Access.RECORD);
  });
});

describe('policy engine: helpers', () => {
  it.each([
    {
      a: LocationPrecision.LSOA,
      b: LocationPrecision.WARD,
      finest: LocationPrecision.LSOA,
      coarsest: LocationPrecision.WARD,
    },
    {
      a: LocationPrecision.LOCAL_AUTHORITY,
      b: LocationPrecision.GRID_100M,
      finest: LocationPrecision.GRID_100M,
      coarsest: LocationPrecision.LOCAL_AUTHORITY,
    },
    {
      a: LocationPrecision.OUTWARD_POSTCODE,
      b: LocationPrecision.OUTWARD_POSTCODE,
      finest: LocationPrecision.OUTWARD_POSTCODE,
      coarsest: LocationPrecision.OUTWARD_POSTCODE,
    },
    { a: TimePrecision.MONTH, b: TimePrecision.HOUR, finest: TimePrecision.HOUR, coarsest: TimePrecision.MONTH },
    { a: TimePrecision.MINUTE, b: TimePrecision.DAY, finest: TimePrecision.MINUTE, coarsest: TimePrecision.DAY },
  ])('orders $a and $b: finer $finest, coarser $coarsest', ({ a, b, finest, coarsest }) => {
    expect(finer(a, b)).toBe(finest);
    expect(finer(b, a)).toBe(finest);
    expect(coarser(a, b)).toBe(coarsest);
    expect(coarser(b, a)).toBe(coarsest);
  });

  it('treats an undefined precision as absent when comparing', () => {
    expect(finer(undefined, TimePrecision.DAY)).toBe(TimePrecision.DAY);
    expect(coarser(LocationPrecision.WARD, undefined)).toBe(LocationPrecision.WARD);
    expect(finer(undefined, undefined)).toBeUndefined();
  });

  it('refuses to compare a location grain with a time grain', () => {
    expect(() => finer<LocationPrecision | TimePrecision>(LocationPrecision.LSOA, TimePrecision.DAY)).toThrow(
      /different kinds/,
    );
  });

  it('knows the finest and coarsest grain of each field', () => {
    expect(finestPrecision(LOCATION)).toBe(LocationPrecision.GRID_100M);
    expect(coarsestPrecision(LOCATION)).toBe(LocationPrecision.LOCAL_AUTHORITY);
    expect(finestPrecision(TIME)).toBe(TimePrecision.MINUTE);
    expect(coarsestPrecision(TIME)).toBe(TimePrecision.MONTH);
    expect(finestPrecision(CATEGORY)).toBeUndefined();
  });

  it.each([
    { name: 'an active agreement within its term', overrides: {}, inForce: true, reason: undefined },
    { name: 'a draft', overrides: { status: AgreementStatus.DRAFT }, inForce: false, reason: /draft/ },
    {
      name: 'a provider-approved agreement',
      overrides: { status: AgreementStatus.PROVIDER_APPROVED },
      inForce: false,
      reason: /recipients' acceptance/,
    },
    {
      name: 'a suspended agreement',
      overrides: { status: AgreementStatus.SUSPENDED },
      inForce: false,
      reason: /suspended/,
    },
    { name: 'a revoked agreement', overrides: { status: AgreementStatus.REVOKED }, inForce: false, reason: /revoked/ },
    {
      name: 'an agreement marked expired',
      overrides: { status: AgreementStatus.EXPIRED },
      inForce: false,
      reason: /expired/,
    },
    {
      name: 'an agreement that has not started',
      overrides: { validFrom: '2025-07-01' },
      inForce: false,
      reason: /not in force until 2025-07-01/,
    },
    {
      name: 'an agreement past its end',
      overrides: { validTo: '2025-06-14' },
      inForce: false,
      reason: /expired on 2025-06-14/,
    },
    {
      name: 'an agreement past its review date',
      overrides: { reviewDate: '2025-06-01' },
      inForce: false,
      reason: /review date \(2025-06-01\)/,
    },
    {
      name: 'an agreement with a malformed date',
      overrides: { validTo: '31/12/2025' },
      inForce: false,
      reason: /malformed/,
    },
  ])('says whether $name is in force, and why not', ({ overrides, inForce, reason }) => {
    const result = isAgreementInForce(agreement(overrides), TODAY);
    expect(result.inForce).toBe(inForce);
    if (reason === undefined) expect(result.reason).toBeUndefined();
    else expect(result.reason).toMatch(reason);
  });

  it('normalises the grants of an agreement in force and grants nothing from one that is not', () => {
    const grants = agreementGrants(agreement({ grants: { [LOCATION]: { access: Access.AGGREGATE } } }), TODAY);
    expect(grants[LOCATION]).toEqual({ access: Access.AGGREGATE, precision: LocationPrecision.LOCAL_AUTHORITY });
    expect(grants[DETAILS]).toEqual({ access: Access.NONE });
    const suspended = agreementGrants(agreement({ status: AgreementStatus.SUSPENDED }), TODAY);
    expect(Object.values(suspended).every((grant) => grant.access === Access.NONE)).toBe(true);
  });

  it('gives every reason an agreement does not apply', () => {
    const result = agreementApplies(
      agreement({
        status: AgreementStatus.REVOKED,
        recipientAgencyIds: [POLICE],
        purposes: [Purpose.PARTNERSHIP_PLAN],
      }),
      { agencyId: COUNCIL, dataset: AE, purpose: Purpose.STRATEGIC_ASSESSMENT, today: TODAY },
    );
    expect(result.applies).toBe(false);
    expect(result.reasons).toHaveLength(3);
  });

  it.each(['2025-6-15', '2025-06-15T00:00:00Z', ''])('refuses to compile for a malformed today (%j)', (today) => {
    expect(() => compileAccessPlan(input({ today }))).toThrow(/ISO date/);
  });
});

describe('policy engine: purity', () => {
  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  }

  it('compiles equal plans from equal inputs without touching them', () => {
    const frozen = deepFreeze(
      input({ agreements: [agreement(), agreement({ id: 'isa-2', grants: GENEROUS, minCellSize: 3 })] }),
    );
    const first = compileAccessPlan(frozen);
    const second = compileAccessPlan(frozen);
    expect(second).toEqual(first);
    expect(explainAccess(frozen)).toEqual(explainAccess(frozen));
  });

  const statusArb = fc.constantFrom(...Object.values(AgreementStatus));
  const dateArb = fc.constantFrom('2024-12-31', '2025-01-01', '2025-06-15', '2025-12-31', '2026-01-01');
  const accessArb = fc.constantFrom(...Object.values(Access));
  const grantsArb = fc.record(
    {
      [CATEGORY]: fc.record({ access: accessArb }),
      [TIME]: fc.record({
        access: accessArb,
        precision: fc.option(fc.constantFrom(...Object.values(TimePrecision)), { nil: undefined }),
      }),
      [LOCATION]: fc.record({
        access: accessArb,
        precision: fc.option(fc.constantFrom(...Object.values(LocationPrecision)), { nil: undefined }),
      }),
      [DETAILS]: fc.record({ access: accessArb }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<FieldGrants>;
  const agreementArb = fc
    .record({
      status: statusArb,
      validFrom: dateArb,
      validTo: dateArb,
      reviewDate: dateArb,
      purposes: fc.subarray(ALL_PURPOSES),
      recipientAgencyIds: fc.subarray([COUNCIL, POLICE]),
      grants: grantsArb,
      minCellSize: fc.integer({ min: 0, max: 20 }),
    })
    .map((overrides) => agreement(overrides));
  const agreementsArb = fc
    .array(agreementArb, { maxLength: 4 })
    .map((list) => list.map((one, index) => ({ ...one, id: `isa-${index}` })));

  it('never takes access away when an agreement is added', () => {
    fc.assert(
      fc.property(agreementsArb, agreementArb, (agreements, extra) => {
        const before = aeAccess({ agreements });
        const after = aeAccess({ agreements: [...agreements, { ...extra, id: 'isa-extra' }] });
        if (before === undefined) return;
        expect(after).toBeDefined();
        const rank = (access: Access) => [Access.NONE, Access.AGGREGATE, Access.RECORD].indexOf(access);
        expect(rank(after!.level)).toBeGreaterThanOrEqual(rank(before.level));
        for (const field of Object.values(RecordField)) {
          expect(rank(after!.fields[field].access)).toBeGreaterThanOrEqual(rank(before.fields[field].access));
        }
      }),
    );
  });

  it('never changes the plan when an agreement that is not in force is added', () => {
    fc.assert(
      fc.property(agreementsArb, agreementArb, (agreements, extra) => {
        const notInForce = { ...extra, id: 'isa-extra', status: AgreementStatus.SUSPENDED };
        expect(aeAccess({ agreements: [...agreements, notInForce] })).toEqual(aeAccess({ agreements }));
      }),
    );
  });

  it('never shows a record-level field in a dataset whose records cannot be listed', () => {
    fc.assert(
      fc.property(agreementsArb, (agreements) => {
        const access = aeAccess({ agreements });
        if (access === undefined || access.level === Access.RECORD) return;
        for (const field of Object.values(RecordField)) {
          expect(access.fields[field].access).not.toBe(Access.RECORD);
          expect(access.fields[field].recordPrecision).toBeUndefined();
        }
      }),
    );
  });
});

describe('policy engine: explain my access', () => {
  const expired = agreement({
    id: 'isa-old',
    validFrom: '2023-01-01',
    validTo: '2024-12-31',
    reviewDate: '2024-12-31',
  });
  const suspended = agreement({ id: 'isa-susp', status: AgreementStatus.SUSPENDED });
  const unreviewed = agreement({ id: 'isa-unrev', reviewDate: '2025-03-31' });
  const otherPurpose = agreement({ id: 'isa-pm', purposes: [Purpose.PERFORMANCE_MONITORING] });
  const notRecipient = agreement({ id: 'isa-fire', recipientAgencyIds: [FIRE] });
  const draft = agreement({ id: 'isa-draft', status: AgreementStatus.DRAFT });
  const policeOnly = agreement({ id: 'isa-police', providerAgencyId: POLICE, datasetIds: [POLICE_CRIME.id] });
  const all = [agreement(), expired, suspended, unreviewed, otherPurpose, notRecipient, draft, policeOnly];

  function explainAe(overrides: Partial<PolicyInput> = {}) {
    const explained = explainDataset(input({ agreements: all, ...overrides }), AE.id);
    if (explained === undefined) throw new Error('expected an explanation');
    return explained;
  }

  it('names the agreement that grants each field and the grain it grants', () => {
    const explained = explainAe();
    const granting = explained.agreements.find((one) => one.agreementId === 'isa-1');
    expect(granting?.applies).toBe(true);
    expect(granting?.grants.map((grant) => grant.field)).toEqual([CATEGORY, TIME, LOCATION]);
    expect(granting?.text).toMatch(
      /ISA-1 applies and grants CATEGORY \(record level\), TIME \(record level at DAY\), LOCATION \(aggregates only at LSOA\)/,
    );
    expect(explained.fields.find((field) => field.field === TIME)?.text).toMatch(
      /TIME: record level at DAY.*granted by ISA-1/,
    );
    expect(explained.fields.find((field) => field.field === DETAILS)?.text).toMatch(/DETAILS: not shared/);
  });

  it.each([
    { id: 'isa-old', reason: /expired on 2024-12-31/ },
    { id: 'isa-susp', reason: /is suspended/ },
    { id: 'isa-unrev', reason: /past its review date \(2025-03-31\)/ },
    { id: 'isa-pm', reason: /does not cover the purpose STRATEGIC_ASSESSMENT \(it covers PERFORMANCE_MONITORING\)/ },
    { id: 'isa-draft', reason: /draft/ },
  ])('says why agreement $id did not apply', ({ id, reason }) => {
    const explained = explainAe().agreements.find((one) => one.agreementId === id);
    expect(explained?.applies).toBe(false);
    expect(explained?.grants).toEqual([]);
    expect(explained?.text).toMatch(/does not apply: it /);
    expect(explained?.text).toMatch(reason);
  });

  it("leaves out agreements the caller's agency is not party to: their terms are not its business", () => {
    const explained = explainAe();
    expect(explained.agreements.map((one) => one.agreementId)).not.toContain('isa-fire');
    expect(explained.summary.join(' ')).not.toContain('ISA-FIRE');
    expect(explained.summary.join(' ')).toContain('ISA-PM');
  });

  it("leaves out agreements about another provider's datasets", () => {
    expect(explainAe().agreements.map((one) => one.agreementId)).not.toContain('isa-police');
  });

  it("explains another provider's dataset through its own agreements", () => {
    const explained = explainDataset(input({ agreements: all }), POLICE_CRIME.id);
    expect(explained?.level).toBe(Access.RECORD);
    expect(explained?.agreements.map((one) => one.agreementId)).toEqual(['isa-police']);
  });

  it('agrees with the compiled plan', () => {
    const plan = compileAccessPlan(input({ agreements: all }));
    for (const explained of explainAccess(input({ agreements: all }))) {
      const planned = plan.datasets.get(explained.datasetId);
      expect(explained.level).toBe(planned?.level ?? Access.NONE);
      if (planned === undefined) continue;
      expect(explained.minCellSize).toBe(planned.minCellSize);
      for (const field of explained.fields) {
        expect(field.access).toBe(planned.fields[field.field].access);
        expect(field.agreementIds).toEqual(planned.fields[field.field].agreementIds);
      }
    }
  });

  it('summarises record access with the suppression threshold first', () => {
    expect(explainAe().summary[0]).toBe(
      'You may list records of manor-ae-assaults for STRATEGIC_ASSESSMENT; aggregate cells below 10 are suppressed.',
    );
  });

  it('explains aggregate-only access and a capped field', () => {
    const grants: FieldGrants = {
      [CATEGORY]: { access: Access.AGGREGATE },
      [LOCATION]: { access: Access.RECORD, precision: LocationPrecision.WARD },
    };
    const explained = explainAe({ agreements: [agreement({ grants })] });
    expect(explained.level).toBe(Access.AGGREGATE);
    expect(explained.summary[0]).toMatch(/only aggregates .* CATEGORY is not shared at record level/);
    const location = explained.fields.find((field) => field.field === LOCATION);
    expect(location?.capped).toBe(true);
    expect(location?.text).toMatch(/aggregates only, down to WARD \(an agreement allows records/);
  });

  it('notes when a grain was assumed because the agreement stated none', () => {
    const grants: FieldGrants = { [CATEGORY]: { access: Access.RECORD }, [TIME]: { access: Access.RECORD } };
    const explained = explainAe({ agreements: [agreement({ grants })] });
    const grant = explained.agreements[0]?.grants.find((one) => one.field === TIME);
    expect(grant).toEqual({
      field: TIME,
      access: Access.RECORD,
      precision: TimePrecision.MONTH,
      precisionDefaulted: true,
    });
    expect(explained.agreements[0]?.text).toMatch(
      /TIME \(record level at MONTH, the coarsest grain, as none is stated\)/,
    );
  });

  it('says no agreement in force shares the dataset when none applies', () => {
    const explained = explainAe({ agreements: [suspended, expired] });
    expect(explained.level).toBe(Access.NONE);
    expect(explained.summary[0]).toBe(
      'No agreement in force shares manor-ae-assaults with your agency for STRATEGIC_ASSESSMENT.',
    );
    expect(explained.summary).toHaveLength(3);
  });

  it('says no agreement shares the dataset when there is none for it', () => {
    const explained = explainDataset(input({ agreements: all.filter((one) => one !== policeOnly) }), POLICE_CRIME.id);
    expect(explained?.level).toBe(Access.NONE);
    expect(explained?.summary[0]).toBe('No agreement shares wmp-crimes with your agency.');
  });

  it("explains the caller's own dataset as seen in full", () => {
    const explained = explainDataset(input({ agreements: all }), COUNCIL_ASB.id);
    expect(explained?.own).toBe(true);
    expect(explained?.level).toBe(Access.RECORD);
    expect(explained?.summary[0]).toMatch(/your own agency's dataset/);
    expect(explained?.fields.every((field) => field.access === Access.RECORD)).toBe(true);
  });

  it.each([
    { name: 'an auditor', overrides: { principal: principal({ roles: [Role.AUDITOR] }) }, code: 'NO_DATA_ROLE' },
    { name: 'a request with no purpose', overrides: { purpose: undefined }, code: 'PURPOSE_REQUIRED' },
    {
      name: 'an officer for a strategic assessment',
      overrides: { principal: principal({ roles: [Role.OFFICER] }) },
      code: 'PURPOSE_NOT_ALLOWED_FOR_ROLE',
    },
  ])('explains the denial, and nothing else, for $name', ({ overrides, code }) => {
    const explained = explainAe(overrides);
    expect(explained.denial?.code).toBe(code);
    expect(explained.level).toBe(Access.NONE);
    expect(explained.agreements).toEqual([]);
    expect(explained.summary).toEqual([explained.denial?.message]);
  });

  it('returns nothing for a dataset not in the registry', () => {
    expect(explainDataset(input(), 'ds-unknown')).toBeUndefined();
  });

  it('explains every dataset in registry order', () => {
    expect(explainAccess(input({ agreements: all })).map((one) => one.datasetId)).toEqual([
      AE.id,
      POLICE_CRIME.id,
      COUNCIL_ASB.id,
    ]);
  });
});
