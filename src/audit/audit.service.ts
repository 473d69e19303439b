import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import { badInput } from '../auth/errors.js';
import { actorFields, type AuditActor } from './audit-actor.js';
import {
  EVENT_COLUMNS,
  fromRow,
  toContent,
  type AuditContent,
  type AuditEventInput,
  type EventRow,
} from './audit-event.js';
import { cutChainPrefix, type PruneResult } from './audit.prune.js';
import {
  decodeAuditCursor,
  encodeAuditCursor,
  MAX_AUDIT_PAGE,
  Params,
  whereClauses,
  type AuditFilter,
  type AuditPage,
  type AuditScope,
  type ListedAuditEvent,
} from './audit.query.js';
import { verifyChain, type Anchor, type VerifyReport } from './audit.verify.js';
import { ChainWriter, type Appended, type SqlExecutor } from './audit.writer.js';
import { metrics } from '../metrics.js';
import { AuditSigner } from './chain.js';
import { trimToAgency, type AgencyView } from './redact.js';

/**
 * The audit trail: writing events (batched, hash-chained), reading them under a scope,
 * verifying the chain and pruning it under a signed checkpoint. Filters and scopes are in
 * audit.query.ts; recording admin changes and imports from outside GraphQL, in audit.record.ts.
 */
export class AuditService {
  readonly signer: AuditSigner;
  readonly writer: ChainWriter;
  /** The writer's own connections, so that under load it never queues behind queries for one. */
  private readonly writerPool?: pg.Pool;

  constructor(
    private readonly pool: pg.Pool,
    /** The secret the signing key is derived from (the hub's pseudonym key). */
    secret: string,
    logger: Logger,
    /** Benchmarks only: see ChainWriter. The hub always writes durably. */
    opts: { durability?: 'sync' | 'async' } = {},
  ) {
    this.signer = new AuditSigner(secret);
    const options = (pool as unknown as { options?: pg.PoolConfig }).options;
    // pg-pool keeps the password non-enumerable: copy it by name.
    this.writerPool = options
      ? new pg.Pool({ ...options, password: options.password, min: 0, max: 2, allowExitOnIdle: true })
      : undefined;
    this.writerPool?.on('error', (err) => logger.warn({ err }, 'an idle audit writer connection failed'));
    // pg-pool drops its own listener while a client is checked out: a connection lost then
    // (the database restarting mid-write) would otherwise be an uncaught 'error' that ends
    // the process. The write itself still fails, and fails closed.
    this.writerPool?.on('connect', (client) =>
      client.on('error', (err) => logger.warn({ err }, 'an audit writer connection failed')),
    );
    this.writer = new ChainWriter(this.writerPool ?? pool, this.signer, logger, opts.durability);
  }

  /** Closes the writer's connections (the shared pool is the ORM's to close). */
  async close(): Promise<void> {
    await this.writerPool?.end();
  }

  /** Appends one event in its own transaction; resolves once it is committed. */
  record(input: AuditEventInput): Promise<Appended> {
    let content: AuditContent;
    try {
      content = toContent(input);
    } catch (err) {
      return Promise.reject(err);
    }
    return metrics.auditAppend(() => this.writer.append(content));
  }

  /**
   * Appends inside the EntityManager's open transaction, so that the event and the change
   * it records commit together or not at all. Without an open transaction it is the same
   * as `record`. Call it last in the transaction: the chain head stays locked until commit.
   */
  async recordWith(em: EntityManager, input: AuditEventInput): Promise<Appended> {
    if (!em.isInTransaction()) return this.record(input);
    const content = toContent(input);
    const [appended] = await metrics.auditAppend(() => this.writer.appendWith(emExecutor(em), [content]));
    return appended;
  }

  /**
   * Appends inside the open transaction of a raw pg client (the import's batch
   * connection): the event and the data commit together or not at all. Call it last,
   * just before COMMIT: the chain head stays locked until then.
   */
  async recordOn(client: pg.ClientBase, input: AuditEventInput): Promise<Appended> {
    const exec: SqlExecutor = async (sql, params) =>
      (await client.query(sql, params)).rows as Record<string, unknown>[];
    const content = toContent(input);
    const [appended] = await metrics.auditAppend(() => this.writer.appendWith(exec, [content]));
    return appended;
  }

  async list(
    filter: AuditFilter,
    scope: AuditScope,
    first: number,
    after?: string,
    order: 'asc' | 'desc' = 'desc',
  ): Promise<AuditPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE)
      throw badInput(`\`first\` must be between 1 and ${MAX_AUDIT_PAGE}.`);
    const p = new Params();
    const where = whereClauses(filter, scope, p);
    if (after) where.push(`e.seq ${order === 'desc' ? '<' : '>'} ${p.add(decodeAuditCursor(after))}::bigint`);
    const sql = `select ${EVENT_COLUMNS},
        array(select a.code from agency a where a.id = any(e.concerns) order by a.code)::text[] as concerning
      from audit_event e
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by e.seq ${order}
      limit ${p.add(first + 1)}`;
    const { rows } = await this.pool.query<EventRow & { concerning: string[] }>(sql, p.values);
    const hasNextPage = rows.length > first;
    const listed = (hasNextPage ? rows.slice(0, first) : rows).map((r) => ({
      ...fromRow(r),
      concerning: r.concerning,
      agreementReferences: [] as string[],
      redacted: false,
    }));
    const view = scope.kind === 'agency' && listed.length ? await this.agencyView(scope.agencyId) : undefined;
    const nodes = view ? listed.map((e) => trimToAgency(e, view)) : listed;
    const references = await this.agreementReferences(nodes.flatMap((e) => e.agreements));
    for (const e of nodes) e.agreementReferences = e.agreements.map((id) => references.get(id) ?? id);
    return { nodes, hasNextPage, endCursor: nodes.length ? encodeAuditCursor(nodes[nodes.length - 1].seq) : null };
  }

  /** Every matching event, oldest first, a page at a time. */
  async *stream(
    filter: AuditFilter,
    scope: AuditScope,
    limit = Number.MAX_SAFE_INTEGER,
  ): AsyncGenerator<ListedAuditEvent> {
    let after: string | undefined;
    let sent = 0;
    for (;;) {
      const page = await this.list(filter, scope, Math.min(MAX_AUDIT_PAGE, limit - sent), after, 'asc');
      for (const n of page.nodes) yield n;
      sent += page.nodes.length;
      if (!page.hasNextPage || sent >= limit) return;
      after = page.endCursor!;
    }
  }

  verify(opts: { anchors?: Anchor[] } = {}): Promise<VerifyReport> {
    return verifyChain(this.pool, this.signer, opts);
  }

  /**
   * Deletes events that started before `before`, keeping the chain verifiable: a
   * checkpoint signed with the hub's key records the sequence number and hash of the last
   * event removed, and the first remaining event links to it. Only a prefix of the chain
   * is ever removed: an event is kept if any earlier-numbered event is still in retention.
   */
  async prune(before: Date, opts: { dryRun?: boolean; actor?: AuditActor } = {}): Promise<PruneResult> {
    if (Number.isNaN(before.getTime())) throw new Error('The retention date is not a valid date.');
    const { cut, result } = await cutChainPrefix(this.pool, this.signer, before, opts.dryRun ?? false);
    if (!cut) return result;
    await this.record({
      kind: 'ADMIN',
      action: 'audit.prune',
      outcome: 'SUCCEEDED',
      ...actorFields(opts.actor ?? { kind: 'system', label: 'hub audit prune' }),
      rows: result.count,
      details: {
        entityType: 'AuditTrail',
        before: before.toISOString(),
        through: result.through,
        pruned: result.count,
        checkpointHash: result.checkpointHash,
      },
    });
    return result;
  }

  /** id -> reference of the agreements named. */
  private async agreementReferences(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const { rows } = await this.pool.query<{ id: string; reference: string }>(
      `select id::text as id, reference from sharing_agreement where id = any($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.reference]));
  }

  /** What one agency owns: the datasets and agreements its liaison officer's view keeps. */
  async agencyView(agencyId: string): Promise<AgencyView> {
    const { rows } = await this.pool.query<{ code: string | null; datasets: string[]; agreements: string[] }>(
      `select (select code from agency where id = $1::uuid) as code,
        array(select key from dataset where agency_id = $1::uuid)::text[] as datasets,
        array(select id::text from sharing_agreement where provider_id = $1::uuid)::text[] as agreements`,
      [agencyId],
    );
    const r = rows[0];
    return { agencyId, agencyCode: r.code, datasets: new Set(r.datasets), agreements: new Set(r.agreements) };
  }

  /** Which of these keys are datasets of the hub, sorted. */
  async existingDatasetKeys(keys: string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ key: string }>(
      `select key from dataset where key = any($1::text[]) order by key`,
      [keys],
    );
    return rows.map((r) => r.key);
  }

  /** The agency that provides a dataset (by key), read in the caller's transaction when one is open. */
  async datasetAgency(key: string, em?: EntityManager): Promise<string | undefined> {
    const sql = `select agency_id::text as agency_id from dataset where key = $1`;
    const rows = em?.isInTransaction()
      ? await emExecutor(em)(sql, [key])
      : (await this.pool.query<{ agency_id: string }>(sql, [key])).rows;
    return rows[0]?.agency_id as string | undefined;
  }

  /** Critical-section timings of this process's writer. */
  stats() {
    const s = this.writer.stats;
    const pct = (xs: number[], q: number) => {
      if (!xs.length) return null;
      const sorted = [...xs].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    };
    return {
      events: s.events,
      batches: s.batches,
      failures: s.failures,
      maxBatch: s.maxBatch,
      meanBatch: s.batches ? s.events / s.batches : 0,
      misses: s.misses,
      lockedFallbacks: s.lockedFallbacks,
      writeMsP50: pct(s.writeMs, 0.5),
      writeMsP99: pct(s.writeMs, 0.99),
      appendMsP50: pct(s.appendMs, 0.5),
      appendMsP99: pct(s.appendMs, 0.99),
    };
  }
}

function emExecutor(em: EntityManager): SqlExecutor {
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  return async (sql, params) =>
    conn.execute(sql.replace(/\$\d+/g, '?'), params, 'all', trx) as Promise<Record<string, unknown>[]>;
}
