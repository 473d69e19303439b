import { ISTV_LOCATION_TYPES, ISTV_WEAPONS } from '../../domain/categories.js';
import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../../domain/vocabulary.js';
import { type DatasetTemplate } from '../template.js';
import { ColumnTreatment, ColumnType } from '../../domain/api-enums.js';
import {
  AGE_RULE,
  category,
  code,
  col,
  lsoaColumn,
  occurredAt,
  outwardColumn,
  personColumns,
  postcodeColumn,
  sourceRef,
  subjectRef,
  TEXT_MAX,
} from './columns.js';

/** The health templates: hospital admissions in the prescribed ICD-10 groups, and A&E assault attendances (ISTV). */

export const LENGTH_OF_STAY_BANDS = ['0', '1-2', '3-7', '8+'] as const;

export const healthAdmission: DatasetTemplate = {
  kind: DatasetKind.HEALTH_ADMISSION,
  title: 'Hospital admissions (prescribed ICD-10 groups)',
  description:
    'Admissions of residents by outward postcode of residence, date and ICD-10 group: assault (X85-Y09), mental and behavioural disorders due to substance use (F10-F19), toxic effect of alcohol (T51), alcohol-related (Y90-Y91), and domestic abuse.',
  cadence: Cadence.QUARTERLY,
  precision: { location: LocationPrecision.OUTWARD_POSTCODE, time: TimePrecision.DAY, ageBand: true },
  locationRequired: true,
  columns: [
    sourceRef('admission (e.g. the spell number)'),
    category(
      DatasetKind.HEALTH_ADMISSION,
      'ICD-10 group of the admission. May be left empty when icd10_code is given.',
      false,
      ' Derived from icd10_code when empty; DOMESTIC_ABUSE must be given here.',
    ),
    col({
      name: 'icd10_code',
      type: ColumnType.ICD10_CODE,
      required: false,
      description: 'The ICD-10 code that places the admission in a prescribed group, e.g. X99.1, F10.2, T51.0, Y90.',
      treatment: ColumnTreatment.DERIVED,
      note: 'Used to derive (or check) the category, then dropped: only the group is kept.',
      maxLength: 8,
      target: 'icd10',
    }),
    occurredAt('Date of admission.', TimePrecision.DAY),
    postcodeColumn("Postcode of the patient's residence."),
    outwardColumn("Outward postcode of the patient's residence."),
    subjectRef('patient'),
    ...personColumns('patient'),
    col({
      name: 'length_of_stay_days',
      type: ColumnType.INTEGER,
      required: false,
      description: 'Length of stay in days.',
      treatment: ColumnTreatment.GENERALISED,
      note: `Kept only as a band (${LENGTH_OF_STAY_BANDS.join(', ')}) in the details as \`lengthOfStayBand\`.`,
      target: 'lengthOfStayDays',
      detailKey: 'lengthOfStayBand',
    }),
  ],
  rules: [
    'Each row needs postcode or outward_postcode (of residence).',
    'Each row needs a category, or an icd10_code in a prescribed group; when both are given they must agree.',
    AGE_RULE,
  ],
};

export const aeAssault: DatasetTemplate = {
  kind: DatasetKind.AE_ASSAULT,
  title: 'A&E assault attendances (ISTV, ISB 1594)',
  description:
    'The Information Sharing to Tackle Violence minimum dataset: per assault attendance, the date and time of the assault, the method (weapon), the location type and the free-text location; per submission, the treatment site and the period covered (send the period with the upload).',
  cadence: Cadence.MONTHLY,
  precision: { location: LocationPrecision.LSOA, time: TimePrecision.HOUR, ageBand: true },
  locationRequired: false,
  columns: [
    sourceRef('attendance (e.g. the attendance number)'),
    col({
      ...category(DatasetKind.AE_ASSAULT, 'Always ASSAULT; may be left empty.', false),
      note: 'Stored; ASSAULT when empty.',
    }),
    occurredAt('Date and time of the assault (not of arrival).', TimePrecision.HOUR),
    code('weapon', 'weapon', ISTV_WEAPONS, 'Method of assault (ISTV weapon code).'),
    code(
      'location_type',
      'locationType',
      ISTV_LOCATION_TYPES,
      'Type of place where the assault happened (ISTV location code).',
    ),
    col({
      name: 'location_description',
      type: ColumnType.FREE_TEXT,
      required: false,
      description: 'Where the assault happened, as the patient described it (ISTV free-text location).',
      treatment: ColumnTreatment.CODED_OR_DROPPED,
      note: 'Never stored. When location_type is empty or UNKNOWN, a location type recognised in the text (a pub, the street, home...) is stored instead; the text itself is always dropped.',
      maxLength: TEXT_MAX,
      target: 'freeTextLocation',
    }),
    lsoaColumn('LSOA of the assault location, where the department geocodes it.'),
    col({
      name: 'site_code',
      type: ColumnType.SITE_CODE,
      required: false,
      description: 'ODS code of the treatment site (ISTV per-submission field), e.g. RXK01.',
      treatment: ColumnTreatment.STORED,
      note: 'Stored in the details as `site`.',
      maxLength: 8,
      target: 'siteCode',
      detailKey: 'site',
    }),
    subjectRef('patient'),
    ...personColumns('patient'),
  ],
  rules: ['Location is optional (ISTV records often have none); when given it is an LSOA.', AGE_RULE],
};
