import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findIdentifiers,
  identifierColumnKind,
  identifierReason,
  isNhsNumber,
  normaliseColumnName,
} from '../../../src/ingest/identifier-guard.js';
import { ALL_TEMPLATES } from '../../../src/ingest/templates.js';

describe('the identifier guard', () => {
  it.each([
    ['Date of Birth', 'DATE_OF_BIRTH'],
    ['DOB', 'DATE_OF_BIRTH'],
    ['birth_date', 'DATE_OF_BIRTH'],
    ['NHS No', 'NHS_NUMBER'],
    ['nhs_number', 'NHS_NUMBER'],
    ['Hospital Number', 'NHS_NUMBER'],
    ['patient_id', 'NHS_NUMBER'],
    ['Surname', 'NAME'],
    ['First Name', 'NAME'],
    ['forename', 'NAME'],
    ['Victim Name', 'NAME'],
    ['name', 'NAME'],
    ['E-mail', 'EMAIL'],
    ['email_address', 'EMAIL'],
    ['Mobile', 'PHONE'],
    ['Telephone No', 'PHONE'],
    ['Home Address', 'ADDRESS'],
    ['street', 'ADDRESS'],
    ['House Number', 'ADDRESS'],
    ['Postcode', 'POSTCODE'],
    ['home_postcode', 'POSTCODE'],
    ['Crime Ref', 'CRIME_REFERENCE'],
    ['CRN', 'CRIME_REFERENCE'],
    ['incident_number', 'CRIME_REFERENCE'],
    ['NI Number', 'NATIONAL_INSURANCE'],
    ['VRM', 'VEHICLE_REGISTRATION'],
  ])('recognises the column "%s" as %s', (name, kind) => {
    expect(identifierColumnKind(name)).toBe(kind);
  });

  it.each([
    'category',
    'occurred_at',
    'easting',
    'lsoa_code',
    'age_band',
    'weapon',
    'site_name',
    'channel',
    'filename',
    'ward',
  ])('lets the column "%s" through', (name) => {
    expect(identifierColumnKind(name)).toBeNull();
  });

  it('flags no template column except the postcode ones, which the hub reduces to the outward code', () => {
    const flagged = ALL_TEMPLATES.flatMap((t) =>
      t.columns.filter((c) => identifierColumnKind(c.name)).map((c) => c.name),
    );
    expect(new Set(flagged)).toEqual(new Set(['postcode', 'outward_postcode']));
    for (const t of ALL_TEMPLATES)
      for (const c of t.columns.filter((x) => x.name === 'postcode')) expect(c.treatment).toBe('GENERALISED');
  });

  it('normalises header names: case, spaces, hyphens and punctuation', () => {
    expect(normaliseColumnName('  Occurred-At ')).toBe('occurred_at');
    expect(normaliseColumnName('LSOA code (2021)')).toBe('lsoa_code_2021');
  });

  it('checks the NHS number check digit', () => {
    expect(isNhsNumber('9434765919')).toBe(true);
    expect(isNhsNumber('9434765918')).toBe(false);
    expect(isNhsNumber('943476591')).toBe(false);
    // A remainder giving check digit 10 is never issued.
    expect(isNhsNumber('1000000010')).toBe(false);
  });

  it('finds an NHS number with spaces only when its check digit is right', () => {
    expect(findIdentifiers('seen as 943 476 5919 today')).toContain('NHS_NUMBER');
    expect(findIdentifiers('ref 943 476 5918')).not.toContain('NHS_NUMBER');
  });

  it.each([
    ['jane.doe@example.org', 'EMAIL'],
    ['call 07700 900123', 'PHONE'],
    ['+44 20 7946 0018', 'PHONE'],
    ['lives at SW1A 1AA', 'POSTCODE'],
    ['12 Acacia Avenue', 'ADDRESS'],
    ['born 01/02/1980', 'DATE_OF_BIRTH'],
    ['CR/12345/25', 'CRIME_REFERENCE'],
    ['AB 12 34 56 C', 'NATIONAL_INSURANCE'],
    ['Mr Smith', 'NAME'],
    ['John Smith', 'NAME'],
  ])('finds an identifier in "%s"', (text, kind) => {
    expect(findIdentifiers(text)).toContain(kind);
  });

  it.each(['VIOLENCE_AGAINST_THE_PERSON', 'GLASS_OR_BOTTLE', 'E01099001', 'RV1', '18-24', 'pub'])(
    'finds none in the coded value "%s"',
    (v) => {
      expect(findIdentifiers(v)).toEqual([]);
    },
  );

  it('never puts the value in its reason', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const reason = identifierReason(email);
        expect(reason).toMatch(/looks like an email address/);
        expect(reason).not.toContain(email);
      }),
    );
  });
});
