import { signInStepsPlugin } from '../accounts/sign-in-steps.js';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { auditPlugin } from '../audit/audit.plugin.js';
import type { AuditService } from '../audit/audit.service.js';
import { ALLOWED_PURPOSES, ErrorCode } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import { databaseFaultPlugin, publicDatabaseError } from './db-errors.js';
import { queryLimitOptions, tokenLimitMessage, type QueryLimits } from './limits/query-limits.js';
import { declaredPurpose } from './schema.js';

const PASS_THROUGH = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
]);

/**
 * Errors the caller may see pass through with their code; anything else is masked as an
 * internal error carrying the request id, and logged in full on the server.
 */
export function formatError(logger: Logger, opts: { statementTimeoutMs?: number; maxTokens?: number } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    const tooLarge =
      code === 'GRAPHQL_PARSE_FAILED' && opts.maxTokens
        ? tokenLimitMessage(formatted.message, opts.maxTokens)
        : undefined;
    if (tooLarge) return { message: tooLarge, extensions: { code, limit: 'TOKENS', max: opts.maxTokens } };
    if (code && PASS_THROUGH.has(code)) {
      // The enum's own message does not list the choices; the hub's users need them.
      if (code === 'GRAPHQL_VALIDATION_FAILED' && /"Purpose" enum/.test(formatted.message)) {
        return {
          ...formatted,
          message: `${formatted.message} Allowed purposes: ${ALLOWED_PURPOSES.join(', ')}.`,
          extensions: { ...formatted.extensions, allowedPurposes: ALLOWED_PURPOSES },
        };
      }
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    // A cancelled statement or a missing database is not a bug: say what happened, without the SQL.
    const dbFault = publicDatabaseError(original, opts.statementTimeoutMs ?? 0);
    if (dbFault) {
      logger.warn(
        { err: original, path: formatted.path, code: dbFault.extensions.code },
        'database fault while answering a request',
      );
      const { http: _http, ...extensions } = dbFault.extensions;
      return { message: dbFault.message, path: formatted.path, locations: formatted.locations, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while answering a request');
    return {
      message: 'Internal server error.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** Reads the operation's @purpose directive into the context once the operation is known. */
export const purposePlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, contextValue }) {
        if (operation) contextValue.purpose = declaredPurpose(operation, request.variables ?? undefined);
      },
    };
  },
};

/** One log line per operation: who, what, how long, outcome. Never variables or data. */
export const requestLogPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart({ contextValue }) {
    const started = performance.now();
    return {
      async willSendResponse({ operationName, errors, contextValue: ctx }) {
        ctx.log.info(
          {
            operation: operationName ?? null,
            agency: ctx.principal?.agencyCode ?? null,
            purpose: ctx.purpose ?? null,
            rows: ctx.facts.rows,
            errors: errors?.length ?? 0,
            ms: Math.round(performance.now() - started),
          },
          'graphql operation',
        );
        void contextValue;
      },
    };
  },
};

export interface ApolloOptions {
  schema: GraphQLSchema;
  logger: Logger;
  introspection: boolean;
  plugins?: ApolloServerPlugin<HubContext>[];
  /** Query limits (docs/security.md); without them only Apollo's defaults apply. */
  limits?: QueryLimits;
  /** Named in the QUERY_TIMEOUT error. */
  statementTimeoutMs?: number;
  /**
   * The audit trail (src/audit/audit.plugin.ts): one event per operation, written before
   * the response leaves. `false` turns it off, for bench/audit only: no configuration does.
   */
  audit?: AuditService | false;
}

export function createApollo(opts: ApolloOptions): ApolloServer<HubContext> {
  const limits = opts.limits ? queryLimitOptions<HubContext>(opts.limits) : undefined;
  return new ApolloServer<HubContext>({
    schema: opts.schema,
    introspection: opts.introspection,
    // With introspection off (production), "Did you mean ...?" would still spell out the schema field by field.
    hideSchemaDetailsFromClientErrors: !opts.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatError(opts.logger, {
      statementTimeoutMs: opts.statementTimeoutMs,
      maxTokens: opts.limits?.maxTokens,
    }),
    parseOptions: limits?.parseOptions,
    maxRecursiveSelections: limits?.maxRecursiveSelections,
    validationRules: limits?.validationRules,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT: it stops HTTP first, so in-flight requests finish before Apollo stops.
    stopOnTerminationSignals: false,
    // The hosted Sandbox needs a CDN; the hub serves its own console at GET /.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Answers hold partner data and are never cacheable; Apollo's default cache-control
      // plugin would also instrument every field resolver (bench/RESULTS.md).
      ApolloServerPluginCacheControlDisabled(),
      purposePlugin,
      signInStepsPlugin,
      requestLogPlugin,
      databaseFaultPlugin<HubContext>(),
      ...(limits?.plugins ?? []),
      ...(opts.audit === false ? [] : [auditPlugin({ audit: opts.audit, logger: opts.logger })]),
      ...(opts.plugins ?? []),
    ],
  });
}
