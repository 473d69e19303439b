import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/*
 * The hub's metrics, in the Prometheus text format (docs/operations.md lists them).
 * Label values are the hub's own names only: operations are the schema's root fields
 * (anything else is "other"), outcomes and routes come from fixed lists. Nothing a
 * client sends (variables, operation names, paths, identifiers) ever becomes a label.
 */

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export type Outcome = 'ok' | 'denied' | 'client_error' | 'server_error';

const requests = new Counter({
  name: 'hub_graphql_requests_total',
  help: 'GraphQL operations answered, by operation (root field) and outcome.',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

const latency = new Histogram({
  name: 'hub_graphql_request_duration_seconds',
  help: 'Time to answer a GraphQL operation, by operation (root field).',
  labelNames: ['operation'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const httpRequests = new Counter({
  name: 'hub_http_requests_total',
  help: 'HTTP requests answered, by route and status class.',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});

const importRows = new Counter({
  name: 'hub_import_rows_total',
  help: 'Rows of imported files, accepted or refused (rejected by a check, or a duplicate).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const importBatches = new Counter({
  name: 'hub_import_batches_total',
  help: 'Import batches recorded, by outcome (succeeded, refused, failed).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const auditAppend = new Histogram({
  name: 'hub_audit_append_duration_seconds',
  help: 'Time to append an event to the audit trail (committed, or written inside the change it records).',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const auditFailures = new Counter({
  name: 'hub_audit_append_failures_total',
  help: 'Audit appends that failed: the request they belonged to was refused (the trail fails closed).',
  registers: [registry],
});

const cellsSuppressed = new Counter({
  name: 'hub_cells_suppressed_total',
  help: 'Cells of published count tables withheld by disclosure control, by reason (primary, secondary).',
  labelNames: ['reason'] as const,
  registers: [registry],
});

/** The pools whose use is reported, by name ("main": the ORM's; "audit": the audit writer's). */
const pools: { name: string; pool: pg.Pool }[] = [];
const poolGauge = (name: string, help: string, read: (p: pg.Pool) => number) =>
  new Gauge({
    name,
    help,
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      this.reset();
      // The latest pool of each name (tests run several hubs in one process).
      const latest = new Map(pools.map((p) => [p.name, p.pool]));
      for (const [pool, p] of latest) this.set({ pool }, read(p));
    },
  });
poolGauge('hub_db_pool_connections', 'Open database connections, by pool.', (p) => p.totalCount);
poolGauge(
  'hub_db_pool_in_use',
  'Database connections checked out (in use), by pool.',
  (p) => p.totalCount - p.idleCount,
);
poolGauge('hub_db_pool_waiting', 'Requests waiting for a database connection, by pool.', (p) => p.waitingCount);
poolGauge(
  'hub_db_pool_max',
  'The most connections a pool opens, by pool.',
  (p) => (p as unknown as { options: { max: number } }).options.max,
);

/** Overdue s17A submissions: worked out from the database at most once a minute, when scraped. */
let overdueSource: (() => Promise<number>) | undefined;
let overdueCache: { at: number; value: number } | undefined;
new Gauge({
  name: 'hub_submissions_overdue',
  help: 'Periods of partner data overdue under s17A (due by the end of the next period), over all datasets.',
  registers: [registry],
  async collect() {
    if (!overdueSource) return;
    if (!overdueCache || Date.now() - overdueCache.at > 60_000) {
      const value = await overdueSource().catch(() => undefined);
      if (value === undefined) return;
      overdueCache = { at: Date.now(), value };
    }
    this.set(overdueCache.value);
  },
});

const analyticsReads = new Counter({
  name: 'hub_db_analytics_reads_total',
  help: 'Analytics reads (analyses, reports, map layers), by where they ran: replica or primary.',
  labelNames: ['target'] as const,
  registers: [registry],
});

const replicaFallbacks = new Counter({
  name: 'hub_db_replica_fallbacks_total',
  help: 'Times analytics moved from the read replica to the primary, by reason (lagging, unreachable, not_a_replica, query_failed).',
  labelNames: ['reason'] as const,
  registers: [registry],
});

/** The read replica's last check (src/db/read-router.ts); unset: no replica configured. */
let replicaSource: (() => { usable: boolean; lagSeconds: number | null }) | undefined;
new Gauge({
  name: 'hub_db_replica_lag_seconds',
  help: 'How far the read replica is behind the primary at its last check (absent when unknown or not configured).',
  registers: [registry],
  collect() {
    this.reset();
    const lag = replicaSource?.().lagSeconds;
    if (lag !== undefined && lag !== null) this.set(lag);
  },
});
new Gauge({
  name: 'hub_db_replica_in_use',
  help: 'Whether analytics read from the read replica now (1) or from the primary (0: lagging, unreachable, or just after an import); absent when not configured.',
  registers: [registry],
  collect() {
    this.reset();
    if (replicaSource) this.set(replicaSource().usable ? 1 : 0);
  },
});

const ROUTES = new Set(['graphql', 'import', 'healthz', 'readyz', 'metrics', 'saved-queries', 'console']);

export const metrics = {
  observePool(name: string, pool: pg.Pool): () => void {
    const entry = { name, pool };
    pools.push(entry);
    return () => {
      const i = pools.indexOf(entry);
      if (i >= 0) pools.splice(i, 1);
    };
  },
  observeOverdue(count: () => Promise<number>): () => void {
    overdueSource = count;
    overdueCache = undefined;
    return () => {
      if (overdueSource === count) overdueSource = undefined;
    };
  },
  observeReplica(status: () => { usable: boolean; lagSeconds: number | null }): () => void {
    replicaSource = status;
    return () => {
      if (replicaSource === status) replicaSource = undefined;
    };
  },
  analyticsRead(target: 'replica' | 'primary') {
    analyticsReads.inc({ target });
  },
  replicaFallback(reason: string) {
    replicaFallbacks.inc({ reason });
  },
  httpRequest(route: string, status: number) {
    httpRequests.inc({ route: ROUTES.has(route) ? route : 'other', status: `${Math.floor(status / 100)}xx` });
  },
  importRecorded(outcome: string, counts: { accepted: number; rejected: number; duplicate: number }) {
    importBatches.inc({ outcome: outcome.toLowerCase() });
    if (counts.accepted) importRows.inc({ outcome: 'accepted' }, counts.accepted);
    if (counts.rejected + counts.duplicate) importRows.inc({ outcome: 'refused' }, counts.rejected + counts.duplicate);
  },
  /** Times an audit append; failures are counted and rethrown. */
  async auditAppend<T>(append: () => Promise<T>): Promise<T> {
    const end = auditAppend.startTimer();
    try {
      const result = await append();
      end();
      return result;
    } catch (err) {
      auditFailures.inc();
      throw err;
    }
  },
  cellsSuppressed(primary: number, secondary: number) {
    if (primary) cellsSuppressed.inc({ reason: 'primary' }, primary);
    if (secondary) cellsSuppressed.inc({ reason: 'secondary' }, secondary);
  },
};

/** The route label of a request path: a fixed name, never the path itself. */
export function routeOf(pathname: string): string {
  if (pathname === '/graphql') return 'graphql';
  if (pathname.startsWith('/import')) return 'import';
  if (pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname.slice(1);
  if (pathname.startsWith('/saved-queries/')) return 'saved-queries';
  return 'console';
}

const DENIED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'PURPOSE_REQUIRED', 'RATE_LIMITED']);
const SERVER = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'QUERY_TIMEOUT']);

export function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): Outcome {
  if (!errors?.length) return 'ok';
  const codes = errors.map((e) => String(e.extensions?.code ?? ''));
  if (codes.some((c) => SERVER.has(c))) return 'server_error';
  if (codes.some((c) => DENIED.has(c))) return 'denied';
  return 'client_error';
}

/** The operation label: the first root field, if the schema has it; otherwise "other". */
export function operationLabel(schema: GraphQLSchema, operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'other';
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const first = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!root || !first || first.kind !== Kind.FIELD) return 'other';
  const name = first.name.value;
  if (name === '__typename' || name === '__schema' || name === '__type') return name;
  return root.getFields()[name] ? name : 'other';
}

/** Counts and times every GraphQL operation by root field and outcome. */
export function metricsPlugin<T extends object>(schema: GraphQLSchema): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const end = latency.startTimer();
      let operation = 'other';
      return {
        async didResolveOperation({ operation: op }) {
          operation = operationLabel(schema, op);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          requests.inc({ operation, outcome: outcomeOf(errors) });
          end({ operation });
        },
      };
    },
  };
}

export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function serveMetrics(res: ServerResponse): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** `/metrics` on a listener of its own (HUB_METRICS_PORT, on 127.0.0.1 unless HUB_METRICS_HOST says otherwise). */
export async function startMetricsServer(
  port: number,
  host: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found. Metrics are at GET /metrics.\n');
      return;
    }
    serveMetrics(res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
