import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  Access,
  AgencyKind,
  DatasetKind,
  LegalBasis,
  LocationPrecision,
  Purpose,
  RecordField,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import {
  canonicalTerms,
  legalBasesProblem,
  termsDigest,
  type AgreementTerms,
  type DatasetBasisFacts,
} from '../../src/agreements/agreement-terms.js';
import { demoAgreements } from '../../src/demo/demo-agreements.js';
import { DEMO_AGENCIES, DEMO_DATASETS } from '../../src/demo/partnership.js';

/*
 * The terms digest binds a signature (approval, acceptance) to the terms read: it must
 * change whenever anything that decides what is shared changes, and must not change
 * when only the order of a list does.
 */

const base: AgreementTerms = {
  provider: 'BPOL',
  datasets: ['bpol-crime', 'bpol-incidents'],
  recipients: ['RDC', 'SCC'],
  purposes: [Purpose.STRATEGIC_ASSESSMENT, Purpose.PROBLEM_SOLVING],
  legalBasis: LegalBasis.S17A_DUTY,
  grants: {
    [RecordField.CATEGORY]: { access: Access.RECORD },
    [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.HOUR },
    [RecordField.LOCATION]: { access: Access.AGGREGATE, precision: LocationPrecision.LSOA },
  },
  minCellSize: 10,
  validFrom: '2026-04-01',
  validTo: '2027-03-31',
  reviewDate: '2026-10-01',
};
const digest = termsDigest(base);

describe('termsDigest', () => {
  it('is the SHA-256, in lower-case hex, of the documented canonical form', () => {
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalTerms(base)).toBe(
      JSON.stringify([
        'hub-agreement-terms/1',
        'BPOL',
        ['bpol-crime', 'bpol-incidents'],
        ['RDC', 'SCC'],
        ['PROBLEM_SOLVING', 'STRATEGIC_ASSESSMENT'],
        'S17A_DUTY',
        [
          ['AGE_BAND', 'NONE', null],
          ['CATEGORY', 'RECORD', null],
          ['DETAILS', 'NONE', null],
          ['LOCATION', 'AGGREGATE', 'LSOA'],
          ['SEX', 'NONE', null],
          ['TIME', 'RECORD', 'HOUR'],
        ],
        10,
        '2026-04-01',
        '2027-03-31',
        '2026-10-01',
      ]),
    );
    expect(digest).toBe(createHash('sha256').update(canonicalTerms(base)).digest('hex'));
  });

  it('is deterministic', () => {
    expect(termsDigest({ ...base })).toBe(digest);
    expect(termsDigest(structuredClone(base))).toBe(digest);
  });

  const changes: [string, Partial<AgreementTerms>][] = [
    ['provider', { provider: 'RHT' }],
    ['a dataset added', { datasets: [...base.datasets, 'bpol-asb'] }],
    ['a dataset removed', { datasets: ['bpol-crime'] }],
    ['a dataset replaced', { datasets: ['bpol-crime', 'bpol-other'] }],
    ['a recipient added', { recipients: [...base.recipients, 'SFRS'] }],
    ['a recipient removed', { recipients: ['RDC'] }],
    ['a purpose added', { purposes: [...base.purposes, Purpose.TACTICAL_TASKING] }],
    ['a purpose removed', { purposes: [Purpose.STRATEGIC_ASSESSMENT] }],
    ['legal basis', { legalBasis: LegalBasis.S115_POWER }],
    ['a further legal basis cited', { additionalLegalBases: [LegalBasis.PCSC_S16_SVD] }],
    [
      'a grant widened to record level',
      {
        grants: {
          ...base.grants,
          [RecordField.LOCATION]: { access: Access.RECORD, precision: LocationPrecision.LSOA },
        },
      },
    ],
    [
      'a grain made finer',
      {
        grants: {
          ...base.grants,
          [RecordField.LOCATION]: { access: Access.AGGREGATE, precision: LocationPrecision.GRID_100M },
        },
      },
    ],
    [
      'a time grain made finer',
      { grants: { ...base.grants, [RecordField.TIME]: { access: Access.RECORD, precision: TimePrecision.MINUTE } } },
    ],
    ['a field newly granted', { grants: { ...base.grants, [RecordField.SEX]: { access: Access.AGGREGATE } } }],
    ['a grant narrowed', { grants: { ...base.grants, [RecordField.CATEGORY]: { access: Access.AGGREGATE } } }],
    ['a grant withdrawn', { grants: { [RecordField.CATEGORY]: { access: Access.RECORD } } }],
    ['minCellSize', { minCellSize: 1 }],
    ['validFrom', { validFrom: '2026-03-31' }],
    ['validTo', { validTo: '2028-03-31' }],
    ['reviewDate', { reviewDate: '2026-10-02' }],
  ];
  it.each(changes)('changes when %s changes', (_what, change) => {
    expect(termsDigest({ ...base, ...change })).not.toBe(digest);
  });

  it('covers every term: no two of the changes above give the same digest', () => {
    const all = changes.map(([, c]) => termsDigest({ ...base, ...c }));
    expect(new Set(all).size).toBe(all.length);
  });

  it('does not change with the order of datasets, recipients, purposes or grants', () => {
    const reordered: AgreementTerms = {
      ...base,
      datasets: [...base.datasets].reverse(),
      recipients: [...base.recipients].reverse(),
      purposes: [...base.purposes].reverse(),
      grants: Object.fromEntries(Object.entries(base.grants).reverse()),
    };
    expect(termsDigest(reordered)).toBe(digest);
  });

  it('reads a field left out and a field granted NONE alike (both share nothing)', () => {
    expect(
      termsDigest({
        ...base,
        grants: {
          ...base.grants,
          [RecordField.SEX]: { access: Access.NONE },
          [RecordField.DETAILS]: { access: Access.NONE },
        },
      }),
    ).toBe(digest);
  });

  it('is unchanged by any permutation of the lists (property)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...base.datasets, 'bpol-asb', 'bpol-other'], { minLength: 1 }),
        fc.shuffledSubarray(['RDC', 'SCC', 'SFRS', 'RHT'], { minLength: 1 }),
        fc.shuffledSubarray(Object.values(Purpose), { minLength: 1 }),
        (datasets, recipients, purposes) => {
          const t = { ...base, datasets, recipients, purposes };
          const shuffled = {
            ...t,
            datasets: [...datasets].reverse(),
            recipients: [...recipients].reverse(),
            purposes: [...purposes].reverse(),
          };
          expect(termsDigest(shuffled)).toBe(termsDigest(t));
        },
      ),
    );
  });

  it('keeps the members of lists apart (no ambiguity from joining)', () => {
    expect(termsDigest({ ...base, datasets: ['a,b'] })).not.toBe(termsDigest({ ...base, datasets: ['a', 'b'] }));
  });
});

describe('termsDigest with several legal bases', () => {
  it('is unchanged for an agreement citing one basis, with or without an empty list of others', () => {
    expect(termsDigest({ ...base, additionalLegalBases: [] })).toBe(digest);
    // Repeating the first basis among the others cites nothing more.
    expect(termsDigest({ ...base, additionalLegalBases: [LegalBasis.S17A_DUTY] })).toBe(digest);
  });

  it('writes every basis, sorted, when the agreement cites several: which one is first does not matter', () => {
    const both = { ...base, additionalLegalBases: [LegalBasis.PCSC_S16_SVD] };
    expect(JSON.parse(canonicalTerms(both))[5]).toEqual(['PCSC_S16_SVD', 'S17A_DUTY']);
    expect(
      termsDigest({ ...base, legalBasis: LegalBasis.PCSC_S16_SVD, additionalLegalBases: [LegalBasis.S17A_DUTY] }),
    ).toBe(termsDigest(both));
  });
});

describe('legalBasesProblem: section 16 of the 2022 Act and health data', () => {
  const ds = (key: string, kind: DatasetKind, agencyKind: AgencyKind): DatasetBasisFacts => ({ key, kind, agencyKind });
  const crime = ds('pol-crime', DatasetKind.POLICE_CRIME, AgencyKind.POLICE);
  const ae = ds('rht-ae', DatasetKind.AE_ASSAULT, AgencyKind.HEALTH);
  const admissions = ds('icb-admissions', DatasetKind.HEALTH_ADMISSION, AgencyKind.INTEGRATED_CARE_BOARD);
  const ambulance = ds('samb-callouts', DatasetKind.AMBULANCE_CALLOUT, AgencyKind.AMBULANCE);
  const { S16, S115, S17A, OTHER } = {
    S16: LegalBasis.PCSC_S16_SVD,
    S115: LegalBasis.S115_POWER,
    S17A: LegalBasis.S17A_DUTY,
    OTHER: LegalBasis.OTHER,
  };

  it.each([
    ['A&E assaults', ae],
    ['hospital admissions of an integrated care board', admissions],
    ['ambulance call-outs', ambulance],
    // A health body's data is health data whatever its kind says.
    ['a police-kind dataset held by a health body', ds('odd', DatasetKind.POLICE_CRIME, AgencyKind.HEALTH)],
  ])('refuses section 16 alone for %s, giving the reason and naming the dataset', (_what, d) => {
    const problem = legalBasesProblem([S16], [crime, d]);
    expect(problem).toMatch(
      /^Section 16 of the Police, Crime, Sentencing and Courts Act 2022 does not cover patient information/,
    );
    expect(problem).toContain('cite s115 or s17A');
    expect(problem).toContain(d.key);
    expect(problem).not.toContain(crime.key);
    // Cited twice is still alone.
    expect(legalBasesProblem([S16, S16], [d])).not.toBeNull();
  });

  it.each([
    ['s115', [S16, S115]],
    ['s17A', [S17A, S16]],
    ['another basis the agreement names', [S16, OTHER]],
  ])('accepts section 16 on health data beside %s', (_what, bases) => {
    expect(legalBasesProblem(bases, [ae, admissions, ambulance])).toBeNull();
  });

  it('accepts section 16 alone on data that is not health data, and any agreement not citing it', () => {
    expect(legalBasesProblem([S16], [crime, ds('frs', DatasetKind.FIRE_INCIDENT, AgencyKind.FIRE)])).toBeNull();
    expect(
      legalBasesProblem([S16], [ds('yot', DatasetKind.COUNCIL_REPORT, AgencyKind.YOUTH_OFFENDING_TEAM)]),
    ).toBeNull();
    expect(legalBasesProblem([S115], [ae])).toBeNull();
    expect(legalBasesProblem([OTHER], [ae])).toBeNull();
  });

  it('holds for every demo agreement', () => {
    const agencyKind = Object.fromEntries(DEMO_AGENCIES.map((a) => [a.code, a.kind]));
    const dataset = Object.fromEntries(DEMO_DATASETS.map((d) => [d.key, d]));
    const agreements = demoAgreements('2026-11-22');
    expect(agreements.some((a) => a.additionalLegalBases?.includes(S16))).toBe(true);
    for (const a of agreements) {
      const facts = a.datasetKeys.map((k) => ds(k, dataset[k].kind, agencyKind[dataset[k].agencyCode]));
      expect(legalBasesProblem([a.legalBasis, ...(a.additionalLegalBases ?? [])], facts), a.reference).toBeNull();
    }
  });
});
