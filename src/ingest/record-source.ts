import { parse, type CsvError } from 'csv-parse';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportRefused } from './import-errors.js';

/**
 * Where rows come from: a CSV stream (CLI file, HTTP upload) or rows sent in a GraphQL
 * mutation. Either way the pipeline sees a header and then rows of strings, one at a time.
 */
export interface RecordSource {
  /** A CSV byte stream, or rows given as values. */
  kind: 'csv' | 'rows';
  /** The header first, then every row; blank lines are skipped. Throws ImportRefused when the input is malformed. */
  records(): AsyncIterable<readonly string[]>;
  /** Bytes consumed so far (0 for rows given directly). */
  bytes(): number;
  /** SHA-256 of the whole input; only meaningful once it has been read to the end. */
  checksum(): Buffer;
}

/** Larger rows are refused outright: far beyond any template field, and usually an unclosed quote swallowing the file. */
export const MAX_RECORD_BYTES = 1 << 20;
const SNIFF_BYTES = 4096;

function refuseParserError(err: CsvError & { lines?: number }): ImportRefused {
  const line = err.lines ? ` at line ${err.lines}` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportRefused('MALFORMED_CSV', `Malformed CSV: a quoted field opened${line} or before is never closed (unbalanced quote). Nothing was imported.`);
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportRefused(
        'MALFORMED_CSV',
        `Malformed CSV: a row${line} is larger than ${MAX_RECORD_BYTES / 1024} KiB, far beyond any template column; most often an unbalanced quote. Nothing was imported.`,
      );
    default:
      return new ImportRefused('MALFORMED_CSV', `Malformed CSV${line} (${err.code}). Nothing was imported.`);
  }
}

/**
 * Streams CSV from bytes: RFC 4180 quoting, an optional UTF-8 byte order mark, LF, CRLF
 * or CR line ends (mixed is fine). Invalid UTF-8 bytes become U+FFFD, which the row
 * mapper refuses row by row; a UTF-16 or binary file is refused at once.
 */
export function csvSource(input: Readable | AsyncIterable<Buffer | string>): RecordSource {
  const hash = createHash('sha256');
  let bytes = 0;
  let sniffed = false;
  return {
    kind: 'csv',
    bytes: () => bytes,
    checksum: () => hash.copy().digest(),
    async *records() {
      const tap = new Transform({
        transform(chunk: Buffer | string, _enc, done) {
          const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          if (!sniffed && buf.length) {
            sniffed = true;
            const head = buf.subarray(0, SNIFF_BYTES);
            if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.includes(0)) {
              done(new ImportRefused('NOT_UTF8', 'The file is not UTF-8 text (it looks like UTF-16 or a binary file, e.g. a spreadsheet): save it as "CSV UTF-8" and send it again.'));
              return;
            }
          }
          bytes += buf.length;
          hash.update(buf);
          done(null, buf);
        },
      });
      const parser = parse({
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        record_delimiter: ['\r\n', '\n', '\r'],
        max_record_size: MAX_RECORD_BYTES,
        skip_empty_lines: false,
      });
      const source = input instanceof Readable ? input : Readable.from(input, { objectMode: false });
      // Errors surface through the parser's iterator; the pipeline promise only must not go unhandled.
      pipeline(source, tap, parser).catch(() => undefined);
      try {
        for await (const record of parser as AsyncIterable<string[]>) yield record;
      } catch (err) {
        if (err instanceof ImportRefused) throw err;
        if (err && typeof err === 'object' && 'code' in err && String((err as CsvError).code).startsWith('CSV_')) throw refuseParserError(err as CsvError);
        throw err;
      }
    },
  };
}

/** Rows given directly (the GraphQL door): the same pipeline, with the columns as the header. */
export function rowsSource(columns: readonly string[], rows: readonly (readonly (string | null | undefined)[])[]): RecordSource {
  const hash = createHash('sha256').update(JSON.stringify([columns, rows])).digest();
  return {
    kind: 'rows',
    bytes: () => 0,
    checksum: () => hash,
    async *records() {
      yield columns;
      for (const row of rows) yield row.map((v) => v ?? '');
    },
  };
}
