import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyKind, AgreementStatus, DatasetKind, Purpose, Role } from '../../src/domain/vocabulary.js';
import type { Dataset, SharingAgreement } from '../../src/entities/index.js';
import { registry } from '../../src/metrics.js';
import { eventOf } from '../support/audit.js';
import { CRIME_HEADER, crimeRow, csv, importText, seedAreas } from '../support/ingest.js';
import { startTestHubAt, type TestHub } from '../support/hub.js';
import { findPgBinaries, startReplicatedPostgres, type ReplicatedPostgres } from '../support/pg-replica.js';
import { Seed } from '../support/seed.js';

/*
 * A real streaming replica: a primary and a pg_basebackup clone made with the machine's
 * PostgreSQL binaries, and a hub with DATABASE_URL on the primary and DATABASE_READ_URL on
 * the replica. The replica's copy is told apart from the primary's by pausing its replay
 * (pg_wal_replay_pause) after the primary has been given more records: replication itself
 * is untouched, the replica just shows the older count until replay resumes.
 */

const MAX_LAG = 6;
const DB = 'hub';

const TOTAL = `query Total @purpose(name: STRATEGIC_ASSESSMENT) {
  aggregate(groupBy: [DATASET]) { total { value suppressed } sources { dataset } }
}`;

interface Total {
  aggregate: { total: { value: number | null }; sources: { dataset: string }[] } | null;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function analyticsReads(target: 'replica' | 'primary'): Promise<number> {
  const metric = await registry.getSingleMetric('hub_db_analytics_reads_total')!.get();
  return metric.values.find((v) => v.labels.target === target)?.value ?? 0;
}

describe('analytics on a streaming read replica', () => {
  let pgs: ReplicatedPostgres;
  let t: TestHub;
  let seed: Seed;
  let crime: Dataset;
  let agreement: SharingAgreement;
  let token: string;

  const total = async () => {
    const requestId = `replica-${randomUUID()}`;
    const r = await t.gql<Total>(TOTAL, {}, { token, headers: { 'x-request-id': requestId } });
    return { ...r, requestId, value: r.data?.aggregate?.total.value };
  };
  const replicaCount = async () =>
    Number((await pgs.replica.sql<{ n: string }>(DB, 'select count(*) as n from shared_record'))[0].n);
  const replay = (fn: 'pg_wal_replay_pause' | 'pg_wal_replay_resume') => pgs.replica.sql(DB, `select ${fn}()`);

  beforeAll(async () => {
    pgs = await startReplicatedPostgres();
    await pgs.primary.sql('postgres', `create database ${DB}`);
    t = await startTestHubAt(pgs.primary.url(DB), {
      DATABASE_READ_URL: pgs.replica.url(DB),
      HUB_READ_MAX_LAG_SECONDS: String(MAX_LAG),
    });
    seed = new Seed(t.runtime.orm, t.runtime.services.tokens);
    await seedAreas(t.runtime.orm);
    const police = await seed.agency('POL', AgencyKind.POLICE);
    const council = await seed.agency('CNL', AgencyKind.COUNCIL);
    crime = await seed.dataset(police, DatasetKind.POLICE_CRIME);
    agreement = await seed.agreement({
      provider: police,
      datasets: [crime],
      recipients: [council],
      purposes: [Purpose.STRATEGIC_ASSESSMENT],
    });
    token = (await seed.user(council, [Role.ANALYST])).token;
    await seed.records(crime, 20);
  });

  afterAll(async () => {
    await t?.close();
    await pgs?.stop();
  });

  it('runs on a real replica of the primary', async () => {
    const [r] = await pgs.replica.sql<{ recovery: boolean }>(DB, 'select pg_is_in_recovery() as recovery');
    expect(r.recovery).toBe(true);
    await until('the replica has the records', async () => (await replicaCount()) === 20);
    expect(await t.runtime.services.reads.check()).toMatchObject({ usable: true, reason: 'ok', lagSeconds: 0 });
  });

  it("answers analytics from the replica: while its replay is paused, the replica's older count", async () => {
    await replay('pg_wal_replay_pause');
    await until('replay has paused', async () => {
      const [s] = await pgs.replica.sql<{ state: string }>(DB, 'select pg_get_wal_replay_pause_state() as state');
      return s.state === 'paused';
    });
    await seed.records(crime, 15);
    const onReplica = await analyticsReads('replica');
    expect(await t.runtime.services.reads.check()).toMatchObject({ usable: true });
    const r = await total();
    expect(r.errors).toBeUndefined();
    expect(r.value).toBe(20);
    expect(await analyticsReads('replica')).toBe(onReplica + 1);
    // The primary has 35: the answer really came from the replica.
    expect(await t.runtime.pool.query('select count(*)::int as n from shared_record')).toMatchObject({
      rows: [{ n: 35 }],
    });

    // The answer's audit event is on the primary (the replica, paused, cannot have it).
    const event = await eventOf(t.runtime.pool, r.requestId);
    expect(event).toMatchObject({ outcome: 'ANSWERED', datasets: [crime.key] });
    const onStandby = await pgs.replica.sql(DB, 'select 1 from audit_event where request_id = $1', [r.requestId]);
    expect(onStandby).toHaveLength(0);
  });

  it('reads the policy from the primary: an agreement suspended there ends access at once, whatever the replica says', async () => {
    await t.runtime.pool.query(`update sharing_agreement set status = $2 where id = $1`, [
      agreement.id,
      AgreementStatus.SUSPENDED,
    ]);
    try {
      // The replica, paused, still has the agreement active; analytics still read there.
      const [a] = await pgs.replica.sql<{ status: string }>(DB, 'select status from sharing_agreement where id = $1', [
        agreement.id,
      ]);
      expect(a.status).toBe(AgreementStatus.ACTIVE);
      expect(t.runtime.services.reads.status.usable).toBe(true);
      const r = await total();
      expect(r.errors).toBeUndefined();
      expect(r.value).toBeNull();
      expect(r.data?.aggregate?.sources).toEqual([]);
    } finally {
      await t.runtime.pool.query(`update sharing_agreement set status = $2 where id = $1`, [
        agreement.id,
        AgreementStatus.ACTIVE,
      ]);
    }
  });

  it('answers from the primary, with its fresh count, once the replica lags beyond HUB_READ_MAX_LAG_SECONDS', async () => {
    const status = await until(
      'the replica is judged lagging',
      async () => {
        const s = await t.runtime.services.reads.check();
        return !s.usable && s;
      },
      (MAX_LAG + 20) * 1000,
    );
    expect(status.reason).toBe('lagging');
    expect(status.lagSeconds).toBeGreaterThan(MAX_LAG);
    const onPrimary = await analyticsReads('primary');
    const r = await total();
    expect(r.value).toBe(35);
    expect(await analyticsReads('primary')).toBe(onPrimary + 1);
    const fallbacks = await registry.getSingleMetric('hub_db_replica_fallbacks_total')!.get();
    expect(fallbacks.values.find((v) => v.labels.reason === 'lagging')?.value).toBeGreaterThanOrEqual(1);
  });

  it('goes back to the replica once it has caught up', async () => {
    await replay('pg_wal_replay_resume');
    await until('the replica is usable again', async () => (await t.runtime.services.reads.check()).usable);
    const onReplica = await analyticsReads('replica');
    const r = await total();
    expect(r.value).toBe(35);
    expect(await analyticsReads('replica')).toBe(onReplica + 1);
  });

  it('reads your writes: after an import, analytics read the primary until the replica has replayed it', async () => {
    // A fresh commit, replayed, so that the replica is current when its replay pauses.
    await t.runtime.pool.query('create table replica_probe (at timestamptz default now())');
    await until(
      'the replica has the probe',
      async () => (await pgs.replica.sql(DB, "select to_regclass('replica_probe') is not null as ok"))[0].ok === true,
    );
    await replay('pg_wal_replay_pause');
    const rows = [CRIME_HEADER, ...[1, 2, 3, 4, 5].map((i) => crimeRow(`ryw-${i}`))];
    const summary = await importText(t.runtime.services.imports, crime.key, csv(rows));
    expect(summary).toMatchObject({ status: 'COMMITTED', inserted: 5 });
    expect(await t.runtime.services.reads.check()).toMatchObject({ usable: true });
    expect(await replicaCount()).toBe(35);
    const onPrimary = await analyticsReads('primary');
    expect((await total()).value).toBe(40);
    expect(await analyticsReads('primary')).toBe(onPrimary + 1);

    await replay('pg_wal_replay_resume');
    await until('the replica has the import', async () => {
      await t.runtime.services.reads.check();
      return t.runtime.services.reads.pool() === t.runtime.services.reads.replica;
    });
    const onReplica = await analyticsReads('replica');
    expect((await total()).value).toBe(40);
    expect(await analyticsReads('replica')).toBe(onReplica + 1);
  });

  it('answers from the primary when the replica goes down, in the same request, and says why', async () => {
    expect(t.runtime.services.reads.onReplica).toBe(true);
    await pgs.stopReplica();
    const r = await total();
    expect(r.errors).toBeUndefined();
    expect(r.value).toBe(40);
    expect(t.runtime.services.reads.onReplica).toBe(false);
    expect(await t.runtime.services.reads.check()).toMatchObject({ usable: false, reason: 'unreachable' });
    const fallbacks = await registry.getSingleMetric('hub_db_replica_fallbacks_total')!.get();
    expect(fallbacks.values.find((v) => v.labels.reason === 'query_failed')?.value).toBeGreaterThanOrEqual(1);
    expect((await total()).value).toBe(40);
  });
});

describe("the replica test's PostgreSQL binaries", () => {
  it('says how to install them when they are missing, rather than skipping', () => {
    expect(() => findPgBinaries('/nonexistent/postgresql')).toThrow(/Install them with: apt-get install -y postgresql/);
  });
});
