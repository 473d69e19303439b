import { GraphQLError } from 'graphql';
import { Purpose } from '../domain/vocabulary.js';

/** Stable error codes the API returns in `extensions.code`. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** Over a query limit (cost); depth and alias limits come back as GRAPHQL_VALIDATION_FAILED with `extensions.limit`. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The database cancelled the statement at HUB_STATEMENT_TIMEOUT_MS. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
} as const;

export const ALLOWED_PURPOSES = Object.values(Purpose);

export function unauthenticated(
  message = 'Authentication required: send `Authorization: Bearer <token>` (see the `login` mutation) or `X-Api-Key`.',
) {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

export function forbidden(message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extra } });
}

export function purposeRequired() {
  return new GraphQLError(
    `This operation reads shared data and must declare its purpose on the operation, e.g. \`query Q @purpose(name: STRATEGIC_ASSESSMENT) { ... }\`. Allowed purposes: ${ALLOWED_PURPOSES.join(', ')}.`,
    { extensions: { code: ErrorCode.PURPOSE_REQUIRED, allowedPurposes: ALLOWED_PURPOSES } },
  );
}

export function badInput(message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } });
}

export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extra } });
}

/** "Not shared with you" and "does not exist" deliberately read the same. */
export function notFound(what: string) {
  return new GraphQLError(`${what} was not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}

/** Too many requests: HTTP 429 with Retry-After, and the wait in `extensions.retryAfterSeconds`. */
export function rateLimited(message: string, retryAfterSeconds: number) {
  const wait = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(`${message} Try again in ${wait} s.`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds: wait,
      http: { status: 429, headers: new Map([['retry-after', String(wait)]]) },
    },
  });
}
