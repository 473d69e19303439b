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
} as const;

export const ALLOWED_PURPOSES = Object.values(Purpose);

export function unauthenticated(message = 'Authentication required: send `Authorization: Bearer <token>` (see the `login` mutation) or `X-Api-Key`.') {
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

/** "Not shared with you" and "does not exist" deliberately read the same. */
export function notFound(what: string) {
  return new GraphQLError(`${what} was not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}
