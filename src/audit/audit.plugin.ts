import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import type { AuditOutcome } from './audit-event.js';
import type { AuditService } from './audit.service.js';
import { analyseOperation, fieldsOfResponse, namedDatasets, variablesHash } from './operation.js';

/** Expected refusals: the caller did something the hub declines. Anything else is a failure. */
const REFUSAL_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.PURPOSE_REQUIRED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.RATE_LIMITED,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function outcomeOf(errorCodes: readonly string[], hasData: boolean): AuditOutcome {
  if (errorCodes.length === 0) return 'ANSWERED';
  if (errorCodes.some((c) => !REFUSAL_CODES.has(c))) return 'FAILED';
  return hasData ? 'PARTLY_DENIED' : 'REFUSED';
}

export const AUDIT_UNAVAILABLE_MESSAGE =
  'The answer was withheld because its audit event could not be written. Try again shortly; if it persists, give the hub operators this request id.';

/** Replaces whatever was about to be sent with an error and no data. */
function withhold(rc: GraphQLRequestContextWillSendResponse<HubContext>): void {
  // When the database itself is down the request already says so more precisely: keep
  // those errors (never any data) rather than blaming the audit trail.
  const before = rc.response.body.kind === 'single' ? (rc.response.body.singleResult.errors ?? []) : [];
  const databaseDown = before.filter((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
  rc.response.body = {
    kind: 'single',
    singleResult: {
      errors: databaseDown.length
        ? databaseDown
        : [
            {
              message: AUDIT_UNAVAILABLE_MESSAGE,
              extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, requestId: rc.contextValue.requestId },
            },
          ],
    },
  };
  rc.response.http.status = 503;
  rc.response.http.headers.set('retry-after', '5');
}

/** The keys among `keys` that are datasets of the hub (one query). */
async function existingDatasets(audit: AuditService, keys: string[]): Promise<string[]> {
  return keys.length ? audit.existingDatasetKeys(keys) : [];
}

async function concernsOf(ctx: HubContext, audit: AuditService, attempted: string[] = []): Promise<string[]> {
  if (ctx.facts.datasets.size === 0 && attempted.length === 0) return [];
  const byKey = new Map<string, string>();
  for (const d of ctx.plan?.datasets.values() ?? []) byKey.set(d.datasetKey, d.providerAgencyId);
  const out = new Set<string>();
  for (const key of [...ctx.facts.datasets, ...attempted]) {
    const agency = byKey.get(key) ?? (await audit.datasetAgency(key));
    if (agency) out.add(agency);
  }
  return [...out];
}

/** Records a request whose credentials were refused before a context existed. */
async function recordRefusedAtAuthentication(error: unknown, audit: AuditService, logger?: Logger): Promise<void> {
  const code =
    error instanceof GraphQLError
      ? String(error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR)
      : ErrorCode.INTERNAL_SERVER_ERROR;
  // Throttled requests are counted in the logs: recording each would let a flood
  // write to the trail as fast as it is refused.
  if (code === ErrorCode.RATE_LIMITED) return;
  // No data leaves on this path, so a failed write is logged rather than fatal.
  await audit
    .record({ kind: 'GRAPHQL', action: 'graphql.unknown', outcome: outcomeOf([code], false), errorCodes: [code] })
    .catch((err: unknown) => logger?.error({ err }, 'could not audit a request refused at authentication'));
}

/** Writes the operation's event from what is about to be sent; throws when it cannot be written. */
async function recordOperation(
  rc: GraphQLRequestContextWillSendResponse<HubContext>,
  startedAt: Date,
  t0: number,
): Promise<void> {
  const ctx = rc.contextValue;
  const audit = ctx.services.audit;
  if (!audit) throw new Error('no audit service configured');
  const body = rc.response.body;
  // Incremental delivery is not offered; anything but a single result is not sent.
  if (!body || body.kind !== 'single') throw new Error('only single results are audited');
  const result = body.singleResult;
  const errors = result.errors ?? [];
  const errorCodes = errors.map((e) => String(e.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR));
  const data = result.data as Record<string, unknown> | null | undefined;
  const hasData = !!data && Object.values(data).some((v) => v !== null && v !== undefined);
  // Documents that never parsed or validated are recorded without hashes: they
  // could only be matched by hashing their raw text, secrets and all.
  const analysis =
    rc.document && rc.operation
      ? analyseOperation(rc.schema, rc.document, rc.operationName ?? rc.request.operationName, rc.queryHash)
      : undefined;
  const fields = analysis ? fieldsOfResponse(analysis, data, errors) : { returned: [], denied: [] };
  const f = ctx.facts;
  const outcome = outcomeOf(errorCodes, hasData);
  // A refused (or partly refused) attempt is recorded against the existing datasets
  // it named, so that their providers' liaison officers see it too.
  const attempted =
    outcome === 'ANSWERED' || !rc.operation
      ? []
      : await existingDatasets(
          audit,
          namedDatasets(rc.schema, rc.operation, rc.request.variables).filter((k) => !f.datasets.has(k)),
        );
  await audit.record({
    kind: 'GRAPHQL',
    action: `graphql.${rc.operation?.operation ?? 'unknown'}`,
    at: startedAt,
    requestId: ctx.requestId,
    principalKind: ctx.principal?.kind,
    principalId: ctx.principal?.id,
    principalLabel: ctx.principal?.label,
    agencyId: ctx.principal?.agencyId,
    agencyCode: ctx.principal?.agencyCode,
    roles: ctx.principal ? [...ctx.principal.roles, ...ctx.principal.scopes.map((s) => `SCOPE_${s}`)] : [],
    purpose: ctx.purpose,
    operationName: rc.operationName ?? rc.request.operationName,
    documentHash: analysis?.documentHash,
    variablesHash: analysis ? variablesHash(rc.request.variables, analysis.secretVariables) : null,
    agreements: [...f.agreements],
    datasets: [...f.datasets, ...attempted],
    concerns: await concernsOf(ctx, audit, attempted),
    fieldsReturned: fields.returned,
    fieldsDenied: [...fields.denied, ...f.deniedFields],
    rows: f.rows,
    cells: f.cells,
    cellsSuppressed: f.cellsSuppressed,
    outcome,
    errorCodes,
    durationMs: performance.now() - t0,
  });
}

/**
 * Writes one audit event per GraphQL operation, answered, partly denied, refused or
 * failed, and fails closed: the event is committed in `willSendResponse`, which Apollo
 * awaits before it serialises the response, and if it cannot be written the response is
 * replaced by an error with no data.
 *
 * `audit` is needed only to record requests whose credentials were refused before a
 * context existed; every other request uses `ctx.services.audit`.
 */
export function auditPlugin(opts: { audit?: AuditService; logger?: Logger } = {}): ApolloServerPlugin<HubContext> {
  return {
    async contextCreationDidFail({ error }) {
      if (!opts.audit) return;
      await recordRefusedAtAuthentication(error, opts.audit, opts.logger);
    },

    async requestDidStart() {
      const startedAt = new Date();
      const t0 = performance.now();
      return {
        async willSendResponse(rc) {
          try {
            await recordOperation(rc, startedAt, t0);
          } catch (err) {
            rc.contextValue.log.error({ err }, 'audit event not written: withholding the response');
            withhold(rc);
          }
        },
      };
    },
  };
}
