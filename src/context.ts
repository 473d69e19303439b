import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { AuditService } from './audit/audit.service.js';
import type { AccessPlan } from './auth/access-plan.js';
import type { AuthService } from './auth/auth.service.js';
import type { PolicyService } from './auth/policy.service.js';
import type { Principal } from './auth/principal.js';
import type { TokenService } from './auth/tokens.js';
import type { HubConfig } from './config.js';
import type { ReadRouter } from './db/read-router.js';
import type { Purpose } from './domain/vocabulary.js';
import type { BatchesService } from './ingest/batches.service.js';
import type { ImportService } from './ingest/import.service.js';
import type { SubmissionsService } from './ingest/submissions.service.js';
import type { SavedQueriesService } from './saved-queries/saved-queries.service.js';
import type { HubLimiters } from './server/shared-limits.js';
import type { RecordsService } from './records/records.service.js';

/** Long-lived collaborators, built once at start-up. */
export interface Services {
  config: HubConfig;
  orm: MikroORM;
  /** The primary: writes, the audit trail, the policy, sessions, imports, administration. */
  pool: pg.Pool;
  /**
   * Where analytics (analyses, reports, map layers) read: the read replica while its lag is
   * within bounds, otherwise `pool`. Only read-only work goes through it (`reads.run`).
   */
  reads: ReadRouter;
  logger: Logger;
  tokens: TokenService;
  auth: AuthService;
  /** Rate limits and the login throttle, shared by every hub process on the database (src/server/shared-limits.ts). */
  limits: HubLimiters;
  policy: PolicyService;
  records: RecordsService;
  /** The HMAC key for source and subject references. */
  pseudonymKey: string;
  /** The audit trail (src/audit/): every GraphQL operation, import and admin change is recorded here. */
  audit: AuditService;
  /** The ingest pipeline behind `npx hub import`, the HTTP upload and the `importRows` mutation. */
  imports: ImportService;
  /** Import batches and their rejections, read under a scope. */
  batches: BatchesService;
  /** s17A submission tracking: periods received, due, overdue. */
  submissions: SubmissionsService;
  /** The console's saved queries (src/saved-queries/). */
  savedQueries: SavedQueriesService;
}

/** What a request has done with data: the raw material of its audit event. */
export interface RequestFacts {
  datasets: Set<string>;
  agreements: Set<string>;
  rows: number;
  cells: number;
  cellsSuppressed: number;
  deniedFields: Set<string>;
}

/** Per-request context: a forked EntityManager, the caller, the declared purpose. */
export interface HubContext {
  requestId: string;
  /** The client's address (behind HUB_TRUST_PROXY_HOPS proxies, from X-Forwarded-For): for throttling, never logged with data. */
  clientIp?: string;
  /** Set by a successful `login`: the account and agency its answer may show to a caller who has no token yet. */
  session?: { accountId: string; agencyId: string };
  /** The console session token the request came with (cookie), for sign-out. */
  consoleSession?: string;
  /**
   * What the answer's HTTP headers must carry: `Set-Cookie` values for console sign-in and
   * sign-out. An object, not a field, because Apollo gives each operation a shallow copy
   * of the context.
   */
  http?: { cookies?: string[] };
  em: EntityManager;
  principal: Principal | null;
  /** Set from the operation's @purpose directive once the operation is resolved. */
  purpose?: Purpose;
  services: Services;
  log: Logger;
  facts: RequestFacts;
  /** The access plan, compiled once per request; undefined until `loadPlan` ran. */
  plan?: AccessPlan;
}

export function newFacts(): RequestFacts {
  return { datasets: new Set(), agreements: new Set(), rows: 0, cells: 0, cellsSuppressed: 0, deniedFields: new Set() };
}

/** Compiles (or returns) the request's access plan. */
export async function loadPlan(ctx: HubContext): Promise<AccessPlan> {
  if (ctx.plan) return ctx.plan;
  if (!ctx.principal) throw new Error('loadPlan called without a principal');
  ctx.plan = await ctx.services.policy.plan(ctx.em, ctx.principal, ctx.purpose);
  return ctx.plan;
}
