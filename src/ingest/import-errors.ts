import type { Logger } from 'pino';

/**
 * Why a whole submission was refused. Messages are written for a partner's data officer:
 * they say what is wrong and where (line, column name), never what a rejected value was.
 */
export type RefusalCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'EMPTY_FILE'
  | 'NO_DATA_ROWS'
  | 'UNSUPPORTED_ENCODING'
  | 'BAD_ENCODING'
  | 'UNSUPPORTED_FORMAT'
  | 'MALFORMED_XLSX'
  | 'SHEET_NOT_FOUND'
  | 'MERGED_CELLS'
  | 'WRONG_DELIMITER'
  | 'MALFORMED_CSV'
  | 'NO_HEADER'
  | 'DUPLICATE_COLUMNS'
  | 'IDENTIFIER_COLUMNS'
  | 'UNKNOWN_COLUMNS'
  | 'MISSING_COLUMNS'
  | 'BAD_PERIOD'
  | 'TOO_MANY_ROWS'
  | 'INTERRUPTED'
  | 'BUSY'
  | 'TOO_MANY_IMPORTS'
  | 'UPLOAD_TOO_SLOW'
  | 'UPLOAD_TIMEOUT'
  | 'UPLOAD_TOO_LARGE'
  | 'ABANDONED'
  | 'FAILED';

export class ImportRefused extends Error {
  /** The FAILED batch recorded for this attempt, when one was. */
  batchId?: string;
  /** Set when the refusal is temporary (the hub is busy): when to try again, in seconds. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: RefusalCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'ImportRefused';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** "Busy" for an error that says every connection was in use, with when to try again; otherwise undefined. */
export function busyRefusal(err: unknown): ImportRefused | undefined {
  if (err instanceof ImportRefused) return err.code === 'BUSY' ? err : undefined;
  if (!(err instanceof Error) || !/timeout exceeded when trying to connect/i.test(err.message)) return undefined;
  return new ImportRefused(
    'BUSY',
    'The hub is busy: every database connection for imports is in use. Nothing was imported; send the file again shortly.',
    { cause: err, retryAfterSeconds: 5 },
  );
}

/** The refusal of an import whose client disconnected (its statement was cancelled). */
export function clientGone(err: unknown): ImportRefused {
  return new ImportRefused(
    'INTERRUPTED',
    'The client disconnected before the import finished: its work was cancelled and nothing was imported. Send the file again.',
    { cause: err },
  );
}

/** An import's failure as the refusal its caller gets: a refusal as it is, anything else as FAILED (logged). */
export function asRefusal(err: unknown, log: Pick<Logger, 'warn' | 'error'>): ImportRefused {
  if (err instanceof ImportRefused) {
    if (err.code === 'INTERRUPTED') log.warn({ err: err.cause }, 'import interrupted');
    return err;
  }
  log.error({ err }, 'import failed');
  return new ImportRefused(
    'FAILED',
    'The import failed part-way (a database or internal error, logged by the hub): nothing was imported. Send the file again.',
    { cause: err },
  );
}
