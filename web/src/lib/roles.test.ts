import { describe, expect, it } from 'vitest';
import { canReadAuditTrail, homeFor, isGovernancePath, navFor } from './roles';

describe('navigation by role', () => {
  it('shows an analyst the data pages only', () => {
    expect(navFor(['ANALYST']).map((n) => n.text)).toEqual([
      'Explore',
      'Analyses',
      'Records',
      'My access',
      'Saved queries',
      'Assessment report',
    ]);
  });
  it('shows an auditor the trail, agreements and usage, no data pages', () => {
    const texts = navFor(['AUDITOR']).map((n) => n.text);
    expect(texts).toContain('Audit trail');
    expect(texts).not.toContain('Explore');
  });
  it('sends each role home', () => {
    expect(homeFor(['ADMIN'])).toBe('/admin');
    expect(homeFor(['PROVIDER'])).toBe('/provider');
    expect(homeFor(['AUDITOR'])).toBe('/audit');
    expect(homeFor(['LIAISON_OFFICER'])).toBe('/explore');
  });
  it('knows governance pages', () => {
    expect(isGovernancePath('/agreements/ISA-1')).toBe(true);
    expect(isGovernancePath('/explore')).toBe(false);
  });
});

describe('canReadAuditTrail', () => {
  it('is auditors and liaison officers only', () => {
    expect(canReadAuditTrail(['AUDITOR'])).toBe(true);
    expect(canReadAuditTrail(['LIAISON_OFFICER', 'ANALYST'])).toBe(true);
    expect(canReadAuditTrail(['ADMIN'])).toBe(false);
    expect(canReadAuditTrail(['ANALYST', 'PROVIDER'])).toBe(false);
  });
});
