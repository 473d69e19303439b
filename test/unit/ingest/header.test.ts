import { describe, expect, it } from 'vitest';
import { DatasetKind } from '../../../src/domain/vocabulary.js';
import { resolveHeader } from '../../../src/ingest/header.js';
import type { ImportRefused } from '../../../src/ingest/import-errors.js';
import { templateFor } from '../../../src/ingest/templates.js';

const crime = templateFor(DatasetKind.POLICE_CRIME);

function refusal(header: string[]): ImportRefused {
  try {
    resolveHeader(crime, header);
  } catch (err) {
    return err as ImportRefused;
  }
  throw new Error('expected a refusal');
}

describe('checking a header against its template', () => {
  it('matches columns whatever their case, spacing or order', () => {
    const h = resolveHeader(crime, ['Occurred At', 'SOURCE_REF', 'Category', 'lsoa-code']);
    expect(h.width).toBe(4);
    expect(h.index.get('source_ref')).toBe(1);
    expect(h.columns.map((c) => c.name)).toEqual(['occurred_at', 'source_ref', 'category', 'lsoa_code']);
  });

  it("refuses unknown columns by name and lists the template's", () => {
    const err = refusal(['source_ref', 'category', 'occurred_at', 'officer_notes', 'beat']);
    expect(err.code).toBe('UNKNOWN_COLUMNS');
    expect(err.message).toContain('"officer_notes", "beat"');
    expect(err.message).toContain("The template's columns are: source_ref, category, subcategory");
  });

  it('refuses columns that look like direct identifiers, saying what they look like', () => {
    const err = refusal(['source_ref', 'category', 'occurred_at', 'Victim DOB', 'nhs_no', 'Surname']);
    expect(err.code).toBe('IDENTIFIER_COLUMNS');
    expect(err.message).toContain('"Victim DOB" (looks like a date of birth)');
    expect(err.message).toContain('"nhs_no" (looks like an NHS or hospital number)');
    expect(err.message).toContain('"Surname" (looks like a person\'s name)');
  });

  it('says the header is missing when the first row holds data, without repeating that data', () => {
    const err = refusal(['CR/123/25', 'Jane Doe', '01/02/1990 10:00', 'SW1A 1AA']);
    expect(err.code).toBe('NO_HEADER');
    expect(err.message).not.toMatch(/Jane|CR\/123|SW1A/);
    expect(err.message).toContain('source_ref, category, occurred_at');
  });

  it('names identifier-looking cells of a headerless first row by position only', () => {
    const err = refusal([
      'CR-0001',
      '2026-01-05 22:10',
      'VIOLENCE_AGAINST_THE_PERSON',
      'Flat 2 Rose Road',
      'Jane Victim Name',
    ]);
    expect(err.code).toBe('NO_HEADER');
    expect(err.message).not.toMatch(/Rose|Jane|CR-0001/);
    expect(err.message).toContain('column 4, column 5');
  });

  it('refuses repeated and missing required columns, and half a grid reference', () => {
    expect(refusal(['source_ref', 'category', 'occurred_at', 'Category']).code).toBe('DUPLICATE_COLUMNS');
    const missing = refusal(['source_ref', 'category']);
    expect(missing.code).toBe('MISSING_COLUMNS');
    expect(missing.message).toContain('occurred_at');
    expect(refusal(['source_ref', 'category', 'occurred_at', 'easting']).message).toMatch(
      /easting and northing come together/,
    );
  });

  it('recognises a file saved with the wrong delimiter', () => {
    expect(refusal(['source_ref;category;occurred_at']).code).toBe('WRONG_DELIMITER');
  });
});
