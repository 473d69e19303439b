import { AGE_BANDS } from '../domain/categories.js';
import { LENGTH_OF_STAY_BANDS } from './templates/health.js';

/**
 * Generalisation: values are reduced to the grain the template keeps before anything is
 * written. Each function returns null when the input is not acceptable; the caller turns
 * that into a rejection reason (never echoing the value).
 */

export const GRID_SQUARE_M = 100;
export const MAX_EASTING = 700_000;
export const MAX_NORTHING = 1_300_000;

/** An OS grid coordinate in metres (decimals allowed) to the south-west corner of its 100 m square. */
export function gridSquare(raw: string, max: number): number | null {
  if (!/^\d{1,7}(\.\d+)?$/.test(raw)) return null;
  const metres = Number(raw);
  if (metres > max) return null;
  return Math.floor(metres / GRID_SQUARE_M) * GRID_SQUARE_M;
}

const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})$/;
const OUTWARD = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** The outward code of a full postcode or of an outward code alone ("rv1 2ab" and "RV1" give "RV1"). */
export function outwardCode(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  const full = FULL.exec(v);
  if (full) return full[1];
  return OUTWARD.test(v) ? v : null;
}

/** Whether a value is a full postcode (outward and inward parts). */
export function isFullPostcode(raw: string): boolean {
  return FULL.test(raw.trim().toUpperCase());
}

/** Whether a value is an outward code alone. */
export function isOutwardCode(raw: string): boolean {
  return OUTWARD.test(raw.trim().toUpperCase());
}

const BAND_BY_AGE: readonly string[] = Array.from({ length: 121 }, (_, age) => {
  if (age <= 9) return AGE_BANDS[0];
  if (age <= 17) return AGE_BANDS[1];
  if (age <= 24) return AGE_BANDS[2];
  if (age <= 34) return AGE_BANDS[3];
  if (age <= 44) return AGE_BANDS[4];
  if (age <= 54) return AGE_BANDS[5];
  if (age <= 64) return AGE_BANDS[6];
  return AGE_BANDS[7];
});

/** Age in whole years (0-120) to the hub's age band. */
export function ageBand(raw: string): string | null {
  if (!/^\d{1,3}$/.test(raw)) return null;
  return BAND_BY_AGE[Number(raw)] ?? null;
}

/** Length of stay in days to its band. */
export function lengthOfStayBand(raw: string): string | null {
  if (!/^\d{1,5}$/.test(raw)) return null;
  const days = Number(raw);
  if (days === 0) return LENGTH_OF_STAY_BANDS[0];
  if (days <= 2) return LENGTH_OF_STAY_BANDS[1];
  if (days <= 7) return LENGTH_OF_STAY_BANDS[2];
  return LENGTH_OF_STAY_BANDS[3];
}

const SEX: Readonly<Record<string, 'F' | 'M' | null>> = {
  f: 'F',
  female: 'F',
  m: 'M',
  male: 'M',
  u: null,
  unknown: null,
  x: null,
  'not known': null,
  'not stated': null,
  'not specified': null,
  '0': null,
  '9': null,
  '1': 'M',
  '2': 'F',
};

/** Sex as F or M; null for unknown or not stated; undefined when not recognised. */
export function sexCode(raw: string): 'F' | 'M' | null | undefined {
  const v = SEX[raw.trim().toLowerCase()];
  return v === undefined ? undefined : v;
}

const BOOL: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
  t: true,
  f: false,
};

/** A yes/no flag; undefined when not recognised. */
export function flag(raw: string): boolean | undefined {
  return BOOL[raw.trim().toLowerCase()];
}

/** ICD-10 code (e.g. "X99.1", "F10", "y90") to its prescribed group, or null when outside them. */
export function icd10Group(raw: string): string | null | undefined {
  const v = raw.trim().toUpperCase().replace(/\s+/g, '');
  const m = /^([A-Z])(\d{2})(\.?[0-9A-Z]{0,4})$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[2]);
  switch (m[1]) {
    case 'X':
      return n >= 85 ? 'ASSAULT' : null;
    case 'Y':
      if (n <= 9) return 'ASSAULT';
      if (n === 90 || n === 91) return 'ALCOHOL_RELATED';
      return null;
    case 'F':
      return n >= 10 && n <= 19 ? 'SUBSTANCE_MISUSE' : null;
    case 'T':
      return n === 51 ? 'ALCOHOL_TOXIC_EFFECT' : null;
    default:
      return null;
  }
}
