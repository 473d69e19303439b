import { describe, expect, it } from 'vitest';
import {
  addDays,
  fieldPathInWords,
  addMonths,
  formatDetails,
  formatAtPrecision,
  formatCount,
  formatDate,
  formatPercent,
  formatShare,
  humanise,
  isoToLondonDate,
  londonMidnightIso,
} from './format';

describe('formatting for people in the UK', () => {
  it('writes counts with thousands separators, and nothing for a missing count', () => {
    expect(formatCount(243000)).toBe('243,000');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('');
  });

  it('writes percentages, signed when asked', () => {
    expect(formatPercent(24.84)).toBe('24.8%');
    expect(formatPercent(-2.5, true)).toBe('−2.5%');
    expect(formatPercent(3, true)).toBe('+3.0%');
    expect(formatShare(0.25)).toBe('25.0%');
    expect(formatShare(null)).toBe('');
  });

  it('writes dates UK style, in London time', () => {
    expect(formatDate('2025-04-01')).toBe('1 April 2025');
    // 23:30 UTC on 31 March is already 1 April in London (BST).
    expect(formatDate('2025-03-31T23:30:00Z')).toBe('1 April 2025');
    expect(formatAtPrecision('2025-04-01T20:40:00Z', 'MINUTE')).toBe('1 April 2025, 21:40');
    expect(formatAtPrecision('2025-04-01T20:00:00Z', 'HOUR', true)).toBe('1 Apr 2025, 21:00 to 22:00');
    expect(formatAtPrecision('2025-04-01T00:00:00+01:00', 'MONTH')).toBe('April 2025');
  });

  it('turns a day into London midnight, in summer and winter time, and back', () => {
    expect(londonMidnightIso('2025-04-01')).toBe('2025-04-01T00:00:00+01:00');
    expect(londonMidnightIso('2025-01-01')).toBe('2025-01-01T00:00:00+00:00');
    // The days the clocks change: midnight is before the change.
    expect(londonMidnightIso('2025-03-30')).toBe('2025-03-30T00:00:00+00:00');
    expect(londonMidnightIso('2025-10-26')).toBe('2025-10-26T00:00:00+01:00');
    expect(isoToLondonDate('2025-04-01T00:00:00+01:00')).toBe('2025-04-01');
    expect(isoToLondonDate('2025-03-31T23:00:00Z')).toBe('2025-04-01');
    expect(() => londonMidnightIso('1/4/2025')).toThrow();
  });

  it('writes a record’s coded details in words', () => {
    expect(
      formatDetails({
        domesticAbuse: false,
        alcoholRelated: true,
        weapon: 'KNIFE_OR_BLADE',
        location_type: 'PUB_OR_CLUB',
      }),
    ).toBe('Domestic abuse: no; Alcohol related: yes; Weapon: knife or blade; Location type: pub or club');
    expect(formatDetails(null)).toBe('');
  });

  it('adds days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('adds months', () => {
    expect(addMonths('2026-12-01', -12)).toBe('2025-12-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('writes codes in words, keeping acronyms', () => {
    expect(humanise('VIOLENCE_AGAINST_THE_PERSON')).toBe('Violence against the person');
    expect(humanise('ASB_NUISANCE')).toBe('ASB nuisance');
    expect(humanise('AE_ASSAULT')).toBe('A&E assault');
    expect(humanise(null)).toBe('');
  });
});

describe('field paths in words', () => {
  it('drops the type and splits the words', () => {
    expect(fieldPathInWords('SharedRecord.gridEasting')).toBe('grid easting');
    expect(fieldPathInWords('ageBand')).toBe('age band');
  });
});
