import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { areaRows, clearDemo, DEMO_GEOGRAPHY, loadDemo } from '../../src/demo/index.js';
import { backfillDemoBoundaries, DEMO_BOUNDARY_RELEASE } from '../../src/geography/demo-boundaries.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import type { ImportService } from '../../src/ingest/import.service.js';
import { runHubIn } from '../support/cli.js';
import { createTestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, startTestHub, type TestHub } from '../support/hub.js';
import { CRIME_HEADER, crimeRow, csv, importText, ingestService } from '../support/ingest.js';
import { Seed } from '../support/seed.js';

/*
 * Loading the ONS geography files (src/geography/) as an administrator would: small files
 * written here in the published layouts, through `npx hub geography import` and the
 * importGeography mutation, against a real PostgreSQL.
 *
 * The fictional partnership: Alderbury (E07000901, CSP E22000901) with wards Alder North
 * and Alder South and four LSOAs; its neighbour Brackwater (E07000902, CSP E22000902) is
 * in the national files but not kept.
 */

const BOM = '\uFEFF';

// "LSOA (2021) to Electoral Ward (2024) to LAD (2024) ... Best Fit Lookup", with the CSP
// and police force area columns, as downloaded (a byte order mark and an ObjectId column).
const LOOKUP_2024 =
  BOM +
  csv(
    [
      [
        'LSOA21CD',
        'LSOA21NM',
        'WD24CD',
        'WD24NM',
        'LAD24CD',
        'LAD24NM',
        'CSP24CD',
        'CSP24NM',
        'PFA24CD',
        'PFA24NM',
        'ObjectId',
      ],
      [
        'E01000901',
        'Alderbury 001A',
        'E05000901',
        'Alder North',
        'E07000901',
        'Alderbury',
        'E22000901',
        'Alderbury',
        'E23000901',
        'Wessex',
        1,
      ],
      [
        'E01000902',
        'Alderbury 001B',
        'E05000901',
        'Alder North',
        'E07000901',
        'Alderbury',
        'E22000901',
        'Alderbury',
        'E23000901',
        'Wessex',
        2,
      ],
      [
        'E01000903',
        'Alderbury 002A',
        'E05000902',
        'Alder South',
        'E07000901',
        'Alderbury',
        'E22000901',
        'Alderbury',
        'E23000901',
        'Wessex',
        3,
      ],
      [
        'E01000904',
        'Alderbury 002B',
        'E05000902',
        'Alder South',
        'E07000901',
        'Alderbury',
        'E22000901',
        'Alderbury',
        'E23000901',
        'Wessex',
        4,
      ],
      [
        'E01000905',
        'Brackwater 001A',
        'E05000903',
        'Brack Central',
        'E07000902',
        'Brackwater',
        'E22000902',
        'Brackwater',
        'E23000901',
        'Wessex',
        5,
      ],
    ],
    '\r\n',
  );

// The next release: columns of 2025, a ward renamed, E01000902 and E01000903 gone (records
// use E01000903), E01000906 new.
const LOOKUP_2025 = csv([
  [
    'FID',
    'LSOA21CD',
    'LSOA21NM',
    'WD25CD',
    'WD25NM',
    'WD25NMW',
    'LAD25CD',
    'LAD25NM',
    'CSP25CD',
    'CSP25NM',
    'PFA25CD',
    'PFA25NM',
  ],
  [
    1,
    'E01000901',
    'Alderbury 001A',
    'E05000901',
    'Alder North',
    '',
    'E07000901',
    'Alderbury',
    'E22000901',
    'Alderbury',
    'E23000901',
    'Wessex',
  ],
  [
    2,
    'E01000904',
    'Alderbury 002B',
    'E05000902',
    'Alder South and Quay',
    '',
    'E07000901',
    'Alderbury',
    'E22000901',
    'Alderbury',
    'E23000901',
    'Wessex',
  ],
  [
    3,
    'E01000906',
    'Alderbury 003A',
    'E05000902',
    'Alder South and Quay',
    '',
    'E07000901',
    'Alderbury',
    'E22000901',
    'Alderbury',
    'E23000901',
    'Wessex',
  ],
  [
    4,
    'E01000905',
    'Brackwater 001A',
    'E05000903',
    'Brack Central',
    '',
    'E07000902',
    'Brackwater',
    'E22000902',
    'Brackwater',
    'E23000901',
    'Wessex',
  ],
]);

// "LSOA (2011) to LSOA (2021) to Local Authority District (2022) Best Fit Lookup for EW":
// E01000801 was split in two, E01000802 and E01000803 merged into E01000904.
const LSOA_2011 = csv([
  ['LSOA11CD', 'LSOA11NM', 'LSOA21CD', 'LSOA21NM', 'CHGIND', 'LAD22CD', 'LAD22NM', 'LAD22NMW', 'ObjectId'],
  ['E01000901', 'Alderbury 001A', 'E01000901', 'Alderbury 001A', 'U', 'E07000901', 'Alderbury', '', 1],
  ['E01000801', 'Alderbury 001B', 'E01000902', 'Alderbury 001B', 'S', 'E07000901', 'Alderbury', '', 2],
  ['E01000801', 'Alderbury 001B', 'E01000903', 'Alderbury 002A', 'S', 'E07000901', 'Alderbury', '', 3],
  ['E01000802', 'Alderbury 002B', 'E01000904', 'Alderbury 002B', 'M', 'E07000901', 'Alderbury', '', 4],
  ['E01000803', 'Alderbury 002C', 'E01000904', 'Alderbury 002B', 'M', 'E07000901', 'Alderbury', '', 5],
  ['E01000804', 'Brackwater 001A', 'E01000905', 'Brackwater 001A', 'U', 'E07000902', 'Brackwater', '', 6],
]);

// "Lower layer Super Output Area population estimates" (mid-2022), the sheet saved as CSV,
// with the title lines the published sheets have above the header.
const POPULATION_2022 = csv([
  [
    'Mid-2022 population estimates for 2021 Lower layer Super Output Areas in England and Wales by single year of age and sex',
  ],
  ['This worksheet contains one table.'],
  ['LAD 2021 Code', 'LAD 2021 Name', 'LSOA 2021 Code', 'LSOA 2021 Name', 'Total', 'F0', 'F1'],
  ['E07000901', 'Alderbury', 'E01000901', 'Alderbury 001A', '1,523', 9, 8],
  ['E07000901', 'Alderbury', 'E01000902', 'Alderbury 001B', '1,610', 7, 11],
  ['E07000901', 'Alderbury', 'E01000903', 'Alderbury 002A', '1,402', 8, 6],
  ['E07000901', 'Alderbury', 'E01000904', 'Alderbury 002B', '1,777', 12, 9],
  ['E07000902', 'Brackwater', 'E01000905', 'Brackwater 001A', '1,900', 10, 10],
]);

/** A square of side `size` metres at (e, n) as GeoJSON rings, anticlockwise. */
const square = (e: number, n: number, size = 500) => [
  [
    [e, n],
    [e + size, n],
    [e + size, n + size],
    [e, n + size],
    [e, n],
  ],
];

// "Lower layer Super Output Areas (December 2021) Boundaries EW BGC" in British National
// Grid, as the portal's GeoJSON download names it.
const LSOA_BOUNDARIES_BNG = JSON.stringify({
  type: 'FeatureCollection',
  name: 'LSOA_2021_EW_BGC_V5',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
  features: [
    {
      type: 'Feature',
      properties: { FID: 1, LSOA21CD: 'E01000901', LSOA21NM: 'Alderbury 001A', BNG_E: 430250, BNG_N: 130250 },
      geometry: { type: 'Polygon', coordinates: square(430000, 130000) },
    },
    {
      type: 'Feature',
      properties: { FID: 2, LSOA21CD: 'E01000902', LSOA21NM: 'Alderbury 001B' },
      geometry: { type: 'MultiPolygon', coordinates: [square(430500, 130000), square(431500, 130000, 200)] },
    },
    {
      type: 'Feature',
      properties: { FID: 3, LSOA21CD: 'E01000905', LSOA21NM: 'Brackwater 001A' },
      geometry: { type: 'Polygon', coordinates: square(440000, 130000) },
    },
  ],
});

// Ward boundaries in WGS84 without a `crs` member: detected from the coordinates.
const WARD_BOUNDARIES_WGS84 = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { WD24CD: 'E05000901', WD24NM: 'Alder North' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-1.5701234, 51.0701234],
            [-1.5601234, 51.0701234],
            [-1.5601234, 51.0801234],
            [-1.5701234, 51.0801234],
            [-1.5701234, 51.0701234],
          ],
        ],
      },
    },
  ],
});

const IMPORT = `mutation Import($input: ImportGeographyInput!) {
  importGeography(input: $input) { kind release read kept outside changes { change count codes } notes }
}`;

describe('loading the ONS geography', () => {
  let t: TestHub;
  let pool: pg.Pool;
  let imports: ImportService;
  let admin: string;
  let analyst: string;
  let dataset: string;
  let dir: string;
  let env: Record<string, string>;

  const sql = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await pool.query<T>(text, params)).rows;
  const file = async (name: string, content: string) => {
    const p = path.join(dir, name);
    await writeFile(p, content);
    return p;
  };
  const hub = (...args: string[]) => runHubIn(env, ...args);
  const gqlImport = (input: Record<string, unknown>, token = admin) => t.gql(IMPORT, { input }, { token });
  const areas = () =>
    sql<{ code: string; name: string; level: string; ward_code: string | null; retired: boolean }>(
      `select code, name, level, ward_code, retired_at is not null as retired from area order by code`,
    );

  beforeAll(async () => {
    t = await startTestHub();
    pool = await nativePool(t.runtime.orm);
    imports = ingestService(pool);
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const council = await seed.agency('ALD', AgencyKind.COUNCIL);
    const police = await seed.agency('WPOL', AgencyKind.POLICE);
    admin = (await seed.user(council, [Role.ADMIN], 'admin@ald')).token;
    analyst = (await seed.user(council, [Role.ANALYST], 'analyst@ald')).token;
    dataset = (await seed.dataset(police, DatasetKind.POLICE_CRIME, 'wpol-crime')).key;
    dir = await mkdtemp(path.join(tmpdir(), 'hub-geography-'));
    env = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: path.join(dir, '.hub'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a lookup in the wrong layout, naming the missing columns, and audits the refusal', async () => {
    const wrong = csv([
      ['LSOA21CD', 'LSOA21NM', 'LAD24CD', 'LAD24NM'],
      ['E01000901', 'Alderbury 001A', 'E07000901', 'Alderbury'],
    ]);
    const res = await hub('geography', 'import', 'lookup', await file('wrong.csv', wrong), '--all');
    expect(res.code).toBe(2);
    expect(res.err).toContain('it has no column WDyyCD, WDyyNM');
    expect(res.err).toContain('Its columns are: LSOA21CD, LSOA21NM, LAD24CD, LAD24NM');

    const viaApi = await gqlImport({ kind: 'LOOKUP', content: wrong, all: true });
    expect(viaApi.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaApi.errors?.[0].message).toContain('WDyyCD, WDyyNM');
    expect(await areas()).toEqual([]);

    const refused = await sql(
      `select outcome, details->'after'->>'kind' as kind from audit_event where action = 'geography.import'`,
    );
    expect(refused).toEqual([
      { outcome: 'REFUSED', kind: 'LOOKUP' },
      { outcome: 'REFUSED', kind: 'LOOKUP' },
    ]);
  });

  it('needs to know which areas to keep, and only an administrator may load', async () => {
    const p = await file('lookup-2024.csv', LOOKUP_2024);
    const res = await hub('geography', 'import', 'lookup', p);
    expect(res.code).toBe(2);
    expect(res.err).toContain('Say which areas the partnership keeps');
    const denied = await gqlImport({ kind: 'LOOKUP', content: LOOKUP_2024, all: true }, analyst);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await areas()).toEqual([]);
  });

  it("loads the best-fit lookup for the partnership's CSP only, reading the columns' year", async () => {
    expect((await hub('geography', 'keep', 'E22000901')).code).toBe(0);
    const res = await hub('geography', 'import', 'lookup', await file('lookup-2024.csv', LOOKUP_2024), '--json');
    expect(res.err).toBe('');
    const summary = JSON.parse(res.out);
    expect(summary).toMatchObject({
      kind: 'LOOKUP',
      release: 'LSOA21 WD24 LAD24 CSP24 PFA24',
      read: 5,
      kept: 4,
      outside: 1,
      counts: { 'lsoa.added': 4, 'ward.added': 2, 'localAuthority.added': 1 },
    });
    expect(await areas()).toEqual([
      { code: 'E01000901', name: 'Alderbury 001A', level: 'LSOA', ward_code: 'E05000901', retired: false },
      { code: 'E01000902', name: 'Alderbury 001B', level: 'LSOA', ward_code: 'E05000901', retired: false },
      { code: 'E01000903', name: 'Alderbury 002A', level: 'LSOA', ward_code: 'E05000902', retired: false },
      { code: 'E01000904', name: 'Alderbury 002B', level: 'LSOA', ward_code: 'E05000902', retired: false },
      { code: 'E05000901', name: 'Alder North', level: 'WARD', ward_code: null, retired: false },
      { code: 'E05000902', name: 'Alder South', level: 'WARD', ward_code: null, retired: false },
      { code: 'E07000901', name: 'Alderbury', level: 'LOCAL_AUTHORITY', ward_code: null, retired: false },
    ]);
    expect(await sql(`select lsoa_code, csp_code, pfa_name from area_lookup where lsoa_code = 'E01000901'`)).toEqual([
      { lsoa_code: 'E01000901', csp_code: 'E22000901', pfa_name: 'Wessex' },
    ]);
    const events = await sql(
      `select outcome, principal_label, details->'after'->>'release' as release from audit_event where action like 'geography.%' and outcome = 'SUCCEEDED' order by seq`,
    );
    expect(events.map((e) => e.release)).toEqual([null, 'LSOA21 WD24 LAD24 CSP24 PFA24']);
  });

  it('maps records sent with 2011 codes to their 2021 LSOA; a split 2011 LSOA is refused', async () => {
    const res = await gqlImport({ kind: 'LSOA_2011', content: LSOA_2011, fileName: 'LSOA11_LSOA21_LAD22_EW_LU.csv' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.importGeography).toMatchObject({
      kind: 'LSOA_2011',
      release: 'LSOA11 to LSOA21',
      read: 6,
      kept: 5,
      outside: 1,
    });
    const changes = Object.fromEntries(
      (res.data!.importGeography as { changes: { change: string; count: number; codes: string[] }[] }).changes.map(
        (c) => [c.change, c],
      ),
    );
    expect(changes['lsoa2011.split']).toEqual({ change: 'lsoa2011.split', count: 1, codes: ['E01000801'] });
    expect(changes['change.M'].count).toBe(2);

    const noGrid = { easting: '', northing: '' };
    const summary = await importText(
      imports,
      dataset,
      csv([
        CRIME_HEADER,
        crimeRow('CR/1', { ...noGrid, lsoa_code: 'E01000802' }), // merged: lands in E01000904
        crimeRow('CR/2', { ...noGrid, lsoa_code: 'E01000801' }), // split: refused
        crimeRow('CR/3', { ...noGrid, lsoa_code: 'E01000903' }), // a 2021 code
        crimeRow('CR/4', { ...noGrid, lsoa_code: 'E01000901' }), // unchanged
      ]),
    );
    expect(summary).toMatchObject({ status: 'COMMITTED', inserted: 3, rejected: 1 });
    expect(summary.rejections).toEqual([
      expect.objectContaining({ column: 'lsoa_code', rule: 'LSOA_SPLIT', reason: expect.stringContaining('split') }),
    ]);
    expect(
      await sql(`select lsoa_code, ward_code, local_authority_code from shared_record order by lsoa_code`),
    ).toEqual([
      { lsoa_code: 'E01000901', ward_code: 'E05000901', local_authority_code: 'E07000901' },
      { lsoa_code: 'E01000903', ward_code: 'E05000902', local_authority_code: 'E07000901' },
      { lsoa_code: 'E01000904', ward_code: 'E05000902', local_authority_code: 'E07000901' },
    ]);
  });

  it('loads mid-year population estimates for the LSOAs kept, and sums them for wards and districts', async () => {
    const wrong = await gqlImport({
      kind: 'POPULATION',
      content: 'LSOA Code,LSOA Name,F0\nE01000901,x,1\n',
      year: 2022,
    });
    expect(wrong.errors?.[0].message).toContain('it has no column LSOA yyyy Code, Total');
    const noYear = await gqlImport({ kind: 'POPULATION', content: POPULATION_2022 });
    expect(noYear.errors?.[0].message).toContain('Pass the year');

    const res = await hub('geography', 'import', 'population', await file('sapelsoasyoa2022.csv', POPULATION_2022));
    expect(res.err).toBe('');
    expect(res.out).toContain('Mid-2022 population estimates');
    expect(res.out).toContain('4 of 5 rows kept');
    const pops = Object.fromEntries(
      (await sql<{ code: string; population: number }>(`select code, population from area`)).map((r) => [
        r.code,
        r.population,
      ]),
    );
    expect(pops).toMatchObject({
      E01000901: 1523,
      E05000901: 1523 + 1610,
      E05000902: 1402 + 1777,
      E07000901: 1523 + 1610 + 1402 + 1777,
    });
    expect(await sql(`select count(*)::int as n from area_population where year = 2022`)).toEqual([{ n: 7 }]);
  });

  it('loads boundaries in British National Grid and in WGS84, converting and filtering them', async () => {
    const lsoas = await hub(
      'geography',
      'import',
      'boundaries',
      await file('LSOA_2021_EW_BGC_V5.geojson', LSOA_BOUNDARIES_BNG),
      '--json',
    );
    expect(lsoas.err).toBe('');
    const summary = JSON.parse(lsoas.out);
    expect(summary).toMatchObject({ kind: 'BOUNDARIES', release: 'LSOA21 boundaries', read: 3, kept: 2, outside: 1 });
    expect(summary.notes[0]).toContain('British National Grid (EPSG:27700) (named by the file)');

    const wards = await gqlImport({
      kind: 'BOUNDARIES',
      content: WARD_BOUNDARIES_WGS84,
      release: 'Wards (May 2024) BGC',
    });
    expect(wards.errors).toBeUndefined();
    expect((wards.data?.importGeography as { notes: string[] }).notes[0]).toContain('WGS84 (from their magnitudes)');

    const rows = await sql<{
      area_code: string;
      release: string;
      geometry: { type: string; coordinates: number[][][] | number[][][][] };
      centroid_easting: number;
      centroid_northing: number;
      bbox: number[];
    }>(
      `select area_code, release, geometry, centroid_easting, centroid_northing, bbox from area_boundary order by area_code`,
    );
    expect(rows.map((r) => [r.area_code, r.release, r.geometry.type])).toEqual([
      ['E01000901', 'LSOA21 boundaries', 'Polygon'],
      ['E01000902', 'LSOA21 boundaries', 'MultiPolygon'],
      ['E05000901', 'Wards (May 2024) BGC', 'Polygon'],
    ]);
    const [first, second, ward] = rows;
    // 430000, 130000 on the grid is about 1.573 W, 51.069 N (WGS84); 6 decimal places.
    const [lon, lat] = (first.geometry.coordinates as number[][][])[0][0];
    expect(lon).toBeCloseTo(-1.5732, 3);
    expect(lat).toBeCloseTo(51.0686, 3);
    expect(String(lon).split('.')[1].length).toBeLessThanOrEqual(6);
    expect([first.centroid_easting, first.centroid_northing]).toEqual([430250, 130250]);
    // Without BNG_E/BNG_N: the area-weighted centroid of both parts.
    const parts = [500 * 500, 200 * 200];
    expect(second.centroid_easting).toBe(Math.round((parts[0] * 430750 + parts[1] * 431600) / (parts[0] + parts[1])));
    expect(second.bbox[0]).toBeLessThan(second.bbox[2]);
    expect(second.bbox[1]).toBeLessThan(second.bbox[3]);
    expect((ward.geometry.coordinates as number[][][])[0][0]).toEqual([-1.570123, 51.070123]);
    expect(ward.bbox).toEqual([-1.570123, 51.070123, -1.560123, 51.080123]);
    // Its centroid, converted to the grid: about 700 m east and 300 m north of 430000, 130000.
    expect(Math.abs(ward.centroid_easting - 430570)).toBeLessThan(100);
    expect(Math.abs(ward.centroid_northing - 130720)).toBeLessThan(100);

    const msoa = await gqlImport({
      kind: 'BOUNDARIES',
      content: JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { MSOA21CD: 'E02000001' }, geometry: null }],
      }),
    });
    expect(msoa.errors?.[0].message).toContain('boundaries of LSOAs, wards and local authority districts only');
  });

  it('a second release replaces the first atomically: renamed, retired (in use) and removed reported', async () => {
    // A broken copy of the next release changes nothing.
    const broken =
      LOOKUP_2025 +
      '5,E0100090X,Bad,E05000902,Alder South and Quay,,E07000901,Alderbury,E22000901,Alderbury,E23000901,Wessex\n';
    const before = await areas();
    const refused = await hub('geography', 'import', 'lookup', await file('broken.csv', broken));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Line 6: the lsoa code is not a GSS code');
    expect(await areas()).toEqual(before);

    const res = await gqlImport({ kind: 'LOOKUP', content: LOOKUP_2025, fileName: 'LSOA21_WD25_LAD25_EW_LU.csv' });
    expect(res.errors).toBeUndefined();
    const release = res.data!.importGeography as {
      release: string;
      changes: { change: string; count: number; codes: string[] }[];
    };
    expect(release.release).toBe('LSOA21 WD25 LAD25 CSP25 PFA25');
    expect(Object.fromEntries(release.changes.map((c) => [c.change, c.codes.length ? c.codes : c.count]))).toEqual({
      'lsoa.added': ['E01000906'],
      'lsoa.retired': ['E01000903'],
      'lsoa.removed': ['E01000902'],
      'lsoa.unchanged': 2,
      'ward.renamed': ['E05000902'],
      'ward.unchanged': 1,
      'localAuthority.unchanged': 1,
    });
    expect(await areas()).toEqual([
      { code: 'E01000901', name: 'Alderbury 001A', level: 'LSOA', ward_code: 'E05000901', retired: false },
      { code: 'E01000903', name: 'Alderbury 002A', level: 'LSOA', ward_code: 'E05000902', retired: true },
      { code: 'E01000904', name: 'Alderbury 002B', level: 'LSOA', ward_code: 'E05000902', retired: false },
      { code: 'E01000906', name: 'Alderbury 003A', level: 'LSOA', ward_code: 'E05000902', retired: false },
      { code: 'E05000901', name: 'Alder North', level: 'WARD', ward_code: null, retired: false },
      { code: 'E05000902', name: 'Alder South and Quay', level: 'WARD', ward_code: null, retired: false },
      { code: 'E07000901', name: 'Alderbury', level: 'LOCAL_AUTHORITY', ward_code: null, retired: false },
    ]);
    // The removed LSOA's boundary and population went with it; the records keep their codes.
    expect(await sql(`select area_code from area_boundary where area_code = 'E01000902'`)).toEqual([]);
    expect(await sql(`select count(*)::int as n from shared_record where lsoa_code = 'E01000903'`)).toEqual([{ n: 1 }]);
    // A retired LSOA takes no new records.
    const late = await importText(
      imports,
      dataset,
      csv([CRIME_HEADER, crimeRow('CR/9', { easting: '', northing: '', lsoa_code: 'E01000903' })]),
    );
    expect(late.rejections).toEqual([expect.objectContaining({ rule: 'LSOA_UNKNOWN' })]);

    const listed = await t.gql(`query { geographyReleases { kind release } }`, {}, { token: admin });
    expect(listed.data?.geographyReleases).toEqual([
      { kind: 'LOOKUP', release: 'LSOA21 WD25 LAD25 CSP25 PFA25' },
      { kind: 'BOUNDARIES', release: 'Wards (May 2024) BGC' },
      { kind: 'BOUNDARIES', release: 'LSOA21 boundaries' },
      { kind: 'POPULATION', release: 'Mid-2022 population estimates' },
      { kind: 'LSOA_2011', release: 'LSOA11 to LSOA21' },
      { kind: 'LOOKUP', release: 'LSOA21 WD24 LAD24 CSP24 PFA24' },
    ]);
  });
});

describe("the demo partnership's boundaries", () => {
  it('are loaded with the demo for every LSOA, ward and local authority, and cleared with it', async () => {
    const db = await createTestDatabase();
    try {
      const pool = await nativePool(db.orm);
      await loadDemo(db.orm, { records: 0, pseudonymKey: TEST_PSEUDONYM_KEY, referenceDate: '2026-11-22' });
      const rows = await pool.query<{ level: string; n: number; release: string }>(
        `select a.level, count(*)::int as n, min(b.release) as release from area a join area_boundary b on b.area_code = a.code group by a.level order by a.level`,
      );
      const demo = areaRows(DEMO_GEOGRAPHY);
      expect(rows.rows).toEqual(
        ['LSOA', 'WARD', 'LOCAL_AUTHORITY']
          // In the area_level enum's order.
          .map((level) => ({ level, n: demo.filter((a) => a.level === level).length, release: DEMO_BOUNDARY_RELEASE })),
      );
      // A demo loaded before boundaries existed gets them at start-up, once.
      await pool.query(`delete from area_boundary where area_code like 'E05%'`);
      expect(await backfillDemoBoundaries(pool)).toBe(DEMO_GEOGRAPHY.wards.length);
      expect(await backfillDemoBoundaries(pool)).toBe(0);
      await clearDemo(db.orm);
      expect((await pool.query(`select count(*)::int as n from area_boundary`)).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.drop();
    }
  });
});
