import { describe, expect, it } from 'vitest';
import { controlNote, sourceDescription, suppressionNote, suppressionReasons } from './suppression';

const own = { dataset: 'bpol-crime', agency: 'BPOL', controlled: false, minCellSize: 0, own: true, agreements: [] };
const ae = {
  dataset: 'rht-ae-assaults',
  agency: 'RHT',
  controlled: true,
  minCellSize: 10,
  own: false,
  agreements: ['ISA-1'],
};
const fire = {
  dataset: 'sfrs-fires',
  agency: 'SFRS',
  controlled: true,
  minCellSize: 5,
  own: false,
  agreements: ['ISA-2'],
};

describe('suppression, in words', () => {
  it('gives both reasons, with the agreements’ minimum', () => {
    expect(suppressionReasons([own, ae])).toEqual([
      'fewer than the agreement’s minimum of 10',
      'withheld so that it cannot be worked out from the totals',
    ]);
    expect(suppressionReasons([ae, fire])[0]).toBe(
      'fewer than the agreement’s minimum (5 or 10, depending on the dataset)',
    );
  });

  it('says how many counts are suppressed and that none is shown as 0', () => {
    const note = suppressionNote([ae], 3);
    expect(note).toMatch(
      /^3 counts are suppressed: each is either fewer than the agreement’s minimum of 10 or withheld so that it cannot be worked out from the totals\./,
    );
    expect(note).toContain('never shown as 0');
    expect(suppressionNote([ae], 1)).toMatch(/^1 count is suppressed/);
  });

  it('states the rule when nothing is suppressed, only where data is under control', () => {
    expect(controlNote([own])).toBeUndefined();
    expect(controlNote([own, ae])).toBe(
      'No count here is suppressed. Counts from data shared with you only in aggregate are under disclosure control: a count is suppressed when it is fewer than the agreement’s minimum of 10, or withheld so that it cannot be worked out from the totals.',
    );
  });

  it('describes a source', () => {
    expect(sourceDescription(own)).toContain('your own');
    expect(sourceDescription(ae)).toBe('shared in aggregate: counts under 10 suppressed');
  });
});
