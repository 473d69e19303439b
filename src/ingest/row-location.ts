import { gridSquare, isFullPostcode, isOutwardCode, MAX_EASTING, MAX_NORTHING, outwardCode } from './generalise.js';
import type { LsoaParents } from './row-mapper.js';
import { refuseValue } from './row-identifiers.js';
import type { RowMapping } from './row-mapping.js';
import { RULES } from './row-rules.js';

const LSOA = /^[EW]01\d{6}$/;
const LOCATION_COLUMNS = new Set(['easting', 'northing', 'lsoa_code', 'postcode', 'outward_postcode']);

function isLocationColumn(column: string | null): boolean {
  return column !== null && LOCATION_COLUMNS.has(column);
}

/**
 * Where the row happened: the 100 m grid square, the LSOA (with its ward and local
 * authority) and the outward postcode; a row with none, when the template needs one, is
 * refused. Sets east, north, lsoa, parents and outward.
 */
export function mapLocation(d: RowMapping): void {
  mapGrid(d);
  mapLsoa(d);
  const { iPostcode, iOutward } = d;
  let outward: string | null = null;
  if (iPostcode >= 0 && d.get(iPostcode) !== '') {
    outward = outwardCode(d.get(iPostcode));
    if (outward === null) refuseValue(d, iPostcode, 'POSTCODE', d.get(iPostcode));
  }
  if (iOutward >= 0 && d.get(iOutward) !== '') {
    const v = d.get(iOutward);
    if (isFullPostcode(v)) d.bad(iOutward, 'FULL_POSTCODE_IN_OUTWARD');
    else if (!isOutwardCode(v)) refuseValue(d, iOutward, 'POSTCODE', v);
    else outward ??= v.toUpperCase();
  }
  outward ??= d.parents?.outward ?? null;
  d.outward = outward;
  if (
    d.locationRequired &&
    d.lsoa === null &&
    d.east === null &&
    outward === null &&
    !d.problems.some((p) => isLocationColumn(p.column))
  ) {
    d.problems.push({ column: null, rule: 'NO_LOCATION', reason: RULES.NO_LOCATION });
  }
}

/** Easting and northing, both or neither, kept as their 100 m grid square (when the template keeps one). */
function mapGrid(d: RowMapping): void {
  const { iEast, iNorth } = d;
  d.east = null;
  d.north = null;
  if (!d.keepsGrid || iEast < 0) return;
  const e = d.get(iEast);
  const n = d.get(iNorth);
  if ((e === '') !== (n === '')) d.bad(e === '' ? iEast : iNorth, 'GRID_PAIR');
  else if (e !== '') {
    const east = (d.east = gridSquare(e, MAX_EASTING));
    const north = (d.north = gridSquare(n, MAX_NORTHING));
    if (east === null) refuseValue(d, iEast, 'GRID', e);
    if (north === null) refuseValue(d, iNorth, 'GRID', n);
  }
}

/** The LSOA, looked up in the hub's geography (a 2011 code as the 2021 LSOA it lands in), with its parents. */
function mapLsoa(d: RowMapping): void {
  const iLsoa = d.iLsoa;
  d.lsoa = null;
  d.parents = undefined;
  if (iLsoa < 0 || d.get(iLsoa) === '') return;
  const v = d.get(iLsoa).toUpperCase();
  let parents: LsoaParents | undefined;
  if (!LSOA.test(v)) refuseValue(d, iLsoa, 'LSOA_FORMAT', v);
  else if (!(parents = d.lsoas.get(v))) d.bad(iLsoa, 'LSOA_UNKNOWN');
  else if (parents.split) d.bad(iLsoa, 'LSOA_SPLIT');
  else {
    d.parents = parents;
    d.lsoa = parents.lsoa2021 ?? v;
  }
}
