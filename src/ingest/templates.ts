import { AGE_BANDS, CATEGORIES, ISTV_LOCATION_TYPES, ISTV_WEAPONS } from '../domain/categories.js';
import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { type DatasetTemplate, type TemplateColumn } from './template.js';
import { ColumnTreatment, ColumnType } from '../domain/api-enums.js';

/**
 * The published templates, one per prescribed kind (SI 2007/1831 and local practice).
 * Each names its columns, what is accepted in them, and what the hub keeps: nothing
 * here is ever a direct identifier once the hub has processed it.
 */

export const FIRE_PROPERTY_TYPES = [
  'DWELLING',
  'DERELICT_BUILDING',
  'NON_RESIDENTIAL',
  'GRASSLAND_SCRUB',
  'REFUSE_CONTAINER',
  'LOOSE_REFUSE',
  'DERELICT_STRUCTURE',
  'CAR',
  'MOTORCYCLE',
  'OTHER_VEHICLE',
  'OTHER',
] as const;
export const COUNCIL_CHANNELS = ['ONLINE', 'PHONE', 'IN_PERSON', 'APP', 'OTHER'] as const;
export const AMBULANCE_OUTCOMES = ['CONVEYED', 'TREATED_ON_SCENE', 'NOT_CONVEYED'] as const;
export const LENGTH_OF_STAY_BANDS = ['0', '1-2', '3-7', '8+'] as const;

const REF_MAX = 200;
const CODE_MAX = 64;
const TEXT_MAX = 2000;

const categoryCodes = (kind: DatasetKind) => CATEGORIES[kind].map((c) => c.code);
const subcategoryCodes = (kind: DatasetKind) =>
  CATEGORIES[kind].flatMap((c) => (c.subcategories ?? []).map((s) => s.code));

const col = (c: Omit<TemplateColumn, 'maxLength'> & { maxLength?: number }): TemplateColumn => ({
  maxLength: 40,
  ...c,
});

function sourceRef(what: string): TemplateColumn {
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

function subjectRef(who: string): TemplateColumn {
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

function category(kind: DatasetKind, description: string, required = true, extra = ''): TemplateColumn {
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

function occurredAt(description: string, precision: TimePrecision): TemplateColumn {
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

const gridColumns = (): TemplateColumn[] => [
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

const lsoaColumn = (description = 'LSOA of the location (GSS code, e.g. E01012345).'): TemplateColumn =>
  col({
    name: 'lsoa_code',
    type: ColumnType.LSOA_CODE,
    required: false,
    description,
    treatment: ColumnTreatment.STORED,
    note: "Stored, with its ward and local authority looked up from the hub's geography. Must be an LSOA the hub knows.",
    target: 'lsoa',
  });

const postcodeColumn = (description: string): TemplateColumn =>
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

const outwardColumn = (description: string): TemplateColumn =>
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

const personColumns = (who: string): TemplateColumn[] => [
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

const flag = (name: string, detailKey: string, description: string): TemplateColumn =>
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

const code = (name: string, detailKey: string, values: readonly string[], description: string): TemplateColumn =>
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

const LOCATION_RULE = 'Each row needs a location: lsoa_code, or easting and northing, or postcode / outward_postcode.';
const GRID_RULE = 'easting and northing come together: a row with only one of them is refused.';
const AGE_RULE = 'If both age and age_band are given they must agree.';

const policeCrime: DatasetTemplate = {
  kind: DatasetKind.POLICE_CRIME,
  title: 'Police recorded crime',
  description:
    'Notifiable offences recorded by the police, by Home Office offence group and sub-category, with date, time and location (SI 2007/1831).',
  cadence: Cadence.QUARTERLY,
  precision: { location: LocationPrecision.GRID_100M, time: TimePrecision.MINUTE, ageBand: true },
  locationRequired: true,
  columns: [
    sourceRef('crime (e.g. the crime reference number)'),
    category(DatasetKind.POLICE_CRIME, 'Home Office offence group.'),
    col({
      name: 'subcategory',
      type: ColumnType.CODE,
      required: false,
      description: 'Home Office sub-category within the offence group.',
      allowedValues: subcategoryCodes(DatasetKind.POLICE_CRIME),
      treatment: ColumnTreatment.STORED,
      note: "Stored. Must belong to the row's category.",
      maxLength: CODE_MAX,
      target: 'subcategory',
    }),
    occurredAt('When the offence was committed (the start of the window if a range).', TimePrecision.MINUTE),
    ...gridColumns(),
    lsoaColumn(),
    postcodeColumn('Postcode of the location, if you have no grid reference or LSOA.'),
    outwardColumn('Outward postcode of the location.'),
    subjectRef('victim'),
    ...personColumns('victim'),
    flag('domestic_abuse', 'domesticAbuse', 'Flagged as domestic abuse related.'),
    flag('alcohol_related', 'alcoholRelated', 'Flagged as alcohol related.'),
  ],
  rules: [LOCATION_RULE, GRID_RULE, 'subcategory, when given, must belong to category.', AGE_RULE],
};

const policeIncident: DatasetTemplate = {
  kind: DatasetKind.POLICE_INCIDENT,
  title: 'Police ASB, public safety and transport incidents',
  description:
    'Incidents under the National Incident Category List: anti-social behaviour (personal, nuisance, environmental), public safety and transport, with date, time and location.',
  cadence: Cadence.QUARTERLY,
  precision: { location: LocationPrecision.GRID_100M, time: TimePrecision.MINUTE, ageBand: false },
  locationRequired: true,
  columns: [
    sourceRef('incident (e.g. the incident log number)'),
    category(DatasetKind.POLICE_INCIDENT, 'Incident category: the ASB type, public safety or transport.'),
    occurredAt('When the incident happened.', TimePrecision.MINUTE),
    ...gridColumns(),
    lsoaColumn(),
    postcodeColumn('Postcode of the location, if you have no grid reference or LSOA.'),
    outwardColumn('Outward postcode of the location.'),
  ],
  rules: [LOCATION_RULE, GRID_RULE],
};

const fireIncident: DatasetTemplate = {
  kind: DatasetKind.FIRE_INCIDENT,
  title: 'Fire and rescue: deliberate fires and related incidents',
  description:
    'Deliberate primary fires (not vehicles), deliberate primary vehicle fires, deliberate secondary fires, violence against fire staff, and dwelling fires with no smoke alarm, with date, time and location.',
  cadence: Cadence.QUARTERLY,
  precision: { location: LocationPrecision.GRID_100M, time: TimePrecision.MINUTE, ageBand: false },
  locationRequired: true,
  columns: [
    sourceRef('incident (e.g. the IRS incident number)'),
    category(DatasetKind.FIRE_INCIDENT, 'Kind of incident.'),
    occurredAt('Time of call.', TimePrecision.MINUTE),
    ...gridColumns(),
    lsoaColumn(),
    postcodeColumn('Postcode of the location, if you have no grid reference or LSOA.'),
    outwardColumn('Outward postcode of the location.'),
    code('property_type', 'propertyType', FIRE_PROPERTY_TYPES, 'What burned.'),
  ],
  rules: [LOCATION_RULE, GRID_RULE],
};

const healthAdmission: DatasetTemplate = {
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

const aeAssault: DatasetTemplate = {
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

const ambulanceCallout: DatasetTemplate = {
  kind: DatasetKind.AMBULANCE_CALLOUT,
  title: 'Ambulance call-outs to crime and disorder incidents',
  description: 'Call-outs to crime and disorder incidents with location, time, date and category.',
  cadence: Cadence.QUARTERLY,
  precision: { location: LocationPrecision.GRID_100M, time: TimePrecision.MINUTE, ageBand: true },
  locationRequired: true,
  columns: [
    sourceRef('call-out (e.g. the incident number)'),
    category(DatasetKind.AMBULANCE_CALLOUT, 'Kind of incident.'),
    occurredAt('Time of call.', TimePrecision.MINUTE),
    ...gridColumns(),
    lsoaColumn(),
    postcodeColumn('Postcode of the incident location, if you have no grid reference or LSOA.'),
    outwardColumn('Outward postcode of the incident location.'),
    subjectRef('patient'),
    ...personColumns('patient'),
    code('outcome', 'outcome', AMBULANCE_OUTCOMES, 'What happened to the patient.'),
  ],
  rules: [LOCATION_RULE, GRID_RULE, AGE_RULE],
};

const councilReport: DatasetTemplate = {
  kind: DatasetKind.COUNCIL_REPORT,
  title: 'Council ASB and environmental reports',
  description:
    'Reports to the council: anti-social behaviour, fly-tipping, graffiti, criminal damage to council property, noise nuisance, abandoned vehicles, hate incidents.',
  cadence: Cadence.QUARTERLY,
  precision: { location: LocationPrecision.GRID_100M, time: TimePrecision.MINUTE, ageBand: false },
  locationRequired: true,
  columns: [
    sourceRef('report (e.g. the case number)'),
    category(
      DatasetKind.COUNCIL_REPORT,
      'Kind of report. May be left empty when the description names it.',
      false,
      ' Recognised from description when empty.',
    ),
    occurredAt('When it happened, or was reported if that is all you know.', TimePrecision.MINUTE),
    ...gridColumns(),
    lsoaColumn(),
    postcodeColumn('Postcode of the location, if you have no grid reference or LSOA.'),
    outwardColumn('Outward postcode of the location.'),
    code('channel', 'channel', COUNCIL_CHANNELS, 'How the report reached the council.'),
    col({
      name: 'description',
      type: ColumnType.FREE_TEXT,
      required: false,
      description: "The report's summary text.",
      treatment: ColumnTreatment.CODED_OR_DROPPED,
      note: 'Never stored. When category is empty, a category recognised in the text (fly-tipping, graffiti, noise...) is stored instead; the text itself is always dropped.',
      maxLength: TEXT_MAX,
      target: 'freeTextCategory',
    }),
  ],
  rules: [LOCATION_RULE, GRID_RULE, 'Each row needs a category, given or recognised in description.'],
};

export const TEMPLATES: Readonly<Record<DatasetKind, DatasetTemplate>> = {
  [DatasetKind.POLICE_CRIME]: policeCrime,
  [DatasetKind.POLICE_INCIDENT]: policeIncident,
  [DatasetKind.FIRE_INCIDENT]: fireIncident,
  [DatasetKind.HEALTH_ADMISSION]: healthAdmission,
  [DatasetKind.AE_ASSAULT]: aeAssault,
  [DatasetKind.AMBULANCE_CALLOUT]: ambulanceCallout,
  [DatasetKind.COUNCIL_REPORT]: councilReport,
};

export function templateFor(kind: DatasetKind): DatasetTemplate {
  return TEMPLATES[kind];
}

export const ALL_TEMPLATES: readonly DatasetTemplate[] = Object.values(TEMPLATES);

/** A template as published (GraphQL `datasetTemplates`, `npx hub datasets --json`): everything but the hub's internal wiring. */
export interface PublishedTemplate {
  kind: DatasetKind;
  title: string;
  description: string;
  cadence: Cadence;
  precision: { location: LocationPrecision | null; time: TimePrecision; ageBand: boolean };
  locationRequired: boolean;
  columns: {
    name: string;
    type: TemplateColumn['type'];
    required: boolean;
    description: string;
    allowedValues: string[] | null;
    treatment: TemplateColumn['treatment'];
    note: string;
    maxLength: number;
  }[];
  rules: string[];
}

export function publishTemplate(t: DatasetTemplate): PublishedTemplate {
  return {
    kind: t.kind,
    title: t.title,
    description: t.description,
    cadence: t.cadence,
    precision: { location: t.precision.location, time: t.precision.time, ageBand: t.precision.ageBand },
    locationRequired: t.locationRequired,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      required: c.required,
      description: c.description,
      allowedValues: c.allowedValues ? [...c.allowedValues] : null,
      treatment: c.treatment,
      note: c.note,
      maxLength: c.maxLength,
    })),
    rules: [...t.rules],
  };
}
