import { describe, expect, it } from 'vitest';
import { dpiaRecordable } from './dpia';

describe('dpiaRecordable', () => {
  it('takes a DPIA on live agreements only', () => {
    for (const s of ['DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED']) expect(dpiaRecordable(s)).toBe(true);
    for (const s of ['REVOKED', 'EXPIRED']) expect(dpiaRecordable(s)).toBe(false);
  });
});
