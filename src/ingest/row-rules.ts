import { CATEGORIES } from '../domain/categories.js';
import { DatasetKind } from '../domain/vocabulary.js';
import { IDENTIFIER_LABELS, type IdentifierKind } from './identifier-guard.js';
import { templateFor } from './templates.js';

/**
 * Why a value or row is refused: a stable rule code (kept with the rejection, counted by
 * the quality scorecard) and its fixed text. Texts never contain the refused value.
 */
export const RULES = {
  REQUIRED: 'required: this column must have a value',
  NOT_ALLOWED: 'not one of the allowed values (see the template)',
  DATE_FORMAT: 'not a date or date-time this hub reads: use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM (UK time)',
  DATE_CALENDAR: 'not a real calendar date or time of day',
  DATE_TOO_EARLY: 'dated before 2000-01-01',
  DATE_FUTURE: 'dated in the future',
  GRID: 'not an OS National Grid coordinate in metres',
  GRID_PAIR: 'easting and northing must both be given, or neither',
  LSOA_FORMAT: 'not a 2021 LSOA code (E01 or W01 followed by six digits)',
  LSOA_UNKNOWN: "an LSOA code the hub's geography does not know",
  LSOA_SPLIT:
    'a 2011 LSOA code that was split into several 2021 LSOAs: the hub cannot tell which one, so send the 2021 LSOA code',
  POSTCODE: 'not a UK postcode',
  FULL_POSTCODE_IN_OUTWARD:
    'holds a full postcode: only the outward part (e.g. "RV1") belongs here; send full postcodes in the postcode column, where the hub reduces them',
  AGE: 'not an age in whole years from 0 to 120',
  AGE_MISMATCH: 'age and age_band disagree',
  SEX: 'not a sex code: use F or M, or leave empty when unknown',
  FLAG: 'not a yes/no value: use true or false, yes or no, 1 or 0',
  INTEGER: 'not a whole number of days',
  ICD10: 'not an ICD-10 code (e.g. X99.1, F10, T51.0, Y90)',
  ICD10_OUTSIDE: 'an ICD-10 code outside the prescribed groups (X85-Y09, F10-F19, T51, Y90-Y91)',
  ICD10_MISMATCH: "category does not match the ICD-10 code's group",
  SUBCATEGORY: "not a sub-category of the row's category",
  SITE: 'not an ODS site code (3 to 6 letters or digits)',
  NO_LOCATION: 'the row has no location: give lsoa_code, or easting and northing, or a postcode',
  NO_CATEGORY: 'the row has no category, and none could be recognised',
  OUTSIDE_PERIOD: 'dated outside the declared submission period',
  ENCODING:
    'contains bytes that are not valid UTF-8: save the file as "CSV UTF-8", or declare its encoding (--encoding windows-1252, or ?encoding=windows-1252 at the HTTP door)',
  LINE_BREAK: 'contains a line break, which only free-text columns may',
  TOO_LONG: 'too long',
  FIELD_COUNT: 'has the wrong number of fields',
} as const;
export type Rule = keyof typeof RULES | `IDENTIFIER_${IdentifierKind}`;

export interface RowProblem {
  column: string | null;
  /** The rule broken: a stable code (RULES, or IDENTIFIER_<kind>). */
  rule: Rule;
  reason: string;
  /** For OUTSIDE_PERIOD: the London month (YYYY-MM) the row is dated in. */
  month?: string;
}

/** A line break inside a value that is not free text: in a CSV file, the mark of an unbalanced quote. */
export const LINE_BREAK_REASON = RULES.LINE_BREAK;

export const tooLong = (max: number) => `too long: at most ${max} characters`;

export const identifierText = (kind: IdentifierKind) =>
  `looks like ${IDENTIFIER_LABELS[kind]}: direct identifiers are refused (the value is not stored)`;

const MAX_REASON = 300;

/** Every code of the hub's closed lists (categories, sub-categories, coded columns' values): public vocabulary, which identifies nobody. */
let vocabulary: Set<string> | undefined;
function hubVocabulary(): ReadonlySet<string> {
  if (!vocabulary) {
    vocabulary = new Set<string>();
    for (const kind of Object.values(DatasetKind)) {
      for (const c of CATEGORIES[kind]) {
        vocabulary.add(c.code);
        for (const s of c.subcategories ?? []) vocabulary.add(s.code);
      }
      for (const col of templateFor(kind).columns) for (const v of col.allowedValues ?? []) vocabulary.add(v);
    }
  }
  return vocabulary;
}

/** A value written as a code would be: upper case, words joined by underscores ("Knife or blade" -> "KNIFE_OR_BLADE"). */
const asCode = (v: string) =>
  v
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');

/**
 * Why a coded value is refused, with what is allowed. The value itself is repeated only
 * when it is one of the hub's own codes (a code of another column or template: public
 * vocabulary, so it identifies nobody); a value that would be an allowed code once written
 * as one is answered with the code, not with the value.
 */
export function notAllowedReason(value: string, allowed: readonly string[], kind?: DatasetKind): string {
  const code = asCode(value);
  let lead = 'not one of the allowed values';
  if (allowed.includes(code)) lead = `not written as a code: write ${code}`;
  else if (value.trim().toUpperCase() === code && hubVocabulary().has(code))
    lead = `${code} is not one of this column's values`;
  const more = kind ? ` (see \`npx hub datasets --kind ${kind}\`)` : '';
  let text = `${lead}; allowed: `;
  for (let i = 0; i < allowed.length; i++) {
    const rest = allowed.length - i;
    const item = (i ? ', ' : '') + allowed[i];
    const ending = `, ... (${allowed.length} in all${more})`;
    if (text.length + item.length + (rest > 1 ? ending.length : 0) > MAX_REASON) return text + ending.slice(i ? 0 : 2);
    text += item;
  }
  return text;
}
