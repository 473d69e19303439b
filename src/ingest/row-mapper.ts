import { CATEGORIES } from '../domain/categories.js';
import { DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { councilCategoryFromText, locationTypeFromText } from './free-text.js';
import {
  ageBand,
  flag,
  gridSquare,
  icd10Group,
  isFullPostcode,
  isOutwardCode,
  lengthOfStayBand,
  MAX_EASTING,
  MAX_NORTHING,
  outwardCode,
  sexCode,
} from './generalise.js';
import type { ResolvedHeader } from './header.js';
import { findIdentifiers, IDENTIFIER_LABELS, type IdentifierKind } from './identifier-guard.js';
import { type DatasetTemplate, type TemplateColumn } from './template.js';
import { templateFor } from './templates.js';
import { coarserTime, londonMonth, parseUkDateTime, truncateLondon } from '../domain/uk-time.js';
import { ColumnType } from '../domain/api-enums.js';

/** Ward, local authority and outward code of an LSOA, from the hub's area table. */
export interface LsoaParents {
  ward: string | null;
  localAuthority: string | null;
  outward: string | null;
  /** For a 2011 LSOA code: the one 2021 LSOA it lands in (src/geography/ons-lsoa2011.ts). */
  lsoa2021?: string;
  /** For a 2011 LSOA code split into several 2021 LSOAs: ambiguous, refused (LSOA_SPLIT). */
  split?: boolean;
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
  period?: { fromMs: number; toMs: number; label: string; /** e.g. "2026-01-01 to 2026-03-31" */ span?: string };
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
  /** The rule broken: a stable code (RULES, or IDENTIFIER_<kind>). */
  rule: Rule;
  reason: string;
  /** For OUTSIDE_PERIOD: the London month (YYYY-MM) the row is dated in. */
  month?: string;
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
const copyText = (v: string | null): string =>
  v === null
    ? NULL
    : NEEDS_ESCAPE.test(v)
      ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
      : v;
const copyBytea = (b: Buffer | null): string => (b === null ? NULL : `\\\\x${b.toString('hex')}`);

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

/** A line break inside a value that is not free text: in a CSV file, the mark of an unbalanced quote. */
export const LINE_BREAK_REASON = RULES.LINE_BREAK;

const tooLong = (max: number) => `too long: at most ${max} characters`;
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

/** A free-text value dropped: which identifiers it seemed to hold, or why no code came of it. Never the text. */
export interface FreeTextNote {
  column: string;
  /** IDENTIFIER_<kind> (the first kind seen), or NOT_CODED. */
  kind: string;
  reason: string;
  /** Every kind of identifier seen in the text. */
  identifiers: readonly IdentifierKind[];
}

/**
 * Compiles a template and a resolved header into a function that turns one row's fields
 * into a record line, or into the reasons it is refused. Nothing of a refused value is
 * ever kept: reasons are fixed texts naming the column.
 */
export type RowMapper = ((fields: readonly string[]) => MappedRow | RowProblem[]) & {
  /** Notes on the row just mapped (accepted or not): free text dropped, and what it seemed to hold. */
  readonly notes: readonly FreeTextNote[];
};

export function compileRowMapper(ctx: MapperContext): RowMapper {
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

  const categories = new Map(
    CATEGORIES[kind].map((c) => [c.code, new Set((c.subcategories ?? []).map((s) => s.code))]),
  );
  const allowed = new Map<TemplateColumn, ReadonlySet<string>>(
    header.columns.filter((c) => c.allowedValues).map((c) => [c, new Set(c.allowedValues)]),
  );
  const keepsTime = template.precision.time;
  const keepsGrid = template.precision.location === LocationPrecision.GRID_100M;
  const prefix = `${ctx.datasetId}\t${ctx.agencyId}\t${kind}\t`;
  const suffix = `\t${ctx.batchId}`;
  const width = header.width;
  const columns = header.columns;
  const outsidePeriod = ctx.period
    ? `${RULES.OUTSIDE_PERIOD} ${ctx.period.label}${ctx.period.span ? ` (${ctx.period.span})` : ''}`
    : RULES.OUTSIDE_PERIOD;

  // Per-row state, reused: the mapper runs a million times per file and is synchronous, so
  // these need not be allocated afresh for each row.
  const values: string[] = new Array(width);
  let problems: RowProblem[] = [];
  const allowedAt: (ReadonlySet<string> | undefined)[] = columns.map((c) => allowed.get(c));
  const isFreeText: boolean[] = columns.map((c) => c.type === ColumnType.FREE_TEXT);
  const get = (i: number) => (i < 0 ? '' : values[i]);
  const bad = (i: number, rule: Rule, reason: string = RULES[rule as keyof typeof RULES]) => {
    problems.push({ column: columns[i].name, rule, reason });
  };
  /** A refused value: as the identifier it looks like, if it does (never echoed), else as the rule broken. */
  const badValue = (i: number, rule: Rule, v: string, reason?: string) => {
    const kinds = findIdentifiers(v);
    if (kinds.length) bad(i, `IDENTIFIER_${kinds[0]}`, identifierText(kinds[0]));
    else bad(i, rule, reason);
  };
  const codesOf = (name: 'category' | 'subcategory') =>
    name === 'category'
      ? CATEGORIES[kind].map((c) => c.code)
      : CATEGORIES[kind].flatMap((c) => (c.subcategories ?? []).map((x) => x.code));
  const allowedList = columns.map(
    (c) => c.allowedValues ?? (c.name === 'category' || c.name === 'subcategory' ? codesOf(c.name) : []),
  );
  const coded = (i: number): string | null => {
    const v = values[i];
    if (v === '') return null;
    const u = v.toUpperCase();
    if (allowedAt[i]!.has(u)) return u;
    const kinds = findIdentifiers(v);
    if (kinds.length) bad(i, `IDENTIFIER_${kinds[0]}`, identifierText(kinds[0]));
    else bad(i, 'NOT_ALLOWED', notAllowedReason(v, allowedList[i], kind));
    return null;
  };
  // Free text: what it seemed to hold, noted per row (the service reads these after each row).
  const notes: FreeTextNote[] = [];
  const noteFreeText = (i: number, text: string, coded: boolean, needed: boolean, what: string) => {
    const kinds = findIdentifiers(text);
    if (kinds.length) {
      const labels = kinds.map((k) => IDENTIFIER_LABELS[k]);
      const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : labels[0];
      notes.push({
        column: columns[i].name,
        kind: `IDENTIFIER_${kinds[0]}`,
        identifiers: kinds,
        reason: `looks like it holds ${list}: dropped, never stored (free text is always dropped)${coded ? `, after the ${what} was recognised` : ''}; remove identifiers from this column at source`,
      });
    } else if (needed && !coded) {
      notes.push({
        column: columns[i].name,
        kind: 'NOT_CODED',
        identifiers: [],
        reason: `no ${what} recognised in the text, which was dropped: give the ${what} in its own column`,
      });
    }
  };

  const mapper = (fields: readonly string[]): MappedRow | RowProblem[] => {
    if (notes.length) notes.length = 0;
    if (fields.length !== width)
      return [{ column: null, rule: 'FIELD_COUNT', reason: `has ${fields.length} fields; the header has ${width}` }];
    if (problems.length) problems = [];
    for (let i = 0; i < width; i++) {
      const raw = fields[i];
      if (raw.includes('\uFFFD')) return [{ column: columns[i].name, rule: 'ENCODING', reason: RULES.ENCODING }];
      if (!isFreeText[i] && (raw.includes('\n') || raw.includes('\r')))
        return [{ column: columns[i].name, rule: 'LINE_BREAK', reason: LINE_BREAK_REASON }];
      const v = raw.length && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
      if (v.length > columns[i].maxLength) bad(i, 'TOO_LONG', tooLong(columns[i].maxLength));
      values[i] = v;
    }
    if (problems.length) return problems;

    // References: hashed, never kept.
    const source = get(iSource);
    if (source === '') bad(iSource, 'REQUIRED');
    const subject = get(iSubject);

    // Category, from the column, the ICD-10 code or the free text.
    let category = iCategory >= 0 ? coded(iCategory) : null;
    const categoryGiven = iCategory >= 0 && get(iCategory) !== '';
    if (iIcd >= 0 && get(iIcd) !== '') {
      const group = icd10Group(get(iIcd));
      if (group === undefined) badValue(iIcd, 'ICD10', get(iIcd));
      else if (group === null) bad(iIcd, 'ICD10_OUTSIDE');
      else if (category === null && !categoryGiven) category = group;
      else if (category !== null && category !== group) bad(iCategory, 'ICD10_MISMATCH');
    }
    let freeText: 0 | 1 | 2 = 0;
    if (iFreeCategory >= 0 && get(iFreeCategory) !== '') {
      const needed = category === null && !categoryGiven;
      const found = needed ? councilCategoryFromText(get(iFreeCategory)) : null;
      if (found) category = found;
      freeText = found ? 1 : 2;
      noteFreeText(iFreeCategory, get(iFreeCategory), found !== null, needed, 'category');
    }
    if (category === null && !categoryGiven && kind === DatasetKind.AE_ASSAULT) category = 'ASSAULT';
    if (category === null && !categoryGiven && !problems.some((p) => p.column === 'icd10_code')) {
      if (iCategory >= 0 && columns[iCategory].required) bad(iCategory, 'REQUIRED');
      else problems.push({ column: 'category', rule: 'NO_CATEGORY', reason: RULES.NO_CATEGORY });
    }
    let subcategory: string | null = null;
    if (iSub >= 0 && get(iSub) !== '') {
      subcategory = coded(iSub);
      if (subcategory !== null && category !== null && !categories.get(category)?.has(subcategory)) {
        bad(iSub, 'SUBCATEGORY', `${RULES.SUBCATEGORY} (${category})`);
        subcategory = null;
      }
    }

    // Time: parsed as UK local time, truncated to the template's grain.
    let occurred = 0;
    let precision: TimePrecision = keepsTime;
    const rawTime = get(iTime);
    if (rawTime === '') bad(iTime, 'REQUIRED');
    else {
      const t = parseUkDateTime(rawTime);
      if (t === 'format') badValue(iTime, 'DATE_FORMAT', rawTime);
      else if (t === 'calendar') bad(iTime, 'DATE_CALENDAR');
      else if (t.ms < MIN_OCCURRED_MS) bad(iTime, 'DATE_TOO_EARLY');
      else if (t.ms > ctx.notAfterMs) bad(iTime, 'DATE_FUTURE');
      else {
        precision = coarserTime(t.precision, keepsTime);
        occurred = truncateLondon(t.ms, precision);
        if (ctx.period && (t.ms < ctx.period.fromMs || t.ms >= ctx.period.toMs)) {
          problems.push({
            column: columns[iTime].name,
            rule: 'OUTSIDE_PERIOD',
            reason: outsidePeriod,
            month: londonMonth(t.ms),
          });
        }
      }
    }

    // Location: grid square, LSOA (with its parents), outward postcode.
    let east: number | null = null;
    let north: number | null = null;
    if (keepsGrid && iEast >= 0) {
      const e = get(iEast);
      const n = get(iNorth);
      if ((e === '') !== (n === '')) bad(e === '' ? iEast : iNorth, 'GRID_PAIR');
      else if (e !== '') {
        east = gridSquare(e, MAX_EASTING);
        north = gridSquare(n, MAX_NORTHING);
        if (east === null) badValue(iEast, 'GRID', e);
        if (north === null) badValue(iNorth, 'GRID', n);
      }
    }
    let lsoa: string | null = null;
    let parents: LsoaParents | undefined;
    if (iLsoa >= 0 && get(iLsoa) !== '') {
      const v = get(iLsoa).toUpperCase();
      if (!LSOA.test(v)) badValue(iLsoa, 'LSOA_FORMAT', v);
      else if (!(parents = ctx.lsoas.get(v))) bad(iLsoa, 'LSOA_UNKNOWN');
      else if (parents.split) {
        bad(iLsoa, 'LSOA_SPLIT');
        parents = undefined;
      } else lsoa = parents.lsoa2021 ?? v;
    }
    let outward: string | null = null;
    if (iPostcode >= 0 && get(iPostcode) !== '') {
      outward = outwardCode(get(iPostcode));
      if (outward === null) badValue(iPostcode, 'POSTCODE', get(iPostcode));
    }
    if (iOutward >= 0 && get(iOutward) !== '') {
      const v = get(iOutward);
      if (isFullPostcode(v)) bad(iOutward, 'FULL_POSTCODE_IN_OUTWARD');
      else if (!isOutwardCode(v)) badValue(iOutward, 'POSTCODE', v);
      else outward ??= v.toUpperCase();
    }
    outward ??= parents?.outward ?? null;
    if (
      template.locationRequired &&
      lsoa === null &&
      east === null &&
      outward === null &&
      !problems.some((p) => isLocationColumn(p.column))
    ) {
      problems.push({ column: null, rule: 'NO_LOCATION', reason: RULES.NO_LOCATION });
    }

    // The person: an age band, never an age; sex as F or M.
    let band: string | null = null;
    if (iAge >= 0 && get(iAge) !== '') {
      band = ageBand(get(iAge));
      if (band === null) badValue(iAge, 'AGE', get(iAge));
    }
    if (iAgeBand >= 0 && get(iAgeBand) !== '') {
      const given = coded(iAgeBand);
      if (given !== null && band !== null && given !== band) bad(iAgeBand, 'AGE_MISMATCH');
      band ??= given;
    }
    let sex: string | null = null;
    if (iSex >= 0 && get(iSex) !== '') {
      const s = sexCode(get(iSex));
      if (s === undefined) badValue(iSex, 'SEX', get(iSex));
      else sex = s;
    }

    // Coded details.
    let detail: Record<string, string | boolean> | null = null;
    for (const [c, i] of details) {
      if (get(i) === '') continue;
      if (c.target === 'detailFlag') {
        const f = flag(get(i));
        if (f === undefined) badValue(i, 'FLAG', get(i));
        else (detail ??= {})[c.detailKey!] = f;
      } else {
        const v = coded(i);
        if (v !== null) (detail ??= {})[c.detailKey!] = v;
      }
    }
    if (iStay >= 0 && get(iStay) !== '') {
      const b = lengthOfStayBand(get(iStay));
      if (b === null) badValue(iStay, 'INTEGER', get(iStay));
      else (detail ??= {}).lengthOfStayBand = b;
    }
    if (iSite >= 0 && get(iSite) !== '') {
      const v = get(iSite).toUpperCase();
      if (!SITE.test(v)) badValue(iSite, 'SITE', v);
      else (detail ??= {}).site = v;
    }
    if (iFreeLocation >= 0 && get(iFreeLocation) !== '') {
      const given = detail?.locationType;
      const needed = given === undefined || given === 'UNKNOWN';
      const found = needed ? locationTypeFromText(get(iFreeLocation)) : null;
      if (found) (detail ??= {}).locationType = found;
      freeText = found ? 1 : 2;
      noteFreeText(iFreeLocation, get(iFreeLocation), found !== null, needed, 'location type');
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
  return Object.assign(mapper, { notes: notes as readonly FreeTextNote[] });
}

const identifierText = (kind: IdentifierKind) =>
  `looks like ${IDENTIFIER_LABELS[kind]}: direct identifiers are refused (the value is not stored)`;

const LOCATION_COLUMNS = new Set(['easting', 'northing', 'lsoa_code', 'postcode', 'outward_postcode']);
function isLocationColumn(column: string | null): boolean {
  return column !== null && LOCATION_COLUMNS.has(column);
}
