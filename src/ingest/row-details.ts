import { locationTypeFromText } from './free-text.js';
import { ageBand, flag, lengthOfStayBand, sexCode } from './generalise.js';
import { codedValue, noteFreeText, refuseValue } from './row-identifiers.js';
import type { RowMapping } from './row-mapping.js';

const SITE = /^[A-Z0-9]{3,6}$/;

/** The person: an age band, never an age; sex as F or M. Sets band and sex. */
export function mapPerson(d: RowMapping): void {
  const { iAge, iAgeBand, iSex } = d;
  let band: string | null = null;
  if (iAge >= 0 && d.get(iAge) !== '') {
    band = ageBand(d.get(iAge));
    if (band === null) refuseValue(d, iAge, 'AGE', d.get(iAge));
  }
  if (iAgeBand >= 0 && d.get(iAgeBand) !== '') {
    const given = codedValue(d, iAgeBand);
    if (given !== null && band !== null && given !== band) d.bad(iAgeBand, 'AGE_MISMATCH');
    band ??= given;
  }
  d.band = band;
  d.sex = null;
  if (iSex >= 0 && d.get(iSex) !== '') {
    const s = sexCode(d.get(iSex));
    if (s === undefined) refuseValue(d, iSex, 'SEX', d.get(iSex));
    else d.sex = s;
  }
}

/**
 * The record's coded details: coded and yes/no columns, the length-of-stay band, the
 * treatment site, and a location type recognised in free text. Sets detail (and freeText
 * when the row has free-text location).
 */
export function mapDetails(d: RowMapping): void {
  const { iStay, iSite, iFreeLocation } = d;
  let detail: Record<string, string | boolean> | null = null;
  for (const [c, i] of d.details) {
    if (d.get(i) === '') continue;
    if (c.target === 'detailFlag') {
      const f = flag(d.get(i));
      if (f === undefined) refuseValue(d, i, 'FLAG', d.get(i));
      else (detail ??= {})[c.detailKey!] = f;
    } else {
      const v = codedValue(d, i);
      if (v !== null) (detail ??= {})[c.detailKey!] = v;
    }
  }
  if (iStay >= 0 && d.get(iStay) !== '') {
    const b = lengthOfStayBand(d.get(iStay));
    if (b === null) refuseValue(d, iStay, 'INTEGER', d.get(iStay));
    else (detail ??= {}).lengthOfStayBand = b;
  }
  if (iSite >= 0 && d.get(iSite) !== '') {
    const v = d.get(iSite).toUpperCase();
    if (!SITE.test(v)) refuseValue(d, iSite, 'SITE', v);
    else (detail ??= {}).site = v;
  }
  if (iFreeLocation >= 0 && d.get(iFreeLocation) !== '') {
    const given = detail?.locationType;
    const needed = given === undefined || given === 'UNKNOWN';
    const found = needed ? locationTypeFromText(d.get(iFreeLocation)) : null;
    if (found) (detail ??= {}).locationType = found;
    d.freeText = found ? 1 : 2;
    noteFreeText(d, iFreeLocation, d.get(iFreeLocation), found !== null, needed, 'location type');
  }
  d.detail = detail;
}
