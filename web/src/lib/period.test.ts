import { describe, expect, it } from 'vitest';
import { daysBetween, periodLabel, previousQuarter, quarterName, quarterOf, thisQuarter } from './period';

describe('periods', () => {
  it('finds the calendar quarter of a date', () => {
    expect(quarterOf('2026-12-07')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(quarterOf('2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
  });
  it('defaults to this quarter in London', () => {
    expect(thisQuarter(new Date('2026-12-31T23:30:00Z'))).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    // 00:30 on 1 April in London is still 31 March in UTC.
    expect(thisQuarter(new Date('2026-03-31T23:30:00Z'))).toEqual({ from: '2026-04-01', to: '2026-07-01' });
    expect(previousQuarter(new Date('2026-12-07T10:00:00Z'))).toEqual({ from: '2026-07-01', to: '2026-10-01' });
  });
  it('names periods in words', () => {
    expect(periodLabel({ from: '2026-10-01', to: '2027-01-01' })).toBe('October to December 2026');
    expect(periodLabel({ from: '2026-11-01', to: '2026-12-01' })).toBe('November 2026');
    expect(periodLabel({ from: '2026-11-01', to: '2027-02-01' })).toBe('November 2026 to January 2027');
    expect(quarterName('2026-10-01')).toBe('2026-Q4');
  });
  it('counts days', () => {
    expect(daysBetween('2026-12-07', '2027-02-05')).toBe(60);
    expect(daysBetween('2026-12-07', '2026-12-01')).toBe(-6);
  });
});
