import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { runHub } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { CRIME_HEADER, crimeRow, csv, seedAreas } from '../support/ingest.js';
import { Seed } from '../support/seed.js';

/** `npx hub import | datasets | submissions | batches`, run in-process against a real database. */
describe('the ingest commands', () => {
  let db: TestDatabase;
  let dir: string;
  const saved = { ...process.env };

  const hub = runHub;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedAreas(db.orm);
    const seed = new Seed(db.orm);
    const police = await seed.agency('CLI', AgencyKind.POLICE);
    const other = await seed.agency('OTH', AgencyKind.COUNCIL);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'cli-crime');
    await seed.user(police, [Role.PROVIDER], 'provider@cli');
    await seed.user(other, [Role.PROVIDER], 'provider@oth');
    dir = await mkdtemp(path.join(tmpdir(), 'hub-cli-import-'));
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
    });
  });

  afterAll(async () => {
    process.env = saved;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a file and prints the accounting as JSON', async () => {
    const file = path.join(dir, 'crime.csv');
    await writeFile(file, csv([CRIME_HEADER, crimeRow('C1'), crimeRow('C2'), crimeRow('C3', { age: 'old' })]));
    const r = await hub('import', '--dataset', 'cli-crime', file, '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({
      dataset: 'cli-crime',
      status: 'COMMITTED',
      rowsRead: 3,
      inserted: 2,
      rejected: 1,
      rejections: [{ row: 4, column: 'age' }],
    });
    const batch = await (
      await nativePool(db.orm)
    ).query(`select door, submitted_by from import_batch where id = $1`, [summary.batchId]);
    expect(batch.rows[0].door).toBe('CLI');
    expect(batch.rows[0].submitted_by).toMatch(/^cli:/);
  });

  it('validates only with --dry-run, and prints a readable summary without --json', async () => {
    const file = path.join(dir, 'dry.csv');
    await writeFile(file, csv([CRIME_HEADER, crimeRow('C1'), crimeRow('C9')]));
    const r = await hub('import', '--dataset', 'cli-crime', file, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Dry run (nothing stored): 2 rows read');
    expect(r.out).toMatch(/inserted\s+1/);
    expect(r.out).toMatch(/duplicates\s+1/);
  });

  it('exits 1 with the reason when the file is refused, and checks --as like any other import', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      csv([
        [...CRIME_HEADER, 'email'],
        [...crimeRow('C4'), 'x@example.org'],
      ]),
    );
    const refused = await hub('import', '--dataset', 'cli-crime', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Refused (IDENTIFIER_COLUMNS)');
    expect(refused.err).not.toContain('x@example.org');
    const good = path.join(dir, 'good.csv');
    await writeFile(good, csv([CRIME_HEADER, crimeRow('C5')]));
    const other = await hub('import', '--dataset', 'cli-crime', good, '--as', 'provider@oth');
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/FORBIDDEN.*own agency/);
    expect((await hub('import', '--dataset', 'cli-crime', good, '--as', 'provider@cli', '--json')).out).toContain(
      '"inserted":1',
    );
    expect((await hub('import', '--dataset', 'cli-crime', path.join(dir, 'missing.csv'))).code).toBe(2);
  });

  it('prints every template with --json', async () => {
    const r = await hub('datasets', '--json');
    expect(r.code).toBe(0);
    const { templates, datasets } = JSON.parse(r.out);
    expect(templates.map((t: { kind: string }) => t.kind).sort()).toEqual(Object.values(DatasetKind).sort());
    expect(templates[0].columns[0]).toMatchObject({ name: 'source_ref', treatment: 'HASHED', required: true });
    expect(datasets).toEqual([
      { key: 'cli-crime', name: 'Test cli-crime', kind: 'POLICE_CRIME', cadence: 'QUARTERLY', agency: 'CLI' },
    ]);
  });

  it('reports submissions and batches', async () => {
    const subs = await hub('submissions', '--agency', 'CLI', '--json');
    expect(subs.code).toBe(0);
    const [crime] = JSON.parse(subs.out);
    expect(crime.periods.find((p: { period: string }) => p.period === '2025-Q2')).toMatchObject({
      status: 'RECEIVED',
      batches: 2,
    });
    const table = await hub('submissions');
    expect(table.out).toMatch(/CLI\s+cli-crime\s+2025-Q2\s+RECEIVED/);
    const batches = await hub('batches', '--json');
    expect(JSON.parse(batches.out).map((b: { status: string }) => b.status)).toEqual(
      expect.arrayContaining(['COMMITTED', 'FAILED']),
    );
  });
});
