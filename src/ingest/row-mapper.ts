import { CATEGORIES } from '../domain/categories.js';
import { DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { councilCategoryFromText, locationTypeFromText } from './free-text.js';
import { ageBand, flag, gridSquare, icd10Group, isFullPostcode, isOutwardCode, lengthOfStayBand, MAX_EASTING, MAX_NORTHING, outwardCode, sexCode } from './generalise.js';
import type { ResolvedHeader } from './header.js';
import { identifierReason } from './identifier-guard.js';
import { ColumnType, type DatasetTemplate, type TemplateColumn } from './template.js';
import { coarserTime, londonMonth, parseUkDateTime, truncateLondon } from './uk-time.js';

/** Ward, local authority and outward code of an LSOA, from the hub's area table. */
export interface LsoaParents {
  ward: string | null;
  localAuthority: string | null;
  outward: string | null;
}

export interface MapperContext {
  template: DatasetTemplate;
  header: ResolvedHeader;
  datasetId: string;
  agencyId: string;
  batchId: string;
  /** Keyed hash of a reference (HMAC with the hub's secret, namespaced by dataset). */
  hash: (value: string) => Buffer;
  lsoas: ReadonlyMap<string, LsoaParents>;
  /** Rows dated after this instant are refused as in the future. */
  notAfterMs: number;
  /** A declared submission period: rows dated outside it are refused. */
  period?: { fromMs: number; toMs: number; label: string };
}

/** A row ready to be written: its COPY line for shared_record and what the batch accounts. */
export interface MappedRow {
  sourceHash: Buffer;
  /** A COPY text-format line (no newline) in the column order of RECORD_COPY_COLUMNS. */
  line: string;
  /** London calendar month of occurred_at, "YYYY-MM". */
  month: string;
  occurredMs: number;
  /** 0: no free text; 1: reduced to a code; 2: dropped without a code. */
  freeText: 0 | 1 | 2;
}

export interface RowProblem {
  column: string | null;
  reason: string;
}

/** The shared_record columns an import writes, in COPY line order. */
export const RECORD_COPY_COLUMNS = [
  'dataset_id',
  'agency_id',
  'kind',
  'category',
  'subcategory',
  'occurred_at',
  'time_precision',
  'lsoa_code',
  'ward_code',
  'local_authority_code',
  'outward_postcode',
  'grid_easting',
  'grid_northing',
  'age_band',
  'sex',
  'details',
  'source_ref_hash',
  'subject_hash',
  'batch_id',
] as const;

export const MIN_OCCURRED_MS = Date.UTC(2000, 0, 1);
const NULL = '\\N';
const LSOA = /^[EW]01\d{6}$/;
const SITE = /^[A-Z0-9]{3,6}$/;

// COPY text format: backslash, tab and line breaks are escaped. Coded values never contain
// them; the escape is a safety net for anything that reaches a line.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const copyText = (v: string | null): string => (v === null ? NULL : NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v);
const copyBytea = (b: Buffer | null): string => (b === null ? NULL : `\\\\x${b.toString('hex')}`);

const REASON = {
  required: 'required: this column must have a value',
  notAllowed: 'not one of the allowed values (see the template)',
  dateFormat: 'not a date or date-time this hub reads: use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM (UK time)',
  dateCalendar: 'not a real calendar date or time of day',
  dateTooEarly: 'dated before 2000-01-01',
  dateFuture: 'dated in the future',
  grid: 'not an OS National Grid coordinate in metres',
  gridPair: 'easting and northing must both be given, or neither',
  lsoaFormat: 'not an LSOA code (E01 or W01 followed by six digits)',
  lsoaUnknown: 'an LSOA code the hub\'s geography does not know',
  postcode: 'not a UK postcode',
  fullPostcodeInOutward: 'holds a full postcode: only the outward part (e.g. "RV1") belongs here; send full postcodes in the postcode column, where the hub reduces them',
  age: 'not an age in whole years from 0 to 120',
  ageMismatch: 'age and age_band disagree',
  sex: 'not a sex code: use F or M, or leave empty when unknown',
  flag: 'not a yes/no value: use true or false, yes or no, 1 or 0',
  integer: 'not a whole number of days',
  icd10: 'not an ICD-10 code (e.g. X99.1, F10, T51.0, Y90)',
  icd10Outside: 'an ICD-10 code outside the prescribed groups (X85-Y09, F10-F19, T51, Y90-Y91)',
  icd10Mismatch: 'category does not match the ICD-10 code\'s group',
  subcategory: 'not a sub-category of the row\'s category',
  site: 'not an ODS site code (3 to 6 letters or digits)',
  noLocation: 'the row has no location: give lsoa_code, or easting and northing, or a postcode',
  noCategory: 'the row has no category, and none could be recognised',
  outsidePeriod: 'dated outside the declared submission period',
  utf8: 'contains bytes that are not valid UTF-8: save the file as UTF-8',
} as const;

/** A line break inside a value that is not free text: in a CSV file, the mark of an unbalanced quote. */
export const LINE_BREAK_REASON = 'contains a line break, which only free-text columns may';

const tooLong = (max: number) => `too long: at most ${max} characters`;

/**
 * Compiles a template and a resolved header into a function that turns one row's fields
 * into a record line, or into the reasons it is refused. Nothing of a refused value is
 * ever kept: reasons are fixed texts naming the column.
 */
export function compileRowMapper(ctx: MapperContext): (fields: readonly string[]) => MappedRow | RowProblem[] {
  const { template, header } = ctx;
  const kind = template.kind;
  const at = (name: string) => header.index.get(name) ?? -1;
  const iSource = at('source_ref');
  const iSubject = at('subject_ref');
  const iCategory = at('category');
  const iSub = at('subcategory');
  const iTime = at('occurred_at');
  const iEast = at('easting');
  const iNorth = at('northing');
  const iLsoa = at('lsoa_code');
  const iPostcode = at('postcode');
  const iOutward = at('outward_postcode');
  const iAge = at('age');
  const iAgeBand = at('age_band');
  const iSex = at('sex');
  const iIcd = at('icd10_code');
  const iStay = at('length_of_stay_days');
  const iSite = at('site_code');
  const details = header.columns
    .map((c, i) => [c, i] as const)
    .filter(([c]) => c.target === 'detailCode' || c.target === 'detailFlag');
  const iFreeLocation = header.columns.findIndex((c) => c.target === 'freeTextLocation');
  const iFreeCategory = header.columns.findIndex((c) => c.target === 'freeTextCategory');

  const categories = new Map(CATEGORIES[kind].map((c) => [c.code, new Set((c.subcategories ?? []).map((s) => s.code))]));
  const allowed = new Map<TemplateColumn, ReadonlySet<string>>(
    header.columns.filter((c) => c.allowedValues).map((c) => [c, new Set(c.allowedValues)]),
  );
  const keepsTime = template.precision.time;
  const keepsGrid = template.precision.location === LocationPrecision.GRID_100M;
  const prefix = `${ctx.datasetId}\t${ctx.agencyId}\t${kind}\t`;
  const suffix = `\t${ctx.batchId}`;
  const width = header.width;
  const columns = header.columns;

  // Per-row state, reused: the mapper runs a million times per file and is synchronous, so
  // these need not be allocated afresh for each row.
  const values: string[] = new Array(width);
  let problems: RowProblem[] = [];
  const allowedAt: (ReadonlySet<string> | undefined)[] = columns.map((c) => allowed.get(c));
  const isFreeText: boolean[] = columns.map((c) => c.type === ColumnType.FREE_TEXT);
  const get = (i: number) => (i < 0 ? '' : values[i]);
  const bad = (i: number, reason: string) => {
    problems.push({ column: columns[i].name, reason });
  };
  const coded = (i: number): string | null => {
    const v = values[i];
    if (v === '') return null;
    const u = v.toUpperCase();
    if (allowedAt[i]!.has(u)) return u;
    bad(i, identifierReason(v) ?? REASON.notAllowed);
    return null;
  };

  return (fields) => {
    if (fields.length !== width) return [{ column: null, reason: `has ${fields.length} fields; the header has ${width}` }];
    if (problems.length) problems = [];
    for (let i = 0; i < width; i++) {
      const raw = fields[i];
      if (raw.includes('\uFFFD')) return [{ column: columns[i].name, reason: REASON.utf8 }];
      if (!isFreeText[i] && (raw.includes('\n') || raw.includes('\r'))) return [{ column: columns[i].name, reason: LINE_BREAK_REASON }];
      const v = raw.length && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
      if (v.length > columns[i].maxLength) bad(i, tooLong(columns[i].maxLength));
      values[i] = v;
    }
    if (problems.length) return problems;

    // References: hashed, never kept.
    const source = get(iSource);
    if (source === '') bad(iSource, REASON.required);
    const subject = get(iSubject);

    // Category, from the column, the ICD-10 code or the free text.
    let category = iCategory >= 0 ? coded(iCategory) : null;
    const categoryGiven = iCategory >= 0 && get(iCategory) !== '';
    if (iIcd >= 0 && get(iIcd) !== '') {
      const group = icd10Group(get(iIcd));
      if (group === undefined) bad(iIcd, REASON.icd10);
      else if (group === null) bad(iIcd, REASON.icd10Outside);
      else if (category === null && !categoryGiven) category = group;
      else if (category !== null && category !== group) bad(iCategory, REASON.icd10Mismatch);
    }
    let freeText: 0 | 1 | 2 = 0;
    if (iFreeCategory >= 0 && get(iFreeCategory) !== '') {
      const found = category === null && !categoryGiven ? councilCategoryFromText(get(iFreeCategory)) : null;
      if (found) category = found;
      freeText = found ? 1 : 2;
    }
    if (category === null && !categoryGiven && kind === DatasetKind.AE_ASSAULT) category = 'ASSAULT';
    if (category === null && !categoryGiven && !problems.some((p) => p.column === 'icd10_code')) {
      if (iCategory >= 0 && columns[iCategory].required) bad(iCategory, REASON.required);
      else problems.push({ column: 'category', reason: REASON.noCategory });
    }
    let subcategory: string | null = null;
    if (iSub >= 0 && get(iSub) !== '') {
      subcategory = coded(iSub);
      if (subcategory !== null && category !== null && !categories.get(category)?.has(subcategory)) {
        bad(iSub, REASON.subcategory);
        subcategory = null;
      }
    }

    // Time: parsed as UK local time, truncated to the template's grain.
    let occurred = 0;
    let precision: TimePrecision = keepsTime;
    const rawTime = get(iTime);
    if (rawTime === '') bad(iTime, REASON.required);
    else {
      const t = parseUkDateTime(rawTime);
      if (t === 'format') bad(iTime, REASON.dateFormat);
      else if (t === 'calendar') bad(iTime, REASON.dateCalendar);
      else if (t.ms < MIN_OCCURRED_MS) bad(iTime, REASON.dateTooEarly);
      else if (t.ms > ctx.notAfterMs) bad(iTime, REASON.dateFuture);
      else {
        precision = coarserTime(t.precision, keepsTime);
        occurred = truncateLondon(t.ms, precision);
        if (ctx.period && (t.ms < ctx.period.fromMs || t.ms >= ctx.period.toMs)) bad(iTime, REASON.outsidePeriod);
      }
    }

    // Location: grid square, LSOA (with its parents), outward postcode.
    let east: number | null = null;
    let north: number | null = null;
    if (keepsGrid && iEast >= 0) {
      const e = get(iEast);
      const n = get(iNorth);
      if ((e === '') !== (n === '')) bad(e === '' ? iEast : iNorth, REASON.gridPair);
      else if (e !== '') {
        east = gridSquare(e, MAX_EASTING);
        north = gridSquare(n, MAX_NORTHING);
        if (east === null) bad(iEast, REASON.grid);
        if (north === null) bad(iNorth, REASON.grid);
      }
    }
    let lsoa: string | null = null;
    let parents: LsoaParents | undefined;
    if (iLsoa >= 0 && get(iLsoa) !== '') {
      const v = get(iLsoa).toUpperCase();
      if (!LSOA.test(v)) bad(iLsoa, identifierReason(v) ?? REASON.lsoaFormat);
      else if (!(parents = ctx.lsoas.get(v))) bad(iLsoa, REASON.lsoaUnknown);
      else lsoa = v;
    }
    let outward: string | null = null;
    if (iPostcode >= 0 && get(iPostcode) !== '') {
      outward = outwardCode(get(iPostcode));
      if (outward === null) bad(iPostcode, REASON.postcode);
    }
    if (iOutward >= 0 && get(iOutward) !== '') {
      const v = get(iOutward);
      if (isFullPostcode(v)) bad(iOutward, REASON.fullPostcodeInOutward);
      else if (!isOutwardCode(v)) bad(iOutward, identifierReason(v) ?? REASON.postcode);
      else outward ??= v.toUpperCase();
    }
    outward ??= parents?.outward ?? null;
    if (template.locationRequired && lsoa === null && east === null && outward === null && !problems.some((p) => isLocationColumn(p.column))) {
      problems.push({ column: null, reason: REASON.noLocation });
    }

    // The person: an age band, never an age; sex as F or M.
    let band: string | null = null;
    if (iAge >= 0 && get(iAge) !== '') {
      band = ageBand(get(iAge));
      if (band === null) bad(iAge, REASON.age);
    }
    if (iAgeBand >= 0 && get(iAgeBand) !== '') {
      const given = coded(iAgeBand);
      if (given !== null && band !== null && given !== band) bad(iAgeBand, REASON.ageMismatch);
      band ??= given;
    }
    let sex: string | null = null;
    if (iSex >= 0 && get(iSex) !== '') {
      const s = sexCode(get(iSex));
      if (s === undefined) bad(iSex, identifierReason(get(iSex)) ?? REASON.sex);
      else sex = s;
    }

    // Coded details.
    let detail: Record<string, string | boolean> | null = null;
    for (const [c, i] of details) {
      if (get(i) === '') continue;
      if (c.target === 'detailFlag') {
        const f = flag(get(i));
        if (f === undefined) bad(i, REASON.flag);
        else (detail ??= {})[c.detailKey!] = f;
      } else {
        const v = coded(i);
        if (v !== null) (detail ??= {})[c.detailKey!] = v;
      }
    }
    if (iStay >= 0 && get(iStay) !== '') {
      const b = lengthOfStayBand(get(iStay));
      if (b === null) bad(iStay, REASON.integer);
      else (detail ??= {}).lengthOfStayBand = b;
    }
    if (iSite >= 0 && get(iSite) !== '') {
      const v = get(iSite).toUpperCase();
      if (!SITE.test(v)) bad(iSite, identifierReason(v) ?? REASON.site);
      else (detail ??= {}).site = v;
    }
    if (iFreeLocation >= 0 && get(iFreeLocation) !== '') {
      const given = detail?.locationType;
      const found = given === undefined || given === 'UNKNOWN' ? locationTypeFromText(get(iFreeLocation)) : null;
      if (found) (detail ??= {}).locationType = found;
      freeText = found ? 1 : 2;
    }

    if (problems.length) return problems;

    const sourceHash = ctx.hash(source);
    const subjectHash = subject === '' ? null : ctx.hash(subject);
    const line =
      prefix +
      copyText(category) +
      '\t' +
      copyText(subcategory) +
      '\t' +
      new Date(occurred).toISOString() +
      '\t' +
      precision +
      '\t' +
      (lsoa ?? NULL) +
      '\t' +
      (parents?.ward ?? NULL) +
      '\t' +
      (parents?.localAuthority ?? NULL) +
      '\t' +
      (outward ?? NULL) +
      '\t' +
      (east ?? NULL) +
      '\t' +
      (north ?? NULL) +
      '\t' +
      (band ?? NULL) +
      '\t' +
      (sex ?? NULL) +
      '\t' +
      (detail ? copyText(JSON.stringify(detail)) : NULL) +
      '\t' +
      copyBytea(sourceHash) +
      '\t' +
      copyBytea(subjectHash) +
      suffix;
    return { sourceHash, line, month: londonMonth(occurred), occurredMs: occurred, freeText };
  };
}

const LOCATION_COLUMNS = new Set(['easting', 'northing', 'lsoa_code', 'postcode', 'outward_postcode']);
function isLocationColumn(column: string | null): boolean {
  return column !== null && LOCATION_COLUMNS.has(column);
}
