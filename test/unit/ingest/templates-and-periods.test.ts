import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/domain/categories.js';
import { Cadence, DatasetKind, LocationPrecision, Role } from '../../../src/domain/vocabulary.js';
import { importDenial } from '../../../src/auth/import-access.js';
import { dueBy, parsePeriod, periodContaining, periodsBetween } from '../../../src/ingest/periods.js';
import { periodStatus } from '../../../src/ingest/submissions.service.js';
import { ALL_TEMPLATES, TEMPLATES } from '../../../src/ingest/templates.js';
import { SubmissionStatus, ColumnTreatment } from '../../../src/domain/api-enums.js';

describe('the templates', () => {
  it('cover every prescribed kind, each with a hashed source reference and a time', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual(Object.values(DatasetKind).sort());
    for (const t of ALL_TEMPLATES) {
      expect(t.columns.find((c) => c.name === 'source_ref')).toMatchObject({
        required: true,
        treatment: ColumnTreatment.HASHED,
      });
      expect(t.columns.find((c) => c.name === 'occurred_at')).toMatchObject({ required: true });
      expect(new Set(t.columns.map((c) => c.name)).size).toBe(t.columns.length);
    }
  });

  it("offer exactly the shared vocabulary's categories", () => {
    for (const t of ALL_TEMPLATES) {
      expect(t.columns.find((c) => c.name === 'category')!.allowedValues).toEqual(
        CATEGORIES[t.kind].map((c) => c.code),
      );
    }
  });

  it('accept grid references only where they keep 100 m squares, and free text only as coded-or-dropped', () => {
    for (const t of ALL_TEMPLATES) {
      const grid = t.columns.some((c) => c.name === 'easting');
      expect(grid).toBe(t.precision.location === LocationPrecision.GRID_100M);
      for (const c of t.columns.filter((x) => x.type === 'FREE_TEXT'))
        expect(c.treatment).toBe(ColumnTreatment.CODED_OR_DROPPED);
    }
  });

  it('keep ISTV A&E data monthly, at the hour and the LSOA, and admissions at the day and the outward code', () => {
    expect(TEMPLATES.AE_ASSAULT).toMatchObject({
      cadence: Cadence.MONTHLY,
      precision: { location: 'LSOA', time: 'HOUR', ageBand: true },
    });
    expect(TEMPLATES.HEALTH_ADMISSION.precision).toEqual({ location: 'OUTWARD_POSTCODE', time: 'DAY', ageBand: true });
  });
});

describe('who may import', () => {
  const user = (roles: Role[], agencyId = 'a1') => ({
    kind: 'user' as const,
    id: 'u',
    agencyId,
    agencyCode: 'A',
    roles,
    scopes: [],
    label: 'u',
  });
  const key = (scopes: string[], agencyId = 'a1') => ({
    kind: 'apiKey' as const,
    id: 'k',
    agencyId,
    agencyCode: 'A',
    roles: [],
    scopes,
    label: 'k',
  });

  it.each([
    ["a provider of the dataset's agency", user([Role.PROVIDER]), null],
    ['an import key of the agency', key(['IMPORT']), null],
    ['the operator at the command line', { kind: 'system' as const, label: 'cli:ops' }, null],
    ['an analyst of the agency', user([Role.ANALYST]), /PROVIDER role/],
    ['an administrator', user([Role.ADMIN]), /PROVIDER role/],
    ['a read-only key', key(['READ']), /IMPORT scope/],
    ['a provider of another agency', user([Role.PROVIDER], 'a2'), /own agency's datasets/],
    ['an import key of another agency', key(['IMPORT'], 'a2'), /own agency's datasets/],
  ])('%s', (_who, actor, expected) => {
    const denial = importDenial(actor, 'a1', 'ds');
    if (expected === null) expect(denial).toBeNull();
    else expect(denial).toMatch(expected);
  });
});

describe('submission periods', () => {
  it('parses quarters and months, and knows their deadlines', () => {
    expect(parsePeriod('2026-Q1')).toMatchObject({
      start: '2026-01-01',
      end: '2026-03-31',
      months: ['2026-01', '2026-02', '2026-03'],
    });
    expect(dueBy(parsePeriod('2026-Q1')!)).toBe('2026-06-30');
    expect(dueBy(parsePeriod('2025-Q4')!)).toBe('2026-03-31');
    expect(dueBy(parsePeriod('2026-01')!)).toBe('2026-02-28');
    expect(dueBy(parsePeriod('2024-01')!)).toBe('2024-02-29');
    expect(parsePeriod('2026-Q5')).toBeNull();
    expect(parsePeriod('2026-13')).toBeNull();
    expect(periodsBetween(Cadence.QUARTERLY, '2025-11-15', '2026-04-01').map((p) => p.label)).toEqual([
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
  });

  const q1 = periodContaining(Cadence.QUARTERLY, '2026-02-10');
  it.each([
    ['the period is still running', '2026-03-31', undefined, SubmissionStatus.IN_PROGRESS],
    ['ended, nothing yet, deadline ahead', '2026-06-30', undefined, SubmissionStatus.DUE],
    ['deadline passed with nothing', '2026-07-01', undefined, SubmissionStatus.OVERDUE],
    [
      'arrived before the deadline',
      '2026-09-01',
      { rows: 5, batches: 1, firstAt: new Date('2026-06-30T20:00:00Z') },
      SubmissionStatus.RECEIVED,
    ],
    [
      'arrived after the deadline (UK date)',
      '2026-09-01',
      { rows: 5, batches: 1, firstAt: new Date('2026-06-30T23:30:00Z') },
      SubmissionStatus.RECEIVED_LATE,
    ],
    ['loaded outside the pipeline', '2026-09-01', { rows: 5, batches: 0, firstAt: null }, SubmissionStatus.RECEIVED],
  ])('for a quarter: %s', (_case, asOf, arrival, status) => {
    expect(periodStatus(q1, asOf, arrival)).toBe(status);
  });

  it('never counts a period before the dataset was registered as late', () => {
    expect(periodStatus(q1, '2027-01-01', { rows: 5, batches: 1, firstAt: new Date('2026-12-01') }, '2026-11-01')).toBe(
      SubmissionStatus.RECEIVED,
    );
  });
});
