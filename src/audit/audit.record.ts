import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { HubContext } from '../context.js';
import { metrics } from '../metrics.js';
import { actorFields, type AuditActor } from './audit-actor.js';
import type { AdminAction, AuditEventInput, AuditOutcome } from './audit-event.js';
import { AuditService } from './audit.service.js';
import type { Appended } from './audit.writer.js';
import { redactChange } from './redact.js';

/*
 * Recording administrative changes and import batches from code outside GraphQL: from a
 * request's context, an EntityManager (inside its open transaction) or the service itself.
 */

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
