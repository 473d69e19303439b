import pg from 'pg';
import type { Logger } from 'pino';

/*
 * Where analytics read from (docs/architecture.md, "Read replicas"). With a streaming
 * replica configured (DATABASE_READ_URL), the analyses, reports and map layers read there
 * while its replay lag is within HUB_READ_MAX_LAG_SECONDS; everything else (writes, the
 * audit trail, the policy and its version probe, sessions, imports, administration) is on
 * the primary pool and never comes through here. The lag is measured off the request
 * path, on a timer; a request only reads the last verdict.
 */

/** Why the replica is (not) used: fixed names, also the metric's label values. */
export type ReplicaReason = 'ok' | 'lagging' | 'unreachable' | 'not_a_replica' | 'not_checked' | 'query_failed';

export interface ReplicaStatus {
  usable: boolean;
  reason: ReplicaReason;
  /** Seconds behind the primary (0 when it has replayed all it received); null when unknown. */
  lagSeconds: number | null;
  checkedAt: Date | null;
}

/** What a router reports, for the metrics and the logs. */
export interface ReadRouterEvents {
  read?(target: 'replica' | 'primary'): void;
  status?(status: ReplicaStatus): void;
  fallback?(reason: ReplicaReason): void;
}

export interface ReadRouterOptions {
  maxLagSeconds: number;
  /** How often the lag is measured (default 2 s). */
  checkIntervalMs?: number;
  logger?: Logger;
  events?: ReadRouterEvents;
}

/**
 * The replica's lag, measured on the replica. When it has replayed everything it has
 * received and its WAL receiver is running, it is current, however old its last replayed
 * transaction (an idle primary sends nothing to replay). Otherwise the lag is the age of
 * the last transaction it replayed: an over-estimate while it catches up, never an
 * under-estimate, and null (unknown) when it has replayed nothing yet.
 */
export const LAG_SQL = `
  select pg_is_in_recovery() as recovery,
         (select pid from pg_stat_wal_receiver limit 1) is not null as receiving,
         pg_last_wal_receive_lsn() is not null
           and pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up,
         extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as age,
         pg_last_wal_replay_lsn()::text as replayed`;

interface LagRow {
  recovery: boolean;
  receiving: boolean;
  caught_up: boolean | null;
  age: number | null;
  replayed?: string | null;
}

/** A WAL position (`16/B374D848`) as a number that compares. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** The verdict on one measurement (pure, so the rules can be table-tested). */
export function judgeLag(row: LagRow, maxLagSeconds: number): Pick<ReplicaStatus, 'usable' | 'reason' | 'lagSeconds'> {
  // A server out of recovery (promoted, or the primary itself) no longer follows DATABASE_URL.
  if (!row.recovery) return { usable: false, reason: 'not_a_replica', lagSeconds: null };
  const lag = row.receiving && row.caught_up ? 0 : row.age === null ? null : Math.max(0, row.age);
  if (lag === null || lag > maxLagSeconds) return { usable: false, reason: 'lagging', lagSeconds: lag };
  return { usable: true, reason: 'ok', lagSeconds: lag };
}

/** Connection failures and standby cancellations: the read is repeated on the primary. */
export function isReplicaFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    // 08: connection exceptions; 57P01-57P03: shut down, crashed, starting; 40001: a conflict with recovery.
    if (/^08|^57P0[123]$|^40001$/.test(code)) return true;
    if (/^E(CONNREFUSED|CONNRESET|HOSTUNREACH|PIPE|TIMEDOUT)$|^ENOTFOUND$/.test(code)) return true;
  }
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|conflict with recovery/i.test(message);
}

export class ReadRouter {
  private current: ReplicaStatus = { usable: false, reason: 'not_checked', lagSeconds: null, checkedAt: null };
  private timer?: NodeJS.Timeout;
  private checking?: Promise<ReplicaStatus>;
  private closed = false;
  /** Set after a write analytics must see: reads stay on the primary until the replica has replayed `lsn`. */
  private fence?: { lsn?: bigint; until: number };

  constructor(
    private readonly primary: pg.Pool,
    /** Undefined: no replica configured, every read is on the primary. */
    readonly replica: pg.Pool | undefined,
    private readonly opts: ReadRouterOptions,
  ) {}

  /** The last verdict on the replica. */
  get status(): ReplicaStatus {
    return this.current;
  }

  /** The pool an analytics read uses now: the replica while it is usable, otherwise the primary. */
  pool(): pg.Pool {
    return this.replica && this.current.usable && !this.fenced() ? this.replica : this.primary;
  }

  /**
   * Read-your-writes for this process: after a write that analytics must show (an import
   * has committed), reads go to the primary until the replica has replayed it, or until the
   * lag bound has passed (a replica still behind by then is judged lagging anyway).
   */
  afterWrite(): Promise<void> {
    if (!this.replica) return Promise.resolve();
    const fence: { lsn?: bigint; until: number } = { until: Date.now() + this.opts.maxLagSeconds * 1000 };
    this.fence = fence;
    return this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn').then(
      ({ rows }) => {
        fence.lsn = lsnValue(rows[0].lsn);
        void this.check();
      },
      () => undefined,
    );
  }

  /** Whether analytics read from the replica now. */
  get onReplica(): boolean {
    return this.replica !== undefined && this.pool() === this.replica;
  }

  private fenced(): boolean {
    if (this.fence && Date.now() > this.fence.until) this.fence = undefined;
    return this.fence !== undefined;
  }

  /**
   * Runs a read-only piece of analytics on the pool chosen now. If the replica fails under
   * it (connection lost, standby cancelled the query), the replica is set aside until the
   * next check says otherwise and the read runs again on the primary: reads are
   * idempotent, so the caller sees one answer.
   */
  async run<T>(read: (pool: pg.Pool) => Promise<T>): Promise<T> {
    const pool = this.pool();
    const onReplica = pool !== this.primary;
    this.opts.events?.read?.(onReplica ? 'replica' : 'primary');
    if (!onReplica) return read(pool);
    try {
      return await read(pool);
    } catch (err) {
      if (!isReplicaFailure(err)) throw err;
      this.opts.logger?.warn(
        { code: (err as { code?: string }).code, reason: err instanceof Error ? err.message : String(err) },
        'an analytics read failed on the read replica; answering from the primary',
      );
      this.update({ ...this.current, usable: false, reason: 'query_failed', checkedAt: new Date() });
      this.opts.events?.read?.('primary');
      return read(this.primary);
    }
  }

  /** Measures the lag now (one check at a time) and routes by the result. */
  check(): Promise<ReplicaStatus> {
    if (!this.replica) return Promise.resolve(this.current);
    this.checking ??= this.measure(this.replica).finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** Checks once, then every `checkIntervalMs` until closed. */
  async start(): Promise<ReplicaStatus> {
    if (!this.replica) return this.current;
    const status = await this.check();
    if (!this.closed && !this.timer) {
      this.timer = setInterval(() => void this.check(), this.opts.checkIntervalMs ?? 2_000);
      this.timer.unref();
    }
    return status;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.checking?.catch(() => undefined);
    await this.replica?.end();
  }

  private async measure(replica: pg.Pool): Promise<ReplicaStatus> {
    let next: ReplicaStatus;
    try {
      const { rows } = await replica.query<LagRow>(LAG_SQL);
      next = { ...judgeLag(rows[0], this.opts.maxLagSeconds), checkedAt: new Date() };
      const fence = this.fence;
      if (fence?.lsn !== undefined && rows[0].replayed && lsnValue(rows[0].replayed) >= fence.lsn)
        if (this.fence === fence) this.fence = undefined;
    } catch (err) {
      next = { usable: false, reason: 'unreachable', lagSeconds: null, checkedAt: new Date() };
      if (this.current.reason !== 'unreachable')
        this.opts.logger?.debug({ reason: err instanceof Error ? err.message : String(err) }, 'replica check failed');
    }
    if (!this.closed) this.update(next);
    return next;
  }

  private update(next: ReplicaStatus): void {
    const was = this.current;
    this.current = next;
    this.opts.events?.status?.(next);
    if (was.usable === next.usable && (next.usable || was.reason === next.reason)) return;
    const fields = { reason: next.reason, lagSeconds: next.lagSeconds, maxLagSeconds: this.opts.maxLagSeconds };
    if (next.usable) this.opts.logger?.info(fields, 'analytics read from the replica');
    else {
      this.opts.events?.fallback?.(next.reason);
      this.opts.logger?.warn(fields, 'the read replica is not used: analytics read from the primary');
    }
  }
}

/** A pool on the replica, with the hub's statement timeout and its own application name. */
export function replicaPool(url: string, opts: { poolMax: number; statementTimeoutMs: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: opts.statementTimeoutMs,
    application_name: 'community-safety-hub-reads',
  });
  // An idle connection dropped by the replica must not crash the process; the next check notices.
  pool.on('error', () => undefined);
  return pool;
}
