/*
 * An oracle for record queries, written from the rules in docs/permissions.md and
 * deliberately separate from the policy engine: it imports nothing from src/auth/ and
 * uses plain strings, so that a mistake in the engine is not copied here.
 *
 * Given the agreements in the database, the caller, the declared purpose, the stored
 * records and one answer of `records`, it lists every way the answer shows more than
 * some agreement in force allows: a row of a dataset not shared with the caller, a field
 * not granted at record level, a value finer than the finest grain granted (or than the
 * provider stored), a value that differs from the stored one, or a row that a filter
 * should have matched only on values the caller may see.
 */

export const LOCATION_GRAINS = ['GRID_100M', 'LSOA', 'OUTWARD_POSTCODE', 'WARD', 'LOCAL_AUTHORITY'] as const;
export const TIME_GRAINS = ['MINUTE', 'HOUR', 'DAY', 'MONTH'] as const;
export const FIELDS = ['CATEGORY', 'TIME', 'LOCATION', 'AGE_BAND', 'SEX', 'DETAILS'] as const;
export const STATUSES = ['DRAFT', 'PROVIDER_APPROVED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'] as const;
export const PURPOSES = [
  'STRATEGIC_ASSESSMENT',
  'PARTNERSHIP_PLAN',
  'PERFORMANCE_MONITORING',
  'TACTICAL_TASKING',
  'PROBLEM_SOLVING',
] as const;

export type Field = (typeof FIELDS)[number];
export type Grain = (typeof LOCATION_GRAINS)[number] | (typeof TIME_GRAINS)[number];

export interface OracleAgreement {
  providerId: string;
  datasetIds: string[];
  recipientIds: string[];
  purposes: string[];
  grants: Partial<Record<Field, { access: string; precision?: string }>>;
  status: string;
  validFrom: string;
  validTo: string;
  reviewDate: string;
}

export interface OracleDataset {
  id: string;
  key: string;
  agencyId: string;
  agencyCode: string;
  kind: string;
}

/** A person with one role, or an API key with one scope. */
export type OracleCaller = { agencyId: string; role: string } | { agencyId: string; scope: 'READ' | 'IMPORT' };

export interface StoredRecord {
  id: string;
  datasetId: string;
  category: string;
  subcategory: string | null;
  occurredAt: Date;
  timePrecision: string;
  lsoa: string | null;
  ward: string | null;
  localAuthority: string | null;
  outwardPostcode: string | null;
  gridEasting: number | null;
  gridNorthing: number | null;
  ageBand: string | null;
  sex: string | null;
  details: Record<string, unknown> | null;
}

export interface OracleFilter {
  datasets?: string[];
  categories?: string[];
  from?: string;
  to?: string;
  areas?: string[];
}

export type ReturnedRow = Record<string, unknown>;

/** The purposes a caller may read data for: analysts, liaison officers and READ keys any; officers tasking and problem solving; nobody else. */
export function purposesOf(caller: OracleCaller): readonly string[] {
  if ('scope' in caller) return caller.scope === 'READ' ? PURPOSES : [];
  if (caller.role === 'ANALYST' || caller.role === 'LIAISON_OFFICER') return PURPOSES;
  if (caller.role === 'OFFICER') return ['TACTICAL_TASKING', 'PROBLEM_SOLVING'];
  return [];
}

/** In force on `today`: ACTIVE, within its dates (inclusive), not past its review date. */
export function inForce(a: OracleAgreement, today: string): boolean {
  return a.status === 'ACTIVE' && a.validFrom <= today && today <= a.validTo && today <= a.reviewDate;
}

function grainsOf(field: Field): readonly string[] | null {
  if (field === 'LOCATION') return LOCATION_GRAINS;
  if (field === 'TIME') return TIME_GRAINS;
  return null;
}

/** The grain a grant allows: as stated when it is a grain of the field, else the coarsest (an omission never widens). */
function grantedGrain(field: Field, precision: string | undefined): string | null {
  const grains = grainsOf(field);
  if (!grains) return null;
  return precision !== undefined && grains.includes(precision) ? precision : grains[grains.length - 1];
}

/** Position in the field's order, finest first. */
function rank(field: 'LOCATION' | 'TIME', grain: string): number {
  return (grainsOf(field) as readonly string[]).indexOf(grain);
}

// ---------------------------------------------------------------------------
// UK local time, computed with Intl (not with the SQL the hub uses).

function londonParts(instant: Date): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** The instant at which London's clock shows the given local time (the later one if it shows it twice). */
function fromLondon(y: number, mo: number, d: number, h: number, mi: number): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = londonParts(new Date(guess));
    const offset = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi) - guess;
    guess = wall - offset;
  }
  return new Date(guess);
}

/** The stored instant truncated to a grain in UK local time. */
export function truncateLondon(instant: Date, grain: string): Date {
  const p = londonParts(instant);
  switch (grain) {
    case 'MINUTE':
      return fromLondon(p.y, p.mo, p.d, p.h, p.mi);
    case 'HOUR':
      return fromLondon(p.y, p.mo, p.d, p.h, 0);
    case 'DAY':
      return fromLondon(p.y, p.mo, p.d, 0, 0);
    case 'MONTH':
      return fromLondon(p.y, p.mo, 1, 0, 0);
    default:
      throw new Error(`not a time grain: ${grain}`);
  }
}

// ---------------------------------------------------------------------------

interface Check {
  agreements: readonly OracleAgreement[];
  datasets: readonly OracleDataset[];
  records: ReadonlyMap<string, StoredRecord>;
  caller: OracleCaller;
  purpose: string;
  today: string;
  filter: OracleFilter;
}

/** What the caller may see of one dataset: null when nothing; own = everything. */
function sharing(
  c: Check,
  dataset: OracleDataset,
): { own: true } | { own: false; record: Map<Field, string | null> } | null {
  if (!purposesOf(c.caller).includes(c.purpose)) return null;
  if (dataset.agencyId === c.caller.agencyId) return { own: true };
  const applicable = c.agreements.filter(
    (a) =>
      inForce(a, c.today) &&
      a.providerId === dataset.agencyId &&
      a.datasetIds.includes(dataset.id) &&
      a.recipientIds.includes(c.caller.agencyId) &&
      a.purposes.includes(c.purpose),
  );
  // For each field, the finest grain any applicable agreement grants at record level.
  const record = new Map<Field, string | null>();
  for (const a of applicable) {
    for (const field of FIELDS) {
      const g = a.grants[field];
      if (!g || g.access !== 'RECORD') continue;
      const grain = grantedGrain(field, g.precision);
      const had = record.get(field);
      if (had === undefined) record.set(field, grain);
      else if (
        grain !== null &&
        had !== null &&
        rank(field as 'LOCATION' | 'TIME', grain) < rank(field as 'LOCATION' | 'TIME', had)
      )
        record.set(field, grain);
    }
  }
  // A record is listed only when what it records (its category) is shared at record level.
  if (!record.has('CATEGORY')) return null;
  return { own: false, record };
}

const LOCATION_COLUMNS: readonly { out: string; grain: string; stored: keyof StoredRecord }[] = [
  { out: 'gridEasting', grain: 'GRID_100M', stored: 'gridEasting' },
  { out: 'gridNorthing', grain: 'GRID_100M', stored: 'gridNorthing' },
  { out: 'lsoa', grain: 'LSOA', stored: 'lsoa' },
  { out: 'outwardPostcode', grain: 'OUTWARD_POSTCODE', stored: 'outwardPostcode' },
  { out: 'ward', grain: 'WARD', stored: 'ward' },
  { out: 'localAuthority', grain: 'LOCAL_AUTHORITY', stored: 'localAuthority' },
];

const PLAIN_COLUMNS: readonly { out: string; field: Field; stored: keyof StoredRecord }[] = [
  { out: 'category', field: 'CATEGORY', stored: 'category' },
  { out: 'subcategory', field: 'CATEGORY', stored: 'subcategory' },
  { out: 'ageBand', field: 'AGE_BAND', stored: 'ageBand' },
  { out: 'sex', field: 'SEX', stored: 'sex' },
  { out: 'details', field: 'DETAILS', stored: 'details' },
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every way the returned rows exceed what some agreement in force allows. Empty = the answer is safe. */
export function violations(c: Check, rows: readonly ReturnedRow[]): string[] {
  const out: string[] = [];
  const datasetByKey = new Map(c.datasets.map((d) => [d.key, d]));
  for (const row of rows) {
    const at = `row ${String(row.id)}`;
    const stored = c.records.get(String(row.id));
    const dataset = datasetByKey.get(String(row.dataset));
    if (!stored || !dataset || stored.datasetId !== dataset.id) {
      out.push(`${at}: not a stored record of dataset ${String(row.dataset)}`);
      continue;
    }
    if (row.provider !== dataset.agencyCode || row.kind !== dataset.kind) out.push(`${at}: wrong provider or kind`);
    const share = sharing(c, dataset);
    if (!share) {
      out.push(`${at}: dataset ${dataset.key} is not shared with the caller for ${c.purpose}`);
      continue;
    }
    const allows = (field: Field, grain: string | null): boolean => {
      if (share.own) return true;
      if (!share.record.has(field)) return false;
      const granted = share.record.get(field)!;
      return (
        grain === null ||
        granted === null ||
        rank(field as 'LOCATION' | 'TIME', granted) <= rank(field as 'LOCATION' | 'TIME', grain)
      );
    };

    for (const col of PLAIN_COLUMNS) {
      const v = row[col.out];
      if (v === null || v === undefined) continue;
      if (!allows(col.field, null)) out.push(`${at}: ${col.out} returned without a record-level ${col.field} grant`);
      if (!same(v, stored[col.stored])) out.push(`${at}: ${col.out} ${JSON.stringify(v)} is not the stored value`);
    }

    // Time: the returned grain is allowed, is not finer than stored, and the value is the stored instant truncated to it.
    const grain = row.timePrecision as string | null;
    if ((row.occurredAt === null) !== (grain === null)) out.push(`${at}: occurredAt and timePrecision disagree`);
    if (grain !== null && row.occurredAt !== null) {
      if (!allows('TIME', grain)) out.push(`${at}: time at ${grain} is finer than granted`);
      if (rank('TIME', grain) < rank('TIME', stored.timePrecision))
        out.push(`${at}: time at ${grain} is finer than the provider stored (${stored.timePrecision})`);
      const want = truncateLondon(stored.occurredAt, grain).toISOString();
      if (row.occurredAt !== want)
        out.push(`${at}: occurredAt ${String(row.occurredAt)} is not the stored time at ${grain} (${want})`);
    }

    // Location: every value shown needs its grain granted, and must be the stored one.
    let finest: string | null = null;
    for (const col of LOCATION_COLUMNS) {
      const v = row[col.out];
      if (v === null || v === undefined) continue;
      if (!allows('LOCATION', col.grain))
        out.push(`${at}: ${col.out} shows LOCATION at ${col.grain}, finer than granted`);
      if (!same(v, stored[col.stored])) out.push(`${at}: ${col.out} ${JSON.stringify(v)} is not the stored value`);
      if (finest === null || rank('LOCATION', col.grain) < rank('LOCATION', finest)) finest = col.grain;
    }
    const lp = row.locationPrecision as string | null;
    if (lp !== finest)
      out.push(`${at}: locationPrecision ${String(lp)} does not describe the values shown (${String(finest)})`);

    // Filters match only on what the caller sees.
    const f = c.filter;
    if (f.datasets?.length && !f.datasets.includes(dataset.key)) out.push(`${at}: outside the dataset filter`);
    if (f.categories?.length && !f.categories.includes(stored.category)) out.push(`${at}: outside the category filter`);
    if (f.from && !(row.occurredAt !== null && new Date(String(row.occurredAt)) >= new Date(f.from)))
      out.push(`${at}: matched "from" on a time it does not show`);
    if (f.to && !(row.occurredAt !== null && new Date(String(row.occurredAt)) < new Date(f.to)))
      out.push(`${at}: matched "to" on a time it does not show`);
    if (
      f.areas?.length &&
      ![row.lsoa, row.ward, row.localAuthority].some((v) => typeof v === 'string' && f.areas!.includes(v))
    ) {
      out.push(`${at}: matched the area filter on a location it does not show`);
    }
  }
  return out;
}

/** Ids of the records an unfiltered query must list (nothing shareable is withheld), in id order. */
export function expectedIds(c: Omit<Check, 'filter'>): string[] {
  const ids: string[] = [];
  for (const record of c.records.values()) {
    const dataset = c.datasets.find((d) => d.id === record.datasetId)!;
    if (sharing({ ...c, filter: {} }, dataset)) ids.push(record.id);
  }
  return ids.sort((a, b) => Number(BigInt(a) - BigInt(b)));
}
