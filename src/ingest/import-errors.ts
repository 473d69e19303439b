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
