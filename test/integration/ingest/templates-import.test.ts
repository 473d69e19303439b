import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../../src/db/orm.js';
import { AgencyKind, DatasetKind } from '../../../src/domain/vocabulary.js';
import type { ImportService } from '../../../src/ingest/import.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { csv, importText, ingestService, seedAreas } from '../../support/ingest.js';
import { Seed } from '../../support/seed.js';

/** Each template imports, generalises to its own precision, and keeps nothing that identifies anyone. */
describe('importing each prescribed kind', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let service: ImportService;
  let n = 0;
  const dataset = async (kind: DatasetKind) => {
    const seed = new Seed(db.orm);
    const agency = await seed.agency(`TPL${++n}`, AgencyKind.OTHER);
    return seed.dataset(agency, kind, `tpl-${n}-${kind.toLowerCase().replace(/_/g, '-')}`);
  };
  const rows = async (datasetId: string) =>
    (
      await pool.query(
        `select category, subcategory, to_char(occurred_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as at, time_precision, lsoa_code, ward_code,
                outward_postcode, grid_easting, grid_northing, age_band, sex, details, subject_hash is not null as has_subject
           from shared_record where dataset_id = $1 order by id`,
        [datasetId],
      )
    ).rows;
  /** Every text column of every record of a dataset, for "the raw value is nowhere" checks. */
  const everything = async (datasetId: string) =>
    JSON.stringify((await pool.query(`select r::text from shared_record r where dataset_id = $1`, [datasetId])).rows);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await nativePool(db.orm);
    service = ingestService(pool);
    await seedAreas(db.orm);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("police incidents: ASB types with a grid square and the LSOA's ward, from a full postcode the outward code only", async () => {
    const ds = await dataset(DatasetKind.POLICE_INCIDENT);
    const s = await importText(
      service,
      ds.key,
      csv([
        ['Source Ref', 'Category', 'Occurred At', 'Easting', 'Northing', 'LSOA Code', 'Postcode'],
        ['INC-1', 'asb_nuisance', '2025-03-30 01:30', '445199.9', '296001', 'E01099006', 'rv2 7xy'],
        ['INC-2', 'ASB_PERSONAL', '2025-03-30', '', '', '', 'RV9 1AB'],
      ]),
    );
    expect(s).toMatchObject({ inserted: 2, rejected: 0 });
    const [a, b] = await rows(ds.id);
    expect(a).toMatchObject({
      category: 'ASB_NUISANCE',
      grid_easting: 445100,
      grid_northing: 296000,
      lsoa_code: 'E01099006',
      ward_code: 'E05099002',
      outward_postcode: 'RV2',
      time_precision: 'MINUTE',
    });
    // 01:30 on the day the clocks go forward does not exist in London: it is read as 02:30 BST.
    expect(a.at).toBe('2025-03-30 02:30');
    expect(b).toMatchObject({
      category: 'ASB_PERSONAL',
      lsoa_code: null,
      grid_easting: null,
      outward_postcode: 'RV9',
      time_precision: 'DAY',
    });
    expect(await everything(ds.id)).not.toMatch(/7XY|7xy|1AB/);
  });

  it('fire incidents: coded property types, and a row without any location refused', async () => {
    const ds = await dataset(DatasetKind.FIRE_INCIDENT);
    const s = await importText(
      service,
      ds.key,
      csv([
        ['source_ref', 'category', 'occurred_at', 'lsoa_code', 'property_type'],
        ['F1', 'DELIBERATE_SECONDARY_FIRE', '05/11/2025 19:45', 'E01099002', 'refuse_container'],
        ['F2', 'DWELLING_FIRE_NO_SMOKE_ALARM', '05/11/2025 20:00', '', 'DWELLING'],
        ['F3', 'DELIBERATE_VEHICLE_FIRE', '05/11/2025 20:00', 'E01099002', 'SPACESHIP'],
      ]),
    );
    expect(s).toMatchObject({ inserted: 1, rejected: 2 });
    expect(s.rejections).toEqual([
      { row: 3, column: null, rule: 'NO_LOCATION', reason: expect.stringContaining('no location') },
      // SPACESHIP is no code of the hub's: not repeated back; the allowed codes are listed.
      {
        row: 4,
        column: 'property_type',
        rule: 'NOT_ALLOWED',
        reason:
          'not one of the allowed values; allowed: DWELLING, DERELICT_BUILDING, NON_RESIDENTIAL, GRASSLAND_SCRUB, REFUSE_CONTAINER, LOOSE_REFUSE, DERELICT_STRUCTURE, CAR, MOTORCYCLE, OTHER_VEHICLE, OTHER',
      },
    ]);
    expect((await rows(ds.id))[0]).toMatchObject({
      details: { propertyType: 'REFUSE_CONTAINER' },
      at: '2025-11-05 19:45',
    });
  });

  it('hospital admissions: the ICD-10 group from the code, the day only, the outward code of residence, an age band and a length-of-stay band', async () => {
    const ds = await dataset(DatasetKind.HEALTH_ADMISSION);
    const s = await importText(
      service,
      ds.key,
      csv([
        [
          'source_ref',
          'category',
          'icd10_code',
          'occurred_at',
          'postcode',
          'subject_ref',
          'age',
          'sex',
          'length_of_stay_days',
        ],
        ['SP1', '', 'X99.1', '2025-02-03 14:22', 'RV1 2AB', '9434765919', '19', '2', '3'],
        ['SP2', 'DOMESTIC_ABUSE', '', '2025-02-04', 'RV2', '', '44', 'F', '0'],
        ['SP3', '', 'J18.9', '2025-02-04', 'RV2', '', '44', 'F', '0'],
        ['SP4', 'ASSAULT', 'F10.2', '2025-02-04', 'RV2', '', '44', 'F', '0'],
      ]),
    );
    expect(s).toMatchObject({ inserted: 2, rejected: 2 });
    expect(s.rejections.map((r) => [r.row, r.column])).toEqual([
      [4, 'icd10_code'],
      [5, 'category'],
    ]);
    const [a, b] = await rows(ds.id);
    expect(a).toMatchObject({
      category: 'ASSAULT',
      time_precision: 'DAY',
      at: '2025-02-03 00:00',
      outward_postcode: 'RV1',
      lsoa_code: null,
      age_band: '18-24',
      sex: 'F',
      has_subject: true,
      details: { lengthOfStayBand: '3-7' },
    });
    expect(b).toMatchObject({ category: 'DOMESTIC_ABUSE', age_band: '35-44', details: { lengthOfStayBand: '0' } });
    expect(await everything(ds.id)).not.toMatch(/9434765919|X99|2AB/);
  });

  it('A&E assaults (ISTV): the hour only, LSOA at finest, and the free-text location reduced to a code and never stored', async () => {
    const ds = await dataset(DatasetKind.AE_ASSAULT);
    const s = await importText(
      service,
      ds.key,
      csv([
        [
          'source_ref',
          'occurred_at',
          'weapon',
          'location_type',
          'location_description',
          'lsoa_code',
          'site_code',
          'age',
          'sex',
        ],
        [
          'AE1',
          '2025-07-12 23:48',
          'GLASS_OR_BOTTLE',
          '',
          'outside the Red Lion pub, punched by John Smith (07700 900123)',
          'E01099003',
          'rxk01',
          '22',
          'M',
        ],
        ['AE2', '2025-07-13 01:05', 'BODY_PART', 'HOME', 'at his flat, 12 Acacia Avenue', '', 'RXK01', '35', 'F'],
        ['AE3', '2025-07-13 02:10', 'UNKNOWN', 'UNKNOWN', 'somewhere', '', 'RXK01', '', ''],
      ]),
    );
    expect(s).toMatchObject({ inserted: 3, rejected: 0, freeTextCoded: 1, freeTextDropped: 2 });
    const [a, b, c] = await rows(ds.id);
    expect(a).toMatchObject({
      category: 'ASSAULT',
      time_precision: 'HOUR',
      at: '2025-07-12 23:00',
      lsoa_code: 'E01099003',
      grid_easting: null,
      age_band: '18-24',
      details: { weapon: 'GLASS_OR_BOTTLE', locationType: 'PUB_OR_CLUB', site: 'RXK01' },
    });
    // A location type given in its own column wins; the text is dropped either way.
    expect(b.details).toEqual({ weapon: 'BODY_PART', locationType: 'HOME', site: 'RXK01' });
    expect(c.details).toEqual({ weapon: 'UNKNOWN', locationType: 'UNKNOWN', site: 'RXK01' });
    expect(await everything(ds.id)).not.toMatch(/Red Lion|John|Smith|07700|Acacia|somewhere/);
  });

  it('A&E assaults do not accept grid references: the template keeps no location finer than an LSOA', async () => {
    const ds = await dataset(DatasetKind.AE_ASSAULT);
    await expect(
      importText(
        service,
        ds.key,
        csv([
          ['source_ref', 'occurred_at', 'easting', 'northing'],
          ['AE9', '2025-07-12 23:48', '445000', '296000'],
        ]),
      ),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_COLUMNS',
    });
  });

  it("ambulance call-outs: outcome codes, victims' ages banded", async () => {
    const ds = await dataset(DatasetKind.AMBULANCE_CALLOUT);
    const s = await importText(
      service,
      ds.key,
      csv([
        ['source_ref', 'category', 'occurred_at', 'easting', 'northing', 'lsoa_code', 'subject_ref', 'age', 'outcome'],
        ['AMB1', 'STABBING_OR_GUNSHOT', '2025-08-01 03:12', '441234', '291234', 'E01099004', 'P1', '17', 'conveyed'],
      ]),
    );
    expect(s).toMatchObject({ inserted: 1 });
    expect((await rows(ds.id))[0]).toMatchObject({
      category: 'STABBING_OR_GUNSHOT',
      grid_easting: 441200,
      grid_northing: 291200,
      age_band: '10-17',
      details: { outcome: 'CONVEYED' },
    });
  });

  it('council reports: the category recognised in the description when not given, the description never stored', async () => {
    const ds = await dataset(DatasetKind.COUNCIL_REPORT);
    const s = await importText(
      service,
      ds.key,
      csv([
        ['source_ref', 'category', 'occurred_at', 'outward_postcode', 'channel', 'description'],
        [
          'C1',
          '',
          '2025-09-01 09:00',
          'RV1',
          'online',
          'Mattress and bin bags fly-tipped behind 4 Mill Lane, reported by jo@example.org',
        ],
        ['C2', 'NOISE', '2025-09-01', 'RV1', 'PHONE', 'loud music\nevery night'],
        ['C3', '', '2025-09-01', 'RV1', 'PHONE', 'a complaint'],
        ['C4', '', '2025-09-01', 'RV1 4ZZ', 'PHONE', 'graffiti'],
      ]),
    );
    expect(s).toMatchObject({ inserted: 2, rejected: 2, freeTextCoded: 1, freeTextDropped: 1 });
    expect(s.rejections).toEqual([
      { row: 4, column: 'category', rule: 'NO_CATEGORY', reason: expect.stringContaining('no category') },
      {
        row: 5,
        column: 'outward_postcode',
        rule: 'FULL_POSTCODE_IN_OUTWARD',
        reason: expect.stringContaining('full postcode'),
      },
    ]);
    const [a, b] = await rows(ds.id);
    expect(a).toMatchObject({ category: 'FLY_TIPPING', details: { channel: 'ONLINE' } });
    expect(b).toMatchObject({ category: 'NOISE' });
    expect(await everything(ds.id)).not.toMatch(/Mattress|Mill Lane|example\.org|loud|4ZZ/);
  });
});
