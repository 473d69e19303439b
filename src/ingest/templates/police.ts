import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../../domain/vocabulary.js';
import { type DatasetTemplate } from '../template.js';
import { ColumnTreatment, ColumnType } from '../../domain/api-enums.js';
import {
  AGE_RULE,
  category,
  CODE_MAX,
  col,
  flag,
  GRID_RULE,
  gridColumns,
  LOCATION_RULE,
  lsoaColumn,
  occurredAt,
  outwardColumn,
  personColumns,
  postcodeColumn,
  sourceRef,
  subcategoryCodes,
  subjectRef,
} from './columns.js';

/** The police templates: recorded crime, and ASB, public safety and transport incidents. */

export const policeCrime: DatasetTemplate = {
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

export const policeIncident: DatasetTemplate = {
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
