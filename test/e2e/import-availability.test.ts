import http from 'node:http';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativePool } from '../../src/db/orm.js';
import { AgencyKind, DatasetKind, Role } from '../../src/domain/vocabulary.js';
import { csvSource } from '../../src/ingest/record-source.js';
import { auditEvents } from '../support/audit.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { apiKeyFor, CRIME_HEADER, crimeRow, csv, OPERATOR, seedAreas } from '../support/ingest.js';
import { Seed } from '../support/seed.js';
import { ImportDoor } from '../../src/domain/api-enums.js';

/** GraphQL answers are untyped JSON here, checked field by field. */
type Json = any;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Json;
}

/**
 * An upload on loopback whose body is sent by the test: `write` bytes as it likes, then
 * `end` or `abort`. `answer` settles when the hub answers (or the connection fails).
 */
function openUpload(port: number, dataset: string, key: string, headers: Record<string, string> = {}) {
  let req!: http.ClientRequest;
  const answer = new Promise<Answer | Error>((resolve) => {
    req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: `/import/${dataset}`,
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-api-key': key, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: Json = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode!, headers: res.headers, body });
        });
        res.on('error', resolve);
      },
    );
    req.on('error', resolve);
  });
  req.flushHeaders();
  return {
    answer,
    write: (b: string | Buffer) => new Promise<void>((r) => req.write(b, () => r())),
    end: (b?: string | Buffer) => req.end(b),
    abort: () => req.destroy(),
  };
}

/** Sends `body` a few bytes at a time (bounded: `steps` writes), until `stop()` or the hub answers. */
function trickle(up: ReturnType<typeof openUpload>, body: string, bytesPerStep: number, everyMs: number, steps = 400) {
  let stopped = false;
  let at = 0;
  let answered = false;
  void up.answer.then(() => (answered = true));
  const done = (async () => {
    for (let i = 0; i < steps && !stopped && !answered && at < body.length; i++) {
      await up.write(body.slice(at, at + bytesPerStep));
      at += bytesPerStep;
      await sleep(everyMs);
    }
  })();
  return {
    /** Stops trickling and sends the rest at once. */
    async finish() {
      stopped = true;
      await done;
      up.end(body.slice(at));
      return up.answer;
    },
    async stop() {
      stopped = true;
      await done;
    },
  };
}

const fileOf = (prefix: string, n: number) =>
  csv([CRIME_HEADER, ...Array.from({ length: n }, (_, i) => crimeRow(`${prefix}/${i}`))]);

describe('import doors under slow clients, concurrent uploads and a full pool', () => {
  let t: TestHub;
  let pool: pg.Pool;
  let port: number;
  const keys: Record<string, string> = {};
  let analystToken: string;

  beforeAll(async () => {
    t = await startTestHub({
      HUB_DB_POOL_MAX: '3',
      HUB_IMPORT_POOL_MAX: '2',
      HUB_IMPORT_CONCURRENT_PER_KEY: '3',
      HUB_IMPORT_CONCURRENT_PER_AGENCY: '4',
      HUB_IMPORT_MIN_BYTES_PER_SECOND: '100',
      HUB_IMPORT_BODY_TIMEOUT_SECONDS: '120',
      HUB_RATE_LIMIT_PER_MINUTE: '0',
      HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    });
    pool = await nativePool(t.runtime.orm);
    port = t.hub.port;
    await seedAreas(t.runtime.orm);
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const health = await seed.agency('HSP', AgencyKind.HEALTH);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime-2');
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime-3');
    await seed.dataset(health, DatasetKind.POLICE_CRIME, 'hsp-crime');
    analystToken = (await seed.user(police, [Role.ANALYST])).token;
    for (const k of ['k1', 'k2', 'k3']) keys[k] = await apiKeyFor(t.runtime.orm, police.id, ['IMPORT']);
    keys.health = await apiKeyFor(t.runtime.orm, health.id, ['IMPORT']);
  });

  afterAll(async () => {
    await t?.close();
  });

  const batches = async (dataset: string) =>
    (
      await pool.query(
        `select b.id, b.status, b.error_code as code, b.error from import_batch b join dataset d on d.id = b.dataset_id where d.key = $1 order by b.started_at`,
        [dataset],
      )
    ).rows;

  it('holds no database connection while slow uploads arrive: GraphQL and /readyz keep answering 200', async () => {
    // Four uploads at 200 bytes a second (above the minimum rate), against a pool of three.
    const uploads = ['k1', 'k1', 'k2', 'k2'].map((k, i) =>
      trickle(openUpload(port, 'pol-crime', keys[k]), fileOf(`S${i}`, 40), 50, 250),
    );
    await sleep(1_500);
    for (let i = 0; i < 6; i++) {
      const r = await t.gql('{ datasets { key } }', {}, { token: analystToken });
      expect(r.status, JSON.stringify(r.errors)).toBe(200);
      expect(r.errors).toBeUndefined();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
    }
    const answers = (await Promise.all(uploads.map((u) => u.finish()))) as Answer[];
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(a.body).toMatchObject({ status: 'COMMITTED', rowsRead: 40, inserted: 40 });
    }
  });

  it('refuses a key, or an agency, more concurrent imports than its limit: 429, Retry-After, a reason, audited', async () => {
    const open = ['k1', 'k1', 'k1', 'k2'].map((k, i) =>
      trickle(openUpload(port, 'pol-crime', keys[k]), fileOf(`L${i}`, 40), 20, 100),
    );
    await sleep(800);
    const byKey = openUpload(port, 'pol-crime', keys.k1);
    byKey.end(fileOf('LK', 1));
    const keyAnswer = (await byKey.answer) as Answer;
    expect(keyAnswer.status).toBe(429);
    expect(Number(keyAnswer.headers['retry-after'])).toBeGreaterThan(0);
    expect(keyAnswer.body).toMatchObject({ reason: 'TOO_MANY_IMPORTS' });
    expect(keyAnswer.body.error).toMatch(/this key/);

    const byAgency = openUpload(port, 'pol-crime', keys.k3);
    byAgency.end(fileOf('LA', 1));
    const agencyAnswer = (await byAgency.answer) as Answer;
    expect(agencyAnswer.status).toBe(429);
    expect(agencyAnswer.body).toMatchObject({ reason: 'TOO_MANY_IMPORTS' });
    expect(agencyAnswer.body.error).toMatch(/agency/);

    // Another agency's key is not held back by this one's uploads.
    const other = openUpload(port, 'hsp-crime', keys.health);
    other.end(fileOf('LH', 2));
    expect(((await other.answer) as Answer).status).toBe(200);

    const refused = await auditEvents(
      pool,
      `e.kind = 'IMPORT' and e.outcome = 'REFUSED' and e.details->>'message' like 'too many concurrent imports%'`,
    );
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0]).toMatchObject({ datasets: ['pol-crime'] });
    for (const u of open) await u.finish();
  });

  it('cuts off an upload slower than the minimum rate (408), and records the attempt as a failed batch', async () => {
    // 10 bytes a second, against a minimum of 100.
    const up = openUpload(port, 'pol-crime-2', keys.k2);
    const slow = trickle(up, fileOf('SL', 40), 5, 500);
    const a = (await waitFor('the slow upload to be cut off', async () => {
      const r = await Promise.race([up.answer, sleep(200).then(() => undefined)]);
      return r;
    })) as Answer;
    await slow.stop();
    expect(a.status).toBe(408);
    expect(a.body).toMatchObject({ reason: 'UPLOAD_TOO_SLOW', batchId: expect.any(String) });
    const rows = await batches('pol-crime-2');
    expect(rows).toEqual([expect.objectContaining({ id: a.body.batchId, status: 'FAILED', code: 'UPLOAD_TOO_SLOW' })]);
  });

  it('records an upload whose client went away as a failed batch (the upload cut off)', async () => {
    const up = openUpload(port, 'pol-crime-3', keys.k3);
    await up.write(fileOf('GONE', 40).slice(0, 300));
    await sleep(300);
    up.abort();
    const rows = await waitFor('the failed batch', async () => {
      const b = await batches('pol-crime-3');
      return b.length ? b : undefined;
    });
    expect(rows).toEqual([expect.objectContaining({ status: 'FAILED', code: 'INTERRUPTED' })]);
  });

  it('applies a file that repeats one source reference in one step: the last row wins', async () => {
    const n = 2_000;
    const rows = Array.from({ length: n }, (_, i) =>
      crimeRow('SAME/1', { category: i === n - 1 ? 'ROBBERY' : 'VIOLENCE_AGAINST_THE_PERSON', subcategory: '' }),
    );
    const summary = await t.runtime.services.imports.run({
      datasetKey: 'pol-crime-3',
      actor: OPERATOR,
      door: ImportDoor.CLI,
      source: csvSource(Readable.from([Buffer.from(csv([CRIME_HEADER, ...rows]))])),
    });
    expect(summary).toMatchObject({ status: 'COMMITTED', rowsRead: n, inserted: 1, updated: 0, duplicates: n - 1 });
    expect(summary.applySteps).toBe(1);
    const stored = await pool.query(
      `select r.category from shared_record r join dataset d on d.id = r.dataset_id where d.key = 'pol-crime-3'`,
    );
    expect(stored.rows).toEqual([{ category: 'ROBBERY' }]);
  });

  it('answers 202 with a batch id for `Prefer: respond-async`; the batch is polled until it is done', async () => {
    const up = openUpload(port, 'pol-crime-2', keys.k1, { prefer: 'respond-async' });
    up.end(fileOf('ASYNC', 30));
    const a = (await up.answer) as Answer;
    expect(a.status).toBe(202);
    expect(a.body).toMatchObject({ batchId: expect.any(String), status: 'RUNNING' });
    const done = await waitFor('the batch to finish', async () => {
      const r = await t.gql(
        `query B($id: ID!) { importBatch(id: $id) { id status rowsRead inserted } }`,
        { id: a.body.batchId },
        { apiKey: keys.k1 },
      );
      const b = (r.data as Json)?.importBatch;
      return b && b.status !== 'RUNNING' ? b : undefined;
    });
    expect(done).toMatchObject({ status: 'COMMITTED', rowsRead: 30, inserted: 30 });
  });

  it('cancels the work of a client that has gone: the statement is cancelled and the dataset lock released at once', async () => {
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      // The import will wait on this in its apply step.
      await blocker.query('lock table shared_record in share mode');
      const up = openUpload(port, 'pol-crime', keys.k1);
      up.end(fileOf('CANCEL', 20));
      const importLocks = async () =>
        (
          await pool.query(
            `select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid()`,
          )
        ).rows[0].n as number;
      await waitFor('the import to wait in its apply step', async () =>
        // (not on the blocker: a transaction sees pg_stat_activity as it was when it began)
        (
          await pool.query(
            `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into shared_record%'`,
          )
        ).rowCount
          ? true
          : undefined,
      );
      up.abort();
      // Still holding the table: only a cancelled statement lets go of the dataset's lock.
      await waitFor(
        'the dataset lock to be released',
        async () => ((await importLocks()) === 0 ? true : undefined),
        15_000,
      );
      const failed = await waitFor('the failed batch', async () => {
        const b = (await batches('pol-crime')).filter((r) => r.status === 'FAILED');
        return b.length ? b : undefined;
      });
      expect(failed.at(-1)).toMatchObject({ code: 'INTERRUPTED' });
      expect(failed.at(-1).error).toMatch(/disconnected/);
    } finally {
      await blocker.query('rollback').catch(() => undefined);
      await blocker.end();
    }
  });

  it('answers a full import pool with 503 "busy" and Retry-After, recorded as a refused batch', async () => {
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table shared_record in share mode');
      // Two imports into two datasets take the import pool's two connections and wait on the table.
      const held = ['pol-crime', 'pol-crime-2'].map((d, i) => {
        const up = openUpload(port, d, keys.k2);
        up.end(fileOf(`HELD${i}`, 5));
        return up;
      });
      await waitFor('both imports to wait', async () =>
        (
          await pool.query(
            `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into shared_record%'`,
          )
        ).rows[0].n >= 2
          ? true
          : undefined,
      );
      const third = openUpload(port, 'pol-crime-3', keys.k3);
      third.end(fileOf('BUSY', 5));
      const a = (await third.answer) as Answer;
      expect(a.status).toBe(503);
      expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
      expect(a.body).toMatchObject({ reason: 'BUSY', batchId: expect.any(String) });
      expect(a.body.error).toMatch(/busy/i);
      expect(a.body.error).not.toMatch(/unavailable/i);
      const rows = await batches('pol-crime-3');
      expect(rows.at(-1)).toMatchObject({ id: a.body.batchId, status: 'FAILED', code: 'BUSY' });
      const events = await auditEvents(pool, `e.kind = 'IMPORT' and e.details->>'batchId' = $1`, [a.body.batchId]);
      expect(events).toHaveLength(1);
      expect(events[0].outcome).toBe('REFUSED');
      await blocker.query('rollback');
      for (const up of held) expect(((await up.answer) as Answer).status).toBe(200);
    } finally {
      await blocker.query('rollback').catch(() => undefined);
      await blocker.end();
    }
  });

  it('at start, marks a RUNNING batch whose owner is gone as FAILED, with its reason; a live one is left alone', async () => {
    const dataset = (await pool.query(`select id from dataset where key = 'pol-crime'`)).rows[0].id as string;
    const orphan = '00000000-0000-4000-8000-00000000b101';
    const live = '00000000-0000-4000-8000-00000000b102';
    for (const id of [orphan, live])
      await pool.query(
        `insert into import_batch (id, dataset_id, door, submitted_by, status, started_at) values ($1, $2, 'HTTP', 'test', 'RUNNING', now())`,
        [id, dataset],
      );
    // The live batch's owner: a session holding the batch's lock, as a running import does.
    const owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      await owner.query(`select pg_advisory_lock(hashtextextended($1, 0))`, [`hub:batch:${live}`]);
      const { sweepAbandonedBatches } = await import('../../src/ingest/batch-records.js');
      const swept = await sweepAbandonedBatches(pool, t.runtime.logger);
      expect(swept).toBe(1);
      const rows = (
        await pool.query(`select id, status, error_code, error from import_batch where id = any($1)`, [[orphan, live]])
      ).rows;
      expect(rows.find((r) => r.id === orphan)).toMatchObject({ status: 'FAILED', error_code: 'ABANDONED' });
      expect(rows.find((r) => r.id === orphan).error).toMatch(/stopped before/);
      expect(rows.find((r) => r.id === live)).toMatchObject({ status: 'RUNNING' });
    } finally {
      await owner.end();
      await pool.query(`delete from import_batch where id = $1`, [live]);
    }
  });
});

describe('a full main pool', () => {
  let t: TestHub;
  let token: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestHub({ HUB_DB_POOL_MAX: '2', HUB_RATE_LIMIT_PER_MINUTE: '0' });
    const seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    await seed.dataset(police, DatasetKind.POLICE_CRIME, 'pol-crime');
    token = (await seed.user(police, [Role.ANALYST])).token;
    key = await apiKeyFor(t.runtime.orm, police.id, ['IMPORT']);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers GraphQL, /readyz and the import door with 503 "busy" and Retry-After, not "database unavailable" or 500, and audits the refusal', async () => {
    const pool = await nativePool(t.runtime.orm);
    const before = (await pool.query(`select count(*)::int as n from audit_event where kind = 'GRAPHQL'`)).rows[0].n;
    // Long statements hold both of the pool's connections.
    const holding = [pool.query('select pg_sleep(15)'), pool.query('select pg_sleep(15)')];
    await sleep(500);
    const up = openUpload(t.hub.port, 'pol-crime', key);
    up.end(fileOf('FULL', 3));
    const [r, ready, upload] = await Promise.all([
      t.gql('{ datasets { key } }', {}, { token }),
      fetch(`http://127.0.0.1:${t.hub.port}/readyz`),
      up.answer as Promise<Answer>,
    ]);
    expect(upload.status).toBe(503);
    expect(Number(upload.headers['retry-after'])).toBeGreaterThan(0);
    expect(upload.body.error).toMatch(/busy/);
    expect(r.status).toBe(503);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'busy' });
    expect(r.errors?.[0].message).toMatch(/busy/);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBeTruthy();
    expect(await ready.json()).toEqual({ status: 'busy' });
    await Promise.all(holding);
    const after = (await pool.query(`select count(*)::int as n from audit_event where kind = 'GRAPHQL'`)).rows[0].n;
    expect(after).toBeGreaterThan(before);
  });
});
