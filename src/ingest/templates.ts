import { Cadence, DatasetKind, LocationPrecision, TimePrecision } from '../domain/vocabulary.js';
import { type DatasetTemplate, type TemplateColumn } from './template.js';
import { councilReport } from './templates/council.js';
import { ambulanceCallout, fireIncident } from './templates/fire-and-ambulance.js';
import { aeAssault, healthAdmission } from './templates/health.js';
import { policeCrime, policeIncident } from './templates/police.js';

/**
 * The published templates, one per prescribed kind (SI 2007/1831 and local practice).
 * Each names its columns, what is accepted in them, and what the hub keeps: nothing
 * here is ever a direct identifier once the hub has processed it. The templates
 * themselves are declared by agency in templates/, from the shared column builders of
 * templates/columns.ts.
 */

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
