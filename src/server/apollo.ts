import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { ALLOWED_PURPOSES, ErrorCode } from '../auth/errors.js';
import type { HubContext } from '../context.js';
import { declaredPurpose } from './schema.js';

const PASS_THROUGH = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Errors the caller may see pass through with their code; anything else is masked as an
 * internal error carrying the request id, and logged in full on the server.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    if (code && PASS_THROUGH.has(code)) {
      // The enum's own message does not list the choices; the hub's users need them.
      if (code === 'GRAPHQL_VALIDATION_FAILED' && /"Purpose" enum/.test(formatted.message)) {
        return { ...formatted, message: `${formatted.message} Allowed purposes: ${ALLOWED_PURPOSES.join(', ')}.`, extensions: { ...formatted.extensions, allowedPurposes: ALLOWED_PURPOSES } };
      }
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
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
            principal: ctx.principal?.label ?? null,
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
}

export function createApollo(opts: ApolloOptions): ApolloServer<HubContext> {
  return new ApolloServer<HubContext>({
    schema: opts.schema,
    introspection: opts.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatError(opts.logger),
    // The hosted Sandbox needs a CDN; the hub serves its own short page at GET /.
    plugins: [ApolloServerPluginLandingPageDisabled(), purposePlugin, requestLogPlugin, ...(opts.plugins ?? [])],
  });
}
