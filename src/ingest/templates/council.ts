import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../../domain/vocabulary.js';
import { type DatasetTemplate } from '../template.js';
import { ColumnTreatment, ColumnType } from '../../domain/api-enums.js';
import {
  category,
  code,
  col,
  GRID_RULE,
  gridColumns,
  LOCATION_RULE,
  lsoaColumn,
  occurredAt,
  outwardColumn,
  postcodeColumn,
  sourceRef,
  TEXT_MAX,
} from './columns.js';

/** The council template: ASB and environmental reports. */

export const COUNCIL_CHANNELS = ['ONLINE', 'PHONE', 'IN_PERSON', 'APP', 'OTHER'] as const;

export const councilReport: DatasetTemplate = {
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
