import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import { badInput } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import type { HubContext } from '../context.js';
import {
  EVENT_COLUMNS,
  fromRow,
  toContent,
  type AuditContent,
  type AuditEventInput,
  type AuditKind,
  type AuditOutcome,
  type EventRow,
  type StoredAuditEvent,
  type AdminAction,
} from './audit-event.js';
import { checkpointPayload, verifyChain, type Anchor, type VerifyReport } from './audit.verify.js';
import { ChainWriter, type Appended, type SqlExecutor } from './audit.writer.js';
import { metrics } from '../metrics.js';
import { AuditSigner } from './chain.js';
import { redactChange, trimToAgency, type AgencyView } from './redact.js';

/** Who did something, for events outside GraphQL: a signed-in principal, or the hub/CLI itself. */
export type AuditActor = Principal | { kind: 'system'; label: string };

export interface AuditFilter {
  from?: Date;
  to?: Date;
  /** Code of the acting principal's agency. */
  agency?: string;
  /** Username, key prefix or id of the acting principal. */
  principal?: string;
  /** Dataset key touched. */
  dataset?: string;
  purpose?: string;
  outcome?: AuditOutcome;
  kind?: AuditKind;
  /** Code of an agency whose data or accounts the event concerns. */
  concerning?: string;
  /** Reference (e.g. ISA-DEMO-002) or id of an agreement that granted access. */
  agreement?: string;
}

/** What the reader may see: the whole trail (auditors, the CLI) or what concerns one agency (its liaison officer). */
export type AuditScope = { kind: 'all' } | { kind: 'agency'; agencyId: string };

export interface ListedAuditEvent extends StoredAuditEvent {
  /** Codes of the agencies in `concerns`. */
  concerning: string[];
  /** References of the agreements in `agreements`, in the same order (the id where an agreement is gone). */
  agreementReferences: string[];
  /**
   * True when the reader's scope removed parts of the event (another agency's datasets,
   * agreements, involvement): its content then no longer hashes to `hash`.
   */
  redacted: boolean;
}

export interface AuditPage {
  nodes: ListedAuditEvent[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_AUDIT_PAGE = 500;

export function encodeAuditCursor(seq: string): string {
  return Buffer.from(`a:${seq}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): string {
  const m = /^a:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput('The `after` cursor is not valid: pass the `endCursor` of a previous page.');
  return m[1];
}

function actorFields(actor: AuditActor | null | undefined): Partial<AuditContent> {
  if (!actor) return {};
  if (actor.kind === 'system') return { principalKind: 'system', principalLabel: actor.label };
  return {
    principalKind: actor.kind,
    principalId: actor.id,
    principalLabel: actor.label,
    agencyId: actor.agencyId,
    agencyCode: actor.agencyCode,
    roles: [...actor.roles, ...actor.scopes.map((s) => `SCOPE_${s}`)],
  };
}

/** Builds `$n` placeholders while collecting parameters. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function whereClauses(filter: AuditFilter, scope: AuditScope, p: Params): string[] {
  const where: string[] = [];
  const agency = scope.kind === 'agency' ? p.add(scope.agencyId) : undefined;
  if (agency) where.push(`e.concerns @> array[${agency}]::uuid[]`);
  if (filter.from) where.push(`e.at >= ${p.add(filter.from.toISOString())}::timestamptz`);
  if (filter.to) where.push(`e.at < ${p.add(filter.to.toISOString())}::timestamptz`);
  if (filter.agency) where.push(`e.agency_code = ${p.add(filter.agency)}`);
  if (filter.principal) {
    const v = p.add(filter.principal);
    where.push(`(e.principal_label = ${v} or e.principal_id::text = ${v})`);
  }
  if (filter.dataset) {
    const v = p.add(filter.dataset);
    where.push(`e.datasets @> array[${v}]::text[]`);
    // A liaison officer's view holds only their agency's datasets: filtering by another
    // agency's key must not reveal which of their events also touched it.
    if (agency) where.push(`exists (select 1 from dataset d where d.key = ${v} and d.agency_id = ${agency}::uuid)`);
  }
  if (filter.purpose) where.push(`e.purpose = ${p.add(filter.purpose)}`);
  if (filter.outcome) where.push(`e.outcome = ${p.add(filter.outcome)}`);
  if (filter.kind) where.push(`e.kind = ${p.add(filter.kind)}`);
  if (filter.agreement) {
    const v = p.add(filter.agreement);
    // In a liaison officer's view, only agreements under which their agency provides data
    // (the others are trimmed from their events, so filtering by them must match nothing).
    where.push(
      `e.agreements && array(select a.id from sharing_agreement a where (a.reference = ${v} or a.id::text = ${v})${agency ? ` and a.provider_id = ${agency}::uuid` : ''})`,
    );
  }
  // Likewise the agencies concerned: in a liaison officer's view, only their own.
  if (filter.concerning)
    where.push(
      `e.concerns && array(select a.id from agency a where a.code = ${p.add(filter.concerning)}${agency ? ` and a.id = ${agency}::uuid` : ''})`,
    );
  return where;
}

/**
 * The audit trail: writing events (batched, hash-chained), reading them under a scope,
 * verifying the chain and pruning it under a signed checkpoint.
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
  async prune(
    before: Date,
    opts: { dryRun?: boolean; actor?: AuditActor } = {},
  ): Promise<{ through: string | null; count: number; checkpointHash: string | null }> {
    if (Number.isNaN(before.getTime())) throw new Error('The retention date is not a valid date.');
    const client = await this.pool.connect();
    let result: { through: string | null; count: number; checkpointHash: string | null };
    try {
      await client.query('begin');
      // Holding the head keeps writers out while the prefix is cut and the checkpoint signed.
      const { rows: heads } = await client.query<{ seq: string }>(
        `select seq::text as seq from audit_chain_head where id = 1 for update`,
      );
      const { rows: cps } = await client.query<{ seq: string }>(
        `select coalesce(max(seq), 0)::text as seq from audit_checkpoint`,
      );
      const { rows: bound } = await client.query<{ through: string }>(
        `select (coalesce((select min(seq) from audit_event where at >= $1::timestamptz), $2::bigint + 1) - 1)::text as through`,
        [before.toISOString(), heads[0].seq],
      );
      const through = BigInt(bound[0].through);
      if (through <= BigInt(cps[0].seq)) {
        await client.query('rollback');
        return { through: null, count: 0, checkpointHash: null };
      }
      const { rows: last } = await client.query<{ hash: string; n: string }>(
        `select (select hash from audit_event where seq = $1::bigint) as hash, (select count(*) from audit_event where seq <= $1::bigint)::text as n`,
        [through.toString()],
      );
      if (!last[0].hash) throw new Error(`Event ${through} is missing: run \`npx hub audit verify\` before pruning.`);
      const cp = {
        seq: through.toString(),
        hash: last[0].hash,
        pruned_before: before.toISOString(),
        pruned_count: last[0].n,
        created_at: new Date().toISOString(),
      };
      if (opts.dryRun) {
        await client.query('rollback');
        return { through: cp.seq, count: Number(cp.pruned_count), checkpointHash: cp.hash };
      }
      const mac = this.signer.sign('checkpoint', checkpointPayload(cp));
      await client.query(
        `insert into audit_checkpoint (seq, hash, pruned_before, pruned_count, created_at, key_id, mac) values ($1::bigint, $2, $3::timestamptz, $4::bigint, $5::timestamptz, $6, $7)`,
        [cp.seq, cp.hash, cp.pruned_before, cp.pruned_count, cp.created_at, this.signer.keyId, mac],
      );
      const { rows: pruned } = await client.query<{ n: string }>(`select audit_prune_through($1::bigint)::text as n`, [
        cp.seq,
      ]);
      await client.query('commit');
      result = { through: cp.seq, count: Number(pruned[0].n), checkpointHash: cp.hash };
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
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

// The audit service of each ORM, so that code holding only an EntityManager can record.
const registry = new WeakMap<object, AuditService>();

export function registerAuditService(orm: MikroORM, audit: AuditService): void {
  registry.set(orm.config, audit);
}

function auditServiceFor(em: EntityManager): AuditService {
  const audit = registry.get(em.config);
  if (!audit)
    throw new Error('No audit service is registered for this database: open the hub runtime (openRuntime) first.');
  return audit;
}

type Target = EntityManager | HubContext | AuditService;

function resolve(target: Target): { audit: AuditService; em?: EntityManager; ctx?: HubContext } {
  if (target instanceof AuditService) return { audit: target };
  if ('services' in target && 'requestId' in target)
    return { audit: target.services.audit, em: target.em, ctx: target };
  return { audit: auditServiceFor(target as EntityManager), em: target as EntityManager };
}

export interface AdminChange {
  /** Who made the change; defaults to the request's principal when a HubContext is passed. */
  actor?: AuditActor | null;
  /** What was done, e.g. `agency.create`, `account.deactivate`, `api_key.revoke`, `agreement.approve`. */
  action: AdminAction;
  /** `Agency`, `Account`, `ApiKey`, `Agreement`... */
  entityType: string;
  entityId: string;
  /** Plain objects (not ORM entities with collections); secrets are blanked here anyway. */
  before?: unknown;
  after?: unknown;
  /** Agencies the change concerns (their liaison officers see it). Agency ids found in before/after are added. */
  agencies?: string[];
  requestId?: string;
  outcome?: Extract<AuditOutcome, 'SUCCEEDED' | 'REFUSED' | 'FAILED'>;
}

const AGENCY_KEYS =
  /^(agency|agencyId|provider|providerId|providerAgencyId|recipient|recipients|recipientIds|recipientAgencyIds)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function agencyIdsIn(value: unknown, out: Set<string>, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 4) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (AGENCY_KEYS.test(k)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (typeof item === 'string' && UUID.test(item)) out.add(item);
        else if (
          item &&
          typeof item === 'object' &&
          typeof (item as { id?: unknown }).id === 'string' &&
          UUID.test((item as { id: string }).id)
        )
          out.add((item as { id: string }).id);
      }
    } else if (v && typeof v === 'object') {
      agencyIdsIn(v, out, depth + 1);
    }
  }
}

/**
 * Records a change to an agency, account, API key or agreement, with its before and after
 * images (secrets blanked). Pass the request's HubContext, or an EntityManager: inside an
 * open transaction the event commits with the change, so a change cannot land without its
 * event; `client` does the same for a raw pg connection's open transaction. Throws when
 * the event cannot be written; let it fail the change.
 */
export async function recordAdminEvent(
  target: Target,
  change: AdminChange,
  opts: { client?: pg.ClientBase } = {},
): Promise<Appended> {
  const { audit, em, ctx } = resolve(target);
  const { before, after, secretsChanged } = redactChange(change.before ?? null, change.after ?? null);
  const concerns = new Set(change.agencies ?? []);
  if (/^agency$/i.test(change.entityType)) concerns.add(change.entityId);
  agencyIdsIn(change.before, concerns);
  agencyIdsIn(change.after, concerns);
  const actor = change.actor === undefined ? (ctx?.principal ?? null) : change.actor;
  const input: AuditEventInput = {
    kind: 'ADMIN',
    action: change.action,
    outcome: change.outcome ?? 'SUCCEEDED',
    requestId: change.requestId ?? ctx?.requestId,
    ...actorFields(actor),
    concerns: [...concerns],
    // A change to an agreement is found by the agreement filter, as its reads are: its history.
    agreements: /^agreement$/i.test(change.entityType) ? [change.entityId] : [],
    details: {
      entityType: change.entityType,
      entityId: change.entityId,
      before,
      after,
      ...(secretsChanged.length ? { secretsChanged } : {}),
    },
  };
  if (opts.client) return audit.recordOn(opts.client, input);
  return em ? audit.recordWith(em, input) : audit.record(input);
}

export interface ImportRecord {
  actor?: AuditActor | null;
  requestId?: string;
  batchId: string;
  /** Dataset key. */
  dataset: string;
  /** The dataset's agency; looked up from the dataset when omitted. */
  providerAgencyId?: string;
  outcome: Extract<AuditOutcome, 'SUCCEEDED' | 'REFUSED' | 'FAILED'>;
  counts: { read: number; accepted: number; rejected: number; duplicate: number };
  /** Where the file came from: `cli`, `http`, `graphql`. */
  source?: string;
  durationMs?: number;
  startedAt?: Date;
  /** A short, identifier-free reason when the import was refused or failed. */
  message?: string;
}

/**
 * Records one import batch: who, which dataset, the counts and the outcome. Same
 * transaction rules as recordAdminEvent; with `client`, inside that connection's open
 * transaction. Never pass rejected values or file contents.
 */
export async function recordImportEvent(
  target: Target,
  imp: ImportRecord,
  opts: { client?: pg.ClientBase } = {},
): Promise<Appended> {
  const { audit, em, ctx } = resolve(target);
  const agencyId = imp.providerAgencyId ?? (await audit.datasetAgency(imp.dataset, em));
  const actor = imp.actor === undefined ? (ctx?.principal ?? null) : imp.actor;
  const input: AuditEventInput = {
    kind: 'IMPORT',
    action: 'import',
    at: imp.startedAt,
    outcome: imp.outcome,
    requestId: imp.requestId ?? ctx?.requestId,
    ...actorFields(actor),
    datasets: [imp.dataset],
    concerns: agencyId ? [agencyId] : [],
    rows: imp.counts.accepted,
    durationMs: imp.durationMs,
    details: { batchId: imp.batchId, source: imp.source ?? null, counts: imp.counts, message: imp.message ?? null },
  };
  const appended = await (opts.client
    ? audit.recordOn(opts.client, input)
    : em
      ? audit.recordWith(em, input)
      : audit.record(input));
  metrics.importRecorded(imp.outcome, imp.counts);
  return appended;
}
