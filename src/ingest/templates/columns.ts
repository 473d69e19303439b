import { AGE_BANDS, CATEGORIES } from '../../domain/categories.js';
import { type DatasetKind, TimePrecision } from '../../domain/vocabulary.js';
import { type TemplateColumn } from '../template.js';
import { ColumnTreatment, ColumnType } from '../../domain/api-enums.js';

/**
 * The columns the published templates share, as builders (a reference, the category, the
 * time, the location, the person, coded details), and the rules across columns they state.
 */

const REF_MAX = 200;
export const CODE_MAX = 64;
export const TEXT_MAX = 2000;

export const categoryCodes = (kind: DatasetKind) => CATEGORIES[kind].map((c) => c.code);
export const subcategoryCodes = (kind: DatasetKind) =>
  CATEGORIES[kind].flatMap((c) => (c.subcategories ?? []).map((s) => s.code));

export const col = (c: Omit<TemplateColumn, 'maxLength'> & { maxLength?: number }): TemplateColumn => ({
  maxLength: 40,
  ...c,
});

export function sourceRef(what: string): TemplateColumn {
  return col({
    name: 'source_ref',
    type: ColumnType.REFERENCE,
    required: true,
    description: `Your own unique reference for the ${what}. Re-sending a row with the same reference updates that record instead of adding another.`,
    treatment: ColumnTreatment.HASHED,
    note: 'Kept only as a keyed hash (HMAC-SHA256, per dataset), used to recognise re-sent and corrected rows. Never stored, logged or returned.',
    maxLength: REF_MAX,
    target: 'sourceRef',
  });
}

export function subjectRef(who: string): TemplateColumn {
  return col({
    name: 'subject_ref',
    type: ColumnType.REFERENCE,
    required: false,
    description: `A stable reference for the ${who} (your system's person identifier, or an NHS number), so that repeats can be counted.`,
    treatment: ColumnTreatment.HASHED,
    note: 'Kept only as a keyed hash, used inside the hub to count repeat victims or patients. Never stored, logged or returned, and never leaves the hub.',
    maxLength: REF_MAX,
    target: 'subjectRef',
  });
}

export function category(kind: DatasetKind, description: string, required = true, extra = ''): TemplateColumn {
  return col({
    name: 'category',
    type: ColumnType.CODE,
    required,
    description,
    allowedValues: categoryCodes(kind),
    treatment: ColumnTreatment.STORED,
    note: `Stored as the record's category.${extra}`,
    maxLength: CODE_MAX,
    target: 'category',
  });
}

export function occurredAt(description: string, precision: TimePrecision): TemplateColumn {
  const kept = { MINUTE: 'to the minute', HOUR: 'to the hour', DAY: 'as the day only', MONTH: 'as the month only' }[
    precision
  ];
  return col({
    name: 'occurred_at',
    type: ColumnType.DATE_TIME,
    required: true,
    description: `${description} UK local time. A date without a time is accepted and kept as a day.`,
    treatment: precision === TimePrecision.MINUTE ? ColumnTreatment.STORED : ColumnTreatment.GENERALISED,
    note: `Kept ${kept}; seconds are dropped. Must not be in the future or before 2000.`,
    target: 'occurredAt',
  });
}

export const gridColumns = (): TemplateColumn[] => [
  col({
    name: 'easting',
    type: ColumnType.EASTING,
    required: false,
    description: 'OS National Grid easting of the location, in metres. Give northing too.',
    treatment: ColumnTreatment.GENERALISED,
    note: 'Kept only as the 100 m grid square (rounded down to a multiple of 100); the exact point is discarded.',
    target: 'easting',
  }),
  col({
    name: 'northing',
    type: ColumnType.NORTHING,
    required: false,
    description: 'OS National Grid northing of the location, in metres. Give easting too.',
    treatment: ColumnTreatment.GENERALISED,
    note: 'Kept only as the 100 m grid square (rounded down to a multiple of 100); the exact point is discarded.',
    target: 'northing',
  }),
];

export const lsoaColumn = (description = 'LSOA of the location (GSS code, e.g. E01012345).'): TemplateColumn =>
  col({
    name: 'lsoa_code',
    type: ColumnType.LSOA_CODE,
    required: false,
    description,
    treatment: ColumnTreatment.STORED,
    note: "Stored, with its ward and local authority looked up from the hub's geography. Must be an LSOA the hub knows.",
    target: 'lsoa',
  });

export const postcodeColumn = (description: string): TemplateColumn =>
  col({
    name: 'postcode',
    type: ColumnType.POSTCODE,
    required: false,
    description,
    treatment: ColumnTreatment.GENERALISED,
    note: 'Only the outward code is kept (e.g. "RV1 2AB" becomes "RV1"); the full postcode is discarded.',
    maxLength: 10,
    target: 'postcode',
  });

export const outwardColumn = (description: string): TemplateColumn =>
  col({
    name: 'outward_postcode',
    type: ColumnType.OUTWARD_POSTCODE,
    required: false,
    description,
    treatment: ColumnTreatment.STORED,
    note: 'Stored. A full postcode here is refused: send full postcodes in `postcode`, where the hub reduces them.',
    maxLength: 8,
    target: 'outwardPostcode',
  });

export const personColumns = (who: string): TemplateColumn[] => [
  col({
    name: 'age',
    type: ColumnType.AGE,
    required: false,
    description: `Age of the ${who} in whole years at the time. Never a date of birth.`,
    treatment: ColumnTreatment.GENERALISED,
    note: `Kept only as an age band (${AGE_BANDS.join(', ')}).`,
    target: 'age',
  }),
  col({
    name: 'age_band',
    type: ColumnType.AGE_BAND,
    required: false,
    description: `Age band of the ${who}, if you do not send the age.`,
    allowedValues: AGE_BANDS,
    treatment: ColumnTreatment.STORED,
    note: 'Stored. If both age and age_band are sent they must agree.',
    target: 'ageBand',
  }),
  col({
    name: 'sex',
    type: ColumnType.SEX,
    required: false,
    description: `Sex of the ${who}: F or M (female/male accepted). Leave empty when unknown or not stated.`,
    allowedValues: ['F', 'M'],
    treatment: ColumnTreatment.STORED,
    note: 'Stored as F or M.',
    target: 'sex',
  }),
];

export const flag = (name: string, detailKey: string, description: string): TemplateColumn =>
  col({
    name,
    type: ColumnType.BOOLEAN,
    required: false,
    description,
    treatment: ColumnTreatment.STORED,
    note: `Stored in the record's details as \`${detailKey}\`.`,
    target: 'detailFlag',
    detailKey,
  });

export const code = (name: string, detailKey: string, values: readonly string[], description: string): TemplateColumn =>
  col({
    name,
    type: ColumnType.CODE,
    required: false,
    description,
    allowedValues: values,
    treatment: ColumnTreatment.STORED,
    note: `Stored in the record's details as \`${detailKey}\`.`,
    maxLength: CODE_MAX,
    target: 'detailCode',
    detailKey,
  });

export const LOCATION_RULE =
  'Each row needs a location: lsoa_code, or easting and northing, or postcode / outward_postcode.';
export const GRID_RULE = 'easting and northing come together: a row with only one of them is refused.';
export const AGE_RULE = 'If both age and age_band are given they must agree.';
