import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { AgencyKind, DatasetKind } from '../../src/domain/vocabulary.js';
import { runHubIn } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_PSEUDONYM_KEY, TEST_TOKEN_SECRET } from '../support/hub.js';
import { CRIME_HEADER, crimeRow, csv, seedAreas } from '../support/ingest.js';
import { Seed } from '../support/seed.js';

const root = path.resolve(import.meta.dirname, '../..');
// Its own build folder, so that it never races other tests building dist/.
const outDir = path.join(root, '.hub-test', 'dist-import-kill');

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a `hub import` process killed mid-import', () => {
  let db: TestDatabase;
  let dir: string;
  let file: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        path.join(root, 'tsconfig.build.json'),
        '--outDir',
        outDir,
        '--tsBuildInfoFile',
        path.join(outDir, '.tsbuildinfo'),
      ],
      { cwd: root, stdio: 'ignore' },
    );
    // tsc still emits when files elsewhere in the tree have type errors; only a missing CLI stops the test.
    if (!existsSync(path.join(outDir, 'cli', 'main.js'))) throw new Error('the CLI did not build');
    db = await createTestDatabase();
    await seedAreas(db.orm);
    const seed = new Seed(db.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    dir = await mkdtemp(path.join(tmpdir(), 'hub-import-kill-'));
    file = path.join(dir, 'crime.csv');
    await writeFile(file, csv([CRIME_HEADER, ...Array.from({ length: 2_000 }, (_, i) => crimeRow(`K/${i}`))]));
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      HUB_TOKEN_SECRET: TEST_TOKEN_SECRET,
      HUB_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      // A re-sent file waits this long for the dataset's lock before it is refused as busy.
      HUB_IMPORT_LOCK_WAIT_SECONDS: '3',
    };
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ends its database session at once, so that the file sent again is accepted; the dead batch is recorded FAILED', async () => {
    const pool = await nativePool(db.orm);
    // The import will wait on this table in its apply step: killed there, its statement is still running.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table shared_record in share mode');
    const cli = pathToFileURL(path.join(outDir, 'cli', 'main.js')).href;
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { run } = await import(${JSON.stringify(cli)}); process.exitCode = await run(process.argv.slice(1));`,
        'import',
        '--dataset',
        'pol-crime',
        file,
      ],
      { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    try {
      const importer = await waitFor('the import to wait in its apply step', async () => {
        const { rows } = await pool.query<{ pid: number }>(
          `select pid from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into shared_record%'`,
        );
        return rows[0]?.pid;
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The table is still held: only a session that noticed its client has gone lets go now.
      await waitFor(
        "the killed importer's session to end",
        async () =>
          (await pool.query(`select 1 from pg_stat_activity where pid = $1`, [importer])).rowCount === 0
            ? true
            : undefined,
        15_000,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await blocker.query('rollback').catch(() => undefined);
      await blocker.end();
    }
    // Sent again at once: accepted, not refused as busy.
    const again = await runHubIn(env, 'import', '--dataset', 'pol-crime', file);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/Imported into pol-crime/);
    const { rows } = await pool.query<{ status: string; error_code: string | null }>(
      `select status, error_code from import_batch order by started_at`,
    );
    expect(rows).toEqual([
      { status: 'FAILED', error_code: 'ABANDONED' },
      { status: 'COMMITTED', error_code: null },
    ]);
    expect((await pool.query(`select count(*)::int as n from shared_record`)).rows[0].n).toBe(2_000);
  }, 120_000);
});
