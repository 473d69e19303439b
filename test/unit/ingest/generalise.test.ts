import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimePrecision } from '../../../src/domain/vocabulary.js';
import {
  ageBand,
  flag,
  gridSquare,
  icd10Group,
  isFullPostcode,
  lengthOfStayBand,
  MAX_EASTING,
  outwardCode,
  sexCode,
} from '../../../src/ingest/generalise.js';
import { londonMonth, parseUkDateTime, truncateLondon } from '../../../src/domain/uk-time.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('generalisation', () => {
  it('keeps only the south-west corner of the 100 m grid square', () => {
    expect(gridSquare('445123.9', MAX_EASTING)).toBe(445100);
    expect(gridSquare('445100', MAX_EASTING)).toBe(445100);
    expect(gridSquare('99', MAX_EASTING)).toBe(0);
    expect(gridSquare('700001', MAX_EASTING)).toBeNull();
    expect(gridSquare('-5', MAX_EASTING)).toBeNull();
    expect(gridSquare('4.45e5', MAX_EASTING)).toBeNull();
    fc.assert(
      fc.property(fc.double({ min: 0, max: MAX_EASTING, noNaN: true }), (m) => {
        const sq = gridSquare(m.toFixed(2), MAX_EASTING);
        expect(sq! % 100).toBe(0);
        expect(m - sq!).toBeLessThan(100.01);
      }),
    );
  });

  it('reduces a full postcode to its outward code and refuses what is not a postcode', () => {
    expect(outwardCode('rv1 2ab')).toBe('RV1');
    expect(outwardCode('SW1A1AA')).toBe('SW1A');
    expect(outwardCode('M1')).toBe('M1');
    expect(outwardCode('not a postcode')).toBeNull();
    expect(isFullPostcode('EC1A 1BB')).toBe(true);
    expect(isFullPostcode('EC1A')).toBe(false);
  });

  it("puts ages in the hub's bands at their boundaries", () => {
    expect(['0', '9', '10', '17', '18', '24', '25', '64', '65', '120'].map(ageBand)).toEqual([
      '0-9',
      '0-9',
      '10-17',
      '10-17',
      '18-24',
      '18-24',
      '25-34',
      '55-64',
      '65+',
      '65+',
    ]);
    expect(ageBand('121')).toBeNull();
    expect(ageBand('-1')).toBeNull();
    expect(ageBand('23.5')).toBeNull();
    expect(lengthOfStayBand('0')).toBe('0');
    expect(lengthOfStayBand('2')).toBe('1-2');
    expect(lengthOfStayBand('7')).toBe('3-7');
    expect(lengthOfStayBand('30')).toBe('8+');
  });

  it('places ICD-10 codes in the prescribed groups, and says when a code is outside them', () => {
    expect(['X85', 'X99.1', 'Y09', 'F10.2', 'f19', 'T51.0', 'Y90', 'Y91.3'].map(icd10Group)).toEqual([
      'ASSAULT',
      'ASSAULT',
      'ASSAULT',
      'SUBSTANCE_MISUSE',
      'SUBSTANCE_MISUSE',
      'ALCOHOL_TOXIC_EFFECT',
      'ALCOHOL_RELATED',
      'ALCOHOL_RELATED',
    ]);
    expect(icd10Group('X84')).toBeNull();
    expect(icd10Group('J18.9')).toBeNull();
    expect(icd10Group('not a code')).toBeUndefined();
  });

  it('reads sex and yes/no flags in their common spellings', () => {
    expect([sexCode('Female'), sexCode('m'), sexCode('2'), sexCode('Not stated'), sexCode('Q')]).toEqual([
      'F',
      'M',
      'F',
      null,
      undefined,
    ]);
    expect([flag('Y'), flag('no'), flag('1'), flag('TRUE'), flag('maybe')]).toEqual([
      true,
      false,
      true,
      true,
      undefined,
    ]);
  });
});

describe('UK time', () => {
  it('reads ISO and day-first dates as London time, summer and winter', () => {
    expect(parseUkDateTime('2025-06-06 23:37')).toEqual({
      ms: Date.parse('2025-06-06T22:37:00Z'),
      precision: TimePrecision.MINUTE,
    });
    expect(parseUkDateTime('06/12/2025 23:37:59')).toEqual({
      ms: Date.parse('2025-12-06T23:37:00Z'),
      precision: TimePrecision.MINUTE,
    });
    expect(parseUkDateTime('2025-06-06')).toEqual({
      ms: Date.parse('2025-06-05T23:00:00Z'),
      precision: TimePrecision.DAY,
    });
    expect(parseUkDateTime('2025-06-06T23:37:00Z')).toEqual({
      ms: Date.parse('2025-06-06T23:37:00Z'),
      precision: TimePrecision.MINUTE,
    });
    expect(parseUkDateTime('2025-06-06T23:37+02:00')).toEqual({
      ms: Date.parse('2025-06-06T21:37:00Z'),
      precision: TimePrecision.MINUTE,
    });
  });

  it('handles the hours the clocks change', () => {
    // 01:30 on 30 March 2025 does not exist; 01:30 on 26 October 2025 happens twice (the first, BST, is taken).
    expect(iso((parseUkDateTime('2025-03-30 01:30') as { ms: number }).ms)).toBe('2025-03-30T01:30:00.000Z');
    expect(iso((parseUkDateTime('2025-10-26 01:30') as { ms: number }).ms)).toBe('2025-10-26T00:30:00.000Z');
    expect(iso((parseUkDateTime('2025-10-26 02:30') as { ms: number }).ms)).toBe('2025-10-26T02:30:00.000Z');
  });

  it('refuses what is not a date, or not a real one', () => {
    expect(parseUkDateTime('31/02/2025')).toBe('calendar');
    expect(parseUkDateTime('2025-13-01')).toBe('calendar');
    expect(parseUkDateTime('2025-01-01 24:00')).toBe('calendar');
    expect(parseUkDateTime('1/1/25')).toBe('format');
    expect(parseUkDateTime('yesterday')).toBe('format');
    expect(parseUkDateTime('2025-01-01 10:00+25:00')).toBe('calendar');
  });

  it('truncates to hour, day and month of London time', () => {
    const t = Date.parse('2025-07-12T22:48:31Z'); // 23:48:31 BST
    expect(iso(truncateLondon(t, TimePrecision.MINUTE))).toBe('2025-07-12T22:48:00.000Z');
    expect(iso(truncateLondon(t, TimePrecision.HOUR))).toBe('2025-07-12T22:00:00.000Z');
    expect(iso(truncateLondon(t, TimePrecision.DAY))).toBe('2025-07-11T23:00:00.000Z');
    expect(iso(truncateLondon(t, TimePrecision.MONTH))).toBe('2025-06-30T23:00:00.000Z');
    expect(londonMonth(Date.parse('2025-06-30T23:30:00Z'))).toBe('2025-07');
    expect(londonMonth(Date.parse('2025-12-31T23:30:00Z'))).toBe('2025-12');
  });
});
