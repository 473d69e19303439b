/**
 * The identifier guard: recognises direct identifiers (names, dates of birth, NHS
 * numbers, full postcodes, emails, phone numbers, addresses, crime reference numbers)
 * in column names and in values, so that they are refused or dropped. It only ever
 * answers *what kind* of identifier it saw: callers must never echo the value itself.
 */

export type IdentifierKind =
  | 'NAME'
  | 'DATE_OF_BIRTH'
  | 'NHS_NUMBER'
  | 'POSTCODE'
  | 'EMAIL'
  | 'PHONE'
  | 'ADDRESS'
  | 'CRIME_REFERENCE'
  | 'NATIONAL_INSURANCE'
  | 'VEHICLE_REGISTRATION';

export const IDENTIFIER_LABELS: Readonly<Record<IdentifierKind, string>> = {
  NAME: "a person's name",
  DATE_OF_BIRTH: 'a date of birth',
  NHS_NUMBER: 'an NHS or hospital number',
  POSTCODE: 'a full postcode',
  EMAIL: 'an email address',
  PHONE: 'a phone number',
  ADDRESS: 'an address',
  CRIME_REFERENCE: 'a crime or case reference number',
  NATIONAL_INSURANCE: 'a National Insurance number',
  VEHICLE_REGISTRATION: 'a vehicle registration',
};

/** Header names are compared in this form: lower case, runs of anything else as one underscore. */
export function normaliseColumnName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

// Patterns over normalised column names. Order matters: the first match names the kind.
const COLUMN_PATTERNS: readonly (readonly [IdentifierKind, RegExp])[] = [
  ['DATE_OF_BIRTH', /(^|_)(dob|d_o_b|date_?of_?birth|birth_?date|birthday|born)(_|$)/],
  [
    'NHS_NUMBER',
    /(^|_)(nhs|chi|mrn|hospital_?(no|num|number)|patient_?(id|no|num|number)|pas_?(id|no|number))(_|$)|nhs_?(no|num|number)/,
  ],
  ['NATIONAL_INSURANCE', /(^|_)(nino|ni_?(no|num|number)|national_?insurance)(_|$)/],
  ['EMAIL', /(^|_)e_?mail(_|$)|email/],
  ['PHONE', /(^|_)(phone|telephone|tel|mobile|mob|landline|contact_?(no|num|number))(_|$)|phone/],
  [
    'ADDRESS',
    /(^|_)(address|addr|street|road|house_?(no|num|number|name)|flat_?(no|number)|building|premises|uprn)(_|$)|address/,
  ],
  ['POSTCODE', /(^|_)(post_?code|postal_?code|zip|pcode|home_?postcode)(_|$)|postcode/],
  [
    'NAME',
    /^names?$|(^|_)(forenames?|surnames?|firstname|lastname|fullname|maiden_?name|given_?names?|family_?name|(first|last|full|middle|christian|preferred|known_?as|nick|patient|victim|suspect|offender|person|client|caller|complainant|witness|officer)_?names?)(_|$)/,
  ],
  [
    'CRIME_REFERENCE',
    /(^|_)(crn|urn|crime_?(ref|reference|no|num|number|id)|occurrence_?(ref|no|number|id)|case_?(ref|reference|no|num|number|id)|incident_?(ref|reference|no|num|number|id)|log_?(no|number)|custody_?(ref|no|number))(_|$)/,
  ],
  ['VEHICLE_REGISTRATION', /(^|_)(vrm|vrn|reg_?(no|num|number|plate)|registration|number_?plate|licence_?plate)(_|$)/],
];

/** The kind of direct identifier a column name suggests, if any. */
export function identifierColumnKind(name: string): IdentifierKind | null {
  const n = normaliseColumnName(name);
  for (const [kind, re] of COLUMN_PATTERNS) if (re.test(n)) return kind;
  return null;
}

/** NHS numbers are ten digits whose last is a modulus 11 check digit. */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits.charCodeAt(9) - 48;
}

const NHS_CANDIDATE = /(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)/g;
const EMAIL = /[^\s@,;:<>()[\]"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/;
// A UK full postcode: outward (area, district) and inward (sector digit, unit letters).
export const FULL_POSTCODE = /\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})\b/i;
const PHONE = /(?<![\d])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s\-()]?){9,10}(?!\d)/;
const ADDRESS =
  /\b\d{1,4}[a-z]?,?\s+(?:[a-z']+\s+){0,3}(street|st|road|rd|avenue|ave|lane|ln|close|cl|drive|dr|way|crescent|cres|court|ct|place|pl|terrace|grove|gardens|gdns|square|sq|walk|hill|row|mews|parade|park)\b/i;
const DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b|\b(19|20)\d{2}-\d{2}-\d{2}\b/;
const CRIME_REF = /\b(?:[A-Z]{1,4}[/-]?\d{4,}[/-]\d{2,4}|\d{2}[/-]\d{4,}[/-]\d{2,4}|[A-Z]{2}\d{8,})\b/i;
const NI_NUMBER = /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/i;
const TITLE_NAME = /\b(mr|mrs|ms|miss|mx|dr|sir|dame)\.?\s+[A-Z][a-z'-]+/i;
// Two or three capitalised words and nothing else: how a name usually looks in a coded column.
const BARE_NAME = /^[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2}$/;

/**
 * The kinds of direct identifier found in a value. Used on free text (which is dropped
 * anyway: this tells the provider why) and to give a rejected coded value a precise
 * reason without echoing it.
 */
export function findIdentifiers(value: string): IdentifierKind[] {
  const found: IdentifierKind[] = [];
  if (EMAIL.test(value)) found.push('EMAIL');
  for (const m of value.matchAll(NHS_CANDIDATE)) {
    if (isNhsNumber(m[1] + m[2] + m[3])) {
      found.push('NHS_NUMBER');
      break;
    }
  }
  if (FULL_POSTCODE.test(value)) found.push('POSTCODE');
  if (NI_NUMBER.test(value)) found.push('NATIONAL_INSURANCE');
  if (!found.includes('NHS_NUMBER') && PHONE.test(value)) found.push('PHONE');
  if (ADDRESS.test(value)) found.push('ADDRESS');
  if (DATE.test(value)) found.push('DATE_OF_BIRTH');
  if (CRIME_REF.test(value)) found.push('CRIME_REFERENCE');
  if (TITLE_NAME.test(value) || BARE_NAME.test(value.trim())) found.push('NAME');
  return found;
}

/** A rejection reason for a value that looks like an identifier, or null. Never contains the value. */
export function identifierReason(value: string): string | null {
  const kinds = findIdentifiers(value);
  if (!kinds.length) return null;
  return `looks like ${IDENTIFIER_LABELS[kinds[0]]}: direct identifiers are refused (the value is not stored)`;
}
