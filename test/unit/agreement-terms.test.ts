import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  Access,
  LegalBasis,
  LocationPrecision,
  Purpose,
  RecordField,
  TimePrecision,
} from '../../src/domain/vocabulary.js';
import { canonicalTerms, termsDigest, type AgreementTerms } from '../../src/agreements/agreement-terms.js';

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
