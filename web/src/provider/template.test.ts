import { describe, expect, it } from 'vitest';
import { contentTypeFor, exampleCsv, importUrl, recentMonths, recentQuarters } from './template';

describe('upload helpers', () => {
  it('builds an example file from a template', () => {
    const csv = exampleCsv([
      { name: 'reference', type: 'REFERENCE', required: true, maxLength: 50 },
      { name: 'category', type: 'CODE', required: true, allowedValues: ['ASSAULT', 'ROBBERY'], maxLength: 50 },
      { name: 'notes', type: 'FREE_TEXT', required: false, maxLength: 500 },
    ]);
    expect(csv).toBe(
      'reference,category,notes\r\nEX-1001,ASSAULT,Assault outside licensed premises\r\nEX-1002,ASSAULT,\r\n',
    );
  });
  it('fills one location the hub knows, and age or its band, not both', () => {
    const csv = exampleCsv(
      [
        { name: 'source_ref', type: 'REFERENCE', required: true, maxLength: 50 },
        { name: 'easting', type: 'EASTING', required: false, maxLength: 7 },
        { name: 'lsoa_code', type: 'LSOA_CODE', required: false, maxLength: 9 },
        { name: 'postcode', type: 'POSTCODE', required: false, maxLength: 8 },
        { name: 'age', type: 'AGE', required: false, maxLength: 3 },
        {
          name: 'age_band',
          type: 'AGE_BAND',
          required: false,
          allowedValues: ['0-9', '10-17', '18-24', '25-34'],
          maxLength: 5,
        },
      ],
      { lsoa: 'E01099001' },
    );
    expect(csv.split('\r\n')[1]).toBe('EX-1001,,E01099001,,,25-34');
  });
  it('offers recent periods', () => {
    expect(recentQuarters('2026-02-10', 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(recentMonths('2026-02-10', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
  });
  it('addresses the import door', () => {
    expect(importUrl('bpol-crime', { dryRun: true, period: '2026-Q4' })).toBe(
      '/import/bpol-crime?dryRun=true&period=2026-Q4',
    );
    expect(importUrl('bpol-crime', { dryRun: false })).toBe('/import/bpol-crime');
    expect(contentTypeFor('a.XLSX')).toContain('spreadsheetml');
    expect(contentTypeFor('a.csv')).toBe('text/csv');
  });
});
