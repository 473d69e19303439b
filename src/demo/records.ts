import { AGE_BANDS, ISTV_LOCATION_TYPES, ISTV_WEAPONS, isCategory } from '../domain/categories.js';
import { DatasetKind, TimePrecision } from '../domain/vocabulary.js';
import { DEMO_GEOGRAPHY, type DemoGeography, type DemoLsoa } from './geography.js';
import { addMonths, demoDatasetRefs, type DemoDatasetRef } from './partnership.js';
import { Random } from './random.js';

type DetailValue = string | number | boolean | null;

/**
 * One synthetic depersonalised record, shaped like a shared_record row (camelCase), with
 * the raw source and subject references that the loader turns into keyed hashes.
 */
export interface DemoRecord {
  datasetId: string;
  datasetKey: string;
  agencyId: string;
  kind: DatasetKind;
  category: string;
  subcategory: string | null;
  occurredAt: Date;
  timePrecision: TimePrecision;
  lsoaCode: string | null;
  wardCode: string | null;
  localAuthorityCode: string | null;
  outwardPostcode: string | null;
  /** South-west corner of the 100 m square; always a multiple of 100 inside the LSOA's box. */
  gridEasting: number | null;
  gridNorthing: number | null;
  ageBand: string | null;
  sex: 'F' | 'M' | null;
  details: Record<string, DetailValue> | null;
  /** Provider's synthetic record reference, e.g. "bpol-crime-17". Hashed before storage. */
  sourceRef: string;
  /** Synthetic person reference, repeated for repeat victims and patients. Hashed before storage. */
  subjectRef: string | null;
}

export interface GenerateRecordsOptions {
  count: number;
  seed: number;
  /** Reference date YYYY-MM-DD: records cover the four years before it (it is excluded). */
  endDate: string;
  geography?: DemoGeography;
  datasets?: readonly DemoDatasetRef[];
}

/** Share of all records per kind, roughly what a partnership's volumes look like. */
export const KIND_SHARES: Readonly<Record<DatasetKind, number>> = {
  [DatasetKind.POLICE_CRIME]: 0.4,
  [DatasetKind.POLICE_INCIDENT]: 0.25,
  [DatasetKind.COUNCIL_REPORT]: 0.12,
  [DatasetKind.FIRE_INCIDENT]: 0.05,
  [DatasetKind.AE_ASSAULT]: 0.06,
  [DatasetKind.HEALTH_ADMISSION]: 0.05,
  [DatasetKind.AMBULANCE_CALLOUT]: 0.07,
};

/** Years of history the demo covers: a strategic assessment wants at least three. */
export const DEMO_YEARS = 4;

/** First (inclusive) and last (exclusive) local dates of the demo's records. */
export function demoDateRange(endDate: string): { start: string; end: string } {
  return { start: addMonths(endDate, -12 * DEMO_YEARS), end: endDate };
}

// ---------------------------------------------------------------------------------------
// The model. Each "stream" is one pattern an analyst should be able to find: its share of
// its kind, its categories, trend, seasonality, day-of-week and hour profile, where it
// happens and to whom. Volumes per day follow the weights; positions inside a day are random.

type Place = 'grid' | 'lsoa' | 'outward';
type Details = Record<string, DetailValue>;
type Weighted<T> = readonly (readonly [T, number])[];

interface PlaceContext {
  geo: DemoGeography;
  townCentre: (l: DemoLsoa) => boolean;
  popWeight: (l: DemoLsoa) => number;
}

interface StreamTemplate {
  id: string;
  kind: DatasetKind;
  share: number;
  categories: Weighted<readonly [string, string | null]>;
  // Annual proportional change, e.g. -0.07 for a 7% fall a year.
  trend: number;
  season?: (doy: number, month: number, dom: number) => number;
  // Day-of-week weights, Sunday first.
  weekday: readonly number[];
  // Hour-of-day weights (local time), or the night-time-economy model.
  time: readonly number[] | 'nte';
  precision: Weighted<TimePrecision>;
  place: Place;
  lsoaWeight: (l: DemoLsoa, ctx: PlaceContext) => number;
  // Share of records on the LSOA's repeat squares rather than anywhere in it.
  repeatShare: number;
  // Share of records whose location the provider did not know.
  unknownLocation?: number;
  person?: { ages: readonly number[]; female: number };
  // Share of records by a repeat subject, and repeat-pool size per record of the stream.
  subjects?: { repeatShare: number; poolRatio: number };
  details?: (rng: Random, category: string) => Details | null;
}

const P = TimePrecision;
const K = DatasetKind;

// Hour-of-day profiles, 00:00 first.
const H_EVENING = [3, 2, 1.5, 1, 0.8, 0.6, 0.8, 1.5, 2.5, 3, 3.5, 4, 4.5, 4.5, 4.5, 5, 5.5, 6, 6.5, 6.5, 6, 5.5, 5, 4];
const H_SHOPS = [0, 0, 0, 0, 0, 0, 0, 0.5, 2, 5, 7, 8, 9, 9, 8, 8, 7, 6, 4, 2, 1, 0.5, 0, 0];
const H_ASB = [2, 1.5, 1, 0.5, 0.3, 0.2, 0.3, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4.5, 6, 7.5, 8, 8.5, 8.5, 8, 6.5, 5, 3];
const H_OFFICE = [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 5, 7, 7, 6.5, 6, 6.5, 6.5, 6, 5, 3.5, 2.5, 2, 1.5, 1, 0.5, 0.2];
const H_NIGHT = [6, 5, 3, 1.5, 0.5, 0.3, 0.3, 0.5, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.5, 2, 2.5, 3.5, 5, 6.5, 7.5, 7.5];
const H_FIRE = [2, 1.5, 1, 0.7, 0.5, 0.4, 0.4, 0.6, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 8, 7, 5.5, 4, 3];
const H_FLAT = [1.5, 1, 0.8, 0.6, 0.6, 0.8, 1.5, 3, 4, 4, 4, 4, 4, 4, 4, 4.5, 5, 5.5, 5, 4.5, 4, 3.5, 3, 2];
const H_BURGLARY = [2, 1.5, 1, 1, 0.8, 0.6, 0.8, 1.5, 3, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 5, 6, 6.5, 6, 5, 4, 3, 2.5];
const H_LATE = [5, 5, 4.5, 4, 3, 2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5];

// Day-of-week profiles, Sunday first.
const W_FLAT = [1, 1, 1, 1, 1, 1, 1];
const W_WEEKEND = [1.15, 0.9, 0.9, 0.95, 1, 1.1, 1.2];
const W_NTE = [1.0, 0.55, 0.55, 0.65, 0.9, 2.1, 2.6];
const W_SHOPS = [0.5, 1.1, 1.1, 1.1, 1.1, 1.1, 1.0];
const W_OFFICE = [0.3, 1.2, 1.2, 1.2, 1.2, 1.1, 0.5];

// Probability that a night-time-economy event falls in the night window (21:00-03:00), by the day the night starts.
const NTE_NIGHT_SHARE = [0.4, 0.3, 0.3, 0.35, 0.5, 0.85, 0.85];
const NTE_NIGHT_HOURS = [0.1, 0.15, 0.2, 0.22, 0.2, 0.13]; // 21:00 .. 02:00
const NTE_DAY_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1.5, 2, 2, 2, 2.5, 3, 3.5, 4, 5, 6, 0, 0, 0];

// The first of an LSOA's repeat squares is the busiest (the club, the precinct).
const REPEAT_SQUARE_WEIGHTS = [[0.45], [0.45, 0.3], [0.45, 0.3, 0.15], [0.45, 0.3, 0.15, 0.1]];

const AGES_NTE = [0, 0.05, 0.42, 0.3, 0.12, 0.07, 0.03, 0.01];
const AGES_DOMESTIC = [0, 0.04, 0.2, 0.32, 0.24, 0.13, 0.05, 0.02];
const AGES_GENERAL = [0.03, 0.14, 0.2, 0.22, 0.17, 0.13, 0.07, 0.04];
const AGES_YOUNG = [0.02, 0.3, 0.35, 0.17, 0.08, 0.05, 0.02, 0.01];
const AGES_ADMISSION = [0.01, 0.04, 0.12, 0.18, 0.2, 0.22, 0.15, 0.08];

const TWO_PI = 2 * Math.PI;
const cyc = (doy: number, peak: number) => Math.cos((TWO_PI * (doy - peak)) / 365.25);
const bell = (doy: number, peak: number, width: number) => Math.exp(-0.5 * ((doy - peak) / width) ** 2);
const summer = (amp: number) => (doy: number) => 1 + amp * cyc(doy, 196);
const winter = (amp: number) => (doy: number) => 1 + amp * cyc(doy, 15);

// Bonfire night and Halloween: deliberate secondary fires and attacks on crews spike.
function bonfire(month: number, dom: number): number {
  if (month === 11) {
    if (dom === 5) return 8;
    if (dom === 4 || dom === 6) return 4;
    if (dom <= 8) return 1.5;
  }
  if (month === 10) {
    if (dom === 31) return 2.5;
    if (dom >= 25) return 0.8;
  }
  return 0;
}

const secondaryFireSeason = (doy: number, month: number, dom: number) =>
  // Spring grass fires peak in April; a lesser summer peak; then bonfire season.
  (1 + 1.6 * bell(doy, 110, 28) + 0.6 * bell(doy, 205, 30)) * (1 + bonfire(month, dom));

const cats = (category: string, ...subs: [string | null, number][]): Weighted<readonly [string, string | null]> =>
  subs.length ? subs.map(([s, w]) => [[category, s] as const, w] as const) : [[[category, null] as const, 1] as const];
const flat = (...pairs: [string, number][]): Weighted<readonly [string, string | null]> =>
  pairs.map(([c, w]) => [[c, null] as const, w] as const);
const codeOf = <T>(rng: Random, options: Weighted<T>): T =>
  rng.weighted(
    options.map((o) => o[0]),
    options.map((o) => o[1]),
  );

const onlyTownCentre = (l: DemoLsoa, c: PlaceContext) => (c.townCentre(l) ? 1 : 0);
const byPopulation = (l: DemoLsoa, c: PlaceContext) => c.popWeight(l);
const townCentreTimes = (factor: number) => (l: DemoLsoa, c: PlaceContext) =>
  c.popWeight(l) * (c.townCentre(l) ? factor : 1);
const hotspots =
  (hot: number, town = 1) =>
  (l: DemoLsoa, c: PlaceContext) =>
    c.popWeight(l) * (l.asbHotspot ? hot : c.townCentre(l) ? town : 1);
const boxAreaKm2 = (l: DemoLsoa) =>
  ((l.box.maxEasting - l.box.minEasting) * (l.box.maxNorthing - l.box.minNorthing)) / 1e6;

const MINUTE_ONLY: Weighted<TimePrecision> = [[P.MINUTE, 1]];
const vapDetails = (domestic: boolean, alcohol: number) => (rng: Random) => ({
  domesticAbuse: domestic,
  alcoholRelated: rng.chance(alcohol),
});
const COUNCIL_CHANNELS: Weighted<string> = [
  ['ONLINE', 0.5],
  ['PHONE', 0.35],
  ['IN_PERSON', 0.05],
  ['APP', 0.1],
];
const councilDetails = (rng: Random) => ({ channel: codeOf(rng, COUNCIL_CHANNELS) });
const COUNCIL_PRECISION: Weighted<TimePrecision> = [
  [P.MINUTE, 0.6],
  [P.DAY, 0.4],
];
const AMB_OUTCOMES: Weighted<string> = [
  ['CONVEYED', 0.55],
  ['TREATED_ON_SCENE', 0.3],
  ['NOT_CONVEYED', 0.15],
];
const istv = (weapons: readonly number[], locations: readonly number[]) => (rng: Random) => ({
  weapon: rng.weighted(ISTV_WEAPONS, weapons),
  locationType: rng.weighted(ISTV_LOCATION_TYPES, locations),
});
const property = (options: Weighted<string>) => (rng: Random) => ({ propertyType: codeOf(rng, options) });

const STREAMS: readonly StreamTemplate[] = [
  // --- Police recorded crime ---
  {
    id: 'vap-nte',
    kind: K.POLICE_CRIME,
    share: 0.08,
    trend: -0.07,
    categories: cats('VIOLENCE_AGAINST_THE_PERSON', ['VIOLENCE_WITH_INJURY', 0.5], ['VIOLENCE_WITHOUT_INJURY', 0.5]),
    weekday: W_NTE,
    time: 'nte',
    precision: [
      [P.MINUTE, 0.9],
      [P.HOUR, 0.1],
    ],
    place: 'grid',
    lsoaWeight: onlyTownCentre,
    repeatShare: 0.55,
    person: { ages: AGES_NTE, female: 0.3 },
    subjects: { repeatShare: 0.05, poolRatio: 0.02 },
    details: vapDetails(false, 0.7),
  },
  {
    id: 'vap-domestic',
    kind: K.POLICE_CRIME,
    share: 0.1,
    trend: -0.07,
    season: summer(0.1),
    categories: cats(
      'VIOLENCE_AGAINST_THE_PERSON',
      ['VIOLENCE_WITH_INJURY', 0.45],
      ['VIOLENCE_WITHOUT_INJURY', 0.35],
      ['STALKING_AND_HARASSMENT', 0.2],
    ),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0,
    person: { ages: AGES_DOMESTIC, female: 0.75 },
    subjects: { repeatShare: 0.4, poolRatio: 0.12 },
    details: vapDetails(true, 0.3),
  },
  {
    id: 'vap-other',
    kind: K.POLICE_CRIME,
    share: 0.14,
    trend: -0.07,
    season: summer(0.12),
    categories: cats(
      'VIOLENCE_AGAINST_THE_PERSON',
      ['HOMICIDE', 0.002],
      ['VIOLENCE_WITH_INJURY', 0.33],
      ['VIOLENCE_WITHOUT_INJURY', 0.4],
      ['STALKING_AND_HARASSMENT', 0.268],
    ),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: townCentreTimes(2),
    repeatShare: 0.15,
    person: { ages: AGES_GENERAL, female: 0.45 },
    subjects: { repeatShare: 0.12, poolRatio: 0.05 },
    details: vapDetails(false, 0.2),
  },
  {
    id: 'public-order',
    kind: K.POLICE_CRIME,
    share: 0.06,
    trend: -0.03,
    categories: cats('PUBLIC_ORDER_OFFENCES'),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: townCentreTimes(4),
    repeatShare: 0.3,
  },
  {
    id: 'sexual',
    kind: K.POLICE_CRIME,
    share: 0.03,
    trend: 0.02,
    categories: cats('SEXUAL_OFFENCES', ['RAPE', 0.35], ['OTHER_SEXUAL_OFFENCES', 0.65]),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: [
      [P.MINUTE, 0.6],
      [P.HOUR, 0.2],
      [P.DAY, 0.2],
    ],
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.05,
    person: { ages: AGES_YOUNG, female: 0.85 },
    subjects: { repeatShare: 0.1, poolRatio: 0.05 },
  },
  {
    id: 'robbery',
    kind: K.POLICE_CRIME,
    share: 0.02,
    trend: -0.02,
    categories: cats('ROBBERY', ['ROBBERY_OF_PERSONAL_PROPERTY', 0.85], ['ROBBERY_OF_BUSINESS_PROPERTY', 0.15]),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: townCentreTimes(3),
    repeatShare: 0.2,
    person: { ages: AGES_YOUNG, female: 0.3 },
  },
  {
    id: 'burglary',
    kind: K.POLICE_CRIME,
    share: 0.08,
    trend: -0.04,
    season: winter(0.3),
    categories: cats('BURGLARY', ['RESIDENTIAL', 0.75], ['BUSINESS_AND_COMMUNITY', 0.25]),
    weekday: W_FLAT,
    time: H_BURGLARY,
    precision: [
      [P.MINUTE, 0.5],
      [P.HOUR, 0.3],
      [P.DAY, 0.2],
    ],
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.08,
  },
  {
    id: 'vehicle',
    kind: K.POLICE_CRIME,
    share: 0.07,
    trend: -0.02,
    categories: cats(
      'VEHICLE_OFFENCES',
      ['THEFT_OF_VEHICLE', 0.2],
      ['THEFT_FROM_VEHICLE', 0.65],
      ['VEHICLE_INTERFERENCE', 0.15],
    ),
    weekday: W_FLAT,
    time: H_LATE,
    precision: [
      [P.MINUTE, 0.4],
      [P.HOUR, 0.3],
      [P.DAY, 0.3],
    ],
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.15,
  },
  {
    id: 'shoplifting',
    kind: K.POLICE_CRIME,
    share: 0.1,
    trend: 0.05,
    categories: cats('THEFT_OFFENCES', ['SHOPLIFTING', 1]),
    weekday: W_SHOPS,
    time: H_SHOPS,
    precision: MINUTE_ONLY,
    place: 'grid',
    repeatShare: 0.65,
    lsoaWeight: (l, c) =>
      c.townCentre(l) ? 10 : l.wardCode === c.geo.wards.find((w) => w.name === 'Northvale Central')?.code ? 4 : 0.3,
  },
  {
    id: 'theft-other',
    kind: K.POLICE_CRIME,
    share: 0.12,
    trend: -0.01,
    season: summer(0.15),
    categories: cats('THEFT_OFFENCES', ['THEFT_FROM_THE_PERSON', 0.15], ['BICYCLE_THEFT', 0.2], ['OTHER_THEFT', 0.65]),
    weekday: W_WEEKEND,
    time: H_FLAT,
    precision: [
      [P.MINUTE, 0.6],
      [P.HOUR, 0.2],
      [P.DAY, 0.2],
    ],
    place: 'grid',
    lsoaWeight: townCentreTimes(3),
    repeatShare: 0.2,
  },
  {
    id: 'damage',
    kind: K.POLICE_CRIME,
    share: 0.09,
    trend: -0.02,
    season: summer(0.15),
    categories: cats('CRIMINAL_DAMAGE_AND_ARSON', ['CRIMINAL_DAMAGE', 0.9], ['ARSON', 0.1]),
    weekday: W_WEEKEND,
    time: H_ASB,
    precision: [
      [P.MINUTE, 0.5],
      [P.HOUR, 0.3],
      [P.DAY, 0.2],
    ],
    place: 'grid',
    lsoaWeight: hotspots(5),
    repeatShare: 0.3,
  },
  {
    id: 'drugs',
    kind: K.POLICE_CRIME,
    share: 0.04,
    trend: 0,
    categories: cats('DRUG_OFFENCES', ['TRAFFICKING', 0.25], ['POSSESSION', 0.75]),
    weekday: W_WEEKEND,
    time: H_ASB,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: hotspots(4, 4),
    repeatShare: 0.5,
  },
  {
    id: 'crime-misc',
    kind: K.POLICE_CRIME,
    share: 0.07,
    trend: 0.01,
    categories: flat(
      ['POSSESSION_OF_WEAPONS', 0.2],
      ['MISCELLANEOUS_CRIMES_AGAINST_SOCIETY', 0.2],
      ['FRAUD_AND_FORGERY', 0.6],
    ),
    weekday: W_FLAT,
    time: H_FLAT,
    precision: [
      [P.MINUTE, 0.4],
      [P.DAY, 0.6],
    ],
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.05,
  },
  // --- Police incidents (National Incident Category List) ---
  {
    id: 'asb',
    kind: K.POLICE_INCIDENT,
    share: 0.7,
    trend: -0.01,
    season: summer(0.35),
    categories: flat(['ASB_PERSONAL', 0.25], ['ASB_NUISANCE', 0.6], ['ASB_ENVIRONMENTAL', 0.15]),
    weekday: W_WEEKEND,
    time: H_ASB,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: hotspots(16, 3),
    repeatShare: 0.35,
  },
  {
    id: 'public-safety',
    kind: K.POLICE_INCIDENT,
    share: 0.2,
    trend: 0.02,
    categories: cats('PUBLIC_SAFETY'),
    weekday: W_FLAT,
    time: H_FLAT,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.1,
  },
  {
    id: 'transport',
    kind: K.POLICE_INCIDENT,
    share: 0.1,
    trend: 0,
    categories: cats('TRANSPORT'),
    weekday: W_OFFICE.map((w) => (w + 1) / 2),
    time: H_FLAT,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.3,
  },
  // --- Council reports ---
  {
    id: 'council-asb',
    kind: K.COUNCIL_REPORT,
    share: 0.28,
    trend: 0.03,
    season: summer(0.3),
    categories: cats('ASB'),
    weekday: W_OFFICE,
    time: H_OFFICE,
    precision: COUNCIL_PRECISION,
    place: 'grid',
    lsoaWeight: hotspots(12, 2),
    repeatShare: 0.35,
    details: councilDetails,
  },
  {
    id: 'council-env',
    kind: K.COUNCIL_REPORT,
    share: 0.52,
    trend: 0.03,
    season: summer(0.15),
    categories: flat(['FLY_TIPPING', 0.25], ['GRAFFITI', 0.1], ['CRIMINAL_DAMAGE', 0.1], ['ABANDONED_VEHICLE', 0.07]),
    weekday: W_OFFICE,
    time: H_OFFICE,
    precision: COUNCIL_PRECISION,
    place: 'grid',
    lsoaWeight: hotspots(3),
    repeatShare: 0.5,
    details: councilDetails,
  },
  {
    id: 'council-noise',
    kind: K.COUNCIL_REPORT,
    share: 0.17,
    trend: 0.02,
    season: summer(0.4),
    categories: cats('NOISE'),
    weekday: W_WEEKEND,
    time: H_NIGHT,
    precision: COUNCIL_PRECISION,
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.25,
    details: councilDetails,
  },
  {
    id: 'council-hate',
    kind: K.COUNCIL_REPORT,
    share: 0.03,
    trend: 0.04,
    categories: cats('HATE_INCIDENT'),
    weekday: W_FLAT,
    time: H_FLAT,
    precision: COUNCIL_PRECISION,
    place: 'grid',
    lsoaWeight: townCentreTimes(2),
    repeatShare: 0.1,
    details: councilDetails,
  },
  // --- Fire and rescue ---
  {
    id: 'fire-secondary',
    kind: K.FIRE_INCIDENT,
    share: 0.6,
    trend: -0.03,
    season: secondaryFireSeason,
    categories: cats('DELIBERATE_SECONDARY_FIRE'),
    weekday: W_WEEKEND,
    time: H_FIRE,
    precision: MINUTE_ONLY,
    // Open land burns too, not only where people live.
    place: 'grid',
    lsoaWeight: (l, c) => (c.popWeight(l) * 0.5 + boxAreaKm2(l) * 800) * (l.asbHotspot ? 6 : 1),
    repeatShare: 0.35,
    details: property([
      ['GRASSLAND_SCRUB', 0.35],
      ['REFUSE_CONTAINER', 0.3],
      ['LOOSE_REFUSE', 0.25],
      ['DERELICT_STRUCTURE', 0.1],
    ]),
  },
  {
    id: 'fire-vehicle',
    kind: K.FIRE_INCIDENT,
    share: 0.15,
    trend: -0.02,
    season: (doy, m, d) => summer(0.15)(doy) * (1 + 0.3 * bonfire(m, d)),
    categories: cats('DELIBERATE_VEHICLE_FIRE'),
    weekday: W_WEEKEND,
    time: H_LATE,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: hotspots(4),
    repeatShare: 0.2,
    details: property([
      ['CAR', 0.8],
      ['MOTORCYCLE', 0.1],
      ['OTHER_VEHICLE', 0.1],
    ]),
  },
  {
    id: 'fire-primary',
    kind: K.FIRE_INCIDENT,
    share: 0.12,
    trend: -0.02,
    categories: cats('DELIBERATE_PRIMARY_FIRE'),
    weekday: W_WEEKEND,
    time: H_FIRE,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: hotspots(2),
    repeatShare: 0.1,
    details: property([
      ['DWELLING', 0.35],
      ['DERELICT_BUILDING', 0.25],
      ['NON_RESIDENTIAL', 0.4],
    ]),
  },
  {
    id: 'fire-dwelling',
    kind: K.FIRE_INCIDENT,
    share: 0.1,
    trend: -0.04,
    season: winter(0.35),
    categories: cats('DWELLING_FIRE_NO_SMOKE_ALARM'),
    weekday: W_FLAT,
    time: H_EVENING,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0,
    details: () => ({ propertyType: 'DWELLING' }),
  },
  {
    id: 'fire-staff',
    kind: K.FIRE_INCIDENT,
    share: 0.03,
    trend: 0,
    season: (_doy, m, d) => 1 + 2 * bonfire(m, d),
    categories: cats('VIOLENCE_AGAINST_FIRE_STAFF'),
    weekday: W_WEEKEND,
    time: H_FIRE,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: hotspots(6),
    repeatShare: 0.3,
  },
  // --- A&E assault attendances (ISTV): location geocoded no finer than LSOA ---
  {
    id: 'ae-nte',
    kind: K.AE_ASSAULT,
    share: 0.45,
    trend: -0.04,
    categories: cats('ASSAULT'),
    weekday: W_NTE,
    time: 'nte',
    precision: [[P.HOUR, 1]],
    place: 'lsoa',
    lsoaWeight: onlyTownCentre,
    repeatShare: 0,
    person: { ages: AGES_NTE, female: 0.3 },
    subjects: { repeatShare: 0.06, poolRatio: 0.02 },
    details: istv([0.55, 0.06, 0.04, 0.15, 0.002, 0.08, 0.118], [0.45, 0.45, 0, 0.02, 0.03, 0, 0.03, 0.02]),
  },
  {
    id: 'ae-other',
    kind: K.AE_ASSAULT,
    share: 0.55,
    trend: -0.03,
    categories: cats('ASSAULT'),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: [[P.HOUR, 1]],
    place: 'lsoa',
    lsoaWeight: byPopulation,
    repeatShare: 0,
    unknownLocation: 0.1,
    person: { ages: AGES_GENERAL, female: 0.5 },
    subjects: { repeatShare: 0.2, poolRatio: 0.05 },
    details: istv([0.5, 0.12, 0.06, 0.05, 0.003, 0.12, 0.147], [0.25, 0.03, 0.42, 0.06, 0.04, 0.05, 0.08, 0.07]),
  },
  // --- Hospital admissions of residents: outward postcode and day only ---
  {
    id: 'admissions',
    kind: K.HEALTH_ADMISSION,
    share: 1,
    trend: 0.02,
    season: winter(0.1),
    categories: flat(
      ['ASSAULT', 0.18],
      ['SUBSTANCE_MISUSE', 0.3],
      ['ALCOHOL_TOXIC_EFFECT', 0.08],
      ['ALCOHOL_RELATED', 0.34],
      ['DOMESTIC_ABUSE', 0.1],
    ),
    weekday: W_WEEKEND,
    time: H_FLAT,
    precision: [[P.DAY, 1]],
    place: 'outward',
    lsoaWeight: byPopulation,
    repeatShare: 0,
    person: { ages: AGES_ADMISSION, female: 0.42 },
    subjects: { repeatShare: 0.35, poolRatio: 0.08 },
    details: (rng) => ({
      lengthOfStayBand: codeOf(rng, [
        ['0', 0.3],
        ['1-2', 0.35],
        ['3-7', 0.25],
        ['8+', 0.1],
      ]),
    }),
  },
  // --- Ambulance call-outs to crime and disorder ---
  {
    id: 'amb-nte',
    kind: K.AMBULANCE_CALLOUT,
    share: 0.45,
    trend: -0.03,
    categories: flat(['ASSAULT', 0.5], ['ALCOHOL_RELATED', 0.45], ['STABBING_OR_GUNSHOT', 0.05]),
    weekday: W_NTE,
    time: 'nte',
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: onlyTownCentre,
    repeatShare: 0.5,
    person: { ages: AGES_NTE, female: 0.35 },
    details: (rng) => ({ outcome: codeOf(rng, AMB_OUTCOMES) }),
  },
  {
    id: 'amb-other',
    kind: K.AMBULANCE_CALLOUT,
    share: 0.55,
    trend: -0.01,
    categories: flat(
      ['ASSAULT', 0.25],
      ['ALCOHOL_RELATED', 0.2],
      ['DRUG_RELATED', 0.3],
      ['DOMESTIC_INCIDENT', 0.22],
      ['STABBING_OR_GUNSHOT', 0.03],
    ),
    weekday: W_WEEKEND,
    time: H_EVENING,
    precision: MINUTE_ONLY,
    place: 'grid',
    lsoaWeight: byPopulation,
    repeatShare: 0.1,
    person: { ages: AGES_GENERAL, female: 0.45 },
    subjects: { repeatShare: 0.15, poolRatio: 0.04 },
    details: (rng) => ({ outcome: codeOf(rng, AMB_OUTCOMES) }),
  },
];

// Guards against the shared vocabulary changing under the demo: fail loudly, not with odd data.
for (const s of STREAMS) {
  for (const [[category]] of s.categories) {
    if (!isCategory(s.kind, category)) throw new Error(`demo stream ${s.id}: ${category} is not a ${s.kind} category`);
  }
}

// ---------------------------------------------------------------------------------------
// Time: days are local (Europe/London) calendar days; the stored instant is UTC.

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

const bstCache = new Map<number, readonly [number, number]>();

// British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
function isBst(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  let range = bstCache.get(year);
  if (!range) {
    range = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)];
    bstCache.set(year, range);
  }
  return utcMs >= range[0] && utcMs < range[1];
}

/** UK wall-clock time (as if it were UTC) to the real instant; times skipped in spring land an hour late. */
export function londonToUtc(wallMs: number): number {
  const summerGuess = wallMs - 3_600_000;
  return isBst(summerGuess) ? summerGuess : wallMs;
}

// ---------------------------------------------------------------------------------------

interface PoolSubject {
  ref: string;
  lsoa: number;
  easting: number;
  northing: number;
  ageBand: string | null;
  sex: 'F' | 'M' | null;
}

interface LiveStream {
  template: StreamTemplate;
  dataset: DemoDatasetRef;
  count: number;
  emitted: number;
  offset: number;
  step: number;
  cumulative: Float64Array;
  lsoaIndex: number[];
  lsoaCumulative: Float64Array;
  pool: (PoolSubject | undefined)[];
  uniqueSubjects: number;
}

// Splits total over weights exactly (largest remainder, ties to the earlier entry).
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return counts;
}

function cumulate(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  let acc = 0;
  values.forEach((v, i) => (out[i] = acc += v));
  return out;
}

/**
 * Generates the demo partnership's records: exactly `count` of them, ordered by day, over
 * the four years before `endDate`. Pure: the same options always yield the same rows.
 */
export function* generateRecords(opts: GenerateRecordsOptions): Generator<DemoRecord, void, undefined> {
  const geo = opts.geography ?? DEMO_GEOGRAPHY;
  const datasets = opts.datasets ?? demoDatasetRefs();
  const rng = new Random(opts.seed);
  const { start, end } = demoDateRange(opts.endDate);
  const firstDay = dayNumber(start);
  const nDays = dayNumber(end) - firstDay;
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error('count must be a non-negative integer');
  if (!(nDays > 0)) throw new Error(`invalid endDate ${opts.endDate}`);

  const days = Array.from({ length: nDays }, (_, i) => {
    const d = new Date((firstDay + i) * DAY_MS);
    const month = d.getUTCMonth() + 1;
    const doy =
      (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS + 1;
    return {
      weekday: d.getUTCDay(),
      month,
      dom: d.getUTCDate(),
      doy,
      years: i / 365.25,
      year: d.getUTCFullYear(),
      monthStart: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    };
  });

  const townCentre = (l: DemoLsoa) => l.wardCode === geo.townCentreWardCode;
  const ctx: PlaceContext = {
    geo,
    townCentre,
    popWeight: (l) => l.population * (1 + (10 - l.deprivationDecile) * 0.12),
  };

  // Every (stream, dataset) pair gets its exact share of the count up front.
  const kindWeight = new Map<DatasetKind, number>();
  for (const d of datasets) kindWeight.set(d.kind, (kindWeight.get(d.kind) ?? 0) + (d.weight ?? 1));
  const pairs = datasets.flatMap((dataset) =>
    STREAMS.filter((t) => t.kind === dataset.kind).map((template) => ({
      template,
      dataset,
      weight: (KIND_SHARES[dataset.kind] * template.share * (dataset.weight ?? 1)) / kindWeight.get(dataset.kind)!,
    })),
  );
  const counts = apportion(
    opts.count,
    pairs.map((p) => p.weight),
  );

  const streams: LiveStream[] = pairs.map(({ template, dataset }, i) => {
    const dayWeights = days.map((day) => {
      const season = template.season ? template.season(day.doy, day.month, day.dom) : 1;
      const noise = Math.max(0.2, rng.normal(1, 0.25));
      return (1 + template.trend) ** day.years * season * template.weekday[day.weekday] * noise;
    });
    const cumulative = cumulate(dayWeights);
    const covered = (l: DemoLsoa) =>
      !dataset.localAuthorityCodes || dataset.localAuthorityCodes.includes(l.localAuthorityCode);
    const lsoaIndex: number[] = [];
    const lsoaWeights: number[] = [];
    geo.lsoas.forEach((l, li) => {
      const w = covered(l) ? template.lsoaWeight(l, ctx) : 0;
      if (w > 0) {
        lsoaIndex.push(li);
        lsoaWeights.push(w);
      }
    });
    if (lsoaIndex.length === 0) throw new Error(`demo stream ${template.id} has nowhere to happen in ${dataset.key}`);
    const count = counts[i];
    return {
      template,
      dataset,
      count,
      emitted: 0,
      // Systematic sampling along the cumulative day weights: exact totals, shape from the weights.
      offset: rng.next(),
      step: count > 0 ? cumulative[nDays - 1] / count : 0,
      cumulative,
      lsoaIndex,
      lsoaCumulative: cumulate(lsoaWeights),
      pool: new Array(template.subjects ? Math.max(3, Math.round(count * template.subjects.poolRatio)) : 0),
      uniqueSubjects: 0,
    };
  });

  const sourceSeq = new Map<string, number>();
  const randomSquare = (l: DemoLsoa): [number, number] => [
    l.box.minEasting + 100 * rng.int(0, (l.box.maxEasting - l.box.minEasting) / 100 - 1),
    l.box.minNorthing + 100 * rng.int(0, (l.box.maxNorthing - l.box.minNorthing) / 100 - 1),
  ];
  const person = (t: StreamTemplate): { ageBand: string; sex: 'F' | 'M' | null } => {
    const p = t.person!;
    const ageBand = rng.weighted(AGE_BANDS, p.ages);
    const sex = rng.chance(0.03) ? null : rng.chance(p.female) ? 'F' : 'M';
    return { ageBand, sex };
  };

  for (let di = 0; di < nDays; di++) {
    const day = days[di];
    const lastDay = di === nDays - 1;
    for (const s of streams) {
      const t = s.template;
      while (s.emitted < s.count && (lastDay || (s.emitted + s.offset) * s.step < s.cumulative[di])) {
        s.emitted++;

        // When: minutes after local midnight of this day (past 24:00 for the small hours of a night out).
        let minute: number;
        if (t.time === 'nte') {
          minute = rng.chance(NTE_NIGHT_SHARE[day.weekday])
            ? 21 * 60 + rng.weightedIndex(NTE_NIGHT_HOURS) * 60 + rng.int(0, 59)
            : rng.weightedIndex(NTE_DAY_HOURS) * 60 + rng.int(0, 59);
        } else {
          minute = rng.weightedIndex(t.time) * 60 + rng.int(0, 59);
        }
        // Nothing may fall on or after the reference date.
        if (lastDay && minute >= 1440) minute -= 1440;
        const precision = t.precision.length === 1 ? t.precision[0][0] : codeOf(rng, t.precision);
        let wallMs: number;
        if (precision === P.MONTH) wallMs = day.monthStart;
        else if (precision === P.DAY) wallMs = (firstDay + di) * DAY_MS;
        else wallMs = (firstDay + di) * DAY_MS + (precision === P.HOUR ? minute - (minute % 60) : minute) * 60_000;

        // Who: a repeat subject keeps their home, age and sex across records.
        let subjectRef: string | null = null;
        let subject: PoolSubject | undefined;
        if (t.subjects) {
          if (rng.chance(t.subjects.repeatShare)) {
            // Squaring skews towards the first few: a handful of very frequent repeats, a tail of occasional ones.
            const u = rng.next();
            const pi = Math.floor(u * u * s.pool.length);
            subject = s.pool[pi];
            if (!subject) {
              const li = s.lsoaIndex[rng.cumulativeIndex(s.lsoaCumulative)];
              const [easting, northing] = randomSquare(geo.lsoas[li]);
              subject = {
                ref: `${t.id}-R${pi + 1}`,
                lsoa: li,
                easting,
                northing,
                ...(t.person ? person(t) : { ageBand: null, sex: null }),
              };
              s.pool[pi] = subject;
            }
            subjectRef = subject.ref;
          } else {
            subjectRef = `${t.id}-U${++s.uniqueSubjects}`;
          }
        }

        // Where.
        let lsoa: DemoLsoa | null;
        let easting: number | null = null;
        let northing: number | null = null;
        if (t.unknownLocation && rng.chance(t.unknownLocation)) {
          lsoa = null;
        } else if (subject) {
          lsoa = geo.lsoas[subject.lsoa];
          easting = subject.easting;
          northing = subject.northing;
        } else {
          lsoa = geo.lsoas[s.lsoaIndex[rng.cumulativeIndex(s.lsoaCumulative)]];
          if (t.place === 'grid') {
            if (t.repeatShare > 0 && rng.chance(t.repeatShare))
              [easting, northing] =
                lsoa.repeatSquares[rng.weightedIndex(REPEAT_SQUARE_WEIGHTS[lsoa.repeatSquares.length - 1])];
            else [easting, northing] = randomSquare(lsoa);
          }
        }
        if (t.place !== 'grid') {
          easting = null;
          northing = null;
        }

        const [category, subcategory] = t.categories.length === 1 ? t.categories[0][0] : codeOf(rng, t.categories);
        const who = subject
          ? { ageBand: subject.ageBand, sex: subject.sex }
          : t.person
            ? person(t)
            : { ageBand: null, sex: null };
        const details = t.details ? t.details(rng, category) : null;

        const key = s.dataset.key;
        const n = (sourceSeq.get(key) ?? 0) + 1;
        sourceSeq.set(key, n);
        yield {
          datasetId: s.dataset.id,
          datasetKey: key,
          agencyId: s.dataset.agencyId,
          kind: t.kind,
          category,
          subcategory,
          occurredAt: new Date(londonToUtc(wallMs)),
          timePrecision: precision,
          // Admissions are of residents, located by the general postcode address only.
          lsoaCode: t.place === 'outward' ? null : (lsoa?.code ?? null),
          wardCode: t.place === 'outward' ? null : (lsoa?.wardCode ?? null),
          localAuthorityCode: lsoa?.localAuthorityCode ?? null,
          outwardPostcode: lsoa?.outwardPostcode ?? null,
          gridEasting: easting,
          gridNorthing: northing,
          ageBand: who.ageBand,
          sex: who.sex,
          details,
          sourceRef: `${key}-${n}`,
          subjectRef,
        };
      }
    }
  }
}
