import { describe, expect, it } from 'vitest';
import { defaultUsageAgency } from './usage';

const LIST = [
  { code: 'BCC', kind: 'COUNCIL' },
  { code: 'BPOL', kind: 'POLICE' },
  { code: 'HUB', kind: 'OTHER' },
];

describe('defaultUsageAgency', () => {
  it('shows a liaison officer their own agency', () => {
    expect(defaultUsageAgency({ code: 'BFRS', kind: 'FIRE' }, false, undefined)).toBe('BFRS');
  });
  it('shows an administrator or auditor their own agency when it supplies data', () => {
    expect(defaultUsageAgency({ code: 'BPOL', kind: 'POLICE' }, true, LIST)).toBe('BPOL');
  });
  it('falls back to the first agency in the list when theirs supplies no data', () => {
    expect(defaultUsageAgency({ code: 'HUB', kind: 'OTHER' }, true, LIST)).toBe('BCC');
    expect(defaultUsageAgency({ code: 'ELSE', kind: 'POLICE' }, true, LIST)).toBe('BCC');
    expect(defaultUsageAgency(null, true, LIST)).toBe('BCC');
  });
  it('waits for the list', () => {
    expect(defaultUsageAgency({ code: 'HUB', kind: 'OTHER' }, true, undefined)).toBe('');
  });
});
