import { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../../src/db/orm.js';
import { AgencyKind, DatasetKind } from '../../../src/domain/vocabulary.js';
import { ImportRefused } from '../../../src/ingest/import-errors.js';
import type { ImportService } from '../../../src/ingest/import.service.js';
import type { ImportSummary } from '../../../src/ingest/import-summary.js';
import { fileSource, type FileSourceOptions } from '../../../src/ingest/record-source.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { CRIME_HEADER, crimeRow, csv, importText, ingestService, OPERATOR, seedAreas } from '../../support/ingest.js';
import { Seed } from '../../support/seed.js';
import { wall, xlsxBuffer } from '../../support/xlsx.js';
import { ImportDoor } from '../../../src/domain/api-enums.js';

/** Files as partners really send them: Excel workbooks, Windows-1252 and UTF-16 text, spreadsheets' blank rows. */
describe('spreadsheets and encodings', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let service: ImportService;
  let n = 0;
  const newDataset = async (kind = DatasetKind.POLICE_CRIME) => {
    const seed = new Seed(db.orm);
    const agency = await seed.agency(
      `XL${++n}`,
      kind === DatasetKind.AE_ASSAULT ? AgencyKind.HEALTH : AgencyKind.POLICE,
    );
    return seed.dataset(agency, kind, `xl-${n}-${kind.toLowerCase().replace(/_/g, '-')}`);
  };
  const importFile = (
    key: string,
    bytes: Buffer,
    opts: FileSourceOptions = {},
    extra: { period?: string; dryRun?: boolean } = {},
  ) =>
    service.run({
      datasetKey: key,
      actor: OPERATOR,
      door: ImportDoor.CLI,
      source: fileSource(Readable.from([bytes]), opts),
      ...extra,
    });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportRefused);
    return err as ImportRefused;
  };
  const times = async (datasetId: string) =>
    (
      await pool.query(
        `select to_char(occurred_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as at, time_precision as p, category, grid_easting as e, sex, details
           from shared_record where dataset_id = $1 order by occurred_at, id`,
        [datasetId],
      )
    ).rows;
  const accounted = (s: ImportSummary) => s.inserted + s.updated + s.duplicates + s.rejected + s.blank;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await nativePool(db.orm);
    service = ingestService(pool);
    await seedAreas(db.orm);
  });

  afterAll(async () => {
    await db?.drop();
  });

  describe('.xlsx workbooks', () => {
    it("reads the first sheet: Excel dates as UK wall-clock times, numbers, formulas' cached values, booleans, and the sheet's own row numbers", async () => {
      const ds = await newDataset();
      const file = await xlsxBuffer([
        {
          name: 'Crimes',
          formats: { 4: 'dd/mm/yyyy hh:mm' },
          rows: [
            [...CRIME_HEADER, 'domestic_abuse'],
            [
              'X1',
              'VIOLENCE_AGAINST_THE_PERSON',
              'VIOLENCE_WITH_INJURY',
              wall(2025, 6, 6, 23, 37),
              445123.4,
              296389,
              'E01099001',
              'P-1',
              23,
              'F',
              true,
            ],
            // A formula: its cached result is what Excel shows, and what is read.
            [
              'X2',
              { formula: '"BURG"&"LARY"', result: 'BURGLARY' },
              'RESIDENTIAL',
              wall(2025, 1, 6),
              445000,
              296000,
              'E01099002',
              '',
              40,
              'M',
              false,
            ],
            ['X3', 'ROBBERY', '', wall(2025, 2, 1, 10, 0), '', '', 'e01099003', '', '', '', null],
          ],
        },
        { name: 'Notes', rows: [['not', 'read']] },
      ]);
      const s = await importFile(ds.key, file);
      expect(s).toMatchObject({
        status: 'COMMITTED',
        rowsRead: 3,
        inserted: 3,
        rejected: 0,
        blank: 0,
        source: { format: 'xlsx', sheet: 'Crimes', encoding: null },
      });
      expect(await times(ds.id)).toMatchObject([
        {
          at: '2025-01-06 00:00',
          p: 'DAY',
          category: 'BURGLARY',
          e: 445000,
          sex: 'M',
          details: { domesticAbuse: false },
        },
        { at: '2025-02-01 10:00', p: 'MINUTE', category: 'ROBBERY', e: null },
        // 23:37 in June (BST) as Excel shows it: stored as that London time.
        {
          at: '2025-06-06 23:37',
          p: 'MINUTE',
          category: 'VIOLENCE_AGAINST_THE_PERSON',
          e: 445100,
          sex: 'F',
          details: { domesticAbuse: true },
        },
      ]);
    });

    it('reads the sheet named with --sheet, refuses a name the workbook does not have (listing its sheets), and numbers rejected rows as the sheet does', async () => {
      const ds = await newDataset();
      const file = await xlsxBuffer([
        { name: 'Summary', rows: [['totals'], [3]] },
        { name: 'Q2 extract', rows: [CRIME_HEADER, crimeRow('S1'), [], [], crimeRow('S2', { age: 'old' })] },
      ]);
      const s = await importFile(ds.key, file, { sheet: 'Q2 extract' });
      expect(s).toMatchObject({ inserted: 1, rejected: 1, source: { sheet: 'Q2 extract' } });
      // Rows 3 and 4 are empty (not even formatted): the sheet has no such rows, so none is read; the bad row is row 5, as Excel shows it.
      expect(s.rejections).toEqual([
        { row: 5, column: 'age', rule: 'AGE', reason: expect.stringContaining('not an age') },
      ]);
      const err = await refusal(importFile(ds.key, file, { sheet: 'Q3' }));
      expect(err.code).toBe('SHEET_NOT_FOUND');
      expect(err.message).toContain('"Summary", "Q2 extract"');
    });

    it('skips and counts blank rows (formatted but empty, as Excel leaves them at the end): read = inserted + updated + duplicates + rejected + blank', async () => {
      const ds = await newDataset();
      const file = await xlsxBuffer([
        { name: 'Sheet1', rows: [CRIME_HEADER, crimeRow('B1'), crimeRow('B2')], emptyFormattedRows: [4, 5, 6] },
      ]);
      const s = await importFile(ds.key, file);
      expect(s).toMatchObject({ rowsRead: 5, inserted: 2, rejected: 0, blank: 3, status: 'COMMITTED' });
      expect(accounted(s)).toBe(s.rowsRead);
      const stored = await pool.query(`select rows_read, rows_blank, status from import_batch where id = $1`, [
        s.batchId,
      ]);
      expect(stored.rows[0]).toEqual({ rows_read: 5, rows_blank: 3, status: 'COMMITTED' });
    });

    it('refuses merged header cells clearly, naming the range, and stores nothing', async () => {
      const ds = await newDataset();
      const merged = await xlsxBuffer([
        {
          name: 'Sheet1',
          rows: [[...CRIME_HEADER.slice(0, 3), 'occurred_at'], crimeRow('M1').slice(0, 4)],
          merges: ['C1:D1'],
        },
      ]);
      const err = await refusal(importFile(ds.key, merged));
      expect(err.code).toBe('MERGED_CELLS');
      expect(err.message).toMatch(/header row \(row 1\) has merged cells \(C1:D1\)/);
      // Merged cells in the data rows hide values too: the file is refused, whole.
      const rows = await xlsxBuffer([
        { name: 'Sheet1', rows: [CRIME_HEADER, crimeRow('M2'), crimeRow('M3')], merges: ['B2:B3'] },
      ]);
      const err2 = await refusal(importFile(ds.key, rows));
      expect(err2.code).toBe('MERGED_CELLS');
      expect(
        (await pool.query(`select count(*)::int as n from shared_record where dataset_id = $1`, [ds.id])).rows[0].n,
      ).toBe(0);
    });

    it('refuses an old .xls workbook, a declared .xlsx that is not one, and a damaged workbook, each saying what to do', async () => {
      const ds = await newDataset();
      const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
      expect((await refusal(importFile(ds.key, xls))).code).toBe('UNSUPPORTED_FORMAT');
      const notZip = await refusal(
        importFile(ds.key, Buffer.from(csv([CRIME_HEADER, crimeRow('Z1')])), { format: 'xlsx' }),
      );
      expect(notZip.code).toBe('MALFORMED_XLSX');
      const good = await xlsxBuffer([{ name: 'Sheet1', rows: [CRIME_HEADER, crimeRow('Z2')] }]);
      const damaged = await refusal(importFile(ds.key, good.subarray(0, Math.floor(good.length / 2))));
      expect(damaged.code).toBe('MALFORMED_XLSX');
      expect(damaged.message).toMatch(/save it again/);
    });
  });

  describe('text encodings', () => {
    const aeHeader = ['source_ref', 'occurred_at', 'weapon', 'location_type', 'location_description', 'lsoa_code'];

    it('detects Windows-1252 (a CSV saved by Excel on Windows) and reads £ and é as they are', async () => {
      const ds = await newDataset(DatasetKind.AE_ASSAULT);
      const text = csv([
        aeHeader,
        ['W1', '2025-07-12 23:48', 'GLASS_OR_BOTTLE', '', 'outside the café, £5 taxi', 'E01099003'],
        ['W2', '2025-07-13 01:00', 'BODY_PART', 'HOME', '', ''],
      ]);
      const s = await importFile(ds.key, Buffer.from(text, 'latin1'));
      expect(s).toMatchObject({
        inserted: 2,
        rejected: 0,
        source: { format: 'csv', encoding: 'WINDOWS-1252' },
        freeTextCoded: 1,
      });
      // Declared, it is read the same; a declared encoding the hub does not read is refused.
      const ds2 = await newDataset(DatasetKind.AE_ASSAULT);
      expect(await importFile(ds2.key, Buffer.from(text, 'latin1'), { encoding: 'WINDOWS-1252' })).toMatchObject({
        inserted: 2,
        source: { encoding: 'WINDOWS-1252' },
      });
    });

    it('reads UTF-16 with a byte order mark, little- or big-endian, and UTF-8 with or without one', async () => {
      const text = csv([CRIME_HEADER, crimeRow('E1', { subject_ref: 'réf-1' }), crimeRow('E2')]);
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const be = Buffer.from(le);
      be.swap16();
      be[0] = 0xfe;
      be[1] = 0xff;
      for (const [bytes, encoding] of [
        [le, 'UTF-16LE'],
        [be, 'UTF-16BE'],
        [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'UTF-8'],
        [Buffer.from(text), 'UTF-8'],
      ] as const) {
        const ds = await newDataset();
        expect(await importFile(ds.key, bytes)).toMatchObject({ inserted: 2, rejected: 0, source: { encoding } });
      }
    });

    it('refuses text in no encoding the hub reads (UTF-16 without a byte order mark, UTF-32), and a declared encoding it does not read', async () => {
      const ds = await newDataset();
      const noBom = Buffer.from(csv([CRIME_HEADER, crimeRow('N1')]), 'utf16le');
      const err = await refusal(importFile(ds.key, noBom));
      expect(err.code).toBe('UNSUPPORTED_ENCODING');
      expect(err.message).toMatch(/UTF-8 .*UTF-16 with a byte order mark, or Windows-1252/);
      const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.alloc(40)]);
      expect((await refusal(importFile(ds.key, utf32))).code).toBe('UNSUPPORTED_ENCODING');
      const { parseEncoding } = await import('../../../src/ingest/encoding.js');
      expect(() => parseEncoding('shift_jis')).toThrow(/cannot read the "shift_jis" encoding/);
      expect(parseEncoding('cp1252')).toBe('WINDOWS-1252');
      expect(parseEncoding('UTF8')).toBe('UTF-8');
    });

    it("skips and counts a CSV's blank rows, Excel's trailing ,,,,, included", async () => {
      const ds = await newDataset();
      const s = await importText(
        service,
        ds.key,
        csv([CRIME_HEADER, crimeRow('T1'), crimeRow('T2')]) + ',,,,,,,,,\r\n,,,,,,,,,\r\n\r\n, , ,,,,,,,\r\n',
      );
      expect(s).toMatchObject({ rowsRead: 6, inserted: 2, rejected: 0, blank: 4 });
      expect(accounted(s)).toBe(s.rowsRead);
    });
  });

  describe('feedback a data officer can act on', () => {
    it("says what a coded column allows, repeating a sent value only when it is one of the hub's own codes", async () => {
      const ds = await newDataset(DatasetKind.AE_ASSAULT);
      const s = await importText(
        service,
        ds.key,
        csv([
          ['source_ref', 'occurred_at', 'weapon'],
          ['A1', '2025-07-12 23:48', 'Knife or blade'],
          ['A2', '2025-07-12 23:48', 'BURGLARY'],
          ['A3', '2025-07-12 23:48', 'bottle smashed by Fred'],
          ['A4', '2025-07-12 23:48', 'Fred Bloggs'],
        ]),
      );
      expect(s.rejections).toEqual([
        {
          row: 2,
          column: 'weapon',
          rule: 'NOT_ALLOWED',
          reason:
            'not written as a code: write KNIFE_OR_BLADE; allowed: BODY_PART, BLUNT_OBJECT, KNIFE_OR_BLADE, GLASS_OR_BOTTLE, FIREARM, OTHER, UNKNOWN',
        },
        {
          row: 3,
          column: 'weapon',
          rule: 'NOT_ALLOWED',
          reason:
            "BURGLARY is not one of this column's values; allowed: BODY_PART, BLUNT_OBJECT, KNIFE_OR_BLADE, GLASS_OR_BOTTLE, FIREARM, OTHER, UNKNOWN",
        },
        {
          row: 4,
          column: 'weapon',
          rule: 'NOT_ALLOWED',
          reason:
            'not one of the allowed values; allowed: BODY_PART, BLUNT_OBJECT, KNIFE_OR_BLADE, GLASS_OR_BOTTLE, FIREARM, OTHER, UNKNOWN',
        },
        {
          row: 5,
          column: 'weapon',
          rule: 'IDENTIFIER_NAME',
          reason: expect.stringContaining("looks like a person's name"),
        },
      ]);
      expect(JSON.stringify(s.rejections)).not.toMatch(/Fred|Knife or|bottle/);
    });

    it('lists each row whose free text was dropped with what it seemed to hold, never the text', async () => {
      const ds = await newDataset(DatasetKind.AE_ASSAULT);
      const s = await importText(
        service,
        ds.key,
        csv([
          ['source_ref', 'occurred_at', 'location_type', 'location_description'],
          ['F1', '2025-07-12 23:48', '', 'outside the pub, ring 07700 900123'],
          ['F2', '2025-07-12 23:48', '', 'somewhere'],
          ['F3', '2025-07-12 23:48', 'HOME', 'Flat 2, RV1 2AB, email jo@example.org'],
          ['F4', '2025-07-12 23:48', 'STREET', 'near the shops'],
        ]),
      );
      expect(s).toMatchObject({
        inserted: 4,
        freeTextCoded: 1,
        freeTextDropped: 3,
        freeTextKinds: { PHONE: 1, POSTCODE: 1, EMAIL: 1, NOT_CODED: 1 },
      });
      expect(s.notes).toEqual([
        {
          row: 2,
          column: 'location_description',
          kind: 'IDENTIFIER_PHONE',
          reason: expect.stringMatching(
            /^looks like it holds a phone number: dropped, never stored .*after the location type was recognised; remove identifiers/,
          ),
        },
        {
          row: 3,
          column: 'location_description',
          kind: 'NOT_CODED',
          reason: expect.stringContaining('no location type recognised'),
        },
        {
          row: 4,
          column: 'location_description',
          kind: 'IDENTIFIER_EMAIL',
          reason: expect.stringContaining('an email address and a full postcode'),
        },
      ]);
      expect(JSON.stringify(s.notes)).not.toMatch(/07700|RV1 2AB|jo@|somewhere|pub/);
      const stored = await pool.query(
        `select row_number, column_name, kind, reason from import_note where batch_id = $1 order by seq`,
        [s.batchId],
      );
      expect(stored.rows.map((r) => [r.row_number, r.kind])).toEqual([
        [2, 'IDENTIFIER_PHONE'],
        [3, 'NOT_CODED'],
        [4, 'IDENTIFIER_EMAIL'],
      ]);
    });

    it('ends a batch whose every row was rejected as REJECTED, keeps its reasons, and a re-sent identical file says what the earlier batch did', async () => {
      const ds = await newDataset();
      // The README's own example: rows dated October 2026 sent as 2026-Q1.
      const file = csv([
        ['source_ref', 'category', 'occurred_at', 'lsoa_code'],
        ['CR-1', 'BURGLARY', '2025-10-01 21:40', 'E01099001'],
        ['CR-2', 'ROBBERY', '2025-10-02 01:15', 'E01099002'],
      ]);
      const first = await importText(service, ds.key, file, { period: '2025-Q1' });
      expect(first).toMatchObject({
        status: 'REJECTED',
        allRejected: true,
        inserted: 0,
        rejected: 2,
        outsidePeriod: { rows: 2, months: [{ month: '2025-10', rows: 2 }] },
      });
      const { outsidePeriodAdvice, repeatSentence, batchRejectionsReport } =
        await import('../../../src/ingest/batch-report.js');
      expect(outsidePeriodAdvice(first)).toBe(
        '2 rows are dated outside the declared period 2025-Q1 (January to March 2025): 2025-10 (2). Was the period meant to be 2025-Q4 (--period 2025-Q4)?',
      );
      const row = (
        await pool.query(`select status::text, rows_rejected, rejections_stored from import_batch where id = $1`, [
          first.batchId,
        ])
      ).rows[0];
      expect(row).toEqual({ status: 'REJECTED', rows_rejected: 2, rejections_stored: 2 });

      const second = await importText(service, ds.key, file, { period: '2025-Q4' });
      expect(second).toMatchObject({
        status: 'COMMITTED',
        inserted: 2,
        sameFileAs: first.batchId,
        repeats: { batchId: first.batchId, status: 'REJECTED', inserted: 0, rejected: 2 },
      });
      const sentence = repeatSentence(second)!;
      expect(sentence).toMatch(
        /which was REJECTED \(all 2 rows refused, nothing stored\)\. This time 2 inserted and 0 updated\.$/,
      );
      expect(sentence).not.toMatch(/nothing new was added/);
      const third = await importText(service, ds.key, file, { period: '2025-Q4' });
      expect(repeatSentence(third)).toMatch(
        /which inserted 2, updated 0, found 0 already stored and rejected 0\. This time nothing new was added\.$/,
      );

      const batch = (await service['pool'].query(`select id from import_batch where id = $1`, [first.batchId])).rows[0];
      expect(batch).toBeTruthy();
      const { BatchesService } = await import('../../../src/ingest/batches.service.js');
      const batches = new BatchesService(pool);
      const record = (await batches.get({ kind: 'all' }, first.batchId))!;
      const report = batchRejectionsReport(
        record,
        await batches.rejections(first.batchId, 100),
        await batches.notes(first.batchId, 100),
      );
      expect(report[0]).toBe(
        `Batch ${first.batchId} (${ds.key}), REJECTED: 2 rows read: 0 inserted, 0 updated, 0 already stored, 2 rejected.`,
      );
      expect(report).toContain('Every row was rejected: nothing was stored.');
      expect(report).toContain('Rejected: 2 rows; the reasons for all 2 are kept. Values are never kept or shown:');
      expect(report.join('\n')).not.toMatch(/kept\)?,? 2 kept|2 kept/);
    });

    it('a dry run whose every row would be rejected says so, and stores nothing', async () => {
      const ds = await newDataset();
      const s = await importText(service, ds.key, csv([CRIME_HEADER, crimeRow('D1', { category: 'NOPE' })]), {
        dryRun: true,
      });
      expect(s).toMatchObject({ status: 'DRY_RUN', allRejected: true, rejected: 1 });
      expect(
        (
          await pool.query(
            `select count(*)::int as n from import_batch b join dataset d on d.id = b.dataset_id where d.key = $1`,
            [ds.key],
          )
        ).rows[0].n,
      ).toBe(0);
    });
  });

  describe('no identifier value reaches the database, the logs, the report or the audit trail', () => {
    it('plants identifiers in .xlsx cells, Windows-1252 text and free text, and finds none of them anywhere', async () => {
      const { startTestHub } = await import('../../support/hub.js');
      const { ImportService } = await import('../../../src/ingest/import.service.js');
      const { createLogger } = await import('../../../src/logger.js');
      const { publicSummary } = await import('../../../src/ingest/import-summary.js');
      const t = await startTestHub();
      try {
        await seedAreas(t.runtime.orm);
        const seed = new Seed(t.runtime.orm);
        const health = await seed.agency('LEAK', AgencyKind.HEALTH);
        const ds = await seed.dataset(health, DatasetKind.AE_ASSAULT, 'leak-ae');
        let logs = '';
        const sink = new Writable({
          write(chunk, _enc, done) {
            logs += String(chunk);
            done();
          },
        });
        const audited = new ImportService(
          t.runtime.pool,
          'leak-test-pseudonym-key-0123456789abcdef',
          createLogger('trace', sink),
          () => t.runtime.services.audit,
        );
        const planted = [
          'Jemima Puddleduck',
          '07700 900123',
          'jemima@example.org',
          'RV1 2AB',
          '943 476 5919',
          'Café Jemima',
        ];
        const header = [
          'source_ref',
          'occurred_at',
          'weapon',
          'location_type',
          'location_description',
          'lsoa_code',
          'site_code',
        ];
        const workbook = await xlsxBuffer([
          {
            name: 'ISTV',
            formats: { 2: 'yyyy-mm-dd hh:mm' },
            rows: [
              header,
              [
                'L1',
                wall(2025, 7, 12, 23, 48),
                'Jemima Puddleduck',
                '',
                'outside the pub, ring 07700 900123',
                'E01099003',
                'RXK01',
              ],
              [
                'L2',
                wall(2025, 7, 12, 23, 50),
                'BODY_PART',
                'HOME',
                'at RV1 2AB, NHS 943 476 5919',
                '',
                'jemima@example.org',
              ],
              [
                'L3',
                wall(2025, 7, 12, 23, 55),
                'OTHER',
                '',
                { richText: [{ text: 'email ' }, { text: 'jemima@example.org' }] },
                '',
                '',
              ],
            ],
          },
        ]);
        const cp1252 = Buffer.from(
          csv([
            header,
            ['L4', '2025-07-13 01:00', 'Café Jemima', '', 'near Café Jemima, 07700 900123', '', ''],
            ['L5', '2025-07-13 01:10', 'UNKNOWN', '', 'Jemima Puddleduck', '', ''],
          ]),
          'latin1',
        );
        const summaries: unknown[] = [];
        for (const [bytes, opts] of [
          [workbook, {}],
          [cp1252, {}],
        ] as const) {
          const s = await audited.run({
            datasetKey: ds.key,
            actor: OPERATOR,
            door: ImportDoor.HTTP,
            source: fileSource(Readable.from([bytes]), opts),
          });
          expect(s.rejected + s.inserted).toBe(s.rowsRead);
          expect(s.notes.length + s.rejections.length).toBeGreaterThan(0);
          summaries.push(publicSummary(s));
        }
        const dump = async (sql: string) => JSON.stringify((await t.runtime.pool.query(sql)).rows);
        const places = {
          records: await dump(`select r::text from shared_record r`),
          batches: await dump(`select b::text from import_batch b`),
          rejections: await dump(`select r::text from import_rejection r`),
          notes: await dump(`select n::text from import_note n`),
          audit: await dump(`select e::text from audit_event e`),
          logs,
          summaries: JSON.stringify(summaries),
        };
        expect(places.notes).toContain('IDENTIFIER_PHONE');
        expect(places.rejections).toContain('IDENTIFIER_NAME');
        expect(logs).toContain('import finished');
        for (const [where, text] of Object.entries(places)) {
          for (const value of [...planted, 'Jemima', 'Puddleduck', '900123', 'example.org', '2AB', '5919']) {
            expect(text.includes(value), `${value} found in ${where}`).toBe(false);
          }
        }
      } finally {
        await t.close();
      }
    });
  });
});
