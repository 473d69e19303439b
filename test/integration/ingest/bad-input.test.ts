import { Readable } from 'node:stream';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../../src/db/orm.js';
import { AgencyKind, DatasetKind } from '../../../src/domain/vocabulary.js';
import { ImportRefused } from '../../../src/ingest/import-errors.js';
import type { ImportService } from '../../../src/ingest/import.service.js';
import type { ImportSummary } from '../../../src/ingest/import-summary.js';
import { CHUNK_ROWS } from '../../../src/ingest/row-pipeline.js';
import { csvSource, MAX_RECORD_BYTES } from '../../../src/ingest/record-source.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { CRIME_HEADER, crimeRow, csv, importText, ingestService, OPERATOR, seedAreas } from '../../support/ingest.js';
import { Seed } from '../../support/seed.js';
import { ImportDoor } from '../../../src/domain/api-enums.js';

/** Bad input gets a clear error and loses nothing good: each case the issue lists, against PostgreSQL. */
describe('bad input', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let service: ImportService;
  let n = 0;
  const newDataset = async () => {
    const seed = new Seed(db.orm);
    const agency = await seed.agency(`BAD${++n}`, AgencyKind.POLICE);
    return seed.dataset(agency, DatasetKind.POLICE_CRIME, `bad-crime-${n}`);
  };
  const stored = async (datasetId: string) =>
    (await pool.query(`select count(*)::int as n from shared_record where dataset_id = $1`, [datasetId])).rows[0]
      .n as number;
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportRefused);
    return err as ImportRefused;
  };
  const failedBatch = async (id: string | undefined) =>
    (await pool.query(`select status, error_code, error from import_batch where id = $1`, [id])).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await nativePool(db.orm);
    service = ingestService(pool);
    await seedAreas(db.orm);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('refuses a file with an unbalanced quote that never closes, naming the line, and stores nothing', async () => {
    const ds = await newDataset();
    const good = csv([CRIME_HEADER, crimeRow('Q1'), crimeRow('Q2')]);
    const broken = good + '"Q3,ROBBERY,,2025-01-01 10:00,,,E01099001,,,\n' + csv([crimeRow('Q4')]);
    const err = await refusal(importText(service, ds.key, broken));
    expect(err.code).toBe('MALFORMED_CSV');
    expect(err.message).toMatch(/line \d+.*never closed|never closed/);
    expect(await stored(ds.id)).toBe(0);
    expect(await failedBatch(err.batchId)).toMatchObject({ status: 'FAILED', error_code: 'MALFORMED_CSV' });
  });

  it('refuses a file where a stray quote swallows the rows after it, rather than merge them silently', async () => {
    const ds = await newDataset();
    const lines = [
      CRIME_HEADER.join(','),
      crimeRow('S1').join(','),
      `S2,ROBBERY,,"2025-01-01 10:00,445000,296000,E01099001,,,`,
      crimeRow('S3').join(','),
      `S4,ROBBERY,,2025-01-01",445000,296000,E01099001,,,`,
    ];
    const err = await refusal(importText(service, ds.key, lines.join('\n') + '\n'));
    expect(err.code).toBe('MALFORMED_CSV');
    expect(err.message).toMatch(/row 3 .*unbalanced quote/);
    expect(await stored(ds.id)).toBe(0);
  });

  it('refuses a semicolon- or tab-separated file and says how to save it', async () => {
    const ds = await newDataset();
    const semi = await refusal(
      importText(service, ds.key, [CRIME_HEADER.join(';'), crimeRow('D1').join(';')].join('\n')),
    );
    expect(semi.code).toBe('WRONG_DELIMITER');
    expect(semi.message).toMatch(/semicolons.*CSV \(comma delimited\)/);
    const tabs = await refusal(
      importText(service, ds.key, [CRIME_HEADER.join('\t'), crimeRow('D1').join('\t')].join('\n')),
    );
    expect(tabs.message).toMatch(/tabs/);
  });

  it('reads a UTF-8 byte order mark, CRLF, bare CR and mixed line ends alike', async () => {
    const ds = await newDataset();
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(csv([CRIME_HEADER, crimeRow('B1')], '\r\n')),
    ]);
    expect(await importText(service, ds.key, bom)).toMatchObject({ rowsRead: 1, inserted: 1, rejected: 0 });
    const mixed = [
      CRIME_HEADER.join(','),
      crimeRow('B2').join(','),
      crimeRow('B3').join(','),
      crimeRow('B4').join(','),
    ];
    const text = `${mixed[0]}\r\n${mixed[1]}\n${mixed[2]}\r${mixed[3]}\r\n`;
    expect(await importText(service, ds.key, text)).toMatchObject({ rowsRead: 3, inserted: 3, rejected: 0 });
  });

  it('refuses rows with bytes that are not UTF-8 in a file already read as UTF-8, saying how to declare the encoding, and keeps the others', async () => {
    const ds = await newDataset();
    // Row 2 holds valid UTF-8 ("é"): the file is UTF-8, so a lone 0xE9 byte later is an error in that row only.
    const head = Buffer.from(csv([CRIME_HEADER, crimeRow('U1', { subject_ref: 'réf-1' })]));
    const latin = Buffer.concat([
      Buffer.from('U2,ROBBERY,,2025-01-01 10:00,,,E01099001,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',30,F\n'),
    ]);
    const s = await importText(service, ds.key, Buffer.concat([head, latin, Buffer.from(csv([crimeRow('U3')]))]));
    expect(s).toMatchObject({ rowsRead: 3, inserted: 2, rejected: 1, source: { format: 'csv', encoding: 'UTF-8' } });
    expect(s.rejections[0]).toMatchObject({
      row: 3,
      column: 'subject_ref',
      rule: 'ENCODING',
      reason: expect.stringContaining('--encoding windows-1252'),
    });
  });

  it('refuses values of the wrong type, row by row, naming the column', async () => {
    const ds = await newDataset();
    const s = await importText(
      service,
      ds.key,
      csv([
        CRIME_HEADER,
        crimeRow('T1', { easting: 'abc' }),
        crimeRow('T2', { northing: '-5' }),
        crimeRow('T3', { age: '-1' }),
        crimeRow('T4', { age: '121' }),
        crimeRow('T5', { occurred_at: 'yesterday' }),
        crimeRow('T6', { occurred_at: '2025-06-06 25:00' }),
        crimeRow('T7', { subcategory: 'SHOPLIFTING' }),
        crimeRow('T8', { easting: '', northing: '296000' }),
        crimeRow('T9', { lsoa_code: 'SW1A 1AA' }),
        crimeRow('T10'),
      ]),
    );
    expect(s).toMatchObject({ rowsRead: 10, inserted: 1, rejected: 9 });
    expect(s.rejections.map((r) => [r.row, r.column])).toEqual([
      [2, 'easting'],
      [3, 'northing'],
      [4, 'age'],
      [5, 'age'],
      [6, 'occurred_at'],
      [7, 'occurred_at'],
      [8, 'subcategory'],
      [9, 'easting'],
      [10, 'lsoa_code'],
    ]);
    expect(s.rejections[8].reason).toMatch(/looks like a full postcode/);
  });

  it('refuses dates out of range: impossible, in the future, before 2000', async () => {
    const ds = await newDataset();
    const s = await importText(
      service,
      ds.key,
      csv([
        CRIME_HEADER,
        crimeRow('R1', { occurred_at: '29/02/2025' }),
        crimeRow('R2', { occurred_at: '2100-01-01' }),
        crimeRow('R3', { occurred_at: '1999-12-31 23:59' }),
        crimeRow('R4', { occurred_at: '29/02/2024 00:00' }),
      ]),
    );
    expect(s).toMatchObject({ inserted: 1, rejected: 3 });
    expect(s.rejections.map((r) => r.reason)).toEqual([
      expect.stringContaining('calendar'),
      'dated in the future',
      'dated before 2000-01-01',
    ]);
  });

  it('refuses an empty file and a file with a header but no rows, with a clear reason', async () => {
    const ds = await newDataset();
    expect((await refusal(importText(service, ds.key, ''))).code).toBe('EMPTY_FILE');
    expect((await refusal(importText(service, ds.key, Buffer.from([0xef, 0xbb, 0xbf])))).code).toBe('EMPTY_FILE');
    const header = await refusal(importText(service, ds.key, CRIME_HEADER.join(',') + '\r\n'));
    expect(header.code).toBe('NO_DATA_ROWS');
    expect(header.message).toBe('The file has a header but no data rows: nothing to import.');
    const blanks = await refusal(importText(service, ds.key, CRIME_HEADER.join(',') + '\r\n\r\n,,,,,,,,,\r\n'));
    expect(blanks.code).toBe('NO_DATA_ROWS');
    expect(blanks.message).toBe('The file has a header but no data rows (only 2 blank rows): nothing to import.');
    expect(await failedBatch(header.batchId)).toMatchObject({ status: 'FAILED', error_code: 'NO_DATA_ROWS' });
  });

  it('refuses an over-long field in its row, and a row beyond 1 MiB as a malformed file', async () => {
    const ds = await newDataset();
    const s = await importText(
      service,
      ds.key,
      csv([CRIME_HEADER, crimeRow('L1', { category: 'X'.repeat(100_000) }), crimeRow('L2')]),
    );
    expect(s).toMatchObject({ inserted: 1, rejected: 1 });
    expect(s.rejections[0]).toMatchObject({ row: 2, column: 'category', reason: 'too long: at most 64 characters' });
    const err = await refusal(
      importText(
        service,
        ds.key,
        csv([CRIME_HEADER, crimeRow('L3', { source_ref: 'Y'.repeat(MAX_RECORD_BYTES + 10) })]),
      ),
    );
    expect(err.code).toBe('MALFORMED_CSV');
    expect(err.message).toMatch(/larger than 1024 KiB/);
  });

  it('refuses rows with too many or too few fields and keeps the rest', async () => {
    const ds = await newDataset();
    const text = [
      CRIME_HEADER.join(','),
      [...crimeRow('C1'), 'extra'].join(','),
      crimeRow('C2').slice(0, 5).join(','),
      crimeRow('C3').join(','),
    ].join('\n');
    const s = await importText(service, ds.key, text);
    expect(s).toMatchObject({ rowsRead: 3, inserted: 1, rejected: 2 });
    expect(s.rejections).toEqual([
      { row: 2, column: null, rule: 'FIELD_COUNT', reason: 'has 11 fields; the header has 10' },
      { row: 3, column: null, rule: 'FIELD_COUNT', reason: 'has 5 fields; the header has 10' },
    ]);
  });

  it('streams a file far larger than its in-memory buffers: the reader never runs far ahead of what is written', async () => {
    const ds = await newDataset();
    const total = 5 * CHUNK_ROWS;
    let generated = 0;
    let written = 0;
    let maxLead = 0;
    function* rows() {
      yield CRIME_HEADER.join(',') + '\n';
      for (let i = 0; i < total; i += 500) {
        let block = '';
        for (let j = i; j < i + 500; j++) block += crimeRow(`M${j}`).join(',') + '\n';
        generated += 500;
        maxLead = Math.max(maxLead, generated - written);
        yield block;
      }
    }
    const s: ImportSummary = await service.run({
      datasetKey: ds.key,
      actor: OPERATOR,
      door: ImportDoor.CLI,
      source: csvSource(Readable.from(rows(), { objectMode: false })),
      onProgress: (p) => (written = p.written),
    });
    expect(s).toMatchObject({ rowsRead: total, inserted: total });
    // Two chunks in flight plus stream buffers (about a megabyte): never the whole file.
    expect(maxLead).toBeLessThan(2 * CHUNK_ROWS + 20_000);
  });
});
