import type { AreaLevel } from '../entities/area.entity.js';
import { Random } from './random.js';

/** A rectangle of whole 100 m OS grid squares: [minEasting, maxEasting) x [minNorthing, maxNorthing). */
export interface GridBox {
  minEasting: number;
  minNorthing: number;
  maxEasting: number;
  maxNorthing: number;
}

export interface DemoLocalAuthority {
  code: string;
  name: string;
  population: number;
}

export interface DemoWard {
  code: string;
  name: string;
  localAuthorityCode: string;
  box: GridBox;
  population: number;
  /** The town centre whose pubs and clubs drive the weekend-night violence peak. */
  nightTimeEconomy: boolean;
}

export interface DemoLsoa {
  code: string;
  /** ONS style: local authority name, MSOA number, letter, e.g. "Riverside 001A". */
  name: string;
  wardCode: string;
  localAuthorityCode: string;
  outwardPostcode: string;
  population: number;
  box: GridBox;
  /** Synthetic deprivation decile, 1 = most deprived; weights where crime falls. */
  deprivationDecile: number;
  /** One of the few LSOAs where anti-social behaviour concentrates. */
  asbHotspot: boolean;
  /** South-west corners of grid squares that attract repeat incidents (a club, a parade of shops, an alley). */
  repeatSquares: readonly (readonly [number, number])[];
}

export interface DemoGeography {
  /** The two-tier county: not stored as an area (area levels stop at local authority, and it would double-count population). */
  county: { code: string; name: string };
  localAuthorities: readonly DemoLocalAuthority[];
  wards: readonly DemoWard[];
  lsoas: readonly DemoLsoa[];
  townCentreWardCode: string;
  asbHotspotLsoaCodes: readonly string[];
}

/** A row of the area table. */
export interface DemoAreaRow {
  code: string;
  name: string;
  // Type-only use of the entity's enum keeps the generator free of ORM decorators at run time.
  level: `${AreaLevel}`;
  wardCode: string | null;
  localAuthorityCode: string | null;
  outwardPostcode: string | null;
  population: number;
}

interface WardPlan {
  name: string;
  la: 0 | 1;
  box: GridBox;
  cols: number;
  rows: number;
  outward: string[];
  deprivation: [number, number];
  nightTimeEconomy?: boolean;
  // Indexes (within the ward) of ASB hotspot LSOAs.
  asbHotspots?: number[];
}

const box = (minEasting: number, minNorthing: number, maxEasting: number, maxNorthing: number): GridBox => ({
  minEasting,
  minNorthing,
  maxEasting,
  maxNorthing,
});

const LOCAL_AUTHORITIES = [
  { code: 'E07099001', name: 'Riverside' },
  { code: 'E07099002', name: 'Northvale' },
] as const;

// Riverside (south half) is a pinwheel of four wards around the town centre, so that the
// rectangles tile the district exactly; Northvale (north half) is four plain blocks.
const WARDS: readonly WardPlan[] = [
  {
    name: 'Riverside Town Centre',
    la: 0,
    box: box(444800, 292400, 446600, 294200),
    cols: 3,
    rows: 2,
    outward: ['RV1'],
    deprivation: [2, 4],
    nightTimeEconomy: true,
    asbHotspots: [1],
  },
  {
    name: 'Riverside Quayside',
    la: 0,
    box: box(444800, 290000, 452000, 292400),
    cols: 3,
    rows: 2,
    outward: ['RV2'],
    deprivation: [1, 3],
    asbHotspots: [4],
  },
  {
    name: 'Ashgrove',
    la: 0,
    box: box(440000, 290000, 444800, 294200),
    cols: 2,
    rows: 3,
    outward: ['RV3'],
    deprivation: [6, 9],
  },
  {
    name: 'Hollin Park',
    la: 0,
    box: box(440000, 294200, 446600, 296000),
    cols: 3,
    rows: 2,
    outward: ['RV4'],
    deprivation: [7, 10],
  },
  {
    name: 'Eastmead',
    la: 0,
    box: box(446600, 292400, 452000, 296000),
    cols: 3,
    rows: 2,
    outward: ['RV5', 'RV6'],
    deprivation: [2, 5],
    asbHotspots: [2],
  },
  {
    name: 'Westholme',
    la: 1,
    box: box(440000, 296000, 444400, 302000),
    cols: 2,
    rows: 3,
    outward: ['NV3'],
    deprivation: [8, 10],
  },
  {
    name: 'Northvale Central',
    la: 1,
    box: box(444400, 296000, 448000, 299000),
    cols: 4,
    rows: 2,
    outward: ['NV1'],
    deprivation: [3, 6],
    asbHotspots: [5],
  },
  {
    name: 'Brackenfield',
    la: 1,
    box: box(448000, 296000, 452000, 299000),
    cols: 3,
    rows: 2,
    outward: ['NV2'],
    deprivation: [5, 8],
  },
  {
    name: 'Upper Vale',
    la: 1,
    box: box(444400, 299000, 452000, 302000),
    cols: 3,
    rows: 2,
    outward: ['NV4'],
    deprivation: [8, 10],
  },
];

// A fixed seed: the borough is the same whatever seed the records use.
const GEOGRAPHY_SEED = 'riverside-northvale-geography';

const cut = (from: number, to: number, parts: number, i: number) =>
  from + Math.round(((to - from) * i) / parts / 100) * 100;

/** Builds the fictional borough. Pure and deterministic: every call returns equal data. */
export function buildGeography(): DemoGeography {
  const rng = new Random(GEOGRAPHY_SEED);
  const wards: DemoWard[] = [];
  const lsoas: DemoLsoa[] = [];
  const msoaCounter = [0, 0];
  WARDS.forEach((plan, wi) => {
    const la = LOCAL_AUTHORITIES[plan.la];
    const wardCode = `E05099${String(wi + 1).padStart(3, '0')}`;
    const msoa = String(++msoaCounter[plan.la]).padStart(3, '0');
    const count = plan.cols * plan.rows;
    let wardPopulation = 0;
    for (let i = 0; i < count; i++) {
      const col = i % plan.cols;
      const row = Math.floor(i / plan.cols);
      const b = plan.box;
      const lsoaBox = box(
        cut(b.minEasting, b.maxEasting, plan.cols, col),
        cut(b.minNorthing, b.maxNorthing, plan.rows, row),
        cut(b.minEasting, b.maxEasting, plan.cols, col + 1),
        cut(b.minNorthing, b.maxNorthing, plan.rows, row + 1),
      );
      // Town-centre LSOAs are mostly shops and bars: fewer residents.
      const population = plan.nightTimeEconomy ? rng.int(1000, 1600) : rng.int(1200, 3000);
      wardPopulation += population;
      const outward = plan.outward[Math.min(plan.outward.length - 1, Math.floor((i * plan.outward.length) / count))];
      lsoas.push({
        code: `E01099${String(lsoas.length + 1).padStart(3, '0')}`,
        name: `${la.name} ${msoa}${String.fromCharCode(65 + i)}`,
        wardCode,
        localAuthorityCode: la.code,
        outwardPostcode: outward,
        population,
        box: lsoaBox,
        deprivationDecile: rng.int(plan.deprivation[0], plan.deprivation[1]),
        asbHotspot: plan.asbHotspots?.includes(i) ?? false,
        repeatSquares: pickSquares(rng, lsoaBox, plan.nightTimeEconomy ? 4 : 3),
      });
    }
    wards.push({
      code: wardCode,
      name: plan.name,
      localAuthorityCode: la.code,
      box: plan.box,
      population: wardPopulation,
      nightTimeEconomy: plan.nightTimeEconomy ?? false,
    });
  });
  const localAuthorities = LOCAL_AUTHORITIES.map((la) => ({
    code: la.code,
    name: la.name,
    population: lsoas.filter((l) => l.localAuthorityCode === la.code).reduce((s, l) => s + l.population, 0),
  }));
  return {
    county: { code: 'E10099001', name: 'Shire' },
    localAuthorities,
    wards,
    lsoas,
    townCentreWardCode: wards.find((w) => w.nightTimeEconomy)!.code,
    asbHotspotLsoaCodes: lsoas.filter((l) => l.asbHotspot).map((l) => l.code),
  };
}

function pickSquares(rng: Random, b: GridBox, n: number): [number, number][] {
  const squares: [number, number][] = [];
  const cols = (b.maxEasting - b.minEasting) / 100;
  const rows = (b.maxNorthing - b.minNorthing) / 100;
  while (squares.length < Math.min(n, cols * rows)) {
    const sq: [number, number] = [
      b.minEasting + 100 * rng.int(0, cols - 1),
      b.minNorthing + 100 * rng.int(0, rows - 1),
    ];
    if (!squares.some(([e, n2]) => e === sq[0] && n2 === sq[1])) squares.push(sq);
  }
  return squares;
}

/** The demo borough, built once. */
export const DEMO_GEOGRAPHY: DemoGeography = buildGeography();

/** Rows for the area table: local authorities, wards, then LSOAs (parents before children). */
export function areaRows(geo: DemoGeography = DEMO_GEOGRAPHY): DemoAreaRow[] {
  return [
    ...geo.localAuthorities.map((la) => ({
      code: la.code,
      name: la.name,
      level: 'LOCAL_AUTHORITY' as const,
      wardCode: null,
      localAuthorityCode: null,
      outwardPostcode: null,
      population: la.population,
    })),
    ...geo.wards.map((w) => ({
      code: w.code,
      name: w.name,
      level: 'WARD' as const,
      wardCode: null,
      localAuthorityCode: w.localAuthorityCode,
      outwardPostcode: null,
      population: w.population,
    })),
    ...geo.lsoas.map((l) => ({
      code: l.code,
      name: l.name,
      level: 'LSOA' as const,
      wardCode: l.wardCode,
      localAuthorityCode: l.localAuthorityCode,
      outwardPostcode: l.outwardPostcode,
      population: l.population,
    })),
  ];
}
