import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../../domain/vocabulary.js';
import { type DatasetTemplate } from '../template.js';
import {
  AGE_RULE,
  category,
  code,
  GRID_RULE,
  gridColumns,
  LOCATION_RULE,
  lsoaColumn,
  occurredAt,
  outwardColumn,
  personColumns,
  postcodeColumn,
  sourceRef,
  subjectRef,
} from './columns.js';

/** The fire and rescue and ambulance templates: deliberate fires and related incidents, call-outs to crime and disorder. */

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
export const AMBULANCE_OUTCOMES = ['CONVEYED', 'TREATED_ON_SCENE', 'NOT_CONVEYED'] as const;

export const fireIncident: DatasetTemplate = {
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

export const ambulanceCallout: DatasetTemplate = {
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
