import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { runHubIn } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestHub, TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET, type TestHub } from '../support/hub.js';
import { apiKeyFor, CRIME_HEADER, crimeRow, csv, seedAreas } from '../support/ingest.js';
import { Seed } from '../support/seed.js';
import { wall, xlsxBuffer } from '../support/xlsx.js';

/** GraphQL answers are untyped JSON here, checked field by field. */
type Json = any;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const root = path.resolve(import.meta.dirname, '../..');

/** Feedback a data officer can act on, at every door: the HTTP upload, GraphQL and the command line. */
describe('import feedback at the doors', () => {
  let t: TestHub;
  let dir: string;
  let importKey: string;
  const u: Record<string, { token: string }> = {};
  let env: Record<string, string>;
  let upload: (
    dataset: string,
    body: string | Buffer,
    headers: Record<string, string>,
    query?: string,
  ) => Promise<{ status: number; body: Json }>;
  const hub = (...args: string[]) => runHubIn(env, ...args);

  beforeAll(async () => {
    t = await startTestHub();
    await seedAreas(t.runtime.orm);
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('FBK', AgencyKind.POLICE);
    const health = await seed.agency('FBH', AgencyKind.HEALTH);
    const csp = await seed.agency('FBC', AgencyKind.OTHER);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'fbk-crime');
    await seed.dataset(health, DatasetKind.AE_ASSAULT, 'fbh-ae');
    u.provider = await seed.user(police, [Role.PROVIDER]);
    u.dlo = await seed.user(police, [Role.LIAISON_OFFICER]);
    u.analyst = await seed.user(police, [Role.ANALYST]);
    u.healthProvider = await seed.user(health, [Role.PROVIDER]);
    u.admin = await seed.user(csp, [Role.ADMIN]);
    u.auditor = await seed.user(csp, [Role.AUDITOR]);
    importKey = await apiKeyFor(t.runtime.orm, police.id, ['IMPORT']);
    const base = t.hub.url.replace('/graphql', '');
    upload = async (dataset, body, headers, query = '') => {
      const res = await fetch(`${base}/import/${dataset}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', ...headers },
        body: new Uint8Array(Buffer.from(body)),
      });
      return { status: res.status, body: await res.json() };
    };
    dir = await mkdtemp(path.join(tmpdir(), 'hub-import-feedback-'));
    env = {
      DATABASE_URL: t.db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('the HTTP door', () => {
    it('takes an .xlsx workbook by its content type, the named sheet with ?sheet=, and answers with the per-row feedback', async () => {
      const workbook = await xlsxBuffer([
        { name: 'Cover', rows: [['read me']] },
        {
          name: 'Data',
          formats: { 4: 'dd/mm/yyyy hh:mm' },
          rows: [
            CRIME_HEADER,
            [...crimeRow('HX1').slice(0, 3), wall(2025, 6, 6, 23, 37), ...crimeRow('HX1').slice(4)],
            crimeRow('HX2', { sex: 'Mrs Smith' }),
          ],
        },
      ]);
      const r = await upload('fbk-crime', workbook, { 'x-api-key': importKey, 'content-type': XLSX }, '?sheet=Data');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        status: 'COMMITTED',
        rowsRead: 2,
        inserted: 1,
        rejected: 1,
        blank: 0,
        source: { format: 'xlsx', sheet: 'Data' },
      });
      expect(r.body.rejections).toEqual([
        {
          row: 3,
          column: 'sex',
          rule: 'IDENTIFIER_NAME',
          reason: expect.stringContaining("looks like a person's name"),
        },
      ]);
      expect(JSON.stringify(r.body)).not.toContain('Smith');
      // Sent as a generic binary file, the bytes still say it is a workbook; a missing sheet is named as such.
      const missing = await upload(
        'fbk-crime',
        workbook,
        { 'x-api-key': importKey, 'content-type': 'application/octet-stream' },
        '?sheet=Nope',
      );
      expect(missing).toMatchObject({ status: 422, body: { reason: 'SHEET_NOT_FOUND' } });
    });

    it('reads Windows-1252 declared by charset or ?encoding=, refuses an encoding it does not read with 415, and answers 422 when every row was rejected', async () => {
      const ae = csv([
        ['source_ref', 'occurred_at', 'location_description'],
        ['HW1', '2025-07-12 23:48', 'outside the café, call 07700 900123'],
      ]);
      const key = await apiKeyFor(
        t.runtime.orm,
        (await t.runtime.pool.query(`select id from agency where code = 'FBH'`)).rows[0].id,
        ['IMPORT'],
      );
      const charset = await upload('fbh-ae', Buffer.from(ae, 'latin1'), {
        'x-api-key': key,
        'content-type': 'text/csv; charset=windows-1252',
      });
      expect(charset.status).toBe(200);
      expect(charset.body).toMatchObject({
        inserted: 1,
        source: { encoding: 'WINDOWS-1252' },
        notes: [{ row: 2, column: 'location_description', kind: 'IDENTIFIER_PHONE' }],
      });
      expect(JSON.stringify(charset.body)).not.toMatch(/07700|café/);
      const param = await upload(
        'fbh-ae',
        Buffer.from(ae.replace('HW1', 'HW2'), 'latin1'),
        { 'x-api-key': key },
        '?encoding=cp1252',
      );
      expect(param.body).toMatchObject({ inserted: 1, source: { encoding: 'WINDOWS-1252' } });
      const bad = await upload('fbh-ae', ae, { 'x-api-key': key }, '?encoding=ebcdic');
      expect(bad.status).toBe(415);
      const rejected = await upload(
        'fbk-crime',
        csv([
          CRIME_HEADER,
          crimeRow('HR1', { occurred_at: '2025-10-01 10:00' }),
          new Array<string>(CRIME_HEADER.length).fill(''),
        ]),
        { 'x-api-key': importKey },
        '?period=2025-Q1',
      );
      expect(rejected.status).toBe(422);
      expect(rejected.body).toMatchObject({
        status: 'REJECTED',
        reason: 'ALL_ROWS_REJECTED',
        rowsRead: 2,
        rejected: 1,
        blank: 1,
        outsidePeriod: { rows: 1, months: [{ month: '2025-10', rows: 1 }] },
      });
      expect(rejected.body.rejections[0]).toMatchObject({
        row: 2,
        rule: 'OUTSIDE_PERIOD',
        reason: expect.stringContaining('2025-Q1 (2025-01-01 to 2025-03-31)'),
      });
    });
  });

  describe('GraphQL', () => {
    it('ends an importRows batch whose every row was rejected as REJECTED, and a batch reads its rules, notes, blank rows and what an identical earlier file did', async () => {
      const rows = [crimeRow('GQ1', { category: 'Burglary dwelling' }), ['', '', '', '', '', '', '', '', '', '']].map(
        (r) => r.map(String),
      );
      const first = await t.gql(
        `mutation ($rows: [[String!]!]!) { importRows(dataset: "fbk-crime", columns: ${JSON.stringify(CRIME_HEADER)}, rows: $rows) { id status rowsRead rejected blank rejections { row column rule reason } } }`,
        { rows },
        { token: u.provider.token },
      );
      expect(first.errors).toBeUndefined();
      const batch = (first.data as Json).importRows;
      expect(batch).toMatchObject({
        status: 'REJECTED',
        rowsRead: 2,
        rejected: 1,
        blank: 1,
        rejections: [{ row: 2, column: 'category', rule: 'NOT_ALLOWED' }],
      });
      expect(batch.rejections[0].reason).toMatch(/^not one of the allowed values; allowed: /);
      expect(batch.rejections[0].reason).not.toMatch(/Burglary dwelling/);
      const again = await t.gql(
        `mutation ($rows: [[String!]!]!) { importRows(dataset: "fbk-crime", columns: ${JSON.stringify(CRIME_HEADER)}, rows: $rows) { id sameAs } }`,
        { rows },
        { token: u.provider.token },
      );
      const second = (again.data as Json).importRows;
      expect(second.sameAs).toBe(batch.id);
      const read = await t.gql(
        `query ($id: ID!) { importBatch(id: $id) { status blank rowsOutsidePeriod rejectedByRule { key rows } notesStored sourceFormat rejections { rule } notes { row } repeats { id status rejected } } }`,
        { id: second.id },
        { token: u.dlo.token },
      );
      expect(read.errors).toBeUndefined();
      expect((read.data as Json).importBatch).toMatchObject({
        status: 'REJECTED',
        blank: 1,
        rejectedByRule: [{ key: 'NOT_ALLOWED', rows: 1 }],
        sourceFormat: 'ROWS',
        repeats: { id: batch.id, status: 'REJECTED', rejected: 1 },
      });
    });

    it("serves the quality scorecard to the dataset's own providers and liaison officers, administrators and auditors, and to no one else", async () => {
      const q = `query ($dataset: String!) { dataQuality(dataset: $dataset) { dataset agency months { month batches rows rejected rejectedShare blank late rejectedByRule { key rows share } freeTextByKind { key rows } completeness { column filled share } } } }`;
      const own = await t.gql(q, { dataset: 'fbk-crime' }, { token: u.provider.token });
      expect(own.errors).toBeUndefined();
      const card = (own.data as Json).dataQuality;
      expect(card).toMatchObject({ dataset: 'fbk-crime', agency: 'FBK' });
      const month = card.months.at(-1);
      expect(month.batches).toBeGreaterThanOrEqual(3);
      expect(month.rejectedByRule.map((r: Json) => r.key)).toEqual(
        expect.arrayContaining(['NOT_ALLOWED', 'OUTSIDE_PERIOD', 'IDENTIFIER_NAME']),
      );
      expect(month.completeness.map((c: Json) => c.column)).toEqual(
        expect.arrayContaining(['subcategory', 'easting', 'age', 'sex']),
      );
      expect((await t.gql(q, { dataset: 'fbk-crime' }, { token: u.dlo.token })).errors).toBeUndefined();
      expect(((await t.gql(q, { dataset: 'fbh-ae' }, { token: u.admin.token })).data as Json).dataQuality.dataset).toBe(
        'fbh-ae',
      );
      expect((await t.gql(q, { dataset: 'fbk-crime' }, { token: u.auditor.token })).errors).toBeUndefined();
      // Another agency's provider: "not found", as for a batch; an analyst and an API key: forbidden.
      expect(
        (await t.gql(q, { dataset: 'fbk-crime' }, { token: u.healthProvider.token })).errors?.[0]?.extensions?.code,
      ).toBe('NOT_FOUND');
      expect((await t.gql(q, { dataset: 'fbh-ae' }, { token: u.healthProvider.token })).errors).toBeUndefined();
      expect((await t.gql(q, { dataset: 'fbk-crime' }, { token: u.analyst.token })).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await t.gql(q, { dataset: 'fbk-crime' }, { apiKey: importKey })).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('the command line', () => {
    it("imports a workbook's named sheet, prints the per-row feedback readably, and exits 1 when every row was rejected", async () => {
      const file = path.join(dir, 'extract.xlsx');
      await writeFile(
        file,
        await xlsxBuffer([
          {
            name: 'Q3',
            rows: [CRIME_HEADER, crimeRow('CX1'), crimeRow('CX2', { lsoa_code: 'E99' })],
            emptyFormattedRows: [4],
          },
        ]),
      );
      const ok = await hub('import', '--dataset', 'fbk-crime', file, '--sheet', 'Q3');
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('3 rows read (.xlsx, sheet "Q3")');
      expect(ok.out).toMatch(/blank\s+1\s+\(empty rows, skipped\)/);
      expect(ok.out).toContain('row 3, lsoa_code: not a 2021 LSOA code');

      const readme = path.join(dir, 'crimes.csv');
      await writeFile(
        readme,
        'source_ref,category,occurred_at,lsoa_code\nCR-1,BURGLARY,2025-10-01 21:40,E01099001\nCR-2,ROBBERY,2025-10-02 01:15,E01099002\n',
      );
      const wrong = await hub('import', '--dataset', 'fbk-crime', readme, '--period', '2025-Q1');
      expect(wrong.code).toBe(1);
      expect(wrong.out).toContain('REJECTED: every row was rejected, so nothing was stored.');
      expect(wrong.out).toContain(
        '2 rows are dated outside the declared period 2025-Q1 (January to March 2025): 2025-10 (2). Was the period meant to be 2025-Q4 (--period 2025-Q4)?',
      );
      expect(wrong.err).toContain('Every row was rejected');
      const json = await hub('import', '--dataset', 'fbk-crime', readme, '--period', '2025-Q1', '--json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.out)).toMatchObject({
        status: 'REJECTED',
        allRejected: true,
        repeats: { status: 'REJECTED' },
      });
      const right = await hub('import', '--dataset', 'fbk-crime', readme, '--period', '2025-Q4');
      expect(right.code).toBe(0);
      expect(right.out).toMatch(
        /identical to batch .* which was REJECTED \(all 2 rows refused, nothing stored\)\. This time 2 inserted and 0 updated\./,
      );

      const batchId = JSON.parse(json.out).batchId as string;
      const rejections = await hub('batches', '--rejections', batchId);
      expect(rejections.out).toContain('REJECTED: 2 rows read: 0 inserted, 0 updated, 0 already stored, 2 rejected.');
      expect(rejections.out).toContain('Rejected: 2 rows; the reasons for all 2 are kept.');
    });

    it('reads a Windows-1252 file declared with --encoding, lists free text dropped by row, and refuses an encoding it does not read', async () => {
      const file = path.join(dir, 'ae.csv');
      await writeFile(
        file,
        Buffer.from(
          csv([
            ['source_ref', 'occurred_at', 'location_description'],
            ['CW1', '2025-07-12 23:48', 'Café, jo@example.org'],
          ]),
          'latin1',
        ),
      );
      const r = await hub('import', '--dataset', 'fbh-ae', file, '--encoding', 'windows-1252');
      expect(r.code).toBe(0);
      expect(r.out).toContain('(CSV, Windows-1252)');
      expect(r.out).toContain('row 2, location_description: looks like it holds an email address');
      expect(r.out).not.toMatch(/jo@|Café/);
      const bad = await hub('import', '--dataset', 'fbh-ae', file, '--encoding', 'klingon');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('BAD_ENCODING');
    });

    it('prints the quality scorecard, as text and as JSON', async () => {
      const text = await hub('quality', '--dataset', 'fbk-crime');
      expect(text.code).toBe(0);
      expect(text.out).toMatch(/fbk-crime \(FBK, POLICE_CRIME, quarterly\)/);
      expect(text.out).toMatch(/refused by rule: .*OUTSIDE_PERIOD/);
      expect(text.out).toMatch(/optional columns filled \(of \d+ rows accepted\): subcategory/);
      const json = JSON.parse((await hub('quality', '--json')).out);
      expect(json.map((d: Json) => d.dataset)).toEqual(expect.arrayContaining(['fbk-crime', 'fbh-ae']));
      expect((await hub('quality', '--dataset', 'nope')).code).toBe(1);
    });

    it('never suggests a command that replaces data when a username is mistyped', async () => {
      const r = await hub('token', 'nobody@nowhere');
      expect(r.code).not.toBe(0);
      expect(r.err).not.toMatch(/hub demo/);
      expect(r.err).toContain('accounts list');
    });
  });
});

/** The README's import example, run as written on a fresh demo. */
describe("the README's import example", () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'hub-readme-import-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports both rows of the example file into a fresh demo, and exits 0', async () => {
    const env = {
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    };
    expect((await runHubIn(env, 'demo', '--records', '2000', '--json')).code).toBe(0);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Importing data'), readme.indexOf('## The `hub` command'));
    const printf = section.split('\n').find((l) => l.startsWith('printf '))!;
    const importLine = section.split('\n').find((l) => l.startsWith('npx hub import '))!;
    expect(printf).toBeTruthy();
    execFileSync('sh', ['-c', printf], { cwd: dir });
    // The command as written, less `npx hub` and any trailing comment.
    const args = importLine
      .replace(/\s+#.*$/, '')
      .split(/\s+/)
      .slice(2);
    const r = await runHubIn(env, ...args.map((a) => (a === 'crimes.csv' ? path.join(dir, a) : a)));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/inserted\s+2/);
    expect(r.out).toMatch(/rejected\s+0/);
  });
});
