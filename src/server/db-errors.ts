import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../auth/errors.js';

export type DatabaseFault = 'timeout' | 'unavailable' | 'busy' | 'bad-value';

// Socket-level failures: the database is down, restarting or unreachable.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
// SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// Data exceptions only a caller's value causes: 22021 a NUL or invalid byte in text, 22P05
// untranslatable character, 22008 date/time out of range. Others (22P02 invalid text
// representation, 22003...) are as likely to be the hub's own bug: they stay internal errors.
const BAD_VALUE_STATES = new Set(['22021', '22P05', '22008']);
// Messages of the pg driver and pool that carry no code, and one whose code (55000) is too broad to take whole.
// "is not currently accepting connections" (55000): a database closed to new connections for maintenance.
const UNAVAILABLE_MESSAGES =
  /is not currently accepting connections|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end/i;
// pg-pool's wait for a connection ran out with every one of them in use (a failed
// connection attempt says "Connection terminated due to connection timeout" instead).
const BUSY_MESSAGE = /timeout exceeded when trying to connect/i;

function* causes(err: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    yield e as Record<string, unknown>;
    const o = e as { originalError?: unknown; cause?: unknown };
    e = o.originalError ?? o.cause;
  }
  // AggregateError (e.g. both ::1 and 127.0.0.1 refused) carries its causes in `errors`.
  if (err && typeof err === 'object' && Array.isArray((err as { errors?: unknown }).errors)) {
    for (const inner of (err as { errors: unknown[] }).errors) yield* causes(inner);
  }
}

/** Says whether an error is the database's fault rather than the request's: a cancelled statement, or no database. */
export function classifyDatabaseError(err: unknown): DatabaseFault | undefined {
  for (const e of causes(err)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    const state = typeof e.sqlState === 'string' ? e.sqlState : code;
    const message = typeof e.message === 'string' ? e.message : '';
    if (state === '57014' && /statement timeout/i.test(message)) return 'timeout';
    if (code && NETWORK_CODES.has(code)) return 'unavailable';
    // 08P01 (protocol violation) is a request the driver could not frame, not a lost database.
    if (state && (UNAVAILABLE_STATES.has(state) || (state.startsWith('08') && state !== '08P01'))) return 'unavailable';
    if (state && BAD_VALUE_STATES.has(state)) return 'bad-value';
    if (UNAVAILABLE_MESSAGES.test(message)) return 'unavailable';
    if (BUSY_MESSAGE.test(message)) return 'busy';
    if (Array.isArray(e.errors)) {
      const inner = e.errors.map(classifyDatabaseError);
      if (inner.length && inner.every((f) => f === 'unavailable')) return 'unavailable';
    }
  }
  return undefined;
}

export function serviceUnavailable(): GraphQLError {
  return new GraphQLError('The database is unavailable; the hub is retrying. Try again shortly.', {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      http: { status: 503, headers: new Map([['retry-after', '5']]) },
    },
  });
}

export function queryTimeout(timeoutMs: number): GraphQLError {
  return new GraphQLError(
    `The database cancelled the query after ${timeoutMs} ms (the hub's statement timeout). Narrow the filter, ask for fewer rows, or use an aggregate.`,
    { extensions: { code: ErrorCode.QUERY_TIMEOUT, timeoutMs } },
  );
}

/** Every connection of the pool is in use: a 503 with the reason "busy", not "unavailable". */
export function serviceBusy(): GraphQLError {
  return new GraphQLError('The hub is busy: every database connection is in use. Try again shortly.', {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      reason: 'busy',
      http: { status: 503, headers: new Map([['retry-after', '2']]) },
    },
  });
}

/** The caller-safe error for a database fault, or undefined when the error is something else. */
export function publicDatabaseError(err: unknown, timeoutMs: number): GraphQLError | undefined {
  const fault = classifyDatabaseError(err);
  if (fault === 'timeout') return queryTimeout(timeoutMs);
  if (fault === 'unavailable') return serviceUnavailable();
  if (fault === 'busy') return serviceBusy();
  if (fault === 'bad-value') {
    // PostgreSQL's own message would quote the value and name columns: say what to fix instead.
    return new GraphQLError(
      'A value in the request cannot be used: text must not contain NUL (\\u0000) characters, and dates and numbers must be within range.',
      { extensions: { code: ErrorCode.BAD_USER_INPUT } },
    );
  }
  return undefined;
}

/**
 * Answers HTTP 503 (with Retry-After) when an operation failed because the database is
 * unavailable, so that load balancers and clients see it for what it is. The error
 * formatter gives each such error its SERVICE_UNAVAILABLE or QUERY_TIMEOUT code.
 */
export function databaseFaultPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          const faults = errors.map((e) => classifyDatabaseError(e));
          if (faults.some((f) => f === 'unavailable' || f === 'busy')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', faults.includes('unavailable') ? '5' : '2');
          }
        },
      };
    },
  };
}
