import { describe, expect, it } from 'vitest';
import { londonMidnight, yearEarlier } from '../../src/domain/uk-time.js';

describe('the same London time a year earlier', () => {
  it('keeps London midnight across British Summer Time', () => {
    expect(yearEarlier(londonMidnight('2025-04-01'))).toEqual(londonMidnight('2024-04-01'));
    expect(yearEarlier(londonMidnight('2025-01-15'))).toEqual(londonMidnight('2024-01-15'));
  });

  it('takes 29 February to 1 March', () => {
    expect(yearEarlier(londonMidnight('2024-02-29'))).toEqual(londonMidnight('2023-03-01'));
  });
});
