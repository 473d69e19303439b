import { createHash } from 'node:crypto';
import { DEMO_PARTNERSHIP_NAME } from '../config.js';
import { AgencyKind, Cadence, DatasetKind, Role } from '../domain/vocabulary.js';

/**
 * The one password of every demo account. Synthetic and public on purpose: the demo
 * partnership is for local demonstration and tests only and must never be loaded into a
 * hub that holds real partner data.
 */
export const DEMO_PASSWORD = 'demo-partnership-2026';

export interface DemoAgency {
  code: string;
  name: string;
  kind: AgencyKind;
  /** Partner agencies supply data and get the four standard accounts; the CSP itself does not. */
  partner: boolean;
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  { code: 'BPOL', name: 'Borough Police', kind: AgencyKind.POLICE, partner: true },
  { code: 'RHT', name: 'Riverside Hospitals NHS Trust', kind: AgencyKind.HEALTH, partner: true },
  { code: 'SAMB', name: 'Shire Ambulance Service NHS Trust', kind: AgencyKind.AMBULANCE, partner: true },
  { code: 'SFRS', name: 'Shire Fire and Rescue Service', kind: AgencyKind.FIRE, partner: true },
  { code: 'RDC', name: 'Riverside District Council', kind: AgencyKind.COUNCIL, partner: true },
  { code: 'SCC', name: 'Shire County Council', kind: AgencyKind.COUNCIL, partner: true },
  { code: 'CSP', name: DEMO_PARTNERSHIP_NAME, kind: AgencyKind.OTHER, partner: false },
];

export interface DemoDataset {
  key: string;
  agencyCode: string;
  kind: DatasetKind;
  name: string;
  cadence: Cadence;
  /** Relative volume among the demo datasets of the same kind. */
  weight: number;
  /** Local authorities the provider covers; absent = the whole county. */
  localAuthorityCodes?: readonly string[];
}

export const DEMO_DATASETS: readonly DemoDataset[] = [
  {
    key: 'bpol-crime',
    agencyCode: 'BPOL',
    kind: DatasetKind.POLICE_CRIME,
    name: 'Borough Police recorded crime',
    cadence: Cadence.QUARTERLY,
    weight: 1,
  },
  {
    key: 'bpol-incidents',
    agencyCode: 'BPOL',
    kind: DatasetKind.POLICE_INCIDENT,
    name: 'Borough Police ASB, public safety and transport incidents',
    cadence: Cadence.QUARTERLY,
    weight: 1,
  },
  {
    key: 'rht-ae-assaults',
    agencyCode: 'RHT',
    kind: DatasetKind.AE_ASSAULT,
    name: 'Riverside Hospitals A&E assault attendances (ISTV)',
    cadence: Cadence.MONTHLY,
    weight: 1,
  },
  {
    key: 'rht-admissions',
    agencyCode: 'RHT',
    kind: DatasetKind.HEALTH_ADMISSION,
    name: 'Riverside Hospitals admissions (prescribed ICD-10 groups)',
    cadence: Cadence.QUARTERLY,
    weight: 1,
  },
  {
    key: 'samb-callouts',
    agencyCode: 'SAMB',
    kind: DatasetKind.AMBULANCE_CALLOUT,
    name: 'Shire Ambulance call-outs to crime and disorder',
    cadence: Cadence.QUARTERLY,
    weight: 1,
  },
  {
    key: 'sfrs-fires',
    agencyCode: 'SFRS',
    kind: DatasetKind.FIRE_INCIDENT,
    name: 'Shire Fire and Rescue deliberate fires and related incidents',
    cadence: Cadence.QUARTERLY,
    weight: 1,
  },
  // A district council only hears about its own district; the county council covers both.
  {
    key: 'rdc-reports',
    agencyCode: 'RDC',
    kind: DatasetKind.COUNCIL_REPORT,
    name: 'Riverside District Council ASB and environmental reports',
    cadence: Cadence.QUARTERLY,
    weight: 2,
    localAuthorityCodes: ['E07099001'],
  },
  {
    key: 'scc-reports',
    agencyCode: 'SCC',
    kind: DatasetKind.COUNCIL_REPORT,
    name: 'Shire County Council reports',
    cadence: Cadence.QUARTERLY,
    weight: 1,
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  agencyCode: string;
  roles: Role[];
}

const STANDARD_ACCOUNTS: readonly { prefix: string; title: string; role: Role }[] = [
  { prefix: 'dlo', title: 'Demo Liaison Officer', role: Role.LIAISON_OFFICER },
  { prefix: 'analyst', title: 'Demo Analyst', role: Role.ANALYST },
  { prefix: 'officer', title: 'Demo Officer', role: Role.OFFICER },
  { prefix: 'provider', title: 'Demo Data Provider', role: Role.PROVIDER },
];

/** Every demo login: four per partner agency plus the partnership's administrator and auditor. All use DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  ...DEMO_AGENCIES.filter((a) => a.partner).flatMap((a) =>
    STANDARD_ACCOUNTS.map((s) => ({
      username: `${s.prefix}@${a.code.toLowerCase()}`,
      displayName: `${s.title} (${a.name})`,
      agencyCode: a.code,
      roles: [s.role],
    })),
  ),
  {
    username: 'admin@csp',
    displayName: 'Demo Administrator (Riverside Community Safety Partnership)',
    agencyCode: 'CSP',
    roles: [Role.ADMIN],
  },
  {
    username: 'auditor@csp',
    displayName: 'Demo Auditor (Riverside Community Safety Partnership)',
    agencyCode: 'CSP',
    roles: [Role.AUDITOR],
  },
];

/** Deterministic ids for demo rows, so that a reload recreates the same agencies, datasets and agreements. */
export function demoId(kind: string, name: string): string {
  // RFC 4122 version 5 layout over SHA-1 of a fixed demo namespace.
  const h = createHash('sha1').update(`community-safety-hub/demo/${kind}/${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export const demoAgencyId = (code: string) => demoId('agency', code);
export const demoDatasetId = (key: string) => demoId('dataset', key);
export const demoUserId = (username: string) => demoId('user', username);
export const demoAgreementId = (reference: string) => demoId('agreement', reference);

/** What the record generator needs to know of a dataset. */
export interface DemoDatasetRef {
  id: string;
  agencyId: string;
  key: string;
  kind: DatasetKind;
  weight?: number;
  localAuthorityCodes?: readonly string[];
}

/** The demo datasets with their (deterministic) database ids. */
export function demoDatasetRefs(): DemoDatasetRef[] {
  return DEMO_DATASETS.map((d) => ({
    id: demoDatasetId(d.key),
    agencyId: demoAgencyId(d.agencyCode),
    key: d.key,
    kind: d.kind,
    weight: d.weight,
    localAuthorityCodes: d.localAuthorityCodes,
  }));
}

/** Adds calendar months to a YYYY-MM-DD date, clamping to the month's last day (29 Feb + 12 months = 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
